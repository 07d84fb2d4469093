import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/**
 * The machine's own Chromium, driven by playwright-core, which never downloads a browser.
 * One browser per test file (launching is the slow part on a busy machine); each test takes
 * a fresh context, so cookies never leak from one test into the next. playwright-core's
 * launch gives every browser a fresh temporary user-data-dir and removes it on close.
 */
export const CHROMIUM = '/usr/bin/chromium';

/** A launch on a busy 2-core machine can take a while; a page load too. */
export const LAUNCH_TIMEOUT_MS = 60_000;
export const PAGE_TIMEOUT_MS = 30_000;

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(executablePath = CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath)) throw new Error(`the browser tests need Chromium at ${executablePath}; install it: apt-get install chromium`);
  // headless: true makes playwright pass --headless itself.
  return chromium.launch({ executablePath, headless: true, args: FLAGS, timeout: LAUNCH_TIMEOUT_MS });
}

/** A fresh context (no cookies) whose pages wait long enough for a loaded machine. */
export async function freshContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(PAGE_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
  return context;
}

const SCREENSHOTS = fileURLToPath(new URL('../../../artifacts/screenshots/', import.meta.url));

/** Where a test keeps a screenshot (git-ignored): artifacts/screenshots/<name>.png. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

/**
 * Everything a page does that a hostile paper could make it do: dialogs (dismissed and
 * recorded), uncaught script errors, and console lines, among them Chromium's report of a
 * Content-Security-Policy violation (which would mean markup got through and only the
 * policy stopped it).
 */
export interface PageWatch {
  readonly dialogs: string[];
  readonly errors: string[];
  readonly console: string[];
  /** Console lines in which Chromium reports a refused script, style or other CSP violation. */
  cspViolations(): string[];
}

export function watchPage(page: Page): PageWatch {
  const watch = { dialogs: [] as string[], errors: [] as string[], console: [] as string[] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('console', (message) => watch.console.push(`${message.type()}: ${message.text()}`));
  return { ...watch, cspViolations: () => watch.console.filter((line) => /Content Security Policy/i.test(line)) };
}

/**
 * Page-side expressions are strings: the project's TypeScript has no DOM types (the core
 * must not use them), and a string is what runs in the page anyway.
 */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate<T>(expression);
}

/** How far the document is wider than the viewport (0 when nothing scrolls sideways). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; viewport: number }> {
  return inPage<{ scrollWidth: number; viewport: number }>(page, '({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth })');
}

/** The text a person sees in an element: rendered, hidden parts left out, line breaks kept. */
export function seenText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: this is Playwright's Locator.innerText, not the DOM property; the rendered text is what a person reads.
  return locator.innerText();
}
