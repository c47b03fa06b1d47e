import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, launchBrowser } from './browser.ts';

// The harness's own check: Chromium starts from /usr/bin/chromium with a fresh profile and runs a page.
describe('browser harness', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('launches Chromium headless and runs a page', async () => {
    await browser.page.setContent('<button aria-label="Router demo">go</button>');
    await browser.page.getByRole('button', { name: 'Router demo' }).focus();
    const focused = await browser.page.evaluate('document.activeElement?.getAttribute("aria-label")');
    expect(focused).toBe('Router demo');
  });
});
