import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { textOf } from '../../helpers/command-harness.js';
import { inPage, screenshotPath, seenText } from './browser.js';
import { BROWSER_TEST_TIMEOUT_MS, browserSuite, NO_STACK } from './browser-suite.js';
import { ADA, BOB, EVE, START } from './team-site.js';

/**
 * Signing in without a password: the link `/papers web` hands a person in chat signs them
 * in to their own team's page, once, by setting a session cookie; links that expired, were
 * changed or belong to another team are refused with a page that says what to do.
 */
const suite = browserSuite();

const DAY_MS = 86_400_000;
const LINK_DAYS = 7;
const at = (ms: number) => new Date(ms).toISOString();
const TEAM_T1 = '/team/slack/T1';

/** The paper links in the part of the page under the heading with this id (up to the next h2). */
function paperLinksUnder(page: Page, headingId: string): Promise<string[]> {
  return inPage<string[]>(
    page,
    `(() => {
      const heading = document.getElementById(${JSON.stringify(headingId)});
      if (!heading) return ['no heading #' + ${JSON.stringify(headingId)}];
      const all = [...document.querySelectorAll('main a[href^="/p/"]')];
      const next = [...document.querySelectorAll('main h2')].find((h) => heading.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING);
      return all
        .filter((a) => heading.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING)
        .filter((a) => !next || a.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING)
        .map((a) => decodeURIComponent(a.getAttribute('href').slice(3)));
    })()`,
  );
}

const sessionCookie = async (context: BrowserContext) => (await context.cookies()).find((c) => c.name === 'paperboy_session');

async function expectRefused(page: Page, status: number, problem: string, response: { status(): number }): Promise<void> {
  expect(response.status()).toBe(status);
  expect(await page.locator('main.problem').getAttribute('data-problem')).toBe(problem);
  const text = await seenText(page.locator('main'));
  expect(text).toContain('/papers web'); // what to do: ask for a new link
  expect(text).not.toMatch(NO_STACK);
}

/** Changes a signed link's payload (base64url JSON) and keeps its signature. */
function withPayload(link: string, change: (payload: Record<string, unknown>) => void): string {
  const url = new URL(link);
  const [version, payload, mac] = url.searchParams.get('token')!.split('.');
  const decoded = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(decoded);
  url.searchParams.set('token', [version, Buffer.from(JSON.stringify(decoded)).toString('base64url'), mac].join('.'));
  return url.href;
}

describe('signing in by link', { timeout: BROWSER_TEST_TIMEOUT_MS }, () => {
  it('signs Ada in from the link /papers web gave her, and shows her team’s digest archive, reading list and week', async () => {
    const site = suite.site();
    // The team in chat: a daily digest posted in #C1, a paper two people saved and one liked.
    const posted = await site.postDigest();
    expect(posted).toHaveLength(5);
    const saved = posted[1]!;
    await site.command(`save ${saved}`, ADA);
    await site.command(`save ${saved}`, BOB);
    await site.command(`upvote ${saved}`, BOB);

    const reply = await site.command('web', ADA);
    expect(reply.visibility).toBe('private'); // only Ada sees her link
    expect(textOf(reply)).toMatch(/don.t share/i);
    const link = await site.signInLink(ADA);
    expect(new URL(link).pathname).toBe(TEAM_T1);

    const { page, context } = await suite.open();
    const response = await page.goto(link);
    expect(response!.status()).toBe(200);
    // The token leaves the address bar (and the history) at once.
    expect(new URL(page.url()).pathname).toBe(TEAM_T1);
    expect(new URL(page.url()).search).toBe('');
    expect(await sessionCookie(context)).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
    // The session lasts as long as the link would have (the browser counts from its own clock, so read the header).
    const signIn = await response!.request().redirectedFrom()!.response();
    const maxAge = Number((await signIn!.headerValue('set-cookie'))?.match(/Max-Age=(\d+)/i)?.[1]);
    expect(maxAge).toBeGreaterThan((LINK_DAYS * DAY_MS) / 1000 - 60);
    expect(maxAge).toBeLessThanOrEqual((LINK_DAYS * DAY_MS) / 1000);

    expect(await seenText(page.locator('h1'))).toContain('T1');
    const archive = page.locator('article.digest');
    expect(await archive.count()).toBe(1);
    expect(await seenText(archive.locator('h3'))).toMatch(/27 November 2026/);
    expect(await paperLinksUnder(page, 'archive')).toEqual(posted); // as it was posted, in order
    expect(await paperLinksUnder(page, 'reading-list')).toEqual([saved]);
    expect((await paperLinksUnder(page, 'top-week'))[0]).toBe(saved);
    expect(await seenText(page.locator('main'))).toMatch(/saved by 2/);
    await page.screenshot({ path: screenshotPath('team-page'), fullPage: true });

    // Signed in, a paper's page shows what the team did with it; /team leads to her own team.
    await page.goto(new URL(`/p/${encodeURIComponent(saved)}`, site.url).href);
    expect(await seenText(page.locator('section.team-panel'))).toMatch(/2/);
    await page.goto(new URL('/team', site.url).href);
    expect(new URL(page.url()).pathname).toBe(TEAM_T1);

    // Signing out forgets the session: the team page asks for a link again.
    await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('button', { name: 'Sign out' }).click()]);
    expect(await sessionCookie(context)).toBeUndefined();
    await expectRefused(page, 401, 'signed-out', (await page.goto(new URL(TEAM_T1, site.url).href))!);
  });

  it('refuses the team page to a visitor with no link, and keeps team data off the public pages', async () => {
    const site = suite.site();
    const { page } = await suite.open();
    await expectRefused(page, 401, 'signed-out', (await page.goto(new URL(TEAM_T1, site.url).href))!);
    await expectRefused(page, 401, 'signed-out', (await page.goto(new URL('/team', site.url).href))!);
    expect(await page.getByRole('link', { name: 'Your team' }).count()).toBe(0);
  });

  it('signs in until the link is 7 days old, and refuses it after with a page that says to ask for a new one', async () => {
    const site = suite.site();
    const issued = Date.parse('2026-11-28T10:00:00Z');
    site.at(at(issued));
    const early = await site.signInLink(ADA);
    const late = await site.signInLink(ADA);

    site.at(at(issued + LINK_DAYS * DAY_MS - 60_000));
    const first = await suite.open();
    expect((await first.page.goto(early))!.status()).toBe(200);
    expect(new URL(first.page.url()).pathname).toBe(TEAM_T1);

    site.at(at(issued + LINK_DAYS * DAY_MS + 60_000));
    const second = await suite.open();
    await expectRefused(second.page, 401, 'link-expired', (await second.page.goto(late))!);
    expect(await sessionCookie(second.context)).toBeUndefined();
    // The session from the link expires with it (whatever the browser's own clock says).
    const after = (await first.page.goto(new URL(TEAM_T1, site.url).href))!;
    expect(after.status()).toBe(401);
    expect(await first.page.locator('main.problem').getAttribute('data-problem')).toMatch(/^(signed-out|link-expired)$/);
    await second.page.screenshot({ path: screenshotPath('link-expired') });
    site.at(START);
  });

  it('refuses a link whose signature or content was changed, and one cut short', async () => {
    const site = suite.site();
    site.at(START);
    const link = await site.signInLink(ADA);
    const token = new URL(link).searchParams.get('token')!;
    const flipped = new URL(link);
    flipped.searchParams.set('token', token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA'));
    const cases: Array<[string, number, string]> = [
      [flipped.href, 403, 'link-tampered'],
      [withPayload(link, (p) => (p['u'] = BOB.user)), 403, 'link-tampered'], // Ada's link made Bob's
      [withPayload(link, (p) => (p['exp'] = Number(p['exp']) + 365 * DAY_MS)), 403, 'link-tampered'], // a longer life
      [`${new URL(link).origin}${TEAM_T1}?token=${token.split('.').slice(0, 2).join('.')}`, 400, 'link-malformed'],
      [`${new URL(link).origin}${TEAM_T1}?token=%3Cscript%3Ealert(1)%3C%2Fscript%3E`, 400, 'link-malformed'],
    ];
    for (const [url, status, problem] of cases) {
      const { page, context, watch } = await suite.open();
      await expectRefused(page, status, problem, (await page.goto(url))!);
      expect(await sessionCookie(context)).toBeUndefined();
      expect(watch.dialogs).toEqual([]);
    }
  });

  it('refuses another team’s link and another team’s session on this team’s page', async () => {
    const site = suite.site();
    site.at(START);
    const eves = await site.signInLink(EVE);
    expect(new URL(eves).pathname).toBe('/team/slack/T2');

    // Eve's token on team T1's address.
    const borrowed = new URL(TEAM_T1, site.url);
    borrowed.searchParams.set('token', new URL(eves).searchParams.get('token')!);
    const stranger = await suite.open();
    await expectRefused(stranger.page, 403, 'other-team', (await stranger.page.goto(borrowed.href))!);
    expect(await sessionCookie(stranger.context)).toBeUndefined();

    // Eve signed in to her own team cannot open team T1's page, and sees none of its papers.
    const { page } = await suite.open();
    expect((await page.goto(eves))!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/team/slack/T2');
    expect(await paperLinksUnder(page, 'reading-list')).toEqual([]);
    await expectRefused(page, 403, 'other-team', (await page.goto(new URL(TEAM_T1, site.url).href))!);
  });
});
