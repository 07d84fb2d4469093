import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInTokens } from '../../../adapters/web/sign-in-tokens.js';
import type { ServiceHarness } from '../../helpers/service-harness.js';
import { browse, cookieOf, expectNoStack, expectProblem, expectSecurityHeaders, SECRET, signInLink, START, startWebService, webSettings } from './web-service.js';

let h: ServiceHarness;
let base: string;
const WEEK_S = 7 * 24 * 3600;
const tokens = new SignInTokens(SECRET);
const ada = { team: { platform: 'slack', workspace: 'T1' }, user: 'U1' };

beforeAll(async () => {
  h = await startWebService();
  base = h.service.url;
});
afterAll(async () => {
  await h.close();
});

/** The path and query of a link, as the browser requests it from this service. */
const pathOf = (url: URL): string => `${url.pathname}${url.search}`;

async function signedIn(workspace = 'T1'): Promise<string> {
  h.at(START);
  const answer = await browse(base, pathOf(await signInLink(h, { workspace })));
  expect(answer.status).toBe(303);
  return cookieOf(answer);
}

describe('signing in with the link /papers web gives', () => {
  it('sets a week-long HttpOnly, SameSite=Lax session cookie and sends the browser to the page without the token', async () => {
    h.at(START);
    const link = await signInLink(h);
    expect(link.origin).toBe(base);
    expect(link.pathname).toBe('/team/slack/T1');
    const answer = await browse(base, pathOf(link));
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/team/slack/T1');
    expectSecurityHeaders(answer);
    expect(answer.headers['set-cookie']).toHaveLength(1);
    const cookie = answer.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/^paperboy_session=v1\.[\w-]+\.[\w-]+; /);
    expect(cookie.split('; ').slice(1).sort()).toEqual(['HttpOnly', `Max-Age=${WEEK_S}`, 'Path=/', 'SameSite=Lax']);
    // The cookie is a session, not the link: the link's token never becomes the cookie.
    expect(cookieOf(answer)).not.toContain(link.searchParams.get('token')!);
    const page = await browse(base, '/team/slack/T1', { cookie: cookieOf(answer) });
    expect(page.status).toBe(200);
    expectSecurityHeaders(page);
    expect(page.body).toMatch(/^<!doctype html>/i);
    expect(page.body).toMatch(/<h1>[^<]*T1[^<]*<\/h1>/);
    expect(page.body).toContain('Signed in as U1');
    expect(page.body).toContain('id="reading-list"');
  });

  it('shows a signed-in person their team link and team panel on public pages, and nobody else', async () => {
    const cookie = await signedIn();
    const paper = '/p/noprop-training-neural-networks-without';
    const mine = await browse(base, paper, { cookie });
    expect(mine.body).toContain('href="/team/slack/T1"');
    expect(mine.body).toContain('class="team-panel"');
    for (const answer of [await browse(base, paper), await browse(base, '/'), await browse(base, '/search?q=lora')]) {
      expect(answer.status).toBe(200);
      expect(answer.body).not.toContain('/team/slack/T1');
      expect(answer.body).not.toContain('team-panel');
    }
  });

  it('lasts until the link would have expired, counted from the sign-in', async () => {
    h.at(START);
    const link = await signInLink(h);
    h.at('2026-12-01T08:00:00Z');
    const answer = await browse(base, pathOf(link));
    expect(answer.headers['set-cookie']![0]).toContain(`Max-Age=${3 * 24 * 3600}`);
    h.at('2026-12-04T07:59:59Z');
    expect((await browse(base, '/team/slack/T1', { cookie: cookieOf(answer) })).status).toBe(200);
    h.at('2026-12-04T08:00:00Z');
    const ended = await browse(base, '/team/slack/T1', { cookie: cookieOf(answer) });
    expectProblem(ended, 401, 'signed-out');
    expect(ended.headers['set-cookie']![0]).toMatch(/^paperboy_session=; .*Max-Age=0/);
  });

  it('marks the cookie Secure when the public URL is https, and links there', async () => {
    const secure = await startWebService(webSettings({ publicUrl: 'https://papers.example.com' }));
    try {
      const link = await signInLink(secure);
      expect(link.origin).toBe('https://papers.example.com');
      const answer = await browse(secure.service.url, pathOf(link));
      expect(answer.status).toBe(303);
      expect(answer.headers['set-cookie']![0]!.split('; ')).toContain('Secure');
    } finally {
      await secure.close();
    }
  });

  it('refuses an expired link with the page that says to ask for a new one', async () => {
    h.at(START);
    const link = await signInLink(h);
    h.at('2026-12-04T08:00:00Z');
    const answer = await browse(base, pathOf(link));
    expectProblem(answer, 401, 'link-expired');
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.body).toMatch(/expired/);
    expect(answer.body).toContain('/papers web');
  });

  it('refuses a link with any part changed, and one that is not a link at all', async () => {
    h.at(START);
    const token = (await signInLink(h)).searchParams.get('token')!;
    const [version, payload, mac] = token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ p: 'slack', w: 'T1', u: 'U2', exp: Date.parse(START) + 1e9, k: 'link' })).toString('base64url');
    const flip = (text: string, at: number): string => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    const cases: Array<[string, number, string]> = [
      [`v2.${payload}.${mac}`, 400, 'link-malformed'],
      [`${version}.${flip(payload, 5)}.${mac}`, 403, 'link-tampered'],
      [`${version}.${forged}.${mac}`, 403, 'link-tampered'],
      [`${version}.${payload}.${flip(mac, 10)}`, 403, 'link-tampered'],
      [`${version}.${payload}`, 400, 'link-malformed'],
      ['', 400, 'link-malformed'],
      ['%3Cscript%3Ealert(1)%3C%2Fscript%3E', 400, 'link-malformed'],
      [encodeURIComponent('@everyone <!channel> ‮'), 400, 'link-malformed'],
      ['x'.repeat(3000), 400, 'link-malformed'],
    ];
    for (const [sent, status, problem] of cases) {
      const answer = await browse(base, `/team/slack/T1?token=${sent}`);
      expectProblem(answer, status, problem);
      expect(answer.headers['set-cookie'], sent.slice(0, 20)).toBeUndefined();
      expect(answer.body).not.toContain('<script>alert');
      expect(answer.body).toContain('/papers web');
    }
    // A session token is not a link either.
    expectProblem(await browse(base, `/team/slack/T1?token=${tokens.sign(ada, 'session', new Date('2026-12-01T00:00:00Z'))}`), 403, 'link-tampered');
  });

  it("refuses another team's link, and a session of another team", async () => {
    h.at(START);
    const theirs = await signInLink(h, { workspace: 'T2', user: { id: 'U9', name: 'Eve' } });
    const answer = await browse(base, `/team/slack/T1${theirs.search}`);
    expectProblem(answer, 403, 'other-team');
    expect(answer.headers['set-cookie']).toBeUndefined();
    const sameIdOtherPlatform = await browse(base, `/team/discord/T1${theirs.search}`);
    expectProblem(sameIdOtherPlatform, 403, 'other-team');
    const t2 = await signedIn('T2');
    expectProblem(await browse(base, '/team/slack/T1', { cookie: t2 }), 403, 'other-team');
    expect((await browse(base, '/team/slack/T2', { cookie: t2 })).status).toBe(200);
  });

  it('shows the signed-out page without a session, and sends a signed-in person from /team to their own team', async () => {
    h.at(START);
    expectProblem(await browse(base, '/team/slack/T1'), 401, 'signed-out');
    expectProblem(await browse(base, '/team'), 401, 'signed-out');
    expectProblem(await browse(base, '/team/slack/T1', { cookie: 'paperboy_session=v1.garbage.garbage' }), 401, 'signed-out');
    const cookie = await signedIn();
    const own = await browse(base, '/team', { cookie });
    expect(own.status).toBe(303);
    expect(own.headers.location).toBe('/team/slack/T1');
    expectProblem(await browse(base, '/team/slack', { cookie }), 404, 'not-found');
    expectProblem(await browse(base, '/team/slack/T1/extra', { cookie }), 404, 'not-found');
    expectProblem(await browse(base, '/team/%ZZ/T1', { cookie }), 404, 'not-found');
  });

  it('signs out with a POST that drops the cookie', async () => {
    const cookie = await signedIn();
    const out = await browse(base, '/signout', { method: 'POST', cookie });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/');
    expect(out.headers['set-cookie']![0]!.split('; ').sort()).toEqual(['HttpOnly', 'Max-Age=0', 'Path=/', 'SameSite=Lax', 'paperboy_session=']);
    const get = await browse(base, '/signout', { cookie });
    expectProblem(get, 405, 'bad-request');
    expect(get.headers.allow).toBe('POST');
  });

  it('is revoked for every link and session by rotating the secret', async () => {
    const old = new SignInTokens('the-previous-secret-0123456789abcdef0123');
    h.at(START);
    const until = new Date('2026-12-01T00:00:00Z');
    expectProblem(await browse(base, `/team/slack/T1?token=${old.sign(ada, 'link', until)}`), 403, 'link-tampered');
    const stale = await browse(base, '/team/slack/T1', { cookie: `paperboy_session=${old.sign(ada, 'session', until)}` });
    expectProblem(stale, 401, 'signed-out');
    expect(stale.headers['set-cookie']![0]).toMatch(/^paperboy_session=; .*Max-Age=0/);
    // The same person, signed with the current secret, gets in.
    expect((await browse(base, '/team/slack/T1', { cookie: `paperboy_session=${tokens.sign(ada, 'session', until)}` })).status).toBe(200);
  });

  it('signs in a team whose id is markup, mentions or unicode, at its own encoded address', async () => {
    for (const workspace of ['<!channel> @everyone', '<img src=x onerror=alert(1)>', '深度\u202Eteam', 'a/b?c#d']) {
      h.at(START);
      const link = await signInLink(h, { platform: 'discord', workspace });
      const path = `/team/discord/${encodeURIComponent(workspace)}`;
      expect(link.pathname).toBe(path);
      const answer = await browse(base, pathOf(link));
      expect(answer.status, workspace).toBe(303);
      expect(answer.headers.location).toBe(path);
      const page = await browse(base, path, { cookie: cookieOf(answer) });
      expect(page.status, workspace).toBe(200);
      expect(page.body).not.toContain('<img src=x');
      expectProblem(await browse(base, '/team/slack/T1', { cookie: cookieOf(answer) }), 403, 'other-team');
    }
  });

  it('never logs the token', async () => {
    h.at(START);
    const link = await signInLink(h);
    await browse(base, pathOf(link));
    const token = link.searchParams.get('token')!;
    expect(JSON.stringify(h.logged)).not.toContain(token.split('.')[2]);
    expect(h.logged.some((l) => l.message === 'signed in to a team page by link')).toBe(true);
    expectNoStack(await browse(base, '/team/slack/T1?token=v1.x.y'));
  });
});
