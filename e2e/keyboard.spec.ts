import { describe, expect, it } from 'vitest';
import { screenshot } from './browser.ts';
import { detailsPanel, openDashboard } from './dashboard.ts';
import { setupE2E } from './fixture.ts';

// Scenario 6: keyboard only. From the top of the page, Tab reaches a router node, Enter opens its details,
// Escape closes them.

const e2e = setupE2E('keyboard', { browser: true });

/** The test id of the focused element, read in the page. */
function focusedTestId(): Promise<string | null> {
  return e2e.page.evaluate(
    'document.activeElement && document.activeElement.getAttribute("data-testid")',
  ) as Promise<string | null>;
}

describe('scenario 6: keyboard only', () => {
  it('tabs to a router node, opens it with Enter and closes it with Escape', async () => {
    const { page, stack } = e2e;
    await openDashboard(page, stack);
    // Start from the document, as a keyboard user arriving on the page does.
    await page.evaluate('document.activeElement && document.activeElement.blur()');

    let focused: string | null = null;
    // Bounded: the header, the graph's controls and a few nodes come before the first router.
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press('Tab');
      focused = await focusedTestId();
      if (focused?.startsWith('node-router-')) break;
    }
    expect(focused, 'no router node reached with Tab').toMatch(/^node-router-/);
    const name = focused?.slice('node-router-'.length) ?? '';

    await page.keyboard.press('Enter');
    const panel = detailsPanel(page);
    await panel.waitFor();
    await expect.poll(() => panel.textContent()).toContain(name.replace(/@.*$/, ''));
    await screenshot(page, 'scenario-6-keyboard-open');

    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    // Focus comes back to the node, so the keyboard user carries on from where they were.
    expect(await focusedTestId()).toBe(focused);
    await screenshot(page, 'scenario-6-keyboard-closed');
  });
});
