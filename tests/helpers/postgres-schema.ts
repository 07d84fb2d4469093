import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh PostgreSQL schema for a test that opens storage the way the service does, from a
 * URL alone (DATABASE_URL has no schema setting): the URL's `options` put every connection
 * in the schema. `drop()` removes it and everything in it.
 */
export interface TestSchema {
  /** `url` with `?options=-c search_path=<schema>`. */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function freshSchema(url: string, prefix: string): Promise<TestSchema> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin(url, `CREATE SCHEMA "${name}"`);
  const withPath = new URL(url);
  withPath.searchParams.set('options', `-c search_path=${name}`);
  return { url: withPath.toString(), name, drop: () => admin(url, `DROP SCHEMA IF EXISTS "${name}" CASCADE`) };
}
