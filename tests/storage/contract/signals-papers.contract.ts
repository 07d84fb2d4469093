import { describe, expect, it } from 'vitest';
import type { SignalInput } from '../../../src/ports/storage.port.js';
import { paper, T0 } from '../../helpers/storage-fixtures.js';
import type { ContractContext } from '../storage-contract.js';

const SLACK = { platform: 'slack', workspace: 'T01' };

function signal(paperId: string, user: string, kind: SignalInput['kind'] = 'save', where = SLACK): SignalInput {
  return { ...where, paperId, user, kind };
}

export function signalsAndPapersContract(ctx: ContractContext): void {
  describe('team signals', () => {
    it('counts each user once per paper and kind', async () => {
      const storage = await ctx.open();
      expect(await storage.addSignal(signal('p1', 'U1'), T0)).toBe(true);
      expect(await storage.addSignal(signal('p1', 'U1'), T0 + 1)).toBe(false);
      expect(await storage.addSignal(signal('p1', 'U1', 'reaction'), T0)).toBe(true);
      expect(await storage.addSignal(signal('p1', 'U2'), T0)).toBe(true);
      expect(await storage.addSignal(signal('p2', 'U2', 'reaction'), T0)).toBe(true);
      expect(await storage.addSignal(signal('p2', 'U3', 'reaction'), T0)).toBe(true);
      // Same paper in another workspace and on another platform: counted there, not here.
      expect(await storage.addSignal(signal('p1', 'U1', 'save', { platform: 'slack', workspace: 'T02' }), T0)).toBe(true);
      expect(await storage.addSignal(signal('p1', 'U1', 'save', { platform: 'discord', workspace: 'T01' }), T0)).toBe(true);

      expect(await storage.teamSignals('slack', 'T01')).toEqual(
        new Map([
          ['p1', { saves: 2, reactions: 1 }],
          ['p2', { saves: 0, reactions: 2 }],
        ]),
      );
      expect(await storage.teamSignals('slack', 'T02')).toEqual(new Map([['p1', { saves: 1, reactions: 0 }]]));
      expect(await storage.teamSignals('slack', 'nobody')).toEqual(new Map());
    });

    it('lists a user’s saves newest first, ties by paper id, reactions left out', async () => {
      const storage = await ctx.open();
      await storage.addSignal(signal('b-paper', 'U1'), T0 + 2);
      await storage.addSignal(signal('old', 'U1'), T0);
      await storage.addSignal(signal('a-paper', 'U1'), T0 + 2);
      await storage.addSignal(signal('newest', 'U1'), T0 + 3);
      await storage.addSignal(signal('liked', 'U1', 'reaction'), T0 + 9);
      await storage.addSignal(signal('theirs', 'U2'), T0 + 9);
      await storage.addSignal(signal('old', 'U1'), T0 + 99); // a repeat does not move it
      expect(await storage.savedPaperIds('slack', 'T01', 'U1')).toEqual(['newest', 'a-paper', 'b-paper', 'old']);
      expect(await storage.savedPaperIds('slack', 'T02', 'U1')).toEqual([]);
    });
  });

  describe('papers', () => {
    it('saves, upserts by id and loads ordered by id', async () => {
      const storage = await ctx.open();
      expect(await storage.loadPapers()).toEqual([]);
      await storage.savePapers([paper('b'), paper('a'), paper('C')], T0);
      await storage.savePapers([paper('b', { title: 'Paper b, revised', authors: ['Ada Lovelace'] })], T0 + 1);
      await storage.savePapers([], T0 + 2);
      const loaded = await storage.loadPapers();
      expect(loaded.map((p) => p.id)).toEqual(['C', 'a', 'b']); // bytewise: upper case first, in both databases
      expect(loaded[2]).toStrictEqual(paper('b', { title: 'Paper b, revised', authors: ['Ada Lovelace'] }));
    });

    it('round-trips a full paper with unicode and long text exactly', async () => {
      const storage = await ctx.open();
      const full = paper('2501.00001', {
        title: 'Ünïcödé 🚀 "quotes" \'single\' <!channel> \\ back\\slash',
        abstract: `${'日本語のテキスト。'.repeat(2000)}`.slice(0, 20_000),
        authors: ['Jürgen Schmidhuber', 'Анна Петрова', '李雷'],
        url: 'https://arxiv.org/abs/2501.00001',
        pdfUrl: 'https://arxiv.org/pdf/2501.00001',
        codeUrls: ['https://github.com/example/repo'],
        links: ['https://example.org/project?x=1&y=%20'],
        publishedAt: '2025-01-01',
        arxivId: '2501.00001',
        appearances: [{ source: 'hf-daily', date: '2026-11-26', rank: 3, upvotes: 42 }],
        addedAt: '2026-11-27T08:00:00.000Z',
      });
      await storage.savePapers([full], T0);
      expect(await storage.loadPapers()).toStrictEqual([full]);
    });

    it('rejects an invalid paper without writing any of the batch', async () => {
      const storage = await ctx.open();
      await expect(storage.savePapers([paper('good'), paper('bad id with spaces')], T0)).rejects.toThrow(/cannot save paper "bad id with spaces": id:/);
      expect(await storage.loadPapers()).toEqual([]);
    });

    it('numbers every write in one change sequence, so an index can catch up on what changed only', async () => {
      const storage = await ctx.open();
      expect(await storage.papersChangedSince(0, 100)).toEqual([]);
      expect(await storage.paperCount()).toBe(0);
      await storage.savePapers([paper('a'), paper('b')], T0);
      const first = await storage.papersChangedSince(0, 100);
      expect(first.map((c) => c.paper.id)).toEqual(['a', 'b']);
      const seen = first.at(-1)!.seq;
      await storage.savePapers([paper('a', { title: 'Paper a, revised' })], T0 + 1);
      await storage.savePapers([paper('c')], T0 + 2);
      const later = await storage.papersChangedSince(seen, 100);
      expect(later.map((c) => [c.paper.id, c.paper.title])).toEqual([
        ['a', 'Paper a, revised'],
        ['c', 'Paper c'],
      ]);
      expect(later[0]!.seq).toBeGreaterThan(seen);
      expect(later[1]!.seq).toBeGreaterThan(later[0]!.seq);
      // Paged: a limit gives the oldest changes first.
      expect((await storage.papersChangedSince(0, 1)).map((c) => c.paper.id)).toEqual(['b']);
      expect(await storage.paperCount()).toBe(3);
    });

    it('gives two writers’ changes distinct numbers in commit order', async () => {
      const first = await ctx.open();
      const second = await ctx.openSecond(first);
      await Promise.all([
        first.savePapers(
          Array.from({ length: 20 }, (_, i) => paper(`first-${i}`)),
          T0,
        ),
        second.savePapers(
          Array.from({ length: 20 }, (_, i) => paper(`second-${i}`)),
          T0,
        ),
      ]);
      const changes = await first.papersChangedSince(0, 100);
      expect(changes).toHaveLength(40);
      expect(new Set(changes.map((c) => c.seq)).size).toBe(40);
      // Each batch is one run of numbers: one writer waited for the other to commit.
      const writers = changes.map((c) => c.paper.id.split('-')[0]);
      expect(writers.slice(0, 20).every((w) => w === writers[0]) && writers.slice(20).every((w) => w === writers[20])).toBe(true);
    });

    it('reports a corrupted paper row clearly', async () => {
      const storage = await ctx.open();
      await storage.savePapers([paper('a'), paper('b')], T0);
      await ctx.sql(storage, `UPDATE papers SET json = '{"id":"a","title":""}' WHERE id = 'a'`);
      await expect(storage.loadPapers()).rejects.toThrow(/the papers row "a" in the database is invalid: title: must not be empty/);
      await ctx.sql(storage, `UPDATE papers SET json = 'not json' WHERE id = 'a'`);
      await expect(storage.loadPapers()).rejects.toThrow(/the papers row "a" in the database is invalid: json is not valid JSON/);
      await expect(storage.papersChangedSince(0, 10)).rejects.toThrow(/the papers row "a" in the database is invalid/);
    });
  });
}
