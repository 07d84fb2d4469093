import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type ChannelRef, type PageContext, type SubscriptionSettings, teamPage, type Viewer } from '../../../src/index.js';
import { shippedPaperboy } from '../../helpers/shipped-corpus.js';
import { depsOver, expectHeadingsInOrder, expectSafePage, NOW, openTempStorage, paperLinksOf, sectionOf, tagsWith, textOf } from './page-reading.js';

/**
 * The team page over a real SQLite storage: subscriptions, posted digests and saves are
 * written the way the scheduler and the commands write them, then read back as a page.
 */
const DAY = 86_400_000;
const TEAM = { platform: 'slack', workspace: 'T1' };
const VIEWER: Viewer = { team: TEAM, user: 'U1' };
const ctx = (viewer: Viewer = VIEWER): PageContext & { viewer: Viewer } => ({ now: NOW, viewer });
const DAILY: SubscriptionSettings = { time: '09:00', timezone: 'Europe/Berlin', days: 'weekdays', count: 5 };
const WEEKLY: SubscriptionSettings = { time: '10:00', timezone: 'UTC', days: 'monday', count: 5, topic: 'graph networks' };

const papers = [...shippedPaperboy().papers.all()].slice(0, 8);
const id = (i: number) => papers[i]!.id;
const title = (i: number) => papers[i]!.title;

let store: ReturnType<typeof openTempStorage>;
beforeEach(() => {
  store = openTempStorage();
});
afterEach(() => store.close());

async function post(channel: ChannelRef, settings: SubscriptionSettings, localDate: string, paperIds: string[], at: number): Promise<void> {
  const sub = await store.storage.saveSubscription(channel, settings, 'U1', at - DAY * 30);
  const claim = await store.storage.claimSlot(sub.id, localDate, 'test', at, at + 60_000);
  if (!claim) throw new Error('slot not claimed');
  expect(await store.storage.completeSlot(claim, `m-${localDate}`, paperIds, at)).toBe(true);
}

const save = (user: string, paperId: string, at: number, workspace = 'T1') => store.storage.addSignal({ platform: 'slack', workspace, paperId, user, kind: 'save' }, at);
const thumbsUp = (user: string, paperId: string, at: number) => store.storage.addSignal({ platform: 'slack', workspace: 'T1', paperId, user, kind: 'reaction' }, at);

describe('the team page (/team/<platform>/<workspace>)', () => {
  test('names the team and who is signed in', async () => {
    const page = await teamPage(depsOver(shippedPaperboy(), store.storage), ctx());
    expect(page.status).toBe(200);
    expectSafePage(page.html);
    expect(page.html).toContain('<h1>Slack workspace T1</h1>');
    expect(textOf(page.html)).toContain('Signed in as U1.');
    for (const anchor of ['archive', 'reading-list', 'top-week']) expect(page.html).toContain(`<h2 id="${anchor}">`);
  });

  test('the digest archive: each channel’s posted digests, newest day first, papers in the order they were posted; personal digests and other teams stay out', async () => {
    const research: ChannelRef = { ...TEAM, channel: 'C-research' };
    await post(research, DAILY, '2026-11-25', [id(2), id(0), 'gone-since'], NOW.getTime() - 2 * DAY);
    await post(research, DAILY, '2026-11-26', [id(4), id(3)], NOW.getTime() - DAY);
    await store.storage.saveSubscription({ ...TEAM, channel: 'C-general' }, WEEKLY, 'U1', NOW.getTime());
    await post({ ...TEAM, channel: 'user:U1' }, DAILY, '2026-11-26', [id(6)], NOW.getTime() - DAY);
    await post({ platform: 'slack', workspace: 'T2', channel: 'C-other' }, DAILY, '2026-11-26', [id(7)], NOW.getTime() - DAY);

    const page = await teamPage(depsOver(shippedPaperboy(), store.storage), ctx());
    expectSafePage(page.html);
    const archive = sectionOf(page.html, '<h2 id="archive"', '<h2 id="reading-list"');
    const text = textOf(archive);
    expect(text).toContain('Channel C-research · on weekdays at 09:00 (Europe/Berlin)');
    expect(text).toContain('Channel C-general · on Mondays at 10:00 (UTC), about “graph networks”');
    expect(text).toContain('No digest posted here yet.');
    expect(text).not.toContain('user:U1');
    expect(text).not.toContain('C-other');

    expect([...archive.matchAll(/<article class="digest"><h3>([^<]+)<\/h3>/g)].map((m) => m[1])).toEqual(['Thursday 26 November 2026', 'Wednesday 25 November 2026']);
    expect(paperLinksOf(archive).map((l) => l.title)).toEqual([title(4), title(3), title(2), title(0)]);
    expect(paperLinksOf(archive)[0]!.href).toBe(`/p/${id(4)}`);
    expect(text).toContain('gone-since (no longer in the corpus)');
    expect(paperLinksOf(page.html).map((l) => l.title)).not.toContain(title(6));
    expectHeadingsInOrder(page.html);
  });

  test('a weekly digest, kept under its ISO week, shows as that week (the page does not fail)', async () => {
    const general: ChannelRef = { ...TEAM, channel: 'C-general' };
    await post(general, WEEKLY, '2026-W48', [id(1), id(2)], NOW.getTime() - DAY);

    const page = await teamPage(depsOver(shippedPaperboy(), store.storage), ctx());
    expect(page.status).toBe(200);
    const archive = sectionOf(page.html, '<h2 id="archive"', '<h2 id="reading-list"');
    expect([...archive.matchAll(/<article class="digest"><h3>([^<]+)<\/h3>/g)].map((m) => m[1])).toEqual(['Week 48 of 2026, from Monday 23 November']);
    expect(paperLinksOf(archive).map((l) => l.title)).toEqual([title(1), title(2)]);
  });

  test('the reading list: what anyone on the team saved, most savers first, then the latest save; another team’s saves stay out', async () => {
    const t = NOW.getTime();
    await save('U1', id(0), t - 5 * DAY);
    await save('U2', id(0), t - 4 * DAY);
    await save('U3', id(0), t - 3 * DAY);
    await save('U1', id(1), t - 2 * DAY);
    await save('U2', id(2), t - DAY);
    await save('U9', id(5), t, 'T2');

    const page = await teamPage(depsOver(shippedPaperboy(), store.storage), ctx());
    const list = sectionOf(page.html, '<h2 id="reading-list"', '</section>');
    expect(paperLinksOf(list).map((l) => l.title)).toEqual([title(0), title(2), title(1)]);
    expect(textOf(list)).toContain('saved by 3 · last on Tuesday 24 November');
    expect(textOf(list)).toContain('saved by 1 · last on Thursday 26 November');
  });

  test('top papers this week: ranked by the team’s saves, 👍 and replies of the last 7 days, with what they did', async () => {
    const t = NOW.getTime();
    await save('U1', id(0), t - 10 * DAY); // before the week: does not count
    await save('U2', id(0), t - 10 * DAY);
    await save('U1', id(1), t - DAY);
    await thumbsUp('U1', id(1), t - DAY);
    await thumbsUp('U2', id(1), t - DAY);
    await thumbsUp('U3', id(2), t - 2 * DAY);
    await store.storage.addDiscussionReply('slack', 'T1', id(2), t - DAY);

    const page = await teamPage(depsOver(shippedPaperboy(), store.storage), ctx());
    const top = sectionOf(page.html, '<h2 id="top-week"', '</section>');
    expect(paperLinksOf(top).map((l) => l.title)).toEqual([title(1), title(2)]);
    expect(textOf(top)).toContain('saved by 1 · 2 👍');
    expect(textOf(top)).toContain('1 👍 · 1 reply');
  });

  test('a team with nothing yet is told what to do in each part', async () => {
    const page = await teamPage(depsOver(shippedPaperboy(), store.storage), ctx());
    const text = textOf(page.html);
    expect(text).toContain('No channel of this team gets a digest yet: type /papers subscribe');
    expect(text).toContain('Nobody has saved a paper yet');
    expect(text).toContain('Nobody on the team saved, 👍’d or discussed a paper in the last 7 days.');
    expect(tagsWith(page.html, (t) => t.name === 'article')).toHaveLength(0);
  });

  test('hostile and unicode workspace and user ids render as text; the header links to the team’s own encoded path', async () => {
    const hostile: Viewer = { team: { platform: 'discord', workspace: '"><svg onload=alert(1)>' }, user: '<img src=x onerror=alert(1)> Zoë \u202Eevil' };
    const page = await teamPage(depsOver(shippedPaperboy(), store.storage), ctx(hostile));
    expectSafePage(page.html);
    expect(textOf(page.html)).toContain('Discord server "><svg onload=alert(1)>');
    expect(textOf(page.html)).toContain('Signed in as <img src=x onerror=alert(1)> Zoë \u202Eevil.');
    expect(tagsWith(page.html, (t) => t.attrs.get('aria-current') === 'page').map((t) => t.attrs.get('href'))).toEqual(['/team/discord/%22%3E%3Csvg%20onload%3Dalert(1)%3E']);
  });
});
