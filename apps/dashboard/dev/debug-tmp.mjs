import { chromium } from 'playwright-core';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.on('console', (m) => console.log('console', m.type(), m.text().slice(0, 200)));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto('http://127.0.0.1:18080/?panel=edit&res=IngressRoute%2Fshop%2Fapi');
await page.locator('[data-testid="yaml-editor"] .monaco-editor').waitFor({ timeout: 15000 });
await page.waitForTimeout(1000);
await page.locator('.view-line', { hasText: 'match: Host' }).first().click();
await page.keyboard.press('Home');
await page.keyboard.press('Control+Space');
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/shots/debug.png' });
console.log(
  await page.locator('.suggest-widget').count(),
  await page.locator('.suggest-widget').first().getAttribute('class'),
);
console.log(JSON.stringify(await page.locator('.suggest-widget .monaco-list-row').allTextContents()));
console.log((await page.locator('.suggest-widget .monaco-list-row').first().innerHTML()).slice(0, 1200));
await browser.close();
