import { describe, expect, it } from 'vitest';
import { configFixture } from '../../../test/fixtures.ts';
import { buildGraph } from './build-graph.ts';
import { collapseMiddlewares } from './collapse.ts';

describe('collapseMiddlewares', () => {
  it('replaces each chain by one edge counting its middlewares', () => {
    const g = buildGraph(configFixture().config, []);
    const c = collapseMiddlewares(g.nodes, g.edges);
    expect(c.nodes.some((n) => n.data.kind === 'middleware')).toBe(false);
    const api = c.edges.filter((e) =>
      e.id.endsWith('#shop-storefront-api-7c2d9e4f1a3b5c6d7e8f@kubernetescrd'),
    );
    expect(api.map((e) => [e.source, e.target, e.label])).toEqual([
      [
        'router:shop-storefront-api-7c2d9e4f1a3b5c6d7e8f@kubernetescrd',
        'service:shop-api-mirror@kubernetescrd',
        '2 MW',
      ],
    ]);
    expect(
      c.edges.every((e) => c.nodes.some((n) => n.id === e.source) && c.nodes.some((n) => n.id === e.target)),
    ).toBe(true);
  });
});
