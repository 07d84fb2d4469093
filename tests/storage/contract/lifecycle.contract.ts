import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../adapters/storage/migrations.js';
import { CHANNEL, SETTINGS, T0 } from '../../helpers/storage-fixtures.js';
import type { ContractContext } from '../storage-contract.js';

export function lifecycleContract(ctx: ContractContext): void {
  describe('lifecycle', () => {
    it(`reports kind ${ctx.kind}`, async () => {
      expect((await ctx.open()).kind).toBe(ctx.kind);
    });

    it('opening the same database again migrates nothing and sees the same data', async () => {
      const first = await ctx.open();
      const saved = await first.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
      const second = await ctx.openSecond(first);
      const third = await ctx.openSecond(first);
      expect(await third.getSubscription(CHANNEL)).toStrictEqual(saved);
      // Writes through one are visible through the others.
      await second.addSignal({ platform: 'slack', workspace: 'T01', paperId: 'p1', user: 'U1', kind: 'save' }, T0);
      expect(await first.addSignal({ platform: 'slack', workspace: 'T01', paperId: 'p1', user: 'U1', kind: 'save' }, T0)).toBe(false);
      // Every migration is recorded once.
      const versions = await ctx.sql(first, 'SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.map((row) => Number(row.version))).toEqual(MIGRATIONS.map((m) => m.version));
    });

    it('close is idempotent, and a closed storage refuses work', async () => {
      const storage = await ctx.open();
      await storage.close();
      await storage.close();
      await expect(storage.getSubscription(CHANNEL)).rejects.toThrow(/closed/);
    });
  });
}
