import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../adapters/storage/open-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openStorage', () => {
  it('uses SQLite when no database URL is set, creating the directory', async () => {
    for (const databaseUrl of [undefined, '', '   ']) {
      const storage = await openStorage({ sqliteFile: join(dir, 'a', 'b', 'paperboy.db'), ...(databaseUrl === undefined ? {} : { databaseUrl }) });
      expect(storage.kind).toBe('sqlite');
      await storage.close();
    }
  });

  it('says which SQLite file cannot be opened', async () => {
    const blocker = join(dir, 'not-a-directory');
    writeFileSync(blocker, '');
    await expect(openStorage({ sqliteFile: join(blocker, 'paperboy.db') })).rejects.toThrow(
      /^cannot open the SQLite database .*not-a-directory\/paperboy\.db \(.+\); check that the directory is writable$/,
    );
  });

  it('says where PostgreSQL could not be reached, without the password', async () => {
    // Port 1 on this machine: nothing listens, the connection is refused at once.
    const error = await openStorage({ databaseUrl: 'postgres://bot:Very-Secret-9@127.0.0.1:1/paperboy', sqliteFile: join(dir, 'unused.db') }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe('cannot reach PostgreSQL at 127.0.0.1:1/paperboy (ECONNREFUSED); is it running, and is DATABASE_URL right?');
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('Very-Secret-9');
  });

  it('rejects a malformed database URL without echoing it', async () => {
    await expect(openStorage({ databaseUrl: 'Very-Secret-9', sqliteFile: join(dir, 'unused.db') })).rejects.toThrow(/^DATABASE_URL is not a URL/);
  });
});
