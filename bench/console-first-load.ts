// How long the web console takes to show the endpoint list on a first load from localhost (issue 7:
// < 1 s). Each run is a fresh browser context (empty cache), from navigation to the first endpoint
// row on screen, against a real Mimicus serving examples/quickstart.yaml and the built console.
// Run: npm run build && node --import tsx bench/console-first-load.ts [runs=15]
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { createMimicus } from '../src/index.js';
import { median } from './median.js';

const RUNS = Number(process.argv[2] ?? 15);
const TARGET_MS = 1_000;

const mimicus = await createMimicus('examples/quickstart.yaml', { dataDir: false, admin: { port: 0, host: '127.0.0.1' } });
await mimicus.listen(0, '127.0.0.1');
const browser = await chromium.launch({
  executablePath: process.env.MIMICUS_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const shownMs: number[] = [];
const loadEventMs: number[] = [];
try {
  // One unmeasured load: the browser process itself starts cold.
  for (let run = 0; run <= RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(`${mimicus.adminUrl}/#/endpoints`);
    await page.locator('tr[data-endpoint]').first().waitFor();
    const shown = performance.now() - started;
    const load = (await page.evaluate('performance.getEntriesByType("navigation")[0].loadEventEnd')) as number;
    if (run > 0) {
      shownMs.push(shown);
      loadEventMs.push(load);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await mimicus.close();
}
const show = (values: number[]) => `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
process.stdout.write(`console first load, ${RUNS} fresh contexts\n`);
process.stdout.write(`navigation → endpoint list shown: ${show(shownMs)} — target < ${TARGET_MS} ms: ${median(shownMs) < TARGET_MS ? 'PASS' : 'MISS'}\n`);
process.stdout.write(`navigation → load event (browser's own timing): ${show(loadEventMs)}\n`);
