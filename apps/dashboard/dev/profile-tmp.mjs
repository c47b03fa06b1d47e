import { chromium } from 'playwright-core';

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(process.argv[2]);
await page.locator('.react-flow__minimap-node').first().waitFor({ timeout: 60000 });
await page.waitForTimeout(500);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page.mouse.move(700, 600);
await page.mouse.down();
for (let i = 1; i <= 20; i++) {
  await page.mouse.move(700, 600 - i * 40);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
}
await page.mouse.up();
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i]);
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
}
console.log(
  [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 22)
    .map(([k, v]) => `${Math.round(v)}ms ${k}`)
    .join('\n'),
);
await browser.close();
