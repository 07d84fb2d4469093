import { copyFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from './browser.js';
import { BROWSER_TEST_TIMEOUT_MS, browserSuite } from './browser-suite.js';

/**
 * The screenshot README shows: the front page of the shipped corpus at a desktop width.
 * Every run takes it into artifacts/; `PAPERBOY_DOCS_SCREENSHOT=1 npx vitest run
 * tests/web/browser/readme-screenshot.test.ts` also copies it to docs/team-page.png (the only
 * image in git), so a test run never changes a tracked file by itself.
 */
const suite = browserSuite();

const DOCS_PNG = fileURLToPath(new URL('../../../docs/team-page.png', import.meta.url));
/** Small enough for a README (and a git history) to carry. */
const MAX_BYTES = 150_000;

describe('the README screenshot', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('shows today’s trending papers with their 14-day charts, in under 150 KB', async () => {
    const { page } = await suite.open({ viewport: { width: 1000, height: 760 }, deviceScaleFactor: 1, colorScheme: 'light' });
    await suite.visit(page, '/');
    expect(await page.locator('ol.papers > li.paper').count()).toBe(20);
    expect(await page.locator('svg.trend').count()).toBe(20);
    const file = screenshotPath('readme-trending-1000');
    await page.screenshot({ path: file });
    expect(statSync(file).size).toBeLessThan(MAX_BYTES);
    if (process.env['PAPERBOY_DOCS_SCREENSHOT'] === '1') copyFileSync(file, DOCS_PNG);
  });
});
