import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Result } from '../../../src/index.js';
import { screenshotPath, seenText } from './browser.js';
import { BROWSER_TEST_TIMEOUT_MS, browserSuite, NO_STACK } from './browser-suite.js';
import { linkedPaper } from './team-site.js';

const suite = browserSuite({ papers: [linkedPaper()] });

const value = <T>(result: Result<T>): T => {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

/** What the result list of a page shows: each result's title link text and where it goes. */
const resultLinks = (page: Page) =>
  page.locator('ol.papers > li.paper a.paper-title').evaluateAll((links) => links.map((a) => ({ text: a.textContent?.trim() ?? '', href: a.getAttribute('href') ?? '' })));

describe('searching in the browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  for (const javaScript of [true, false]) {
    it(`searches from the form on the front page and pages through the results (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const query = 'language models';
      const expected = value(await suite.site().harness.service.paperboy.search({ query, limit: 40, offset: 0 }));
      expect(expected.total).toBeGreaterThan(40); // three pages at least, or this test proves little

      const { page } = await suite.open({ javaScriptEnabled: javaScript });
      await suite.visit(page, '/');
      await page.getByLabel('Search papers').fill(query);
      await Promise.all([page.waitForURL(/\/search\?/), page.getByRole('button', { name: 'Search' }).click()]);
      expect(new URL(page.url()).searchParams.get('q')).toBe(query);
      expect(await page.getByLabel('Search papers').inputValue()).toBe(query);

      const first = await resultLinks(page);
      expect(first.map((r) => r.text)).toEqual(expected.hits.slice(0, 20).map((h) => h.paper.title));
      expect(first[0]!.href).toBe(`/p/${encodeURIComponent(expected.hits[0]!.paper.id)}`);
      await expect(seenText(page.locator('main'))).resolves.toContain(`Results 1–20 of ${expected.total}`);
      // The same snippets as chat: the query's words are marked.
      expect(await page.locator('ol.papers mark').count()).toBeGreaterThan(0);
      expect(await page.locator('nav[aria-label="Pages"] a[rel="prev"]').count()).toBe(0);

      await Promise.all([page.waitForURL(/page=2/), page.locator('nav[aria-label="Pages"] a[rel="next"]').click()]);
      const second = await resultLinks(page);
      expect(second.map((r) => r.text)).toEqual(expected.hits.slice(20, 40).map((h) => h.paper.title));
      await expect(seenText(page.locator('main'))).resolves.toContain(`Results 21–40 of ${expected.total}`);

      await Promise.all([page.waitForURL((url) => !url.searchParams.has('page') || url.searchParams.get('page') === '1'), page.locator('a[rel="prev"]').click()]);
      expect(await resultLinks(page)).toEqual(first);
    });
  }

  it('shows a query it cannot read as a message on the page, with the query kept in the form', async () => {
    const { page } = await suite.open();
    await suite.visit(page, '/search');
    await page.getByLabel('Search papers').fill('since:banana');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes('/search?')), page.getByRole('button', { name: 'Search' }).click()]);
    expect(response.status()).toBe(400);
    await page.locator('main').waitFor();
    const text = await seenText(page.locator('main'));
    expect(text).toContain('since:YYYY-MM-DD');
    expect(text).not.toMatch(NO_STACK);
    expect(await page.getByLabel('Search papers').inputValue()).toBe('since:banana');
    expect(await page.locator('ol.papers > li.paper').count()).toBe(0);
  });
});

describe('a paper page in the browser', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('opens from the front page and shows the whole card: abstract, source, code, PDF, related papers and BibTeX', async () => {
    const paper = linkedPaper();
    const { page } = await suite.open();
    await suite.visit(page, '/');
    await Promise.all([
      page.waitForURL(/\/p\//),
      page
        .locator(`a.paper-title[href="/p/${encodeURIComponent(paper.id)}"]`)
        .first()
        .click(),
    ]);

    expect((await seenText(page.locator('h1'))).trim()).toBe(paper.title);
    const main = await seenText(page.locator('main'));
    expect(main).toContain(paper.abstract.trim().slice(-60)); // the full abstract, not a summary
    expect(main).toContain(paper.authors[0]!);
    const source = page.locator('a.source-link');
    expect(await source.getAttribute('href')).toBe(paper.url);
    expect((await seenText(source)).trim()).toMatch(/arXiv/);
    expect(await page.locator('a.code-link').first().getAttribute('href')).toBe(paper.codeUrls[0]);
    expect(await page.locator(`a[href="${paper.pdfUrl}"]`).count()).toBeGreaterThan(0);
    const bibtex = (await seenText(page.locator('pre.bibtex code'))).trim();
    expect(bibtex).toMatch(/^@\w+\{[^,\s]+,/);
    expect(bibtex).toMatch(/\}$/);
    // Public page: nothing of any team.
    expect(await page.locator('.team-panel').count()).toBe(0);

    const related = value(await suite.site().harness.service.paperboy.related(paper.id, { limit: 5 }));
    const firstRelated = related.hits[0]!.paper;
    const link = page.locator(`main a[href="/p/${encodeURIComponent(firstRelated.id)}"]`).first();
    await Promise.all([page.waitForURL(new RegExp(`/p/${encodeURIComponent(firstRelated.id)}$`)), link.click()]);
    expect((await seenText(page.locator('h1'))).trim()).toBe(firstRelated.title);
    await page.screenshot({ path: screenshotPath('paper-page'), fullPage: true });
  });

  it('answers an unknown paper with a page that says so (404), not a stack trace', async () => {
    const { page } = await suite.open();
    const response = await suite.visit(page, '/p/no-such-paper-anywhere');
    expect(response.status()).toBe(404);
    expect(await page.locator('main.problem').getAttribute('data-problem')).toBe('not-found');
    const text = await seenText(page.locator('main'));
    expect(text).toContain('no-such-paper-anywhere');
    expect(text).not.toMatch(NO_STACK);
    // The search form is there to go on from.
    expect(await page.getByLabel('Search papers').count()).toBe(1);
  });
});
