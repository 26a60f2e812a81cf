import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, missingExecutedCopies } from '../../../delivery/src/build-site';
import { buildSlides } from '../../../delivery/src/build-slides';
import { discoverNotebooks } from '../../../delivery/src/course';
import { launchChromium, offlineContext, type PageProblems } from '../../support/chromium';
import { serveFolder } from '../../support/static-server';

const ROOT = resolve(__dirname, '../../..');
const BUILD = join(ROOT, 'build');
const SCREENS = join(BUILD, 'site-screens');

interface NotebookJson {
  cells: Array<{ outputs?: Array<{ data?: Record<string, unknown> }> }>;
}

/** Image outputs (SVG or PNG) of an executed notebook: each must show as a decoded image. */
function imageOutputs(stem: string): number {
  const notebook = JSON.parse(readFileSync(join(BUILD, 'notebooks', `${stem}.ipynb`), 'utf8')) as NotebookJson;
  return notebook.cells
    .flatMap((cell) => cell.outputs ?? [])
    .filter((output) => output.data && ('image/svg+xml' in output.data || 'image/png' in output.data)).length;
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, STREAMLAB_SOLUTIONS: '1' }, timeout: 1_800_000 });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
}

/** Charts on the page: output images and inline SVGs, each with whether it decoded to a real size. */
async function chartsOn(page: Page): Promise<Array<{ kind: string; width: number }>> {
  return page.$$eval('.jp-OutputArea-output img, .jp-OutputArea-output svg', (elements) =>
    elements.map((element) =>
      element instanceof HTMLImageElement
        ? { kind: 'img', width: element.complete ? element.naturalWidth : 0 }
        : { kind: 'svg', width: (element as SVGSVGElement).getBoundingClientRect().width },
    ),
  );
}

describe('the course site and a slide deck in headless Chromium, offline', () => {
  let browser: Browser;
  let context: BrowserContext;
  let problems: PageProblems;
  let server: { origin: string; close: () => Promise<void> };
  let lessons: string[] = [];
  let deck = '';

  // A setup failure (no Chromium, a notebook that cannot run) fails every test with its message,
  // instead of vitest's "skipped", so a missing browser can never pass unnoticed.
  let setupError: unknown;
  const ready = (): void => {
    if (setupError) throw setupError;
  };

  beforeAll(async () => {
    try {
      await setUp();
    } catch (error) {
      setupError = error;
    }
  }, 1_800_000);

  async function setUp(): Promise<void> {
    browser = await launchChromium(); // fails with an install hint when Chromium is missing
    // Executed copies come from test/notebooks (run before this file): execute only what is missing.
    const missing = missingExecutedCopies(ROOT);
    if (missing.length > 0) run('node', ['kernel-helpers/dist/jupyter/cli.js', 'run', ...missing.map((name) => `notebooks/${name}`)], `executing ${missing.join(', ')}`);
    lessons = (await buildSite(ROOT)).lessons.map((lesson) => lesson.stem);
    deck = lessons.at(-1) as string;
    await buildSlides(ROOT, { only: [deck] });
    rmSync(SCREENS, { recursive: true, force: true });
    mkdirSync(SCREENS, { recursive: true });
    server = await serveFolder(BUILD);
    ({ context, problems } = await offlineContext(browser, server.origin));
  }

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('has a page per notebook, every one reachable from the index', async () => {
    ready();
    const notebooks = discoverNotebooks(join(ROOT, 'notebooks'));
    expect(notebooks.length).toBeGreaterThan(0);
    expect(lessons).toEqual(notebooks.map((name) => name.replace(/\.ipynb$/, '')));
    const page = await context.newPage();
    const response = await page.goto(`${server.origin}/site/index.html`);
    expect(response?.status()).toBe(200);
    for (const stem of lessons) {
      const link = page.locator(`a[href="${stem}.html"]`);
      expect(await link.count(), `index links to ${stem}`).toBe(1);
      const href = await link.evaluate((anchor) => (anchor as HTMLAnchorElement).href);
      expect((await context.request.get(href)).status(), `index → ${href}`).toBe(200);
    }
    await page.screenshot({ path: join(SCREENS, 'index.png'), fullPage: true });
    await page.close();
  });

  it('shows every page with its charts decoded, working navigation, no console error and no request leaving 127.0.0.1', async () => {
    ready();
    let chartsFound = 0;
    for (const [index, stem] of lessons.entries()) {
      const page = await context.newPage();
      const response = await page.goto(`${server.origin}/site/${stem}.html`, { waitUntil: 'load' });
      expect(response?.status(), stem).toBe(200);
      const charts = await chartsOn(page);
      expect(charts.filter((chart) => chart.width > 0).length, `${stem}: charts drawn`).toBe(charts.length);
      expect(charts.length, `${stem}: one decoded image per image output of the executed notebook`).toBeGreaterThanOrEqual(imageOutputs(stem));
      chartsFound += charts.length;

      const links = await page.$$eval('nav.streamlab-nav a', (anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href));
      const expected = ['index.html', ...(index > 0 ? [`${lessons[index - 1]}.html`] : []), ...(index < lessons.length - 1 ? [`${lessons[index + 1]}.html`] : [])];
      for (const target of expected) expect(links.some((href) => href.endsWith(`/site/${target}`)), `${stem} links to ${target}`).toBe(true);
      for (const href of new Set(links)) expect((await context.request.get(href)).status(), `${stem} → ${href}`).toBe(200);

      await page.screenshot({ path: join(SCREENS, `${stem}.png`), fullPage: true });
      await page.close();
    }
    console.log(`browser: ${lessons.length} pages (+ index), ${chartsFound} charts found, ${problems.consoleErrors.length} console errors, ${problems.outsideRequests.length} outside requests; screenshots in build/site-screens/`);
    expect(chartsFound, 'the executed notebooks have charts').toBeGreaterThan(0);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.outsideRequests).toEqual([]);
  }, 600_000);

  it('opens a slide deck: reveal.js ready, every slide stepped through with no error', async () => {
    ready();
    const stem = deck;
    const page = await context.newPage();
    const before = problems.consoleErrors.length;
    await page.goto(`${server.origin}/slides/${stem}.slides.html`, { waitUntil: 'load' });
    await page.waitForSelector('.reveal.ready', { timeout: 30_000 });
    // The deck's footer exposes the AMD module as window.Reveal (the template itself keeps it private).
    await page.waitForFunction(() => typeof (window as unknown as { Reveal?: { getTotalSlides?: unknown } }).Reveal?.getTotalSlides === 'function', undefined, { timeout: 10_000 });
    const total = await page.evaluate(() => (window as unknown as { Reveal: { getTotalSlides(): number } }).Reveal.getTotalSlides());
    let steps = 0;
    while (!(await page.evaluate(() => (window as unknown as { Reveal: { isLastSlide(): boolean } }).Reveal.isLastSlide())) && steps < 500) {
      await page.evaluate(() => (window as unknown as { Reveal: { next(): void } }).Reveal.next());
      steps += 1;
    }
    const deckCharts = await chartsOn(page);
    expect(deckCharts.filter((chart) => chart.width > 0).length, 'deck charts decoded').toBe(deckCharts.length);
    expect(deckCharts.length, 'the deck shows the executed notebook charts').toBeGreaterThanOrEqual(imageOutputs(stem));
    await page.screenshot({ path: join(SCREENS, `${stem}.slides.png`) });
    await page.close();
    console.log(`browser: deck ${stem}: reveal ready, ${total} slides stepped through (${steps} steps), ${deckCharts.length} charts, ${problems.consoleErrors.length - before} console errors`);
    expect(total).toBeGreaterThan(1);
    expect(steps).toBeGreaterThanOrEqual(total - 1);
    expect(problems.consoleErrors.slice(before)).toEqual([]);
    expect(problems.outsideRequests).toEqual([]);
  }, 120_000);
});
