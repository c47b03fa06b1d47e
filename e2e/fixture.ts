import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type Browser, launchBrowser, screenshot } from './browser.ts';
import { type Stack, startStack, writeArtifact } from './harness.ts';

/** What a spec file gets: its own stack and, when asked, a browser page on the dashboard. */
export interface E2E {
  readonly stack: Stack;
  readonly page: Page;
}

/**
 * Starts a stack (and a Chromium page when `browser` is set) once for the spec file, stops them after it, and
 * writes the processes' logs and a screenshot to e2e/artifacts/<name>.log and <name>-failed.png when a test fails. A setup failure (no build, no
 * Chromium, a server that does not start) is rethrown by every test that touches the fixture, so each one fails
 * with the reason instead of being skipped.
 */
export function setupE2E(name: string, opts: { browser?: boolean } = {}): E2E {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  let setupError: unknown;

  beforeAll(async () => {
    try {
      stack = await startStack({ dashboard: opts.browser ?? false });
      if (opts.browser) {
        browser = await launchBrowser();
        await browser.page.goto(`${stack.apiUrl}/`);
      }
    } catch (err) {
      setupError = err;
    }
  });

  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    if (stack) writeArtifact(`${name}.log`, stack.logs());
    if (browser) await screenshot(browser.page, `${name}-failed`).catch(() => undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  return {
    get stack(): Stack {
      if (setupError !== undefined || !stack) throw setupError ?? new Error('the stack is not running');
      return stack;
    },
    get page(): Page {
      if (setupError !== undefined || !browser)
        throw setupError ?? new Error('no browser: pass { browser: true }');
      return browser.page;
    },
  };
}
