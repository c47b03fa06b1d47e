import { describe, expect, it } from 'vitest';
import { screenshot } from './browser.ts';
import { openDashboard, routerNameOf, setField } from './dashboard.ts';
import { setupE2E } from './fixture.ts';

// Scenario 5: tracing a request shows its steps and lights its path on the graph; a request nobody matches
// shows a 404 with the closest misses; "Send for real" shows what the proxy actually answers.

const e2e = setupE2E('trace', { browser: true });

async function runTrace(method: string, url: string, entryPoint: string): Promise<void> {
  const { page } = e2e;
  await setField(page, 'Method', method);
  await setField(page, 'URL', url);
  await setField(page, 'Entrypoint', entryPoint);
  await page.getByRole('button', { name: 'Run trace' }).click();
}

describe('scenario 5: the request tracer', () => {
  it('traces an API request through its router, middleware and services, and lights the path', async () => {
    const { page, stack } = e2e;
    const apiRouter = await routerNameOf(stack, 'api');
    await openDashboard(page, stack);
    await page.getByRole('button', { name: 'Trace' }).click();
    await runTrace('GET', 'https://shop.localhost/api/cart', 'websecure');

    const steps = page.getByTestId('trace-steps');
    await expect.poll(() => steps.textContent()).toContain(apiRouter);
    const text = (await steps.textContent()) ?? '';
    for (const expected of ['strip-api-prefix', 'api-mirrored', 'api-split'])
      expect(text).toContain(expected);

    const traced = page.locator('[data-traced="true"]');
    await expect.poll(() => traced.count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator(`[data-testid="node-router-${apiRouter}"]`).getAttribute('data-traced')).toBe(
      'true',
    );
    expect(
      await page
        .locator('[data-testid="node-middleware-shop-strip-api-prefix@kubernetescrd"]')
        .getAttribute('data-traced'),
    ).toBe('true');
    // Routers off the path stay dark.
    const admin = await routerNameOf(stack, 'admin');
    expect(await page.locator(`[data-testid="node-router-${admin}"]`).getAttribute('data-traced')).not.toBe(
      'true',
    );
    await screenshot(page, 'scenario-5-trace-api');

    await page.getByRole('button', { name: 'Send for real' }).click();
    const real = page.getByTestId('real-response');
    await expect.poll(() => real.textContent()).toMatch(/200/);
    expect(await real.textContent()).toMatch(/"backend": "api(-canary)?"/);
    await screenshot(page, 'scenario-5-send-for-real');
  });

  it('answers 404 for a request nobody matches and lists the closest misses', async () => {
    const { page } = e2e;
    // A typo in the host: nobody matches, and the routers for shop.localhost are the closest misses.
    await runTrace('GET', 'https://shop.localhst/api/cart', 'websecure');
    const steps = page.getByTestId('trace-steps');
    await expect.poll(() => steps.textContent()).toContain('404');
    const misses = page.getByTestId('closest-misses');
    await misses.waitFor();
    await expect.poll(() => misses.textContent()).toContain('shop-api-');
    await screenshot(page, 'scenario-5-trace-404');

    await page.getByRole('button', { name: 'Send for real' }).click();
    await expect.poll(() => page.getByTestId('real-response').textContent()).toMatch(/404/);
  });
});
