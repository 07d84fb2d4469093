import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, schemaMigrationsTable } from '../../adapters/storage/migrations.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { SQL } from '../../adapters/storage/storage-queries.js';
import type { Storage } from '../../src/ports/storage.port.js';
import { MAX_FOLLOWS } from '../../src/follows/follow.js';
import { ALICE, CHANNEL, paper, SETTINGS, T0 } from '../helpers/storage-fixtures.js';
import { describeStorageContract } from './storage-contract.js';

const dirs: string[] = [];
const files = new WeakMap<Storage, string>();

/** A database file in a directory that does not exist yet, so open() must create it. */
function freshFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-sqlite-'));
  dirs.push(dir);
  return join(dir, 'nested', 'state', 'paperboy.db');
}

function openAt(file: string): SqliteStorage {
  const storage = SqliteStorage.open(file);
  files.set(storage, file);
  return storage;
}

/** Raw SQL through a separate connection, as another program would write. */
function rawSql(file: string, text: string): Record<string, unknown>[] {
  const db = new Database(file);
  try {
    const statement = db.prepare(text);
    if (statement.reader) return statement.all() as Record<string, unknown>[];
    statement.run();
    return [];
  } finally {
    db.close();
  }
}

/** How SQLite would run `sql` on the file: its EXPLAIN QUERY PLAN lines, joined. */
function queryPlan(file: string, sql: string): string {
  return rawSql(file, `EXPLAIN QUERY PLAN ${sql}`)
    .map((row) => String(row.detail))
    .join(' | ');
}

/** A database file as an earlier release left it: migrated up to `version`, then `rows` written (raw SQL). */
function oldDatabase(version: number, ...rows: string[]): string {
  const file = freshFile();
  mkdirSync(dirname(file), { recursive: true });
  const old = new Database(file);
  old.exec(schemaMigrationsTable('sqlite'));
  for (const m of MIGRATIONS.slice(0, version)) {
    old.exec(m.sqlite);
    old.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)').run(m.version);
  }
  for (const row of rows) old.exec(row);
  old.close();
  return file;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeStorageContract('SqliteStorage', {
  kind: 'sqlite',
  open: async () => openAt(freshFile()),
  openSecond: async (first) => openAt(files.get(first)!),
  sql: async (storage, text) => rawSql(files.get(storage)!, text),
});

describe('SqliteStorage specifics', () => {
  const opened: Storage[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('works in memory', async () => {
    const storage = SqliteStorage.open(':memory:');
    opened.push(storage);
    const saved = await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
    expect(await storage.getSubscription(CHANNEL)).toStrictEqual(saved);
    const claim = await storage.claimSlot(saved.id, '2026-11-27', 'me', T0, T0 + 1000);
    expect(await storage.completeSlot(claim!, 'm1', ['p1'], T0)).toBe(true);
    expect(await storage.postedPaperIds(saved.id)).toEqual(new Set(['p1']));
  });

  it('creates the parent directories and uses WAL', () => {
    const file = freshFile();
    opened.push(openAt(file));
    expect(existsSync(file)).toBe(true);
    expect(rawSql(file, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
  });

  it('waits for another process holding the write lock instead of failing (busy_timeout)', async () => {
    const file = freshFile();
    const storage = openAt(file);
    opened.push(storage);
    // A worker thread has its own connection, like a second process; it holds the write lock for a moment.
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const Database = require(workerData.module);
       const db = new Database(workerData.file);
       db.exec('BEGIN IMMEDIATE');
       parentPort.postMessage('locked');
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
       db.exec('COMMIT');
       db.close();`,
      { eval: true, workerData: { file, module: createRequire(import.meta.url).resolve('better-sqlite3') } },
    );
    const exited = new Promise((resolve, reject) => worker.on('exit', resolve).on('error', reject));
    await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
    // Without busy_timeout this throws SQLITE_BUSY at once.
    expect(await storage.claimSlot('slack:T01:C1', '2026-11-27', 'me', T0, T0 + 1000)).toMatchObject({ attempt: 1 });
    expect(await exited).toBe(0);
  });

  it('refuses a database migrated by a newer paperboy', async () => {
    const file = freshFile();
    await openAt(file).close();
    rawSql(file, 'INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)');
    expect(() => SqliteStorage.open(file)).toThrow(new RegExp(`schema is at version 999, newer than this paperboy knows \\(${MIGRATIONS.length}\\); upgrade paperboy`));
  });

  it('numbers the papers an earlier release saved, so indexes catch up on them', async () => {
    const file = oldDatabase(1, ...['b', 'a'].map((id) => `INSERT INTO papers (id, json, updated_at) VALUES ('${id}', '${JSON.stringify(paper(id))}', 0)`));
    const storage = openAt(file);
    opened.push(storage);
    const changes = await storage.papersChangedSince(0, 10);
    expect(changes.map((c) => [c.seq, c.paper.id])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    await storage.savePapers([paper('c')], T0);
    expect((await storage.papersChangedSince(2, 10)).map((c) => [c.seq, c.paper.id])).toEqual([[3, 'c']]);
  });

  it('keeps the subscriptions of a release before threads, with threads off', async () => {
    const file = oldDatabase(
      2,
      `INSERT INTO subscriptions (id, platform, workspace, channel, time, timezone, days, count, created_by, enabled, created_at, updated_at) VALUES ('slack:T01:C-research', 'slack', 'T01', 'C-research', '09:00', 'UTC', 'daily', 5, 'U1', 1, 0, 0)`,
    );
    const storage = openAt(file);
    opened.push(storage);
    const kept = await storage.getSubscription(CHANNEL);
    expect(kept).toMatchObject({ time: '09:00', count: 5, enabled: true });
    expect(kept).not.toHaveProperty('threads');
  });

  it('moves a database of the release before people (version 3) to follows and alerts, keeping its data', async () => {
    const file = oldDatabase(
      3,
      `INSERT INTO subscriptions (id, platform, workspace, channel, time, timezone, days, count, created_by, enabled, threads, created_at, updated_at) VALUES ('slack:T01:C-research', 'slack', 'T01', 'C-research', '09:00', 'UTC', 'daily', 5, 'U-alice', 1, 1, 0, 0)`,
      `INSERT INTO signals (platform, workspace, paper_id, user_id, kind, created_at) VALUES ('slack', 'T01', 'p1', 'U-alice', 'save', 0)`,
    );
    const storage = openAt(file);
    opened.push(storage);
    expect(rawSql(file, 'SELECT version FROM schema_migrations ORDER BY version').map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await storage.getSubscription(CHANNEL)).toMatchObject({ createdBy: 'U-alice', threads: true });
    expect(await storage.addFollow(ALICE, { kind: 'author', label: 'Yann LeCun', key: 'lecun y' }, MAX_FOLLOWS, T0)).toMatchObject({ status: 'added' });
    expect(await storage.queueAlerts([{ ...ALICE, paperId: 'p2', reasons: ['author Yann LeCun'] }], T0)).toBe(1);
    // The person's saves from before the upgrade are theirs to forget too.
    expect(await storage.forgetPerson(ALICE)).toMatchObject({ follows: 1, signals: 1, alerts: 1, anonymized: 1 });
  });

  it('shows the digests a release before the archive (version 4) posted, from its post log, and new ones in posting order', async () => {
    const sub = 'slack:T01:C-research';
    const file = oldDatabase(
      4,
      `INSERT INTO digest_slots (subscription_id, local_date, status, owner, attempts, lease_until, message_id, posted_at, updated_at) VALUES ('${sub}', '2026-11-26', 'posted', 'a', 1, 0, 'm1', ${T0}, ${T0}), ('${sub}', '2026-11-27', 'failed', 'a', 1, 0, NULL, NULL, ${T0})`,
      `INSERT INTO posted_papers (subscription_id, paper_id, local_date) VALUES ('${sub}', 'zeta', '2026-11-26'), ('${sub}', 'alpha', '2026-11-26'), ('${sub}', 'other-day', '2026-11-20')`,
    );
    const storage = openAt(file);
    opened.push(storage);
    expect(rawSql(file, 'SELECT max(version) AS v FROM schema_migrations')).toEqual([{ v: 5 }]);
    const retry = (await storage.claimSlot(sub, '2026-11-27', 'b', T0, T0 + 1000))!;
    expect(await storage.completeSlot(retry, 'm2', ['zz', 'aa'], T0 + 1)).toBe(true);
    expect(await storage.digestArchive(sub, 14)).toStrictEqual([
      { localDate: '2026-11-27', postedAt: T0 + 1, messageId: 'm2', paperIds: ['zz', 'aa'] },
      { localDate: '2026-11-26', postedAt: T0, messageId: 'm1', paperIds: ['alpha', 'zeta'] },
    ]);
  });

  it('reads an archive and a reading list through indexes, not table scans', () => {
    const file = freshFile();
    opened.push(openAt(file));
    const plan = (sql: string) => queryPlan(file, sql);
    const archive = plan(SQL.digestArchive.replaceAll('@subscriptionId', "'s'").replace('@limit', '14'));
    expect(archive).toMatch(/SEARCH digest_slots USING INDEX sqlite_autoindex_digest_slots_1/);
    expect(archive).toMatch(/SEARCH p USING (COVERING )?INDEX posted_papers_by_date/);
    expect(plan(SQL.readingList.replace('@platform', "'slack'").replace('@workspace', "'T01'").replace('@limit', '50'))).toMatch(/SEARCH signals USING (COVERING )?INDEX sqlite_autoindex_signals_1/);
  });

  it('finds due alerts and a platform’s follows through their indexes', () => {
    const file = freshFile();
    opened.push(openAt(file));
    const plan = (sql: string) => queryPlan(file, sql);
    expect(plan(SQL.peopleWithAlerts.replaceAll('@now', '0'))).toMatch(/SCAN due USING INDEX alerts_due|SEARCH due USING INDEX alerts_due/);
    expect(plan(SQL.platformFollows.replace('@platform', "'slack'"))).toMatch(/USING (COVERING )?INDEX follows_by_platform/);
  });

  it('reports a damaged follow to the handler while listing the others', async () => {
    const file = freshFile();
    const reported: string[] = [];
    const storage = SqliteStorage.open(file, { onInvalidRow: (e) => reported.push(e.message) });
    opened.push(storage);
    await storage.addFollow(ALICE, { kind: 'author', label: 'Yann LeCun', key: 'lecun y' }, MAX_FOLLOWS, T0);
    await storage.addFollow(ALICE, { kind: 'topic', label: 'diffusion', key: 'diffus' }, MAX_FOLLOWS, T0);
    rawSql(file, `UPDATE follows SET label = '' WHERE key = 'diffus'`);
    expect((await storage.listFollows(ALICE)).map((f) => f.label)).toEqual(['Yann LeCun']);
    expect(reported).toEqual([expect.stringMatching(/the follows row "slack:T01:U-alice #2" in the database is invalid: label/)]);
  });

  it('rejects values of the wrong type at the database (STRICT tables)', async () => {
    const file = freshFile();
    opened.push(openAt(file));
    expect(() => rawSql(file, `UPDATE subscriptions SET count = 'five'`)).not.toThrow(); // no rows yet
    const storage = opened[0]!;
    await storage.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
    expect(() => rawSql(file, `UPDATE subscriptions SET count = 'five'`)).toThrow(/cannot store TEXT value in INTEGER column/);
  });
});

describe('SqliteStorage with an invalid row', () => {
  it('skips it in lists and reports it to the handler', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-invalid-'));
    const reported: string[] = [];
    const storage = SqliteStorage.open(join(dir, 'db.sqlite'), { onInvalidRow: (e) => reported.push(e.message) });
    await storage.saveSubscription({ platform: 'slack', workspace: 'T', channel: 'a' }, { time: '09:00', timezone: 'UTC', days: 'daily', count: 5 }, 'u', 0);
    await storage.saveSubscription({ platform: 'slack', workspace: 'T', channel: 'b' }, { time: '09:00', timezone: 'UTC', days: 'daily', count: 5 }, 'u', 0);
    const db = new Database(join(dir, 'db.sqlite'));
    db.prepare("UPDATE subscriptions SET count = 20 WHERE id = 'slack:T:b'").run();
    db.close();
    expect((await storage.listSubscriptions()).map((s) => s.id)).toEqual(['slack:T:a']);
    expect(reported).toEqual([expect.stringMatching(/the subscriptions row "slack:T:b" in the database is invalid: count/)]);
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
