import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteyardProxy } from '../proxy.ts';
import { config, entryUrl, send, startBackend, testProxy } from '../testing/backends.ts';
import { parseBreakerExpression } from './circuit-breaker.ts';

describe('circuitBreaker expressions', () => {
  it.each([
    { desc: 'network error ratio', text: 'NetworkErrorRatio() > 0.5' },
    { desc: 'response code ratio', text: 'ResponseCodeRatio(500, 600, 0, 600) > 0.25' },
    { desc: 'latency quantile', text: 'LatencyAtQuantileMS(50.0) > 100' },
    {
      desc: 'and/or with parentheses',
      text: '(NetworkErrorRatio() > 0.5 || LatencyAtQuantileMS(99) > 10) && ResponseCodeRatio(500, 600, 0, 600) >= 0.1',
    },
  ])('parses $desc', ({ text }) => {
    expect(typeof parseBreakerExpression(text)).toBe('function');
  });

  it.each([
    { desc: 'unknown metric', text: 'Foo() > 1' },
    { desc: 'missing number', text: 'NetworkErrorRatio() >' },
    { desc: 'trailing garbage', text: 'NetworkErrorRatio() > 1 1' },
  ])('rejects $desc', ({ text }) => {
    expect(typeof parseBreakerExpression(text)).toBe('string');
  });
});

describe('circuitBreaker on real sockets', () => {
  let proxy: RouteyardProxy;
  let base: string;

  beforeAll(async () => {
    const gone = await startBackend('gone');
    const url = gone.url;
    await gone.close();
    proxy = await testProxy();
    await proxy.apply(
      config({
        routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 's@file', middlewares: ['cb'] } },
        middlewares: {
          'cb@file': {
            circuitBreaker: {
              expression: 'NetworkErrorRatio() > 0.5',
              checkPeriod: '1ms',
              fallbackDuration: '1m',
            },
          },
        },
        services: { 's@file': { loadBalancer: { servers: [{ url }] } } },
      }),
    );
    base = entryUrl(proxy);
  });

  afterAll(async () => {
    await proxy.stop();
  });

  it('opens after network errors and answers 503 without calling the service', async () => {
    expect((await send(base, '/')).status).toBe(502);
    await new Promise((r) => setTimeout(r, 5));
    const tripped = await send(base, '/');
    expect(tripped.status).toBe(503);
    expect(tripped.text).toBe('Service Unavailable');
  });
});
