import { describe, expect, it } from 'vitest';
import { parseResParam, parseUrlState, resParam, serializeUrlState } from './url-state.ts';

describe('url state', () => {
  it.each([
    { desc: 'empty is the graph', search: '', want: { view: 'graph' } },
    {
      desc: 'table state',
      search: '?view=routers&sort=priority&dir=desc&status=error&q=shop',
      want: { view: 'routers', sort: 'priority', dir: 'desc', status: 'error', q: 'shop' },
    },
    { desc: 'unknown view falls back', search: '?view=nope', want: { view: 'graph' } },
    { desc: 'bad dir is dropped', search: '?view=services&dir=up', want: { view: 'services' } },
  ])('$desc', ({ search, want }) => {
    expect(parseUrlState(search)).toEqual(want);
  });

  it('round-trips', () => {
    const state = {
      view: 'graph' as const,
      node: 'router:a@kubernetescrd',
      panel: 'edit' as const,
      ns: 'shop',
    };
    expect(parseUrlState(serializeUrlState(state))).toEqual(state);
    expect(serializeUrlState({ view: 'graph' })).toBe('');
  });
});

describe('res param', () => {
  it('round-trips names with slashes and @', () => {
    const ref = { kind: 'IngressRoute', namespace: 'shop', name: 'a/b@x' };
    expect(parseResParam(resParam(ref))).toEqual(ref);
    expect(parseResParam('IngressRoute/shop')).toBeUndefined();
    expect(parseResParam(undefined)).toBeUndefined();
  });
});
