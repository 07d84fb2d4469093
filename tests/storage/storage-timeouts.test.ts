import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStorage } from '../../adapters/storage/postgres-storage.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { postgresPoolTimeouts, postgresTimeout, StorageTimeoutError, type StorageTimeouts } from '../../adapters/storage/storage-timeouts.js';
import { BlackholeProxy } from '../helpers/blackhole-proxy.js';
import { postgresUrl } from '../helpers/scheduling-storage.js';
import { CHANNEL, SETTINGS, T0 } from '../helpers/storage-fixtures.js';
import { subscriptionId } from '../../src/subscriptions/subscription.js';

/**
 * A database that stops answering makes storage calls fail with an error naming the limit
 * and the setting, instead of hanging: PostgreSQL behind a network blackhole, and SQLite
 * behind another process's write lock.
 */
const SHORT: StorageTimeouts = { connectTimeoutMs: 1_000, statementTimeoutMs: 1_000, busyTimeoutMs: 300 };

describe('SQLite behind another process’s write lock', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('waits for the lock for the busy timeout, then fails with an error that says so (not an instant SQLITE_BUSY)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-busy-'));
    const file = join(dir, 'paperboy.sqlite');
    const storage = SqliteStorage.open(file, { busyTimeoutMs: SHORT.busyTimeoutMs });
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE'); // another process writing, holding the lock
      const started = performance.now();
      const error = await storage.saveSubscription(CHANNEL, SETTINGS, 'U1', T0).then(
        () => undefined,
        (e: unknown) => e,
      );
      // A lower bound only: a busy machine makes the wait longer, never shorter.
      expect(performance.now() - started).toBeGreaterThanOrEqual(SHORT.busyTimeoutMs * 0.9);
      expect(error).toBeInstanceOf(StorageTimeoutError);
      expect((error as Error).message).toMatch(/stayed locked by another process for 0\.3 s \(PAPERBOY_SQLITE_BUSY_TIMEOUT_SECONDS\)/);
      // Reads go on meanwhile (WAL), and the write works once the lock is gone.
      expect(await storage.getSubscription(CHANNEL)).toBeUndefined();
      other.exec('ROLLBACK');
      await expect(storage.saveSubscription(CHANNEL, SETTINGS, 'U1', T0)).resolves.toMatchObject({ createdBy: 'U1' });
    } finally {
      other.close();
      await storage.close();
    }
  });
});

const SKIPPED = 'PostgreSQL timeout tests skipped: set PAPERBOY_TEST_DATABASE_URL to run them';

describe.skipIf(!postgresUrl)(postgresUrl ? 'PostgreSQL behind a network blackhole' : SKIPPED, () => {
  const url = postgresUrl!;
  const schema = `paperboy_timeouts_${randomBytes(4).toString('hex')}`;
  let proxy: BlackholeProxy;
  let storage: PostgresStorage | undefined;

  beforeAll(async () => {
    proxy = await BlackholeProxy.start({ port: Number(new URL(url).port || 5432) });
  });
  afterEach(async () => {
    proxy.open();
    await storage?.close();
    storage = undefined;
  });
  afterAll(async () => {
    await proxy.close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('fails a call on a connection that went silent with a timeout error, then works again once the route is back', async () => {
    storage = await PostgresStorage.connect(proxy.urlFor(url), { schema, timeouts: SHORT, poolSize: 2 });
    expect(await storage.getSubscription(CHANNEL)).toBeUndefined(); // a pooled connection, now idle
    proxy.blackhole();
    const error = await storage.getSubscription(CHANNEL).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StorageTimeoutError);
    expect((error as Error).message).toMatch(/PostgreSQL did not answer within 2 s \(PAPERBOY_DB_STATEMENT_TIMEOUT_SECONDS\); is it reachable\?/);
    proxy.open();
    // The silent connection was dropped, not handed out again.
    await expect(storage.saveSubscription(CHANNEL, SETTINGS, 'U1', T0)).resolves.toMatchObject({ createdBy: 'U1' });
  });

  it('fails to open a new connection into the blackhole within the connect timeout', async () => {
    storage = await PostgresStorage.connect(proxy.urlFor(url), { schema, timeouts: SHORT, poolSize: 2 });
    proxy.reset(); // every pooled connection is gone
    proxy.blackhole();
    // The pool may not have noticed yet: a call that meets a dead connection fails at once, and it is dropped.
    await storage.listSubscriptions().catch(() => undefined);
    const accepted = proxy.accepted;
    const error = await storage.listSubscriptions().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(proxy.accepted).toBeGreaterThan(accepted); // it did try, and the proxy did accept
    expect(error).toBeInstanceOf(StorageTimeoutError);
    expect((error as Error).message).toMatch(/no PostgreSQL connection within 1 s \(PAPERBOY_DB_CONNECT_TIMEOUT_SECONDS\)/);
    proxy.open();
    await expect(storage.listSubscriptions()).resolves.toBeInstanceOf(Array);
  });

  it('fails a transaction that stalls with a timeout, and leaves nothing written', async () => {
    storage = await PostgresStorage.connect(proxy.urlFor(url), { schema, timeouts: SHORT, poolSize: 2 });
    await storage.saveSubscription(CHANNEL, SETTINGS, 'U1', T0);
    const sub = subscriptionId(CHANNEL);
    const claim = (await storage.claimSlot(sub, '2026-11-27', 'me', T0, T0 + 60_000))!;
    proxy.blackhole();
    await expect(storage.completeSlot(claim, 'm1', ['p1', 'p2'], T0)).rejects.toBeInstanceOf(StorageTimeoutError);
    proxy.open();
    expect(await storage.getSlot(sub, '2026-11-27')).toMatchObject({ status: 'claimed' });
    expect(await storage.postedPaperIds(sub)).toEqual(new Set());
  });

  it('survives its connections being reset in the middle of a transaction: the call fails, the process lives, the next call works', async () => {
    storage = await PostgresStorage.connect(proxy.urlFor(url), { schema, timeouts: SHORT, poolSize: 2 });
    await storage.saveSubscription(CHANNEL, SETTINGS, 'U1', T0);
    const sub = subscriptionId(CHANNEL);
    const claim = (await storage.claimSlot(sub, '2026-11-28', 'me', T0, T0 + 60_000))!;
    proxy.blackhole(); // holds the transaction mid-flight, on a checked-out connection
    const recording = storage.completeSlot(claim, 'm1', ['p1'], T0).then(
      () => undefined,
      (e: unknown) => e,
    );
    await proxy.waitForBytesHeld();
    proxy.reset(); // the database restarts: the checked-out client emits 'error'
    expect(await recording).toBeInstanceOf(Error);
    proxy.open();
    expect(await storage.getSlot(sub, '2026-11-28')).toMatchObject({ status: 'claimed' });
    await expect(storage.completeSlot(claim, 'm1', ['p1'], T0)).resolves.toBe(true);
  });

  it('has the server cancel a statement that runs past the statement timeout', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1, ...postgresPoolTimeouts(SHORT) });
    try {
      const error = await pool.query('SELECT pg_sleep(5)').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((error as { code?: string }).code).toBe('57014');
      expect(postgresTimeout(error, SHORT)?.message).toMatch(/PostgreSQL cancelled a statement after 1 s \(PAPERBOY_DB_STATEMENT_TIMEOUT_SECONDS\)/);
    } finally {
      await pool.end();
    }
  });
});
