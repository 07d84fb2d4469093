import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CHROMIUM, freshContext, inPage, LAUNCH_TIMEOUT_MS, launchChromium } from './browser.js';

describe('the browser the page tests drive', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, LAUNCH_TIMEOUT_MS);
  afterAll(() => browser?.close());

  it('is the machine’s own Chromium, headless', async () => {
    expect(execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8' })).toContain(browser!.version());
    const context = await freshContext(browser!);
    const page = await context.newPage();
    expect(await inPage<string>(page, 'navigator.userAgent')).toMatch(/HeadlessChrome/);
    await context.close();
  });

  it('says how to install Chromium when it is missing, instead of downloading one', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow('install it: apt-get install chromium');
  });
});
