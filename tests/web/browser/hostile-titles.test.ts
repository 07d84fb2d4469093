import { describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { inPage, screenshotPath, type PageWatch, seenText } from './browser.js';
import { BROWSER_TEST_TIMEOUT_MS, browserSuite } from './browser-suite.js';
import { ADA, HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_WORD, hostilePapers } from './team-site.js';

/**
 * Papers titled `<img src=x onerror=alert(1)>` and `</script><script>window.__pwned=1</script>`
 * (with hostile authors and abstracts) on every page that shows them: the browser must show
 * them as text, open no dialog and run no script, and the CSP must have had nothing to stop.
 */
const suite = browserSuite({ papers: hostilePapers() });

interface Injection {
  readonly pwned: unknown;
  readonly scripts: number;
  /** Elements with an event-handler attribute (onerror, onload, …): markup that got through. */
  readonly handlers: string[];
  readonly imagesOfX: number;
}

const injection = (page: Page) =>
  inPage<Injection>(
    page,
    `({
      pwned: window.__pwned,
      scripts: document.scripts.length,
      handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => el.tagName + ' ' + a.name)),
      imagesOfX: document.querySelectorAll('img[src="x"]').length,
    })`,
  );

async function expectNothingRan(page: Page, watch: PageWatch, response: Response): Promise<void> {
  expect(await injection(page)).toEqual({ pwned: undefined, scripts: 0, handlers: [], imagesOfX: 0 });
  expect(watch.dialogs).toEqual([]);
  expect(watch.errors).toEqual([]);
  expect(watch.cspViolations()).toEqual([]);
  const headers = await response.allHeaders();
  expect(headers['content-security-policy']).toMatch(/default-src 'none'/);
  expect(headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

const paperTitles = (page: Page) => page.locator('a.paper-title').allInnerTexts();

describe('papers with hostile titles in the browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('notices a dialog and a script when a page does run one (so the checks below can fail)', async () => {
    const { page, watch } = await suite.open();
    await page.setContent('<script>window.__pwned = 1; alert("ran")</script>');
    await page.waitForFunction('window.__pwned === 1');
    expect(watch.dialogs).toEqual(['alert: ran']);
    expect((await injection(page)).pwned).toBe(1);
  });

  it('shows them as text on the front page, in search results and on their own pages, running nothing', async () => {
    const { page, watch } = await suite.open();
    let response = await suite.visit(page, '/');
    expect(await paperTitles(page)).toEqual(expect.arrayContaining([HOSTILE_IMG, HOSTILE_SCRIPT]));
    await expectNothingRan(page, watch, response);
    await page.screenshot({ path: screenshotPath('hostile-trending') });

    response = await suite.visit(page, `/search?q=${HOSTILE_WORD}`);
    expect((await paperTitles(page)).sort()).toEqual([HOSTILE_SCRIPT, HOSTILE_IMG].sort());
    // The snippet shows the abstract's markup as text, with the searched word marked.
    expect(await seenText(page.locator('ol.papers'))).toContain('<img src=x onerror=alert(3)>');
    expect(await seenText(page.locator('ol.papers mark').first())).toMatch(new RegExp(HOSTILE_WORD, 'i'));
    await expectNothingRan(page, watch, response);

    for (const [id, title] of [
      ['hostile-img', HOSTILE_IMG],
      ['hostile-script', HOSTILE_SCRIPT],
    ] as const) {
      response = await suite.visit(page, `/p/${id}`);
      expect(response.status()).toBe(200);
      expect(await seenText(page.locator('h1'))).toBe(title);
      expect(await page.title()).toContain(title);
      expect(await seenText(page.locator('main'))).toContain('<script>window.__pwned=');
      await expectNothingRan(page, watch, response);
    }
    expect(await seenText(page.locator('main'))).toContain('"><svg onload=alert(4)>'); // the author, as text
    await page.screenshot({ path: screenshotPath('hostile-paper'), fullPage: true });
  });

  it('echoes a hostile query, a hostile paper id and a hostile link as text', async () => {
    const { page, watch } = await suite.open();
    const query = `${HOSTILE_SCRIPT} "<img src=x onerror=alert(6)>`;
    let response = await suite.visit(page, `/search?q=${encodeURIComponent(query)}`);
    expect(await page.getByLabel('Search papers').inputValue()).toBe(query);
    await expectNothingRan(page, watch, response);

    response = await suite.visit(page, `/p/${encodeURIComponent('<img src=x onerror=alert(7)>')}`);
    expect(response.status()).toBe(404);
    await expectNothingRan(page, watch, response);

    response = await suite.visit(page, `/team/slack/T1?token=${encodeURIComponent(HOSTILE_SCRIPT)}`);
    expect(response.status()).toBe(400);
    await expectNothingRan(page, watch, response);
  });

  it('keeps them text on the team page: digest archive, reading list and the week', async () => {
    const site = suite.site();
    expect(await site.postDigest()).toEqual(expect.arrayContaining(['hostile-img', 'hostile-script']));
    await site.command('save hostile-img', ADA);
    await site.command('save hostile-script', ADA);
    const { page, watch } = await suite.open();
    const response = (await page.goto(await site.signInLink(ADA)))!;
    expect(response.status()).toBe(200);
    expect(await seenText(page.locator('main'))).toContain(HOSTILE_SCRIPT);
    expect(await seenText(page.locator('main'))).toContain(HOSTILE_IMG);
    await expectNothingRan(page, watch, response);
    await suite.visit(page, '/p/hostile-img');
    expect(await page.locator('section.team-panel').count()).toBe(1);
    expect((await injection(page)).pwned).toBeUndefined();
    expect(watch.dialogs).toEqual([]);
  });
});
