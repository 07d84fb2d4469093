import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import { createDeliverDigest } from '../../adapters/service/deliver-digests.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { dateRange, weekHeading } from '../../src/digest/compose-weekly-digest.js';
import {
  composeWeeklyDigest,
  createPaperboy,
  PaperCollection,
  weeklyWindow,
  type Message,
  type PaperDraft,
  type Paperboy,
  type Subscription,
  type WeeklyDigestInput,
  silentLogger,
} from '../../src/index.js';
import { okValue } from '../helpers/results.js';

// The digest of Monday 7 December 2026 counts 1 to 7 December.
const DAY = '2026-12-07';

const draft = (title: string, appearances: PaperDraft['appearances'], abstract = `${title}. A study.`): PaperDraft => ({ title, abstract, authors: ['A. Author'], appearances });

const CORPUS: PaperDraft[] = [
  draft('Steady Climber', [
    { source: 'hf-daily', date: '2026-12-01', rank: 3 },
    { source: 'hf-daily', date: '2026-12-02', rank: 3 },
    { source: 'hf-daily', date: '2026-12-03', rank: 3 },
    { source: 'hf-daily', date: '2026-12-04', rank: 3 },
  ]),
  draft('Monday Morning Hit', [{ source: 'hf-daily', date: '2026-12-07', rank: 1, upvotes: 40 }]),
  draft('Last Week Star', [{ source: 'hf-daily', date: '2026-11-30', rank: 1 }]),
  draft('Old Team Favourite', [{ source: 'hf-daily', date: '2026-11-10', rank: 9 }]),
  draft('Ancient Classic Adapters', [{ source: 'hf-daily', date: '2025-01-01', rank: 1 }], 'Adapters for fine-tuning, the classic.'),
  draft('Listed Next Week', [{ source: 'hf-daily', date: '2026-12-08', rank: 1 }]),
  draft('Never Listed', []),
];

let built: { paperboy: Paperboy; ids: Map<string, string> } | undefined;
function corpus(): { paperboy: Paperboy; ids: Map<string, string> } {
  if (!built) {
    const papers = new PaperCollection();
    papers.addAll(CORPUS);
    built = { paperboy: createPaperboy({ papers }), ids: new Map([...papers.all()].map((p) => [p.title, p.id])) };
  }
  return built;
}
const id = (title: string): string => corpus().ids.get(title)!;

const subscription = (over: Partial<Subscription> = {}): Subscription => ({
  id: 'slack:T1:C1:weekly',
  kind: 'weekly',
  platform: 'slack',
  workspace: 'T1',
  channel: 'C1',
  time: '09:00',
  timezone: 'Europe/Berlin',
  days: 'monday',
  count: 10,
  createdBy: 'U1',
  enabled: true,
  createdAt: 0,
  updatedAt: 0,
  ...over,
});

const compose = async (over: Partial<WeeklyDigestInput> = {}) =>
  okValue(await composeWeeklyDigest({ paperboy: corpus().paperboy, subscription: subscription(), day: DAY, postedPaperIds: new Set(), ...over }));
const cards = (m: Message) => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));

describe('composeWeeklyDigest', () => {
  it('ranks the whole week alike, names the week in its heading and says what was counted', async () => {
    const { message, paperIds } = await compose();
    expect(message.visibility).toBe('channel');
    expect(message.blocks[0]).toEqual({ type: 'heading', text: 'This week’s top papers · Week 50 · 7 – 13 December 2026' });
    // Four days at #3 beat one day at #1, however fresh: a round-up, not today's list.
    expect(cards(message).map((c) => c.title)).toEqual(['Steady Climber', 'Monday Morning Hit']);
    expect(cards(message)[0]).toMatchObject({ rank: 1, why: '#3 on hf-daily 2026-12-01 · trending on 4 days' });
    expect(cards(message)[0]!.actions.map((a) => a.kind)).toEqual(['save', 'upvote', 'discuss', 'cite']);
    expect(paperIds).toEqual([id('Steady Climber'), id('Monday Morning Hit')]);
    expect(message.blocks.at(-1)).toEqual({
      type: 'note',
      text: "Counted 1 – 7 December 2026: the feeds' trending papers, and this team's saves, 👍 and discussion · none posted in this weekly digest before · /papers unsubscribe weekly to stop",
    });
    expect(message.fallback).toMatch(/^This week’s top papers · Week 50 · 7 – 13 December 2026: 1\. Steady Climber 2\. Monday Morning Hit$/);
  });

  it('with threads: on, is a header of numbered titles and one card per paper for its thread', async () => {
    const { message, paperIds, threadCards } = await compose({ subscription: subscription({ threads: true }) });
    expect(message.blocks[0]).toEqual({ type: 'heading', text: 'This week’s top papers · Week 50 · 7 – 13 December 2026' });
    expect(cards(message).map((c) => [c.rank, c.title, c.actions.length])).toEqual([
      [1, 'Steady Climber', 0],
      [2, 'Monday Morning Hit', 0],
    ]);
    expect(threadCards?.map((c) => c.paperId)).toEqual(paperIds);
    expect(cards(threadCards![0]!.message)[0]).toMatchObject({ title: 'Steady Climber', why: '#3 on hf-daily 2026-12-01 · trending on 4 days' });
  });

  it('puts what the team saved, 👍 and discussed this week on the list, with the reason first', async () => {
    const signals = new Map([
      [id('Old Team Favourite'), { saves: 4, reactions: 0, discussions: 12 }],
      [id('Ancient Classic Adapters'), { saves: 0, reactions: 3 }],
      [id('Monday Morning Hit'), { saves: 1, reactions: 1 }],
    ]);
    const list = cards((await compose({ signals })).message);
    expect(list.map((c) => [c.title, c.why])).toEqual([
      ['Monday Morning Hit', 'saved by 1 teammate · 1 reaction · #1 on hf-daily 2026-12-07 · 40 upvotes'],
      ['Steady Climber', '#3 on hf-daily 2026-12-01 · trending on 4 days'],
      // Not listed by any feed this week (one not even this month), but this team's week.
      ['Old Team Favourite', 'saved by 4 teammates · discussed 12 times'],
      ['Ancient Classic Adapters', '3 reactions'],
    ]);
  });

  it('never repeats a paper this weekly digest posted, and says so in one line when nothing is left', async () => {
    const first = await compose({ subscription: subscription({ count: 1 }) });
    expect(first.paperIds).toEqual([id('Steady Climber')]);
    const second = await compose({ subscription: subscription({ count: 1 }), postedPaperIds: new Set(first.paperIds) });
    expect(second.paperIds).toEqual([id('Monday Morning Hit')]);
    const none = await compose({ postedPaperIds: new Set([...first.paperIds, ...second.paperIds]) });
    expect(none.paperIds).toEqual([]);
    expect(none.message.blocks).toEqual([
      { type: 'text', text: 'No new papers this week (1 – 7 December 2026): nothing trended or was saved, 👍 or discussed here that this digest has not posted already.' },
    ]);
  });

  it('keeps to the topic, team picks included', async () => {
    const signals = new Map([[id('Ancient Classic Adapters'), { saves: 2, reactions: 0 }]]);
    const about = await compose({ subscription: subscription({ topic: 'adapters' }), signals });
    expect(about.message.blocks[0]).toEqual({ type: 'heading', text: 'This week’s top papers on “adapters” · Week 50 · 7 – 13 December 2026' });
    expect(cards(about.message).map((c) => c.title)).toEqual(['Ancient Classic Adapters']);
    const nothing = await compose({ subscription: subscription({ topic: 'adapters' }) });
    expect(nothing.message.blocks).toEqual([{ type: 'text', text: 'No new papers on “adapters” this week (1 – 7 December 2026).' }]);
  });

  it('counts nothing listed after its day', async () => {
    const early = await compose({ day: '2026-12-02' });
    // 26 November to 2 December: Monday's hit and next week's listing are not in it yet.
    expect(cards(early.message).map((c) => c.title)).toEqual(['Steady Climber', 'Last Week Star']);
    expect(early.message.blocks[0]).toMatchObject({ text: 'This week’s top papers · Week 49 · 30 November – 6 December 2026' });
  });
});

describe('the week in words and numbers', () => {
  it.each([
    ['2026-12-03', 'Week 49 · 30 November – 6 December 2026'],
    ['2026-12-08', 'Week 50 · 7 – 13 December 2026'],
    ['2027-01-01', 'Week 53 · 28 December 2026 – 3 January 2027'],
    ['2021-01-03', 'Week 53 · 28 December 2020 – 3 January 2021'],
    ['2027-01-04', 'Week 1 · 4 – 10 January 2027'],
  ])('heads a digest of %s “%s”', (day, heading) => {
    expect(weekHeading(day)).toBe(heading);
  });

  it('writes date ranges without repeating what they share', () => {
    expect(dateRange('2026-12-01', '2026-12-07')).toBe('1 – 7 December 2026');
    expect(dateRange('2026-11-25', '2026-12-01')).toBe('25 November – 1 December 2026');
    expect(dateRange('2026-12-29', '2027-01-04')).toBe('29 December 2026 – 4 January 2027');
  });

  it('counts team signals from local midnight seven days back, in the subscriber’s zone', () => {
    expect(weeklyWindow('2026-12-07', 'Europe/Berlin')).toEqual({ from: '2026-12-01', to: '2026-12-07', since: Date.parse('2026-11-30T23:00:00Z') });
    expect(weeklyWindow('2027-01-03', 'America/Los_Angeles')).toEqual({ from: '2026-12-28', to: '2027-01-03', since: Date.parse('2026-12-28T08:00:00Z') });
    // The week after Berlin's spring change starts in winter time.
    expect(weeklyWindow('2026-04-01', 'Europe/Berlin').since).toBe(Date.parse('2026-03-25T23:00:00Z'));
  });
});

describe('delivering a weekly digest', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('composes the weekly digest for a weekly subscription from the week’s signals only, and the daily one from all', async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-weekly-'));
    const storage = SqliteStorage.open(join(dir, 'paperboy.sqlite'));
    try {
      const adapter = new RecordingAdapter({ id: 'slack' });
      const deliver = createDeliverDigest({ paperboy: corpus().paperboy, storage, adapters: new Map([['slack', adapter]]), logger: silentLogger, clock: () => new Date(0) });
      const ref = { platform: 'slack', workspace: 'T1', channel: 'C1' };
      const weekly = await storage.saveSubscription(ref, { time: '09:00', timezone: 'Europe/Berlin', days: 'monday', count: 3 }, 'U1', 0);
      const daily = await storage.saveSubscription(ref, { time: '09:00', timezone: 'Europe/Berlin', days: 'daily', count: 3 }, 'U1', 0);
      const save = (title: string, user: string, at: string) => storage.addSignal({ platform: 'slack', workspace: 'T1', paperId: id(title), user, kind: 'save' }, Date.parse(at));
      // Saved just after Berlin's midnight starting 1 December: this week. Just before: last week.
      await save('Old Team Favourite', 'U1', '2026-11-30T23:00:00Z');
      await save('Never Listed', 'U1', '2026-11-30T22:59:59Z');

      const delivery = await deliver({ subscription: weekly, localDate: '2026-W50', day: DAY, attempt: 1, postedPaperIds: new Set() });
      const post = adapter.posts[0]!;
      expect(post.destination).toMatchObject(ref);
      expect(post.message.blocks[0]).toMatchObject({ text: 'This week’s top papers · Week 50 · 7 – 13 December 2026' });
      expect(cards(post.message).map((c) => c.title)).toEqual(['Steady Climber', 'Monday Morning Hit', 'Old Team Favourite']);
      expect(delivery).toEqual({ messageId: post.messageId, paperIds: cards(post.message).map((c) => c.paperId) });

      await deliver({ subscription: daily, localDate: DAY, day: DAY, attempt: 1, postedPaperIds: new Set() });
      expect(adapter.posts[1]!.message.blocks[0]).toMatchObject({ text: 'Trending papers · Monday 7 December 2026' });
    } finally {
      await storage.close();
    }
  });
});
