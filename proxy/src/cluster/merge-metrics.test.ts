import { describe, expect, it } from 'vitest';
import { Metrics } from '../observability/metrics.ts';
import { mergeMetrics } from './merge-metrics.ts';

describe('mergeMetrics', () => {
  it('sums the same series across workers and keeps each HELP/TYPE once', () => {
    const a = new Metrics();
    const b = new Metrics();
    a.entryPoint('web').observe(200, 0.01);
    a.entryPoint('web').observe(200, 0.5);
    b.entryPoint('web').observe(200, 0.02);
    b.entryPoint('web').observe(404, 0.02);
    a.connectionOpened('web');
    b.connectionOpened('web');
    a.reloads = 3;
    b.reloads = 3;
    const merged = mergeMetrics([a.render(), b.render()]);
    expect(merged).toContain('routeyard_entrypoint_requests_total{entrypoint="web",code="200"} 3');
    expect(merged).toContain('routeyard_entrypoint_requests_total{entrypoint="web",code="404"} 1');
    expect(merged).toContain(
      'routeyard_entrypoint_request_duration_seconds_bucket{entrypoint="web",code="200",le="0.1"} 2',
    );
    expect(merged).toContain(
      'routeyard_entrypoint_request_duration_seconds_count{entrypoint="web",code="200"} 3',
    );
    expect(merged).toContain('routeyard_open_connections{entrypoint="web"} 2');
    expect(merged.match(/# TYPE routeyard_entrypoint_requests_total counter/g)).toHaveLength(1);
    // The workers' reload counters are left to the primary, which counts each configuration once.
    expect(merged).not.toContain('routeyard_config_reloads_total');
  });
});
