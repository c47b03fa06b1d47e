import { describe, expect, it } from 'vitest';
import type { Exchange, ResponseSink } from '../exchange.ts';
import { config, entryUrl, send, startBackend, testProxy } from '../testing/backends.ts';
import { LeastTime } from './least-time.ts';

const picks = (lt: LeastTime, n: number, isUp?: (i: number) => boolean) =>
  Array.from({ length: n }, () => 'abc'[lt.pick(isUp)] ?? '-').join('');

describe('leasttime strategy (traefik loadbalancer/leasttime)', () => {
  it('without history every score is 0: weighted round robin in earliest-deadline order', () => {
    // Deadlines start at 1, 2, 3; a pick moves the winner's own deadline by 1/weight, the first wins ties.
    expect(picks(new LeastTime([1, 1, 1]), 9)).toBe('aababcabc');
    expect(picks(new LeastTime([2, 1]), 7)).toBe('aaabaab');
  });

  it('scores avg × (1 + in flight) / weight; the lowest wins', () => {
    const lt = new LeastTime([1, 1]);
    lt.record(0, 10);
    lt.record(1, 30);
    expect(lt.pick(undefined)).toBe(0);
    // Server a with 3 in flight scores 10 × 4 = 40 > 30.
    const sink: ResponseSink = {
      head: () => undefined,
      data: () => true,
      end: () => undefined,
      fail: () => undefined,
      onDrain: () => undefined,
    };
    const ex = () => ({ sink, onDone: undefined }) as unknown as Exchange;
    for (let i = 0; i < 3; i++) lt.track(ex(), 0);
    expect(lt.pending(0)).toBe(3);
    expect(lt.pick(undefined)).toBe(1);
    // Weight divides: b at weight 3 would score 10 against a's 40.
    const weighted = new LeastTime([1, 3]);
    weighted.record(0, 20);
    weighted.record(1, 30);
    expect(weighted.pick(undefined)).toBe(1);
  });

  it('a new server (no samples) scores 0 and is preferred over a measured one', () => {
    const lt = new LeastTime([1, 1]);
    lt.record(0, 1);
    expect(picks(lt, 3)).toBe('bbb');
  });

  it('averages the last 100 samples in whole milliseconds', () => {
    const lt = new LeastTime([1]);
    lt.record(0, 0.9);
    expect(lt.average(0)).toBe(0);
    for (let i = 0; i < 100; i++) lt.record(0, 10.7);
    expect(lt.average(0)).toBe(10);
    for (let i = 0; i < 50; i++) lt.record(0, 20);
    expect(lt.average(0)).toBe(15);
  });

  it('only healthy servers count; one healthy server is taken without scoring; none gives -1', () => {
    const lt = new LeastTime([1, 1, 1]);
    expect(picks(lt, 5, (i) => i !== 1)).toBe('aaaca');
    expect(lt.pick((i) => i === 1)).toBe(1);
    expect(lt.pick(() => false)).toBe(-1);
  });

  it('a tracked request leaves the in-flight count when its answer ends, fails, or the exchange is dropped', () => {
    const lt = new LeastTime([1]);
    const calls: string[] = [];
    const sink: ResponseSink = {
      head: () => calls.push('head'),
      data: () => true,
      end: () => calls.push('end'),
      fail: () => calls.push('fail'),
      onDrain: () => undefined,
    };
    const a = { sink, onDone: undefined } as unknown as Exchange;
    lt.track(a, 0);
    a.sink.head(200, {});
    a.sink.end();
    for (const fn of a.onDone ?? []) fn();
    expect(lt.pending(0)).toBe(0);
    const b = { sink, onDone: undefined } as unknown as Exchange;
    lt.track(b, 0);
    for (const fn of b.onDone ?? []) fn();
    expect(lt.pending(0)).toBe(0);
    expect(calls).toEqual(['head', 'end']);
  });

  it('on real sockets, sends the traffic to the server that answers first', async () => {
    const slow = await startBackend('slow', (_req, res) => {
      setTimeout(() => res.end('slow'), 200).unref();
    });
    const fast = await startBackend('fast', (_req, res) => res.end('fast'));
    const proxy = await testProxy();
    const r = await proxy.apply(
      config({
        routers: { 'r@file': { rule: 'PathPrefix(`/`)', service: 's@file' } },
        services: {
          's@file': {
            loadBalancer: { strategy: 'leasttime', servers: [{ url: slow.url }, { url: fast.url }] },
          },
        },
      }),
    );
    expect(r.ok).toBe(true);
    const base = entryUrl(proxy);
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) seen.push((await send(base, '/')).text);
    // Cold start: both score 0, the earliest deadline (the first server) goes first; then the measured times rule.
    expect(seen).toEqual(['slow', 'fast', 'fast', 'fast', 'fast', 'fast']);
    await proxy.stop();
    await slow.close();
    await fast.close();
  });
});
