import { afterAll, describe, expect, it } from 'vitest';
import { HealthRegistry } from '../health/registry.ts';
import { Metrics } from '../observability/metrics.ts';
import { config } from '../testing/backends.ts';
import { UpstreamPools } from '../upstream/pools.ts';
import { ServiceBuilder } from './build.ts';

const pools = new UpstreamPools();

afterAll(() => pools.closeAll());

function builder(metrics?: Metrics): ServiceBuilder {
  const cfg = config({
    services: {
      'a@file': { loadBalancer: { servers: [{ url: 'http://127.0.0.1:9' }] } },
      'b@file': { loadBalancer: { servers: [{ url: 'http://127.0.0.1:9' }] } },
      'split@file': {
        weighted: {
          services: [
            { name: 'a', weight: 1 },
            { name: 'b', weight: 1 },
          ],
        },
      },
    },
  });
  return new ServiceBuilder(cfg, pools, new HealthRegistry(() => Promise.resolve(true)), metrics);
}

function serviceSeriesNames(m: Metrics): string[] {
  return [...m.series.values()]
    .filter((s) => s.kind === 'service')
    .map((s) => s.base[0]?.[1] ?? '')
    .sort();
}

describe('ServiceBuilder and service metrics', () => {
  it('given the registry, gives each loadBalancer its series at build time and none to the weighted parent', () => {
    const m = new Metrics();
    const split = builder(m).get('split', 'file');
    expect(typeof split).not.toBe('string');
    expect(serviceSeriesNames(m)).toEqual(['a@file', 'b@file']);
  });

  it('without the registry, creates no series while building', () => {
    const m = new Metrics();
    builder().get('split', 'file');
    expect(serviceSeriesNames(m)).toEqual([]);
  });

  it('keeps the names and health of the services it wraps', () => {
    const b = builder();
    const split = b.get('split', 'file');
    if (typeof split === 'string') throw new Error(split);
    expect(split.name).toBe('split@file');
    expect(split.isUp()).toBe(true);
    expect(b.get('a', 'file')).toMatchObject({ name: 'a@file' });
  });
});
