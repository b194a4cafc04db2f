import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReportHtml } from '../../src/engine/report/html/reportHtml.js';
import type { DemoRun } from './fixture.js';
import { demoRun } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SKIP = HAVE_CHROMIUM
  ? ''
  : ' (skipped: /usr/bin/chromium is not installed; `apt-get install chromium`, as .ci/run does)';
/** Kept after the run so a person can look at it. */
const SCREENSHOT_DIR = join(tmpdir(), 'drl-tui-report-html-e2e');

const CHARTS = [
  'equity',
  'equity-log',
  'drawdown',
  'price',
  'position',
  'daily-returns',
  'agents',
  'outcomes',
];

describe.skipIf(!HAVE_CHROMIUM)(`the HTML report in headless Chromium${SKIP}`, () => {
  let run: DemoRun;
  let htmlPath: string;
  beforeAll(async () => {
    run = await demoRun();
    htmlPath = join(run.dir, 'r.html');
    await writeReportHtml(htmlPath, run.report, { source: 'r.json' });
  });
  afterAll(() => run?.cleanup());

  it('returns a page with every chart drawn, no console error and no request but the file itself', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(htmlPath).href;
      await page.goto(url, { waitUntil: 'load' });

      for (const name of CHARTS) {
        const svg = page.locator(`figure[data-chart="${name}"] > svg`);
        expect(await svg.count(), `${name}: one inline SVG`).toBe(1);
        const marks = await svg.locator('.role-mark path, .role-mark rect, .role-mark line').count();
        expect(marks, `${name}: the SVG holds drawn marks`).toBeGreaterThan(0);
      }
      // Linear scale shows first; the log chart is one CSS toggle away (the page has no script).
      expect(await page.locator('figure[data-chart="equity"]').isVisible()).toBe(true);
      expect(await page.locator('figure[data-chart="equity-log"]').isVisible()).toBe(false);
      await page.click('label[for="eq-log"]');
      expect(await page.locator('figure[data-chart="equity-log"]').isVisible()).toBe(true);
      expect(await page.locator('figure[data-chart="equity"]').isVisible()).toBe(false);
      const box = await page.locator('figure[data-chart="equity-log"] > svg').boundingBox();
      expect(box!.width, 'the chart is laid out, not collapsed').toBeGreaterThan(600);
      await page.click('label[for="eq-lin"]');

      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const shot = join(SCREENSHOT_DIR, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size, `screenshot at ${shot}`).toBeGreaterThan(50_000);

      expect(errors, 'no console errors').toEqual([]);
      expect(requests, 'no network: the only request is the file itself').toEqual([url]);
    } finally {
      await browser.close();
    }
  });
});
