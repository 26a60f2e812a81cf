import { accessSync, constants } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Where Debian's `chromium` package puts the browser; `CHROMIUM_PATH` overrides it. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH?.trim() || '/usr/bin/chromium';
}

/**
 * Launches Debian's Chromium headless with the flags this machine needs (root: no sandbox; a
 * closed network: no background connections). Throws one clear line when it is not installed:
 * the browser test must fail, not skip, where Chromium is missing.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found at ${executablePath}: the browser test needs it. Install it with \`apt-get install chromium\` ` +
        '(.ci/run does), or set CHROMIUM_PATH to a Chromium binary',
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** What a page did that it should not have: console errors, uncaught errors, requests leaving 127.0.0.1. */
export interface PageProblems {
  consoleErrors: string[];
  outsideRequests: string[];
}

/**
 * A browser context whose only reachable origin is `origin` (plus `data:`): every other request
 * is aborted and recorded. Returns the context and the problem log its pages append to.
 */
export async function offlineContext(browser: Browser, origin: string): Promise<{ context: BrowserContext; problems: PageProblems }> {
  const problems: PageProblems = { consoleErrors: [], outsideRequests: [] };
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue();
    problems.outsideRequests.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') problems.consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.consoleErrors.push(`${page.url()}: ${error.message}`));
  });
  return { context, problems };
}
