import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../core/index.ts';
import { screenshot } from './browser.ts';
import { detailsPanel, graphNode, openDashboard, routerOf } from './dashboard.ts';
import { setupE2E } from './fixture.ts';

// Scenario 1: the graph shows every router, middleware and service of the examples; the broken router is marked
// as an error with its reason.

const e2e = setupE2E('graph', { browser: true });

describe('scenario 1: the routing graph', () => {
  it('shows every router, middleware and service of the config', async () => {
    const { page, stack } = e2e;
    await openDashboard(page, stack);
    const { config } = await stack.api.get<{ config: RuntimeConfig }>('/api/v1/config');
    const expected: Array<['Router' | 'Middleware' | 'Service', string]> = [
      ...Object.keys(config.http?.routers ?? {}).map((n) => ['Router', n] as ['Router', string]),
      ...Object.keys(config.http?.middlewares ?? {}).map((n) => ['Middleware', n] as ['Middleware', string]),
      ...Object.keys(config.http?.services ?? {}).map((n) => ['Service', n] as ['Service', string]),
    ];
    // Six routers (one per example route), four middlewares, and the services behind them at least.
    expect(expected.filter(([k]) => k === 'Router')).toHaveLength(6);
    expect(expected.filter(([k]) => k === 'Middleware')).toHaveLength(4);
    await graphNode(page, ...(expected[0] as ['Router', string])).waitFor({ state: 'attached' });
    const missing: string[] = [];
    for (const [kind, name] of expected) {
      const node = graphNode(page, kind, name);
      if ((await node.count()) !== 1) {
        missing.push(`${kind} ${name}`);
        continue;
      }
      expect(await node.getAttribute('role'), `${kind} ${name}`).toBe('button');
      expect(await node.getAttribute('aria-label'), `${kind} ${name}`).toBe(`${kind} ${name}`);
    }
    expect(missing, 'nodes missing from the graph').toEqual([]);
  });

  it('marks the promo router as an error and shows why, with the missing middleware as its own node', async () => {
    const { page } = e2e;
    const promo = routerOf(page, 'promo');
    await expect.poll(() => promo.getAttribute('data-status')).toBe('error');
    for (const ir of ['status', 'http-to-https', 'storefront', 'api', 'admin']) {
      expect(await routerOf(page, ir).getAttribute('data-status'), ir).toBe('ok');
    }
    const missingNode = page.getByRole('button', { name: /^Middleware .*promo-banner.* \(missing\)$/ });
    expect(await missingNode.count()).toBe(1);

    await promo.click();
    const panel = detailsPanel(page);
    await panel.waitFor();
    await expect
      .poll(() => panel.textContent())
      .toContain('middleware "shop-promo-banner@kubernetescrd" does not exist');
    await screenshot(page, 'scenario-1-graph');
  });
});
