import { describe, expect, it } from 'vitest';
import { CHANNEL, MINUTE, OTHER_CHANNEL, SETTINGS, T0 } from '../../helpers/storage-fixtures.js';
import type { ContractContext } from '../storage-contract.js';

const DAY = 86_400_000;
const { platform, workspace } = CHANNEL;

export function discussionsContract(ctx: ContractContext): void {
  describe('discussion threads', () => {
    it('keeps threads: on with the subscription, and off as its absence', async () => {
      const storage = await ctx.open();
      expect(await storage.saveSubscription(CHANNEL, { ...SETTINGS, threads: true }, 'U-alice', T0)).toMatchObject({ threads: true });
      expect((await storage.getSubscription(CHANNEL))?.threads).toBe(true);
      expect((await storage.listSubscriptions())[0]?.threads).toBe(true);
      const off = await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0 + MINUTE);
      expect(off).not.toHaveProperty('threads');
      expect(await storage.getSubscription(CHANNEL)).not.toHaveProperty('threads');
    });

    it('records one thread per message, finds it by message and by id, and the first recorded stays', async () => {
      const storage = await ctx.open();
      expect(await storage.threadOnMessage(CHANNEL, 'm1')).toBeUndefined();
      const saved = await storage.saveDiscussionThread({ ...CHANNEL, parentMessageId: 'm1', threadId: 't1' }, T0);
      const expected = { ...CHANNEL, parentMessageId: 'm1', threadId: 't1', cards: [], createdAt: T0 };
      expect(saved).toStrictEqual(expected);
      expect(await storage.threadOnMessage(CHANNEL, 'm1')).toStrictEqual(expected);
      expect(await storage.discussionThread(platform, workspace, 't1')).toStrictEqual(expected);
      // Two clicks at once: the second thread id for the same message loses, and says which one won.
      expect(await storage.saveDiscussionThread({ ...CHANNEL, parentMessageId: 'm1', threadId: 't2' }, T0 + 1)).toStrictEqual(expected);
      expect(await storage.discussionThread(platform, workspace, 't2')).toBeUndefined();
      // The same thread id again, on another message: still the first.
      expect(await storage.saveDiscussionThread({ ...CHANNEL, parentMessageId: 'm9', threadId: 't1' }, T0 + 2)).toStrictEqual(expected);
      expect(await storage.threadOnMessage(CHANNEL, 'm9')).toBeUndefined();
      // Message ids are per channel, thread ids per workspace.
      expect(await storage.threadOnMessage(OTHER_CHANNEL, 'm1')).toBeUndefined();
      expect(await storage.discussionThread(platform, 'T-other', 't1')).toBeUndefined();
      expect(await storage.discussionThread('discord', workspace, 't1')).toBeUndefined();
    });

    it('records each paper’s card in a thread once, in order', async () => {
      const storage = await ctx.open();
      await storage.saveDiscussionThread({ ...CHANNEL, parentMessageId: '1764151200.000100', threadId: '1764151200.000100' }, T0);
      const thread = '1764151200.000100';
      expect(await storage.addDiscussionCard(platform, workspace, thread, { paperId: 'p2', messageId: '1764151260.000200' }, T0 + 1)).toBe(true);
      expect(await storage.addDiscussionCard(platform, workspace, thread, { paperId: 'p1', messageId: '1764151320.000300' }, T0 + 2)).toBe(true);
      expect(await storage.addDiscussionCard(platform, workspace, thread, { paperId: 'p2', messageId: '1764151999.000400' }, T0 + 3)).toBe(false);
      const stored = await storage.discussionThread(platform, workspace, thread);
      expect(stored?.cards).toStrictEqual([
        { paperId: 'p2', messageId: '1764151260.000200' },
        { paperId: 'p1', messageId: '1764151320.000300' },
      ]);
      expect((await storage.threadOnMessage(CHANNEL, thread))?.cards).toHaveLength(2);
    });

    it('keeps hostile and unicode ids exactly', async () => {
      const storage = await ctx.open();
      const odd = { ...CHANNEL, channel: '<!channel> #général 🚀', parentMessageId: "m'; DROP TABLE discussion_threads; --", threadId: 'スレッド\u202e1' };
      await storage.saveDiscussionThread(odd, T0);
      await storage.addDiscussionCard(platform, workspace, odd.threadId, { paperId: '@everyone 論文', messageId: '</script>' }, T0);
      expect(await storage.threadOnMessage(odd, odd.parentMessageId)).toStrictEqual({ ...odd, cards: [{ paperId: '@everyone 論文', messageId: '</script>' }], createdAt: T0 });
    });
  });

  describe('discussion replies', () => {
    it('counts replies per paper across days in teamSignals, beside saves and reactions, per workspace', async () => {
      const storage = await ctx.open();
      await storage.addSignal({ platform, workspace, paperId: 'saved-and-discussed', user: 'U1', kind: 'save' }, T0);
      await storage.addSignal({ platform, workspace, paperId: 'only-saved', user: 'U1', kind: 'save' }, T0);
      for (const at of [T0, T0 + MINUTE, T0 + DAY, T0 + 40 * DAY]) await storage.addDiscussionReply(platform, workspace, 'saved-and-discussed', at);
      await storage.addDiscussionReply(platform, workspace, 'only-discussed', T0);
      await storage.addDiscussionReply(platform, 'T-other', 'only-discussed', T0);
      await storage.addDiscussionReply('discord', workspace, 'only-discussed', T0);
      expect(await storage.teamSignals(platform, workspace)).toEqual(
        new Map([
          ['saved-and-discussed', { saves: 1, reactions: 0, discussions: 4 }],
          ['only-saved', { saves: 1, reactions: 0 }],
          ['only-discussed', { saves: 0, reactions: 0, discussions: 1 }],
        ]),
      );
      expect(await storage.teamSignals(platform, 'T-other')).toEqual(new Map([['only-discussed', { saves: 0, reactions: 0, discussions: 1 }]]));
    });

    it('stores counters per UTC day, never a message', async () => {
      const storage = await ctx.open();
      const late = Date.UTC(2026, 10, 27, 23, 59, 59);
      await storage.addDiscussionReply(platform, workspace, 'p1', late);
      await storage.addDiscussionReply(platform, workspace, 'p1', late + 1000);
      await storage.addDiscussionReply(platform, workspace, 'p1', late + 2000);
      const rows = await ctx.sql(storage, 'SELECT * FROM discussion_counts ORDER BY day');
      expect(rows.map((r) => [r.paper_id, r.day, Number(r.replies)])).toEqual([
        ['p1', '2026-11-27', 1],
        ['p1', '2026-11-28', 2],
      ]);
      expect(Object.keys(rows[0]!).sort()).toEqual(['day', 'paper_id', 'platform', 'replies', 'workspace']);
      await expect(storage.addDiscussionReply(platform, workspace, 'p1', Number.NaN)).rejects.toThrow(/finite/);
    });
  });
}
