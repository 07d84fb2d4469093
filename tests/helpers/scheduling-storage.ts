import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { PostgresStorage } from '../../adapters/storage/postgres-storage.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import type { Storage } from '../../src/ports/storage.port.js';

/**
 * Real databases for the scheduler tests: an SQLite file in a fresh temp directory, and,
 * when PAPERBOY_TEST_DATABASE_URL is set, PostgreSQL in a fresh schema. Each test database
 * can open further connections to itself (replicas, restarts) and drops everything after.
 */
export interface TestDatabase {
  /** The first connection. */
  readonly storage: Storage;
  /** Another connection to the same database: a second replica, or the same one restarted. */
  connect(): Promise<Storage>;
  /** Turns a subscription off behind paperboy's back (no Storage method does; rows can say so). */
  disableSubscription(id: string): Promise<void>;
  /** Closes every connection and deletes the database. */
  destroy(): Promise<void>;
}

export interface TestBackend {
  readonly name: 'sqlite' | 'postgres';
  /** False when the backend cannot run here; its tests are reported as skipped. */
  readonly available: boolean;
  open(): Promise<TestDatabase>;
}

export const postgresUrl = process.env['PAPERBOY_TEST_DATABASE_URL']?.trim() || undefined;

const sqliteBackend: TestBackend = {
  name: 'sqlite',
  available: true,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-scheduling-'));
    const file = join(dir, 'paperboy.sqlite');
    const connections: Storage[] = [];
    const connect = async (): Promise<Storage> => {
      const storage = SqliteStorage.open(file);
      connections.push(storage);
      return storage;
    };
    const storage = await connect();
    return {
      storage,
      connect,
      async disableSubscription(id) {
        const db = new Database(file);
        try {
          db.prepare('UPDATE subscriptions SET enabled = 0 WHERE id = ?').run(id);
        } finally {
          db.close();
        }
      },
      async destroy() {
        for (const c of connections) await c.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

let schemas = 0;

const postgresBackend: TestBackend = {
  name: 'postgres',
  available: postgresUrl !== undefined,
  async open() {
    const url = postgresUrl!;
    const schema = `paperboy_sched_${process.pid}_${Date.now().toString(36)}_${schemas++}`;
    const connections: Storage[] = [];
    const connect = async (): Promise<Storage> => {
      const storage = await PostgresStorage.connect(url, { schema });
      connections.push(storage);
      return storage;
    };
    const raw = async (sql: string, params: unknown[] = []): Promise<void> => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(sql, params);
      } finally {
        await client.end();
      }
    };
    const storage = await connect();
    return {
      storage,
      connect,
      disableSubscription: (id) => raw(`UPDATE "${schema}".subscriptions SET enabled = false WHERE id = $1`, [id]),
      async destroy() {
        for (const c of connections) await c.close();
        await raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      },
    };
  },
};

export const testBackends: readonly TestBackend[] = [sqliteBackend, postgresBackend];

/**
 * `storage` whose completeSlot (the write recording a post) fails while `down()` is true,
 * as during a database outage; everything else goes through. Counts the record tries.
 */
export function withRecordOutage(storage: Storage, down: () => boolean): { readonly storage: Storage; readonly recordTries: () => number } {
  let tries = 0;
  const wrapped = new Proxy(storage, {
    get(target, key) {
      if (key === 'completeSlot') {
        return async (...args: Parameters<Storage['completeSlot']>) => {
          tries += 1;
          if (down()) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
          return target.completeSlot(...args);
        };
      }
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { storage: wrapped, recordTries: () => tries };
}
