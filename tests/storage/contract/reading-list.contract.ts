import { describe, expect, it } from 'vitest';
import type { SignalInput, Storage } from '../../../src/ports/storage.port.js';
import { ALICE, BOB, HOSTILE_IDS, MINUTE, T0 } from '../../helpers/storage-fixtures.js';
import type { ContractContext } from '../storage-contract.js';

const SLACK = { platform: 'slack', workspace: 'T01' };

async function give(storage: Storage, paperId: string, user: string, at: number, kind: SignalInput['kind'] = 'save', where = SLACK): Promise<void> {
  expect(await storage.addSignal({ ...where, paperId, user, kind }, at)).toBe(true);
}

/** The team page's reading list: what people in a workspace saved, grouped per paper. */
export function readingListContract(ctx: ContractContext): void {
  describe('reading list', () => {
    it('is empty for a team that saved nothing', async () => {
      const storage = await ctx.open();
      expect(await storage.readingList('slack', 'T01', 50)).toEqual([]);
    });

    it('puts the papers most people saved first, then the most recently saved, with the latest save time', async () => {
      const storage = await ctx.open();
      for (const [i, user] of ['U1', 'U2', 'U3'].entries()) await give(storage, 'three-savers', user, T0 + i * MINUTE);
      await give(storage, 'two-recent', 'U1', T0);
      await give(storage, 'two-recent', 'U2', T0 + 9 * MINUTE);
      await give(storage, 'two-older', 'U3', T0 + 8 * MINUTE);
      await give(storage, 'two-older', 'U1', T0 + 5 * MINUTE);
      await give(storage, 'one-newest', 'U2', T0 + 60 * MINUTE);
      expect(await storage.readingList('slack', 'T01', 50)).toStrictEqual([
        { paperId: 'three-savers', saves: 3, lastSavedAt: T0 + 2 * MINUTE },
        { paperId: 'two-recent', saves: 2, lastSavedAt: T0 + 9 * MINUTE },
        { paperId: 'two-older', saves: 2, lastSavedAt: T0 + 8 * MINUTE },
        { paperId: 'one-newest', saves: 1, lastSavedAt: T0 + 60 * MINUTE },
      ]);
    });

    it('breaks ties of savers and time by paper id, bytewise', async () => {
      const storage = await ctx.open();
      for (const id of ['b', 'a', 'B', '2401.00001', '2401.00001v2']) await give(storage, id, 'U1', T0);
      expect((await storage.readingList('slack', 'T01', 50)).map((e) => e.paperId)).toEqual(['2401.00001', '2401.00001v2', 'B', 'a', 'b']);
    });

    it('counts saves only: a 👍 is not on the list and adds nothing to a saved paper', async () => {
      const storage = await ctx.open();
      await give(storage, 'liked-only', 'U1', T0 + MINUTE, 'reaction');
      await give(storage, 'liked-only', 'U2', T0 + MINUTE, 'reaction');
      await give(storage, 'saved', 'U1', T0);
      await give(storage, 'saved', 'U2', T0 + 5 * MINUTE, 'reaction');
      expect(await storage.readingList('slack', 'T01', 50)).toStrictEqual([{ paperId: 'saved', saves: 1, lastSavedAt: T0 }]);
    });

    it('is one workspace’s: other workspaces and the same workspace id on another platform are left out', async () => {
      const storage = await ctx.open();
      await give(storage, 'ours', 'U1', T0);
      await give(storage, 'ours', 'U2', T0, 'save', { platform: 'slack', workspace: 'T02' });
      await give(storage, 'theirs', 'U1', T0, 'save', { platform: 'slack', workspace: 'T02' });
      await give(storage, 'discord', 'U1', T0, 'save', { platform: 'discord', workspace: 'T01' });
      expect(await storage.readingList('slack', 'T01', 50)).toStrictEqual([{ paperId: 'ours', saves: 1, lastSavedAt: T0 }]);
      expect((await storage.readingList('slack', 'T02', 50)).map((e) => e.paperId)).toEqual(['ours', 'theirs']);
      expect((await storage.readingList('discord', 'T01', 50)).map((e) => e.paperId)).toEqual(['discord']);
    });

    it('drops a forgotten person’s saves: their papers leave the list unless someone else saved them', async () => {
      const storage = await ctx.open();
      await give(storage, 'shared', ALICE.user, T0 + 5 * MINUTE);
      await give(storage, 'shared', BOB.user, T0);
      await give(storage, 'alices', ALICE.user, T0);
      await give(storage, 'alices', ALICE.user, T0, 'save', { platform: 'slack', workspace: 'T02' });
      await storage.forgetPerson(ALICE);
      expect(await storage.readingList('slack', 'T01', 50)).toStrictEqual([{ paperId: 'shared', saves: 1, lastSavedAt: T0 }]);
      // The same user id in another workspace is another person.
      expect((await storage.readingList('slack', 'T02', 50)).map((e) => e.paperId)).toEqual(['alices']);
    });

    it('returns at most `limit` papers, with the limit kept to 1..500', async () => {
      const storage = await ctx.open();
      // 500 saves in one statement (fast on a busy machine), and the newest through addSignal.
      const saves = Array.from({ length: 500 }, (_, n) => `('slack', 'T01', 'p${String(n).padStart(3, '0')}', 'U1', 'save', ${T0 + n})`);
      await ctx.sql(storage, `INSERT INTO signals (platform, workspace, paper_id, user_id, kind, created_at) VALUES ${saves.join(', ')}`);
      await give(storage, 'p500', 'U1', T0 + 500);
      expect((await storage.readingList('slack', 'T01', 2)).map((e) => e.paperId)).toEqual(['p500', 'p499']);
      expect((await storage.readingList('slack', 'T01', 0)).map((e) => e.paperId)).toEqual(['p500']);
      expect(await storage.readingList('slack', 'T01', 10_000)).toHaveLength(500);
      expect((await storage.readingList('slack', 'T01', Number.POSITIVE_INFINITY)).at(-1)?.paperId).toBe('p001');
      await expect(storage.readingList('slack', 'T01', Number.NaN)).rejects.toThrow(/limit must be a number/);
    });

    it('stores and returns hostile and unicode ids verbatim', async () => {
      const storage = await ctx.open();
      const where = { platform: 'slack', workspace: HOSTILE_IDS[1]! };
      for (const [i, id] of HOSTILE_IDS.entries()) await give(storage, id, HOSTILE_IDS[i]!, T0 + i, 'save', where);
      const list = await storage.readingList(where.platform, where.workspace, 50);
      expect(list.map((e) => e.paperId)).toEqual([...HOSTILE_IDS].reverse());
      expect(list.every((e) => e.saves === 1)).toBe(true);
      expect(await storage.readingList('slack', HOSTILE_IDS[0]!, 50)).toEqual([]);
    });
  });
}
