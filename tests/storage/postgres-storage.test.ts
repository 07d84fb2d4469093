import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, schemaMigrationsTable } from '../../adapters/storage/migrations.js';
import { openStorage } from '../../adapters/storage/open-storage.js';
import { PostgresStorage } from '../../adapters/storage/postgres-storage.js';
import type { Storage } from '../../src/ports/storage.port.js';
import { MAX_FOLLOWS } from '../../src/follows/follow.js';
import { ALICE, CHANNEL, SETTINGS, T0 } from '../helpers/storage-fixtures.js';
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

/** A schema as an earlier release left it: migrated up to `version`, then `statements` run in it (each with its parameters). */
async function oldSchema(schema: string, version: number, ...statements: [string, unknown[]?][]): Promise<void> {
  schemas.add(schema);
  const old = new pg.Client({ connectionString: url });
  await old.connect();
  try {
    await old.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
    await old.query(schemaMigrationsTable('postgres'));
    for (const m of MIGRATIONS.slice(0, version)) {
      await old.query(m.postgres);
      await old.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, 0)', [m.version]);
    }
    for (const [statement, params] of statements) await old.query(statement, params);
  } finally {
    await old.end();
  }
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

    it('moves a schema of the release before people (version 3) to follows and alerts, keeping its data', async () => {
      const schema = `${SCHEMA}_v3`;
      await oldSchema(schema, 3, [`INSERT INTO signals (platform, workspace, paper_id, user_id, kind, created_at) VALUES ('slack', 'T01', 'p1', 'U-alice', 'save', 0)`]);
      const storage = await connect(schema);
      try {
        const { rows } = await adminPool().query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
        expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await storage.savedPaperIds('slack', 'T01', 'U-alice')).toEqual(['p1']);
        expect(await storage.addFollow(ALICE, { kind: 'author', label: 'Yann LeCun', key: 'lecun y' }, MAX_FOLLOWS, T0)).toMatchObject({ status: 'added' });
        expect(await storage.forgetPerson(ALICE)).toMatchObject({ follows: 1, signals: 1 });
      } finally {
        await storage.close();
      }
    });

    it('shows the digests a schema before the archive (version 4) posted, from its post log, and new ones in posting order', async () => {
      const schema = `${SCHEMA}_v4`;
      const sub = 'slack:T01:C-research';
      await oldSchema(
        schema,
        4,
        [
          `INSERT INTO digest_slots (subscription_id, local_date, status, owner, attempts, lease_until, message_id, posted_at, updated_at) VALUES ($1, '2026-11-26', 'posted', 'a', 1, 0, 'm1', $2, $2), ($1, '2026-11-27', 'failed', 'a', 1, 0, NULL, NULL, $2)`,
          [sub, T0],
        ],
        [`INSERT INTO posted_papers (subscription_id, paper_id, local_date) VALUES ($1, 'zeta', '2026-11-26'), ($1, 'alpha', '2026-11-26'), ($1, 'other-day', '2026-11-20')`, [sub]],
      );
      const storage = await connect(schema);
      try {
        const { rows } = await adminPool().query(`SELECT max(version) AS v FROM "${schema}".schema_migrations`);
        expect(rows).toEqual([{ v: 5 }]);
        const retry = (await storage.claimSlot(sub, '2026-11-27', 'b', T0, T0 + 1000))!;
        expect(await storage.completeSlot(retry, 'm2', ['zz', 'aa'], T0 + 1)).toBe(true);
        expect(await storage.digestArchive(sub, 14)).toStrictEqual([
          { localDate: '2026-11-27', postedAt: T0 + 1, messageId: 'm2', paperIds: ['zz', 'aa'] },
          { localDate: '2026-11-26', postedAt: T0, messageId: 'm1', paperIds: ['alpha', 'zeta'] },
        ]);
      } finally {
        await storage.close();
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
