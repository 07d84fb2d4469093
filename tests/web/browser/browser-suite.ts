import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { freshContext, LAUNCH_TIMEOUT_MS, launchChromium, watchPage, type PageWatch } from './browser.js';
import { startTeamSite, type TeamSite } from './team-site.js';

/** How long one browser test may take on a busy 2-core machine (a few page loads each). */
export const BROWSER_TEST_TIMEOUT_MS = 60_000;

/** No stack trace, file path or exception name reaches a person. */
export const NO_STACK = /\bat \S+ \(|node:internal|\.ts:\d+|TypeError|ReferenceError/;

export interface BrowserSuite {
  readonly browser: () => Browser;
  readonly site: () => TeamSite;
  /** A page in a fresh context (no cookies), watched for dialogs, errors and CSP reports; closed after the test. */
  open(options?: Parameters<Browser['newContext']>[0]): Promise<{ page: Page; context: BrowserContext; watch: PageWatch }>;
  /** Navigates to a path of the site; the response of the page it ends on (after redirects). */
  visit(page: Page, path: string): Promise<Response>;
}

/**
 * One Chromium and one service per test file, started side by side in beforeAll and closed
 * in afterAll; each test's contexts close after it.
 */
export function browserSuite(siteOptions: Parameters<typeof startTeamSite>[0] = {}): BrowserSuite {
  let browser: Browser | undefined;
  let site: TeamSite | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const [launched, started] = await Promise.allSettled([launchChromium(), startTeamSite(siteOptions)]);
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'fulfilled') site = started.value;
    if (launched.status === 'rejected') throw launched.reason;
    if (started.status === 'rejected') throw started.reason;
  }, LAUNCH_TIMEOUT_MS);
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  return {
    browser: () => browser!,
    site: () => site!,
    async open(options = {}) {
      const context = await freshContext(browser!, options);
      contexts.push(context);
      const page = await context.newPage();
      return { page, context, watch: watchPage(page) };
    },
    async visit(page, path) {
      const response = await page.goto(new URL(path, site!.url).href);
      if (!response) throw new Error(`no response for ${path}`);
      return response;
    },
  };
}
