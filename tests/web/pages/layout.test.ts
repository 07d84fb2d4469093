import { describe, expect, test } from 'vitest';
import { paperPage, problemPage, searchPage, STYLESHEET, STYLESHEET_PATH, teamPath, trendingPage, type PageContext } from '../../../src/index.js';
import { shippedPaperboy } from '../../helpers/shipped-corpus.js';
import { depsOver, expectHeadingsInOrder, expectSafePage, NOW, PUBLIC, tagsWith, textOf } from './page-reading.js';

const VIEWER: PageContext = { now: NOW, viewer: { team: { platform: 'discord', workspace: 'G 1/2' }, user: 'U1' } };

describe('every page’s frame', () => {
  test('a document in English, sized for phones, with the linked stylesheet, a skip link, site nav, search box and <main id="main">', async () => {
    const page = await trendingPage(depsOver(shippedPaperboy()), PUBLIC, {});
    expect(page.html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(page.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(tagsWith(page.html, (t) => t.name === 'link' && t.attrs.get('rel') === 'stylesheet').map((t) => t.attrs.get('href'))).toEqual([STYLESHEET_PATH]);
    expect(page.html).toContain('<a class="skip-link" href="#main">Skip to content</a>');
    expect(page.html).toContain('<nav aria-label="Site">');
    expect(page.html).toMatch(/<form class="search-form" role="search" action="\/search" method="get"><label for="q">Search papers<\/label><input type="search" id="q" name="q"/);
    expect(page.html).toContain('<main id="main"');
    expect(tagsWith(page.html, (t) => t.name === 'a' && t.attrs.get('aria-current') === 'page').map((t) => t.attrs.get('href'))).toEqual(['/']);
  });

  test('headings go in order: one <h1>, then <h2>, never skipping a level', async () => {
    const deps = depsOver(shippedPaperboy());
    const pages = [
      await trendingPage(deps, PUBLIC, {}),
      await searchPage(deps, PUBLIC, { q: 'learning', page: 1 }),
      await searchPage(deps, PUBLIC, { q: '', page: 1 }),
      await paperPage(deps, PUBLIC, 'noprop-training-neural-networks-without'),
      problemPage(PUBLIC, 'not-found'),
    ];
    for (const page of pages) expectHeadingsInOrder(page.html);
  });

  test('signed out: no team link and no sign-out button; signed in: “Your team” to the team’s own path and a sign-out form', async () => {
    const out = problemPage(PUBLIC, 'not-found');
    expect(textOf(out.html)).not.toContain('Your team');
    expect(out.html).not.toContain('/signout');
    const signedIn = problemPage(VIEWER, 'not-found');
    expectSafePage(signedIn.html);
    expect(teamPath(VIEWER.viewer!.team)).toBe('/team/discord/G%201%2F2');
    expect(tagsWith(signedIn.html, (t) => t.name === 'a' && t.attrs.get('href') === '/team/discord/G%201%2F2')).toHaveLength(1);
    expect(signedIn.html).toContain('<form class="sign-out" method="post" action="/signout"><button type="submit">Sign out</button></form>');
  });

  test('the page checks themselves catch what they look for', () => {
    const wrap = (body: string) => `<!doctype html><html lang="en"><body>${body}</body></html>`;
    expect(() => expectSafePage(wrap('<p>&lt;img src=x onerror=alert(1)></p>'))).not.toThrow();
    expect(() => expectSafePage(wrap('<img src="x" onerror="alert(1)">'))).toThrow();
    expect(() => expectSafePage(wrap('<p onclick="x">a</p>'))).toThrow();
    expect(() => expectSafePage(wrap('<p style="color:red">a</p>'))).toThrow();
    expect(() => expectSafePage(wrap('<a href="javascript:alert(1)">a</a>'))).toThrow();
    expect(() => expectSafePage(wrap('<script>alert(1)</script>'))).toThrow();
  });
});

describe('the stylesheet', () => {
  test('is small and covers focus, dark mode, phones (wrapping words, scrolling code) and no horizontal overflow', () => {
    expect(Buffer.byteLength(STYLESHEET)).toBeLessThan(6_000);
    expect(STYLESHEET).toContain(':focus-visible{outline:3px solid');
    expect(STYLESHEET).toContain('@media (prefers-color-scheme:dark)');
    expect(STYLESHEET).toContain('overflow-wrap:anywhere');
    expect(STYLESHEET).toMatch(/pre\{overflow-x:auto/);
    expect(STYLESHEET).not.toMatch(/url\(|@import|expression\(/);
  });
});
