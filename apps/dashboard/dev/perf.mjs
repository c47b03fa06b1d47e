// Measures the graph's first render in Chromium: node apps/dashboard/dev/perf.mjs <base-url>
// Prints the time from navigation to the first graph node painted, and to the layout settling.
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:47312/', shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
page.on('console', (m) => m.type() === 'error' && console.log(`console: ${m.text()}`));
const t0 = Date.now();
await page.goto(base);
await page.locator('.react-flow__node').first().waitFor({ timeout: 60000 });
const first = Date.now() - t0;
const nodes = await page.locator('.react-flow__node').count();
// A long task blocks the main thread: measure how long a frame takes right after the first paint.
const frame = await page.evaluate(
  () => new Promise((resolve) => { const s = performance.now(); requestAnimationFrame(() => resolve(performance.now() - s)); }),
);
console.log(JSON.stringify({ firstNodeMs: first, renderedNodes: nodes, nextFrameMs: Math.round(frame) }));
// Panning: time 20 wheel scrolls.
const p0 = Date.now();
for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 200);
await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
console.log(JSON.stringify({ pan20Ms: Date.now() - p0 }));
if (shot) await page.screenshot({ path: shot });
await browser.close();
