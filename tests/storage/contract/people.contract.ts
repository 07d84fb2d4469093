import { describe, expect, it } from 'vitest';
import type { FollowInput } from '../../../src/follows/follow.js';
import { MAX_FOLLOWS } from '../../../src/follows/follow.js';
import type { PersonRef } from '../../../src/personal/person.js';
import type { Storage } from '../../../src/ports/storage.port.js';
import { ALICE, BOB, MINUTE, person, T0 } from '../../helpers/storage-fixtures.js';
import type { ContractContext } from '../storage-contract.js';

const LECUN: FollowInput = { kind: 'author', label: 'Yann LeCun', key: 'lecun y' };
const DIFFUSION: FollowInput = { kind: 'topic', label: 'diffusion transformers', key: 'diffus transform' };
const PAPER: FollowInput = { kind: 'paper', label: 'Attention Is All You Need', key: '1706.03762' };

const topic = (n: number): FollowInput => ({ kind: 'topic', label: `topic ${n}`, key: `topic-${String(n).padStart(3, '0')}` });

/** Labels a person might type, kept exactly as typed: shown back to them, never interpreted. */
const HOSTILE_LABELS = [
  '<!channel> <!here> @everyone @here',
  '<script>alert("x")</script>',
  "Robert'); DROP TABLE follows; --",
  '**bold** _it_ `code` ~strike~ > quote [link](https://evil.example)',
  'Łukasz Kaiser, Ashish Vaswani 👩‍🔬🇩🇪',
  'Se\u0301bastien Bubeck', // combining accent, not precomposed: must not be normalized
  'نموذج لغوي كبير \u202eevil',
  '\u200b\ufeff zero width',
  'x'.repeat(5000),
];

async function fillFollows(storage: Storage, who: PersonRef, count: number): Promise<void> {
  for (let n = 0; n < count; n += 1) expect((await storage.addFollow(who, topic(n), MAX_FOLLOWS, T0 + n)).status).toBe('added');
}

/** Follows and preferences: the PeopleStore's per-person settings. */
export function peopleContract(ctx: ContractContext): void {
  describe('follows', () => {
    it('adds follows and lists them oldest first, with stable ids', async () => {
      const storage = await ctx.open();
      const added = await storage.addFollow(ALICE, LECUN, MAX_FOLLOWS, T0);
      expect(added).toStrictEqual({ status: 'added', follow: { id: expect.any(Number), ...ALICE, ...LECUN, createdAt: T0 } });
      await storage.addFollow(ALICE, DIFFUSION, MAX_FOLLOWS, T0 + MINUTE);
      await storage.addFollow(ALICE, PAPER, MAX_FOLLOWS, T0 + 2 * MINUTE);
      const listed = await storage.listFollows(ALICE);
      expect(listed.map((f) => [f.kind, f.label, f.key, f.createdAt])).toEqual([
        ['author', 'Yann LeCun', 'lecun y', T0],
        ['topic', 'diffusion transformers', 'diffus transform', T0 + MINUTE],
        ['paper', 'Attention Is All You Need', '1706.03762', T0 + 2 * MINUTE],
      ]);
      expect(listed[0]).toStrictEqual(added.status === 'added' ? added.follow : undefined);
      expect(listed[0]!.id).toBeLessThan(listed[1]!.id);
      expect(listed[1]!.id).toBeLessThan(listed[2]!.id);
      expect(await storage.listFollows(BOB)).toEqual([]);
    });

    it('a second follow of the same key is a duplicate that returns the first, unchanged', async () => {
      const storage = await ctx.open();
      const first = await storage.addFollow(ALICE, LECUN, MAX_FOLLOWS, T0);
      const again = await storage.addFollow(ALICE, { ...LECUN, label: 'Y. LeCun' }, MAX_FOLLOWS, T0 + MINUTE);
      expect(again).toStrictEqual({ status: 'duplicate', follow: first.status === 'added' ? first.follow : undefined });
      // The key is per kind and per person: a topic with that text, or Bob following LeCun, is new.
      expect((await storage.addFollow(ALICE, { kind: 'topic', label: 'lecun y', key: 'lecun y' }, MAX_FOLLOWS, T0)).status).toBe('added');
      expect((await storage.addFollow(BOB, LECUN, MAX_FOLLOWS, T0)).status).toBe('added');
      expect((await storage.addFollow(person('U-alice', { workspace: 'T02' }), LECUN, MAX_FOLLOWS, T0)).status).toBe('added');
      expect((await storage.listFollows(ALICE)).map((f) => f.label)).toEqual(['Yann LeCun', 'lecun y']);
    });

    it(`refuses a follow past the limit with the count, still recognizing a duplicate`, async () => {
      const storage = await ctx.open();
      await fillFollows(storage, ALICE, MAX_FOLLOWS);
      expect(await storage.addFollow(ALICE, LECUN, MAX_FOLLOWS, T0)).toStrictEqual({ status: 'full', count: MAX_FOLLOWS });
      expect(await storage.addFollow(ALICE, topic(7), MAX_FOLLOWS, T0)).toMatchObject({ status: 'duplicate', follow: { key: 'topic-007' } });
      expect((await storage.listFollows(ALICE)).length).toBe(MAX_FOLLOWS);
      // The limit is per person, and the caller's max is the one applied.
      expect((await storage.addFollow(BOB, LECUN, MAX_FOLLOWS, T0)).status).toBe('added');
      expect(await storage.addFollow(BOB, PAPER, 1, T0)).toStrictEqual({ status: 'full', count: 1 });
      // After an unfollow there is room again.
      const [oldest] = await storage.listFollows(ALICE);
      expect(await storage.removeFollows(ALICE, [oldest!.id])).toBe(1);
      expect((await storage.addFollow(ALICE, LECUN, MAX_FOLLOWS, T0)).status).toBe('added');
    });

    it('two replicas adding at once at the limit cannot both go past it', async () => {
      const storage = await ctx.open();
      const other = await ctx.openSecond(storage);
      await fillFollows(storage, ALICE, MAX_FOLLOWS - 2);
      // Six adds of different keys race for the last two places.
      const adds = [LECUN, DIFFUSION, PAPER, topic(100), topic(101), topic(102)];
      const outcomes = await Promise.all(adds.map((follow, i) => (i % 2 === 0 ? storage : other).addFollow(ALICE, follow, MAX_FOLLOWS, T0)));
      expect(outcomes.filter((o) => o.status === 'added')).toHaveLength(2);
      expect(outcomes.filter((o) => o.status === 'full')).toHaveLength(4);
      expect((await storage.listFollows(ALICE)).length).toBe(MAX_FOLLOWS);
      // And two racing adds of the same key give one follow.
      const same = await Promise.all([storage.addFollow(BOB, LECUN, MAX_FOLLOWS, T0), other.addFollow(BOB, LECUN, MAX_FOLLOWS, T0)]);
      expect(same.map((o) => o.status).sort()).toEqual(['added', 'duplicate']);
      expect(await storage.listFollows(BOB)).toHaveLength(1);
    });

    it('removes only the asker’s own follows by id, or all of them', async () => {
      const storage = await ctx.open();
      await storage.addFollow(ALICE, LECUN, MAX_FOLLOWS, T0);
      await storage.addFollow(ALICE, DIFFUSION, MAX_FOLLOWS, T0);
      await storage.addFollow(ALICE, PAPER, MAX_FOLLOWS, T0);
      await storage.addFollow(BOB, LECUN, MAX_FOLLOWS, T0);
      const [lecun, diffusion, paper] = await storage.listFollows(ALICE);
      const [bobs] = await storage.listFollows(BOB);
      // Bob's id, an unknown id, a repeated id and a fraction change nothing of anyone else's.
      expect(await storage.removeFollows(ALICE, [lecun!.id, paper!.id, paper!.id, bobs!.id, 999_999, 1.5])).toBe(2);
      expect((await storage.listFollows(ALICE)).map((f) => f.id)).toEqual([diffusion!.id]);
      expect(await storage.listFollows(BOB)).toEqual([bobs]);
      expect(await storage.removeFollows(ALICE, [])).toBe(0);
      // Ids are never given again, even the newest one's: `unfollow 3` cannot hit a later follow.
      const newest = await storage.addFollow(ALICE, LECUN, MAX_FOLLOWS, T0);
      const newestId = newest.status === 'added' ? newest.follow.id : 0;
      expect(await storage.removeFollows(ALICE, [newestId])).toBe(1);
      const readded = await storage.addFollow(ALICE, LECUN, MAX_FOLLOWS, T0);
      expect(readded.status === 'added' && readded.follow.id).toBeGreaterThan(newestId);
      expect(await storage.removeFollows(ALICE, [newestId])).toBe(0);
      expect(await storage.removeFollows(ALICE, 'all')).toBe(2);
      expect(await storage.listFollows(ALICE)).toEqual([]);
      expect(await storage.removeFollows(ALICE, 'all')).toBe(0);
      expect(await storage.listFollows(BOB)).toEqual([bobs]);
    });

    it('lists every follow in id order, or those of some platforms', async () => {
      const storage = await ctx.open();
      const discord = person('4242', { platform: 'discord', workspace: 'G1' });
      const consoleUser = person('ada', { platform: 'console', workspace: 'local' });
      await storage.addFollow(ALICE, LECUN, MAX_FOLLOWS, T0);
      await storage.addFollow(discord, DIFFUSION, MAX_FOLLOWS, T0);
      await storage.addFollow(consoleUser, PAPER, MAX_FOLLOWS, T0);
      await storage.addFollow(BOB, PAPER, MAX_FOLLOWS, T0);
      const all = await storage.allFollows();
      expect(all.map((f) => `${f.platform}/${f.user}/${f.kind}`)).toEqual(['slack/U-alice/author', 'discord/4242/topic', 'console/ada/paper', 'slack/U-bob/paper']);
      expect(all.map((f) => f.id)).toEqual([...all.map((f) => f.id)].sort((a, b) => a - b));
      expect((await storage.allFollows(new Set(['discord', 'slack']))).map((f) => f.user)).toEqual(['U-alice', '4242', 'U-bob']);
      expect((await storage.allFollows(new Set(['console']))).map((f) => f.user)).toEqual(['ada']);
      expect(await storage.allFollows(new Set())).toEqual([]);
      expect(await storage.allFollows(new Set(['teams']))).toEqual([]);
    });

    it('keeps hostile and unicode labels exactly as typed', async () => {
      const storage = await ctx.open();
      for (const [n, label] of HOSTILE_LABELS.entries()) await storage.addFollow(ALICE, { kind: 'topic', label, key: `${label}#${n}` }, MAX_FOLLOWS, T0);
      const listed = await storage.listFollows(ALICE);
      expect(listed.map((f) => f.label)).toEqual(HOSTILE_LABELS);
      expect(listed.map((f) => f.key)).toEqual(HOSTILE_LABELS.map((label, n) => `${label}#${n}`));
      // Someone's id with quotes and a LIKE pattern is just an id.
      const odd = person("U'%_\\");
      await storage.addFollow(odd, LECUN, MAX_FOLLOWS, T0);
      expect((await storage.listFollows(odd)).map((f) => f.user)).toEqual(["U'%_\\"]);
      expect(await storage.listFollows(person('U%'))).toEqual([]);
    });

    it('refuses what it cannot store the same way in both databases', async () => {
      const storage = await ctx.open();
      await expect(storage.addFollow(ALICE, { kind: 'topic', label: 'a\u0000b', key: 'ab' }, MAX_FOLLOWS, T0)).rejects.toThrow(/NUL/);
      await expect(storage.addFollow(ALICE, { kind: 'venue' as 'topic', label: 'NeurIPS', key: 'neurips' }, MAX_FOLLOWS, T0)).rejects.toThrow(/kind "venue"/);
      await expect(storage.addFollow(ALICE, { kind: 'topic', label: ' ', key: 'x' }, MAX_FOLLOWS, T0)).rejects.toThrow(/label/);
      expect(await storage.listFollows(ALICE)).toEqual([]);
    });

    it('skips a follow row damaged in the database instead of failing the list', async () => {
      const storage = await ctx.open();
      await storage.addFollow(ALICE, LECUN, MAX_FOLLOWS, T0);
      await storage.addFollow(ALICE, DIFFUSION, MAX_FOLLOWS, T0);
      await ctx.sql(storage, `UPDATE follows SET kind = 'venue' WHERE key = 'lecun y'`);
      expect((await storage.listFollows(ALICE)).map((f) => f.label)).toEqual(['diffusion transformers']);
      expect((await storage.allFollows()).map((f) => f.label)).toEqual(['diffusion transformers']);
    });
  });

  describe('preferences', () => {
    const BERLIN_NIGHTS = { start: '22:00', end: '08:00', timezone: 'Europe/Berlin' };

    it('are empty for someone who set nothing', async () => {
      const storage = await ctx.open();
      expect(await storage.preferences(ALICE)).toStrictEqual({});
      expect(await storage.clearUnreachable(ALICE)).toBeUndefined();
    });

    it('keep quiet hours until they are changed or cleared', async () => {
      const storage = await ctx.open();
      await storage.setQuietHours(ALICE, BERLIN_NIGHTS, T0);
      expect(await storage.preferences(ALICE)).toStrictEqual({ quiet: BERLIN_NIGHTS });
      await storage.setQuietHours(ALICE, { start: '12:30', end: '13:30', timezone: 'America/Argentina/Buenos_Aires' }, T0 + MINUTE);
      expect(await storage.preferences(ALICE)).toStrictEqual({ quiet: { start: '12:30', end: '13:30', timezone: 'America/Argentina/Buenos_Aires' } });
      expect(await storage.preferences(BOB)).toStrictEqual({});
      await storage.setQuietHours(ALICE, null, T0 + 2 * MINUTE);
      expect(await storage.preferences(ALICE)).toStrictEqual({});
      await storage.setQuietHours(BOB, null, T0); // clearing what was never set is fine
      expect(await storage.preferences(BOB)).toStrictEqual({});
    });

    it('refuse quiet hours that are not times and a time zone', async () => {
      const storage = await ctx.open();
      await expect(storage.setQuietHours(ALICE, { start: '25:00', end: '08:00', timezone: 'UTC' }, T0)).rejects.toThrow(/time of day/);
      await expect(storage.setQuietHours(ALICE, { start: '22:00', end: '08:00', timezone: 'Mars/Olympus' }, T0)).rejects.toThrow(/time zone/);
      expect(await storage.preferences(ALICE)).toStrictEqual({});
    });

    it('hold the unreachable mark from its first failure, and give its reason back once when cleared', async () => {
      const storage = await ctx.open();
      await storage.setQuietHours(ALICE, BERLIN_NIGHTS, T0);
      await storage.markUnreachable(ALICE, 'you do not accept direct messages from this app', T0 + MINUTE);
      await storage.markUnreachable(ALICE, 'you left the workspace', T0 + 2 * MINUTE);
      expect(await storage.preferences(ALICE)).toStrictEqual({ quiet: BERLIN_NIGHTS, unreachable: { reason: 'you left the workspace', since: T0 + MINUTE } });
      expect(await storage.preferences(BOB)).toStrictEqual({});
      expect(await storage.clearUnreachable(ALICE)).toBe('you left the workspace');
      expect(await storage.clearUnreachable(ALICE)).toBeUndefined();
      expect(await storage.preferences(ALICE)).toStrictEqual({ quiet: BERLIN_NIGHTS });
      // Marked again later, the time is the new failure's.
      await storage.markUnreachable(ALICE, 'blocked <@U-bob> **again**\u0000', T0 + 9 * MINUTE);
      expect(await storage.preferences(ALICE)).toMatchObject({ unreachable: { reason: 'blocked <@U-bob> **again**\uFFFD', since: T0 + 9 * MINUTE } });
    });

    it('a mark cleared by two commands at once is reported by one of them', async () => {
      const storage = await ctx.open();
      const other = await ctx.openSecond(storage);
      await storage.markUnreachable(BOB, 'DMs closed', T0);
      const told = await Promise.all([storage.clearUnreachable(BOB), other.clearUnreachable(BOB), storage.clearUnreachable(BOB)]);
      expect(told.filter((reason) => reason !== undefined)).toEqual(['DMs closed']);
      expect(await other.preferences(BOB)).toStrictEqual({});
    });

    it('skip a damaged preferences row instead of failing', async () => {
      const storage = await ctx.open();
      await storage.setQuietHours(ALICE, BERLIN_NIGHTS, T0);
      await ctx.sql(storage, `UPDATE people SET quiet_timezone = NULL`);
      expect(await storage.preferences(ALICE)).toStrictEqual({});
    });
  });
}
