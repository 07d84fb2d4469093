import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../adapters/storage/migrations.js';
import { openStorage } from '../../adapters/storage/open-storage.js';
import { PostgresStorage } from '../../adapters/storage/postgres-storage.js';
import type { Storage } from '../../src/ports/storage.port.js';
import { CHANNEL, SETTINGS, T0 } from '../helpers/storage-fixtures.js';
import { describeStorageContract } from './storage-contract.js';

const url = process.env.PAPERBOY_TEST_DATABASE_URL;
const SKIPPED = 'PostgreSQL tests skipped: set PAPERBOY_TEST_DATABASE_URL=postgres://user@127.0.0.1:5432/database to run them';
if (!url) {
  console.warn(SKIPPED);
  it.skip(SKIPPED, () => {});
}

/** This file's own schemas, dropped at the end; tables are emptied before each test. */
const suffix = randomBytes(4).toString('hex');
const SCHEMA = `paperboy_test_${suffix}`;
const TABLES = 'subscriptions, digest_slots, posted_papers, signals, papers, discussion_threads, discussion_cards, discussion_counts, follows, people, alerts';
const schemas = new Set([SCHEMA]);
let admin: pg.Pool | undefined;

function adminPool(): pg.Pool {
  admin ??= new pg.Pool({ connectionString: url, max: 2, options: `-c search_path="${SCHEMA}"` });
  return admin;
}

async function connect(schema = SCHEMA): Promise<PostgresStorage> {
  schemas.add(schema);
  return PostgresStorage.connect(url!, { schema, poolSize: 4 });
}

describe.skipIf(!url)('PostgresStorage', () => {
  beforeAll(async () => {
    await adminPool().query('SELECT 1'); // fail early and clearly if the server is not there
  });

  afterAll(async () => {
    for (const schema of schemas) await adminPool().query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin?.end();
  });

  describeStorageContract('PostgresStorage', {
    kind: 'postgres',
    open: async () => {
      const storage = await connect();
      await adminPool().query(`TRUNCATE ${TABLES}`);
      return storage;
    },
    openSecond: async () => connect(),
    sql: async (_storage, text) => (await adminPool().query(text)).rows as Record<string, unknown>[],
  });

  describe('PostgreSQL specifics', () => {
    it('several replicas starting together on a fresh schema all succeed and migrate once', async () => {
      const schema = `${SCHEMA}_race`;
      const replicas = await Promise.all(Array.from({ length: 6 }, () => connect(schema)));
      try {
        await replicas[0]!.saveSubscription(CHANNEL, SETTINGS, 'U-alice', T0);
        for (const replica of replicas) expect((await replica.getSubscription(CHANNEL))?.createdBy).toBe('U-alice');
        const { rows } = await adminPool().query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
        expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      } finally {
        await Promise.all(replicas.map((r) => r.close()));
      }
    });

    it('keeps its tables in the schema, not in public', async () => {
      const storage = await connect();
      await storage.close();
      const { rows } = await adminPool().query(`SELECT table_schema FROM information_schema.tables WHERE table_name = 'digest_slots' AND table_schema IN ($1, 'public')`, [SCHEMA]);
      expect(rows).toEqual([{ table_schema: SCHEMA }]);
    });

    it('refuses an unsafe schema name before connecting', async () => {
      await expect(PostgresStorage.connect(url!, { schema: 'x"; DROP SCHEMA public; --' })).rejects.toThrow(/schema name .* must be letters, digits and _/);
    });

    it('is what openStorage picks when a database URL is given', async () => {
      const storage: Storage = await openStorage({ databaseUrl: url!, sqliteFile: '/nonexistent/never-used.db', schema: SCHEMA });
      try {
        expect(storage.kind).toBe('postgres');
      } finally {
        await storage.close();
      }
    });

    it('says which database is missing, without the password', async () => {
      const target = new URL(url!);
      target.password = 'hunter2-secret';
      target.pathname = '/paperboy_no_such_database';
      const error = await PostgresStorage.connect(target.toString()).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/PostgreSQL at .+:\d+\/paperboy_no_such_database: the database does not exist .*; create it or fix DATABASE_URL/);
      expect(error?.message).not.toContain('hunter2');
    });
  });
});
