// Measures the graph's first render in Chromium, on the page's own clock (ms since navigation start):
//   node apps/dashboard/dev/fixture-server.mjs 47312 --routers 1000 &
//   node apps/dashboard/dev/perf.mjs http://127.0.0.1:47312/ [runs] [screenshot.png]
// Prints, per run, when the first graph nodes were in the DOM, how many, and when the minimap followed, then a
// main-thread check (one frame's time) and the time 20 wheel pans take.
import { chromium } from 'playwright-core';

const [base = 'http://127.0.0.1:47312/', runsArg = '3', shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const results = [];
for (let run = 0; run < Number(runsArg); run++) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    const marks = {};
    window.__marks = marks;
    const observer = new MutationObserver(() => {
      const now = Math.round(performance.now());
      if (marks.firstNode === undefined && document.querySelector('.react-flow__node')) {
        marks.firstNode = now;
        marks.nodesInDom = document.querySelectorAll('.react-flow__node').length;
      }
      if (
        marks.minimap === undefined &&
        document.querySelector('.react-flow__minimap-node, .canvas-minimap canvas')
      )
        marks.minimap = now;
    });
    document.addEventListener('DOMContentLoaded', () =>
      observer.observe(document.body, { childList: true, subtree: true }),
    );
  });
  await page.goto(base);
  await page.waitForFunction(() => window.__marks.minimap !== undefined, null, { timeout: 60000 });
  const marks = await page.evaluate(() => window.__marks);
  const frameMs = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const s = performance.now();
        requestAnimationFrame(() => resolve(Math.round(performance.now() - s)));
      }),
  );
  // Drag-pan 20 steps of 40 px down the router column, then zoom all the way out with the wheel.
  const nextFrame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  const b0 = Date.now();
  for (let i = 0; i < 20; i++) await nextFrame();
  const idle20Ms = Date.now() - b0;
  await page.mouse.move(700, 600);
  await page.mouse.down();
  const p0 = Date.now();
  for (let i = 1; i <= 20; i++) {
    await page.mouse.move(700, 600 - i * 40);
    await nextFrame();
  }
  const pan20Ms = Date.now() - p0;
  await page.mouse.up();
  const z0 = Date.now();
  for (let i = 0; i < 10; i++) {
    await page.locator('.react-flow__controls-zoomout').click();
    await nextFrame();
  }
  const zoomOut10Ms = Date.now() - z0;
  const nodesZoomedOut = await page.locator('.react-flow__node').count();
  results.push({ ...marks, frameMs, idle20Ms, pan20Ms, zoomOut10Ms, nodesZoomedOut });
  if (shot && run === 0) await page.screenshot({ path: shot });
  await page.close();
}
console.table(results);
await browser.close();
