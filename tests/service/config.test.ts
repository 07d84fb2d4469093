import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES, parseConfig, redactUrl } from '../../adapters/service/config.js';
import { DEFAULT_ENDPOINTS } from '../../adapters/feeds/feed-endpoints.js';
import { DEFAULT_CROSSOVER } from '../../adapters/search/search-settings.js';
import { CLIENT_MARGIN_MS, DEFAULT_STORAGE_TIMEOUTS } from '../../adapters/storage/storage-timeouts.js';
import { DEFAULT_DELIVERY_TIMEOUT_MS } from '../../src/scheduling/digest-scheduler.js';

describe('service configuration', () => {
  it('starts on defaults with an empty environment', () => {
    const result = parseConfig({});
    expect(result).toMatchObject({ ok: true, config: { dataDir: './data', port: 3000, host: '0.0.0.0', catchUpMs: 6 * 3_600_000, logLevel: 'info', console: 'auto', extraCorpus: [] } });
    if (result.ok) expect(result.config.databaseUrl).toBeUndefined();
  });

  it('reads every setting', () => {
    const result = parseConfig({
      PAPERBOY_DATA_DIR: '/var/lib/paperboy',
      DATABASE_URL: 'postgres://pb:s3cret@db:5432/paperboy',
      PORT: '8080',
      HOST: '127.0.0.1',
      PAPERBOY_CORPUS: 'a.jsonl, b.txt ,',
      PAPERBOY_CATCH_UP_HOURS: '2',
      PAPERBOY_DIGEST_LEASE_MINUTES: '15',
      PAPERBOY_LOG_LEVEL: 'DEBUG',
      PAPERBOY_CONSOLE: 'off',
      PAPERBOY_INSTANCE: 'replica-2',
      PAPERBOY_SEARCH: 'disk',
      PAPERBOY_SEARCH_WORKERS: '3',
      PAPERBOY_DB_CONNECT_TIMEOUT_SECONDS: '3',
      PAPERBOY_DB_STATEMENT_TIMEOUT_SECONDS: '20',
      PAPERBOY_SQLITE_BUSY_TIMEOUT_SECONDS: '2',
      PAPERBOY_SECRET: ' 0123456789abcdef0123456789abcdef ',
      PAPERBOY_PUBLIC_URL: 'https://Papers.Example.com/',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        dataDir: '/var/lib/paperboy',
        databaseUrl: 'postgres://pb:s3cret@db:5432/paperboy',
        storageTimeouts: { connectTimeoutMs: 3_000, statementTimeoutMs: 20_000, busyTimeoutMs: 2_000 },
        port: 8080,
        host: '127.0.0.1',
        extraCorpus: ['a.jsonl', 'b.txt'],
        catchUpMs: 2 * 3_600_000,
        digestLeaseMs: 15 * 60_000,
        logLevel: 'debug',
        console: 'off',
        instance: 'replica-2',
        slack: undefined,
        discord: undefined,
        feeds: DEFAULT_ENDPOINTS,
        feedList: ['hf'],
        search: { mode: 'disk', dataDir: '/var/lib/paperboy', workers: 3, crossover: DEFAULT_CROSSOVER },
        web: { secret: '0123456789abcdef0123456789abcdef', ephemeralSecret: false, publicUrl: 'https://papers.example.com', linkTtlMs: 7 * 24 * 3_600_000 },
      },
    });
  });

  it('signs team page links with a random key per process when PAPERBOY_SECRET is unset, and says so', () => {
    const web = (env: Record<string, string>) => {
      const result = parseConfig(env);
      return result.ok ? result.config.web : undefined;
    };
    const [a, b] = [web({}), web({})];
    expect(a).toMatchObject({ ephemeralSecret: true, linkTtlMs: 7 * 24 * 3_600_000 });
    expect(a?.publicUrl).toBeUndefined();
    expect(Buffer.from(a!.secret).length).toBeGreaterThanOrEqual(32);
    expect(Buffer.from(a!.secret).equals(Buffer.from(b!.secret))).toBe(false);
    expect(web({ PAPERBOY_SECRET: '   ' })?.ephemeralSecret).toBe(true);
  });

  it('refuses a short PAPERBOY_SECRET without showing it', () => {
    const result = parseConfig({ PAPERBOY_SECRET: 'hunter2-hunter2' });
    expect(result).toEqual({ ok: false, problems: [expect.stringMatching(/^PAPERBOY_SECRET: is 15 characters; use at least 32 random ones, e\.g\. the output of openssl rand -hex 32/)] });
    expect(JSON.stringify(result)).not.toMatch(/hunter2/);
    expect(parseConfig({ PAPERBOY_SECRET: 'x'.repeat(32) }).ok).toBe(true);
    expect(parseConfig({ PAPERBOY_SECRET: '🔑'.repeat(16) }).ok).toBe(true);
  });

  it('takes PAPERBOY_PUBLIC_URL as an http(s) origin and says what is wrong with anything else', () => {
    const url = (value: string) => {
      const result = parseConfig({ PAPERBOY_PUBLIC_URL: value });
      return result.ok ? result.config.web.publicUrl : result.problems.join('\n');
    };
    expect(url('https://papers.example.com')).toBe('https://papers.example.com');
    expect(url(' http://127.0.0.1:8080/ ')).toBe('http://127.0.0.1:8080');
    expect(url('https://bücher.example')).toBe('https://xn--bcher-kva.example');
    expect(url('')).toBeUndefined();
    const refused: Array<[string, RegExp]> = [
      ['papers.example.com', /not a URL/],
      ['ftp://papers.example.com', /must start with https:\/\//],
      ['javascript:alert(1)', /must start with https:\/\//],
      ['https://user:pw@papers.example.com', /user name or password/],
      ['https://papers.example.com/?x=1', /no query/],
      ['https://papers.example.com/#top', /fragment/],
      ['https://papers.example.com?', /no query/],
      ['https://papers.example.com/paperboy', /without a path \(not \/paperboy\)/],
      ['https://x/<script>', /without a path/],
    ];
    for (const [value, problem] of refused) {
      expect(url(value), value).toMatch(/^PAPERBOY_PUBLIC_URL: .*e\.g\. PAPERBOY_PUBLIC_URL=https:\/\/papers\.example\.com$/);
      expect(url(value), value).toMatch(problem);
    }
    expect(url('https://user:pw@papers.example.com')).not.toMatch(/pw@/);
  });

  it('bounds how long storage may wait, so a stalled database fails a digest attempt well before its delivery deadline', () => {
    const timeouts = (env: Record<string, string>) => {
      const result = parseConfig(env);
      return result.ok ? result.config.storageTimeouts : result.problems;
    };
    expect(timeouts({})).toEqual(DEFAULT_STORAGE_TIMEOUTS);
    expect(timeouts({ PAPERBOY_DB_STATEMENT_TIMEOUT_SECONDS: '0' })).toEqual([
      'PAPERBOY_DB_STATEMENT_TIMEOUT_SECONDS: "0" is not a whole number of seconds from 1 to 60 (how long one PostgreSQL statement may take); e.g. PAPERBOY_DB_STATEMENT_TIMEOUT_SECONDS=10',
    ]);
    expect(timeouts({ PAPERBOY_DB_CONNECT_TIMEOUT_SECONDS: '2.5' })).toEqual([expect.stringMatching(/^PAPERBOY_DB_CONNECT_TIMEOUT_SECONDS: "2.5" is not a whole number of seconds from 1 to 30/)]);
    expect(timeouts({ PAPERBOY_SQLITE_BUSY_TIMEOUT_SECONDS: '31' })).toEqual([expect.stringMatching(/^PAPERBOY_SQLITE_BUSY_TIMEOUT_SECONDS: "31" is not a whole number of seconds from 1 to 30/)]);
    // The longest a PostgreSQL call can wait: a connection, then its statement, then the client's margin.
    const longest = timeouts({ PAPERBOY_DB_CONNECT_TIMEOUT_SECONDS: '30', PAPERBOY_DB_STATEMENT_TIMEOUT_SECONDS: '60' });
    expect(longest).toMatchObject({ connectTimeoutMs: 30_000, statementTimeoutMs: 60_000 });
    if (!Array.isArray(longest)) expect(longest.connectTimeoutMs + longest.statementTimeoutMs + CLIENT_MARGIN_MS).toBeLessThan(DEFAULT_DELIVERY_TIMEOUT_MS);
  });

  it('picks the search engine and its worker threads, refusing what it cannot run', () => {
    const search = (env: Record<string, string>) => {
      const result = parseConfig(env);
      return result.ok ? result.config.search : result.problems;
    };
    expect(search({})).toMatchObject({ mode: 'auto', workers: Math.min(2, availableParallelism()) });
    expect(search({ PAPERBOY_SEARCH: 'Memory', PAPERBOY_SEARCH_WORKERS: '0' })).toMatchObject({ mode: 'memory', workers: 0 });
    expect(search({ PAPERBOY_SEARCH: 'fts' })).toEqual(['PAPERBOY_SEARCH: "fts" is not one of auto, memory, disk; e.g. PAPERBOY_SEARCH=auto']);
    expect(search({ PAPERBOY_SEARCH_WORKERS: '-1' })).toEqual([expect.stringMatching(/^PAPERBOY_SEARCH_WORKERS: "-1" is not a whole number from 0 to 16/)]);
    expect(search({ PAPERBOY_SEARCH_WORKERS: '99' })).toEqual([expect.stringMatching(/^PAPERBOY_SEARCH_WORKERS: "99"/)]);
  });

  it('names the variable, what is wrong and a good value, one line per problem', () => {
    const result = parseConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PAPERBOY_CATCH_UP_HOURS: '48', PAPERBOY_LOG_LEVEL: 'loud' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      expect.stringMatching(/^DATABASE_URL: not a PostgreSQL URL; use postgres:\/\/USER:PASSWORD@HOST:5432\/DATABASE/),
      'PORT: "eighty" is not a port number; use a whole number from 0 to 65535, e.g. PORT=3000',
      'PAPERBOY_CATCH_UP_HOURS: "48" is not a whole number of hours from 1 to 23; e.g. PAPERBOY_CATCH_UP_HOURS=6',
      'PAPERBOY_LOG_LEVEL: "loud" is not one of debug, info, warn, error; e.g. PAPERBOY_LOG_LEVEL=info',
    ]);
    expect(result.problems.every((p) => !p.includes('\n'))).toBe(true);
  });

  it('takes the digest lease in whole minutes from 2 to 120, 10 by default', () => {
    const lease = (value?: string) => {
      const result = parseConfig(value === undefined ? {} : { PAPERBOY_DIGEST_LEASE_MINUTES: value });
      return result.ok ? result.config.digestLeaseMs : result.problems;
    };
    expect(lease()).toBe(10 * 60_000);
    expect(lease(' 2 ')).toBe(2 * 60_000);
    expect(lease('120')).toBe(120 * 60_000);
    // Under 2 minutes a delivery (up to 2 min) could outlast its own claim.
    expect(lease('1')).toEqual(['PAPERBOY_DIGEST_LEASE_MINUTES: "1" is not a whole number of minutes from 2 to 120; e.g. PAPERBOY_DIGEST_LEASE_MINUTES=10']);
    for (const value of ['121', '0', '1.5', '10m', '-5']) expect(lease(value)).toEqual([expect.stringMatching(/^PAPERBOY_DIGEST_LEASE_MINUTES: /)]);
  });

  it('refuses a catch-up window that would lose digests', () => {
    for (const value of ['0', '0.5', '1e1', '0x10', '24']) expect(parseConfig({ PAPERBOY_CATCH_UP_HOURS: value }).ok).toBe(false);
    expect(parseConfig({ PAPERBOY_CATCH_UP_HOURS: '1' }).ok).toBe(true);
  });

  it('never shows a database password', () => {
    expect(redactUrl('postgres://pb:s3cret@db:5432/paperboy')).toBe('postgres://pb:***@db:5432/paperboy');
    expect(redactUrl('postgres://db/paperboy')).toBe('postgres://db/paperboy');
    expect(redactUrl('postgres://u:p@ss@host/db')).not.toMatch(/ss@|p@/);
    expect(redactUrl('postgres://:secret@host/db')).not.toMatch(/secret/);
    expect(redactUrl('postgres://root@127.0.0.1:5432/db?password=hunter2&sslmode=require')).toBe('postgres://root@127.0.0.1:5432/db?password=***&sslmode=require');
    const result = parseConfig({ DATABASE_URL: 'postgres//pb:s3cret@db' });
    expect(JSON.stringify(result)).not.toMatch(/s3cret/);
  });

  it('documents every variable in .env.example', () => {
    const example = readFileSync(fileURLToPath(new URL('../../.env.example', import.meta.url)), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect([...ENV_VARIABLES].filter((v) => !documented.has(v))).toEqual([]);
    expect(parseConfig(Object.fromEntries([...example.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]))).ok).toBe(true);
  });
});

describe('.env files', () => {
  it('fill in what the environment leaves unset, and report lines that would misparse', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { withEnvFile } = await import('../../adapters/service/env-file.js');
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, '# settings\nPAPERBOY_DATA_DIR=/srv/from-dotenv\nPORT=4000\nPAPERBOY_PORT=1\nDATABASE_URL\n');
    const { env, problems } = withEnvFile({ PORT: '5000' }, file);
    expect(env.PORT).toBe('5000');
    expect(problems).toEqual([`${file} line 5: "DATABASE_URL" has no "="; write NAME=value, e.g. PORT=3000`, `${file}: unknown setting PAPERBOY_PORT; see .env.example for the names`]);
    expect(withEnvFile({}, dir).problems[0]).toMatch(/cannot read it \(EISDIR\)/);
    expect(withEnvFile({ A: '1' }, join(dir, 'missing'))).toEqual({ env: { A: '1' }, problems: [] });
    writeFileSync(file, 'PAPERBOY_DATA_DIR=/srv/from-dotenv\n');
    expect(withEnvFile({}, file).env.PAPERBOY_DATA_DIR).toBe('/srv/from-dotenv');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('Slack settings', () => {
  const token = 'xoxb-1-2-abc';
  it('picks Socket Mode with an app token and HTTP mode with only a signing secret', () => {
    expect(parseConfig({ SLACK_BOT_TOKEN: token, SLACK_APP_TOKEN: 'xapp-1-A-2-x' })).toMatchObject({ ok: true, config: { slack: { mode: 'socket', botToken: token } } });
    expect(parseConfig({ SLACK_BOT_TOKEN: token, SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99eeef85a5aa' })).toMatchObject({ ok: true, config: { slack: { mode: 'http' } } });
    expect(parseConfig({})).toMatchObject({ ok: true, config: { slack: undefined } });
  });

  it('says what is missing or wrong without echoing the secret', () => {
    const bad = parseConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token-123' });
    expect(bad).toEqual({ ok: false, problems: ['SLACK_BOT_TOKEN: does not look right; use xoxb-…, the Bot User OAuth Token under OAuth & Permissions'] });
    expect(parseConfig({ SLACK_BOT_TOKEN: token })).toEqual({
      ok: false,
      problems: [expect.stringMatching(/^SLACK_SIGNING_SECRET or SLACK_APP_TOKEN: missing; set SLACK_APP_TOKEN=xapp-… for Socket Mode/)],
    });
    expect(parseConfig({ SLACK_APP_TOKEN: 'xapp-1' })).toEqual({ ok: false, problems: [expect.stringMatching(/^SLACK_BOT_TOKEN: missing/)] });
    expect(JSON.stringify(bad)).not.toMatch(/user-token-123/);
  });
});

describe('Discord settings', () => {
  const token = 'MTEwMDAwMDAwMDAwMDAwMDAx.GhJkLm.abcdefghijklmnopqrstuvwxyz0123456789AB';
  it('turns Discord on with a bot token and an application id, trimming a trailing slash off the API base', () => {
    expect(parseConfig({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: '1100000000000000001', DISCORD_API_URL: 'http://127.0.0.1:9/api/' })).toMatchObject({
      ok: true,
      config: { discord: { token, applicationId: '1100000000000000001', apiUrl: 'http://127.0.0.1:9/api' } },
    });
    expect(parseConfig({})).toMatchObject({ ok: true, config: { discord: undefined } });
  });

  it('says which half is missing or malformed, without echoing the token', () => {
    expect(parseConfig({ DISCORD_TOKEN: token })).toEqual({ ok: false, problems: [expect.stringMatching(/^DISCORD_APPLICATION_ID: missing; copy the Application ID/)] });
    expect(parseConfig({ DISCORD_APPLICATION_ID: '1100000000000000001' })).toEqual({ ok: false, problems: [expect.stringMatching(/^DISCORD_TOKEN: missing/)] });
    const pasted = parseConfig({ DISCORD_TOKEN: `Bot ${token}`, DISCORD_APPLICATION_ID: 'my-app' });
    expect(pasted).toEqual({
      ok: false,
      problems: [
        expect.stringMatching(/^DISCORD_TOKEN: does not look right; use the bot token \(three parts separated by dots, without "Bot "\)/),
        expect.stringMatching(/^DISCORD_APPLICATION_ID: does not look right/),
      ],
    });
    expect(JSON.stringify(pasted)).not.toContain('GhJkLm');
  });
});
