// Screenshots of the dashboard in Chromium: node apps/dashboard/dev/screenshot.mjs <base-url> <out-dir> [scenario...]
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:47311/', out = '/tmp/shots', ...scenarios] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const scheme = process.env.SCHEME ?? 'light';
const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
const errors = [];
page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
const res = process.env.RES ?? 'IngressRoute/shop/storefront';
const match = process.env.MATCH ?? 'PathPrefix(`/api`)';
const run = scenarios.length > 0 ? scenarios : ['graph'];
for (const s of run) {
  const t0 = Date.now();
  if (s === 'graph') {
    await page.goto(base);
    await page
      .getByRole('button', { name: /^Router / })
      .first()
      .waitFor({ timeout: 15000 });
    console.log(`graph first node visible after ${Date.now() - t0} ms`);
    await page.waitForTimeout(1500);
  } else if (s === 'details') {
    await page.goto(base);
    await page
      .getByRole('button', { name: 'Router shop-storefront-api-7c2d9e4f1a3b5c6d7e8f@kubernetescrd' })
      .click();
    await page.getByRole('complementary', { name: 'Details' }).waitFor();
    await page.waitForTimeout(800);
  } else if (s === 'missing') {
    await page.goto(`${base}?node=middleware:missing:shop-add-foo@kubernetescrd&panel=details`);
    await page.waitForTimeout(1500);
  } else if (s === 'editor') {
    await page.goto(`${base}?panel=edit&res=${encodeURIComponent(res)}`);
    await page.locator('[data-testid="yaml-editor"] .monaco-editor').waitFor({ timeout: 15000 });
    await page.waitForTimeout(1000);
  } else if (s === 'rule-error') {
    await page.goto(`${base}?panel=edit&res=${encodeURIComponent(res)}`);
    await page.locator('[data-testid="yaml-editor"] .monaco-editor').waitFor({ timeout: 15000 });
    await page.locator('.view-line', { hasText: match }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' &&');
    await page.waitForTimeout(1200);
    console.log('problems:', await page.getByTestId('editor-problems').textContent());
    console.log('save disabled:', await page.getByRole('button', { name: 'Save' }).isDisabled());
  } else if (s === 'review') {
    await page.goto(`${base}?panel=edit&res=${encodeURIComponent(res)}`);
    await page.locator('[data-testid="yaml-editor"] .monaco-editor').waitFor({ timeout: 15000 });
    await page.locator('.view-line', { hasText: match }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('v2');
    await page.waitForTimeout(1200);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog', { name: 'Review changes' }).waitFor();
    await page.waitForTimeout(400);
  } else if (s === 'apply' || s === 'conflict') {
    await page.goto(`${base}?panel=edit&res=${encodeURIComponent(res)}`);
    const before = await page.evaluate(() =>
      fetch('/api/v1/config')
        .then((r) => r.json())
        .then((j) => j.version),
    );
    await page.locator('[data-testid="yaml-editor"] .monaco-editor').waitFor({ timeout: 15000 });
    await page.waitForTimeout(500);
    if (s === 'conflict' && process.env.TOUCH) {
      const { appendFileSync } = await import('node:fs');
      appendFileSync(process.env.TOUCH, '\n# touched by someone else\n');
      await page.waitForTimeout(1200);
    }
    await page.locator('.view-line', { hasText: match }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('x');
    await page.waitForTimeout(1000);
    await page.getByRole('button', { name: 'Save' }).click();
    if (s === 'apply') {
      await page.getByRole('dialog', { name: 'Review changes' }).waitFor();
      await page.getByRole('button', { name: 'Apply' }).click();
    }
    if (s === 'conflict') {
      await page.getByRole('dialog', { name: 'Conflict' }).waitFor();
      await page.getByRole('button', { name: 'Show their change' }).click();
    } else {
      await page.getByRole('dialog', { name: 'Review changes' }).waitFor({ state: 'detached' });
      await page.waitForTimeout(1500);
      const after = await page.getByTestId('config-version').textContent();
      console.log('version before', before.slice(0, 12), 'header after', after.slice(0, 12));
    }
    await page.waitForTimeout(500);
  } else if (s === 'keyboard') {
    await page.goto(base);
    await page
      .getByRole('button', { name: /^Router / })
      .first()
      .waitFor();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      if (label?.startsWith('Router ')) break;
    }
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: 'Details' }).waitFor();
    console.log('opened', await page.locator('.panel-title h2').textContent());
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    console.log('closed', (await page.getByRole('complementary', { name: 'Details' }).count()) === 0);
  } else if (s === 'trace') {
    await page.goto(base);
    await page.getByRole('button', { name: 'Trace', exact: true }).click();
    await page.getByLabel('URL').fill(process.env.TRACE_URL ?? 'https://shop.localhost/api/cart');
    await page.getByRole('button', { name: 'Run trace' }).click();
    await page.getByTestId('trace-steps').waitFor();
    await page.getByRole('button', { name: 'Send for real' }).click();
    await page.getByTestId('real-response').waitFor();
    await page.waitForTimeout(800);
  } else if (s === 'trace404') {
    await page.goto(base);
    await page.getByRole('button', { name: 'Trace', exact: true }).click();
    await page.getByLabel('URL').fill('https://nobody.localhost:18443/admin');
    await page.getByRole('button', { name: 'Run trace' }).click();
    await page.getByTestId('closest-misses').waitFor();
    console.log('misses:', (await page.getByTestId('closest-misses').textContent()).slice(0, 300));
  } else if (s === 'new') {
    await page.goto(base);
    await page.getByRole('button', { name: 'New' }).click();
    await page.getByLabel('Template').selectOption('middleware:addPrefix');
    await page.locator('[data-testid="yaml-editor"] .monaco-editor').waitFor({ timeout: 15000 });
    if (process.env.NEW_FILE) await page.getByLabel('File').fill(process.env.NEW_FILE);
    await page.waitForTimeout(1500);
    console.log('problems:', await page.getByTestId('editor-problems').textContent());
    console.log('save row:', await page.locator('.save-row').textContent());
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog', { name: 'Review changes' }).waitFor();
    await page.screenshot({ path: `${out}/new-review-${scheme}.png` });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('dialog', { name: 'Review changes' }).waitFor({ state: 'detached' });
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: /^Middleware default-my-add-prefix/ }).waitFor({ timeout: 5000 });
    console.log('new middleware node present');
  } else if (s === 'delete') {
    await page.goto(`${base}?panel=edit&res=${encodeURIComponent('Middleware/default/my-add-prefix')}`);
    await page.locator('[data-testid="yaml-editor"] .monaco-editor').waitFor({ timeout: 15000 });
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Review changes' }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).last().click();
    await page.waitForTimeout(1500);
    console.log(
      'node gone:',
      (await page.getByRole('button', { name: /^Middleware default-my-add-prefix/ }).count()) === 0,
    );
  } else if (s === 'complete') {
    await page.goto(`${base}?panel=edit&res=${encodeURIComponent(res)}`);
    await page.locator('[data-testid="yaml-editor"] .monaco-editor').waitFor({ timeout: 15000 });
    await page.locator('.view-line', { hasText: 'kind: Rule' }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    // Monaco keeps the indentation of the `-`; a key of the item sits two columns further in.
    await page.keyboard.type('  m');
    await page.locator('.suggest-widget .monaco-list-row').first().waitFor({ timeout: 5000 });
    await page.waitForTimeout(500);
    console.log(
      'suggestions:',
      (await page.locator('.suggest-widget .monaco-list-row').allTextContents()).slice(0, 8),
    );
  } else if (s === 'routers') {
    await page.goto(`${base}?view=routers`);
    await page.waitForTimeout(800);
  } else if (s === 'diagnostics') {
    await page.goto(`${base}?view=diagnostics`);
    await page.waitForTimeout(800);
  }
  await page.screenshot({ path: `${out}/${s}-${scheme}.png` });
}
console.log(errors.join('\n') || 'no page errors');
await browser.close();
