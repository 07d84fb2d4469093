import { describe, expect, it } from 'vitest';
import { MIGRATIONS, pendingMigrations } from '../../adapters/storage/migrations.js';

describe('migrations', () => {
  it('are numbered 1, 2, 3, … in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('create the same tables and indexes in both databases', () => {
    const objects = (sql: string) => [...sql.matchAll(/CREATE (?:TABLE|INDEX) (\w+)/g)].map((m) => m[1]);
    for (const m of MIGRATIONS) {
      expect(objects(m.postgres)).toEqual(objects(m.sqlite));
    }
    expect(objects(MIGRATIONS[0]!.sqlite)).toEqual(expect.arrayContaining(['subscriptions', 'digest_slots', 'posted_papers', 'signals', 'papers']));
    expect(objects(MIGRATIONS[3]!.sqlite)).toEqual(['follows', 'follows_by_platform', 'people', 'alerts', 'alerts_due']);
  });

  it('runs only what is pending and refuses a schema newer than the code', () => {
    expect(pendingMigrations([])).toEqual(MIGRATIONS);
    expect(pendingMigrations(MIGRATIONS.map((m) => m.version))).toEqual([]);
    expect(() => pendingMigrations([1, MIGRATIONS.length + 1])).toThrow(/newer than this paperboy knows/);
  });
});
