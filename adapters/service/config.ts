import { availableParallelism, hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_ENDPOINTS, type FeedEndpoints } from '../feeds/feed-endpoints.js';
import { DEFAULT_CROSSOVER, type SearchSettings } from '../search/search-settings.js';
import { DEFAULT_STORAGE_TIMEOUTS, type StorageTimeouts } from '../storage/storage-timeouts.js';
import { ephemeralWebSettings, LINK_TTL_MS, MIN_SECRET_LENGTH, type WebSettings } from '../web/web-settings.js';

/**
 * Every setting of the service, from the environment (and an optional `.env`), parsed once
 * here and passed on as a typed object: nothing else reads process.env. A wrong value stops
 * start-up with one line per problem naming the variable, what is wrong, and a good value.
 * `.env.example` documents each variable; keep the two in step.
 */
const port = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!/^\d+$/.test(v.trim()) || n > 65_535) {
        ctx.addIssue({ code: 'custom', message: `${name}: "${v}" is not a port number; use a whole number from 0 to 65535, e.g. ${name}=${fallback}` });
        return z.NEVER;
      }
      return n;
    });

/** A whole number of `unit` from `min` to `max`, the fallback when unset; `what` says what it bounds. */
const wholeNumber = (name: string, unit: string, min: number, max: number, fallback: number, what?: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!/^\d{1,4}$/.test(v.trim()) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name}: "${v}" is not a whole number of ${unit} from ${min} to ${max}${what ? ` (${what})` : ''}; e.g. ${name}=${fallback}` });
        return z.NEVER;
      }
      return n;
    });

/** Whole hours from 1 to 23: less would let a digest miss its minute (ticks are a minute apart) with no room to retry. */
const hours = (name: string, fallback: number) => wholeNumber(name, 'hours', 1, 23, fallback);

/** Whole seconds within bounds (a timeout), in milliseconds: `max` keeps every wait shorter than what waits on it, e.g. a digest's delivery deadline. */
const seconds = (name: string, fallbackMs: number, min: number, max: number, what: string) => wholeNumber(name, 'seconds', min, max, fallbackMs / 1000, what).transform((n) => n * 1000);

/**
 * The digest claim's lease, whole minutes from 2 to 120: it must outlast one delivery (2 min)
 * and is how long a post's record is retried through a database outage; past 2 h a crashed
 * replica would hold its channels' digests back for too long.
 */
const leaseMinutes = (name: string, fallback: number) => wholeNumber(name, 'minutes', 2, 120, fallback);

const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const value = v.trim().toLowerCase() as T;
      if (!values.includes(value)) {
        ctx.addIssue({ code: 'custom', message: `${name}: "${v}" is not one of ${values.join(', ')}; e.g. ${name}=${fallback}` });
        return z.NEVER;
      }
      return value;
    });

/** A credential: optional, but when given it must look like one (never echoed in the message). */
const secret = (name: string, shape: RegExp, where: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      if (!shape.test(v.trim())) {
        ctx.addIssue({ code: 'custom', message: `${name}: does not look right; use ${where}` });
        return z.NEVER;
      }
      return v.trim();
    });

/** A platform API base override (tests, proxies): optional, an http(s) URL when given. */
const apiBase = (name: string, official: string, example: string, normalize: (url: string) => string = (url) => url) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      if (!/^https?:\/\/\S+$/.test(v.trim())) {
        ctx.addIssue({ code: 'custom', message: `${name}: not an http(s) URL; leave it unset for ${official}, or give a proxy, e.g. ${name}=${example}` });
        return z.NEVER;
      }
      return normalize(v.trim());
    });

/** PAPERBOY_SECRET: at least MIN_SECRET_LENGTH characters when set (never echoed in the message). */
const signingSecret = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return undefined;
    if (v.trim().length < MIN_SECRET_LENGTH) {
      ctx.addIssue({
        code: 'custom',
        message: `PAPERBOY_SECRET: is ${v.trim().length} characters; use at least ${MIN_SECRET_LENGTH} random ones, e.g. the output of openssl rand -hex 32 (or leave it unset: links then stop working at each restart)`,
      });
      return z.NEVER;
    }
    return v.trim();
  });

/** PAPERBOY_PUBLIC_URL: the origin people open the team page at; the pages link to absolute paths, so it may have no path of its own. */
const publicUrl = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return undefined;
    const problem = (what: string) => {
      ctx.addIssue({ code: 'custom', message: `PAPERBOY_PUBLIC_URL: ${what}; give the address people open the team page at, e.g. PAPERBOY_PUBLIC_URL=https://papers.example.com` });
      return z.NEVER;
    };
    let url: URL;
    try {
      url = new URL(v.trim());
    } catch {
      return problem('not a URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return problem('must start with https:// (or http://)');
    if (url.username || url.password) return problem('must not hold a user name or password');
    if (url.search || url.hash || v.trim().endsWith('?') || v.trim().endsWith('#')) return problem('must have no query (?…) or fragment (#…)');
    if (url.pathname !== '/') return problem(`must be an origin without a path (not ${url.pathname.slice(0, 40)}): the pages live at /, /search, /p/… on it`);
    return url.origin;
  });

const EnvSchema = z.object({
  PAPERBOY_DATA_DIR: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : './data')),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      if (!/^postgres(ql)?:\/\/\S+$/.test(v.trim())) {
        ctx.addIssue({ code: 'custom', message: 'DATABASE_URL: not a PostgreSQL URL; use postgres://USER:PASSWORD@HOST:5432/DATABASE, or leave it unset to use the SQLite file in PAPERBOY_DATA_DIR' });
        return z.NEVER;
      }
      return v.trim();
    }),
  PAPERBOY_DB_CONNECT_TIMEOUT_SECONDS: seconds('PAPERBOY_DB_CONNECT_TIMEOUT_SECONDS', DEFAULT_STORAGE_TIMEOUTS.connectTimeoutMs, 1, 30, 'how long to wait for a PostgreSQL connection'),
  PAPERBOY_DB_STATEMENT_TIMEOUT_SECONDS: seconds('PAPERBOY_DB_STATEMENT_TIMEOUT_SECONDS', DEFAULT_STORAGE_TIMEOUTS.statementTimeoutMs, 1, 60, 'how long one PostgreSQL statement may take'),
  PAPERBOY_SQLITE_BUSY_TIMEOUT_SECONDS: seconds('PAPERBOY_SQLITE_BUSY_TIMEOUT_SECONDS', DEFAULT_STORAGE_TIMEOUTS.busyTimeoutMs, 1, 30, 'how long an SQLite write waits for another process'),
  PORT: port('PORT', 3000),
  HOST: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : '0.0.0.0')),
  PAPERBOY_CORPUS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    ),
  PAPERBOY_CATCH_UP_HOURS: hours('PAPERBOY_CATCH_UP_HOURS', 6),
  PAPERBOY_DIGEST_LEASE_MINUTES: leaseMinutes('PAPERBOY_DIGEST_LEASE_MINUTES', 10),
  PAPERBOY_LOG_LEVEL: oneOf('PAPERBOY_LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
  PAPERBOY_CONSOLE: oneOf('PAPERBOY_CONSOLE', ['auto', 'on', 'off'] as const, 'auto'),
  PAPERBOY_INSTANCE: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : `${hostname()}-${process.pid}`)),
  SLACK_BOT_TOKEN: secret('SLACK_BOT_TOKEN', /^xoxb-/, 'xoxb-…, the Bot User OAuth Token under OAuth & Permissions'),
  SLACK_SIGNING_SECRET: secret('SLACK_SIGNING_SECRET', /^[0-9a-f]{16,}$/i, 'the Signing Secret under Basic Information (hex)'),
  SLACK_APP_TOKEN: secret('SLACK_APP_TOKEN', /^xapp-/, 'xapp-…, an App-Level Token with connections:write under Basic Information'),
  SLACK_API_URL: apiBase('SLACK_API_URL', 'https://slack.com/api/', 'http://127.0.0.1:8080/api/'),
  DISCORD_TOKEN: secret('DISCORD_TOKEN', /^[\w-]+\.[\w-]+\.[\w-]+$/, 'the bot token (three parts separated by dots, without "Bot ") from the Developer Portal, Bot → Reset Token'),
  DISCORD_APPLICATION_ID: secret('DISCORD_APPLICATION_ID', /^\d{15,21}$/, 'the Application ID (digits) from the Developer Portal, General Information'),
  // discord.js appends /v10/…: a trailing slash would double it.
  DISCORD_API_URL: apiBase('DISCORD_API_URL', 'https://discord.com/api', 'http://127.0.0.1:8080/api', (url) => url.replace(/\/+$/, '')),
  PAPERBOY_FEEDS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return ['hf'];
      if (v.trim().toLowerCase() === 'none') return [];
      const feeds = [
        ...new Set(
          v
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean),
        ),
      ];
      const bad = feeds.filter((f) => f !== 'hf' && !/^arxiv:[a-z-]+(\.[A-Za-z-]+)?(\+[a-z-]+(\.[A-Za-z-]+)?)*$/.test(f));
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `PAPERBOY_FEEDS: "${bad.join(', ').slice(0, 80)}" is not a feed; use hf and arxiv:<category>, comma-separated, e.g. PAPERBOY_FEEDS=hf,arxiv:cs.LG (or none)`,
        });
        return z.NEVER;
      }
      return feeds;
    }),
  PAPERBOY_SEARCH: oneOf('PAPERBOY_SEARCH', ['auto', 'memory', 'disk'] as const, 'auto'),
  PAPERBOY_SEARCH_WORKERS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return Math.min(2, availableParallelism());
      const n = Number(v);
      if (!/^\d+$/.test(v.trim()) || n > 16) {
        ctx.addIssue({ code: 'custom', message: `PAPERBOY_SEARCH_WORKERS: "${v}" is not a whole number from 0 to 16; e.g. PAPERBOY_SEARCH_WORKERS=2 (0 searches in the main thread)` });
        return z.NEVER;
      }
      return n;
    }),
  PAPERBOY_HF_API_URL: apiBase('PAPERBOY_HF_API_URL', DEFAULT_ENDPOINTS.hfDailyPapers, 'http://127.0.0.1:8080/api/daily_papers'),
  PAPERBOY_ARXIV_API_URL: apiBase('PAPERBOY_ARXIV_API_URL', DEFAULT_ENDPOINTS.arxivApi, 'http://127.0.0.1:8080/api/query'),
  // The category is appended, so the base ends with a slash.
  PAPERBOY_ARXIV_RSS_URL: apiBase('PAPERBOY_ARXIV_RSS_URL', DEFAULT_ENDPOINTS.arxivRss, 'http://127.0.0.1:8080/rss/', (url) => (url.endsWith('/') ? url : `${url}/`)),
  PAPERBOY_SECRET: signingSecret,
  PAPERBOY_PUBLIC_URL: publicUrl,
});

/** Every variable the service reads (`.env.example` must document each one). */
export const ENV_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export interface ServiceConfig {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  /** How long storage calls may wait on the database before failing. */
  readonly storageTimeouts: StorageTimeouts;
  readonly port: number;
  readonly host: string;
  readonly extraCorpus: readonly string[];
  readonly catchUpMs: number;
  /** How long a digest claim keeps other replicas off its slot, and how long a post's record is retried. */
  readonly digestLeaseMs: number;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly console: 'auto' | 'on' | 'off';
  /** This replica's name in slot claims and logs. */
  readonly instance: string;
  /** Slack, when its credentials are set: HTTP (Events API) with a signing secret, Socket Mode with an app token. */
  readonly slack: SlackConfig | undefined;
  /** Discord, when its bot token and application id are set: the gateway, plus REST. */
  readonly discord: DiscordConfig | undefined;
  /** Where feeds are fetched from (overridable for mirrors and tests). */
  readonly feeds: FeedEndpoints;
  /** Feeds the service reads on its own (`hf`, `arxiv:cs.LG`); empty: none. */
  readonly feedList: readonly string[];
  /** Which search engine serves the corpus, and how. */
  readonly search: SearchSettings;
  /** The team page: the key sign-in links are signed with (random per process without PAPERBOY_SECRET) and PAPERBOY_PUBLIC_URL. */
  readonly web: WebSettings;
}

export interface DiscordConfig {
  readonly token: string;
  readonly applicationId: string;
  /** REST base override (tests, proxies), e.g. http://127.0.0.1:8080/api; Discord's own by default. */
  readonly apiUrl: string | undefined;
}

export interface SlackConfig {
  readonly mode: 'http' | 'socket';
  readonly botToken: string;
  readonly signingSecret: string | undefined;
  readonly appToken: string | undefined;
  /** Web API base override (tests, proxies); Slack's own by default. */
  readonly apiUrl: string | undefined;
}

export type ConfigResult = { ok: true; config: ServiceConfig } | { ok: false; problems: string[] };

export function parseConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => i.message) };
  const e = parsed.data;
  const slack = slackConfig(e);
  const discord = discordConfig(e);
  const problems = [slack, discord].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0 || typeof slack === 'string' || typeof discord === 'string') return { ok: false, problems };
  return {
    ok: true,
    config: {
      dataDir: e.PAPERBOY_DATA_DIR,
      databaseUrl: e.DATABASE_URL,
      storageTimeouts: { connectTimeoutMs: e.PAPERBOY_DB_CONNECT_TIMEOUT_SECONDS, statementTimeoutMs: e.PAPERBOY_DB_STATEMENT_TIMEOUT_SECONDS, busyTimeoutMs: e.PAPERBOY_SQLITE_BUSY_TIMEOUT_SECONDS },
      port: e.PORT,
      host: e.HOST,
      extraCorpus: e.PAPERBOY_CORPUS,
      catchUpMs: e.PAPERBOY_CATCH_UP_HOURS * 3_600_000,
      digestLeaseMs: e.PAPERBOY_DIGEST_LEASE_MINUTES * 60_000,
      logLevel: e.PAPERBOY_LOG_LEVEL,
      console: e.PAPERBOY_CONSOLE,
      instance: e.PAPERBOY_INSTANCE,
      slack,
      discord,
      feedList: e.PAPERBOY_FEEDS,
      search: { mode: e.PAPERBOY_SEARCH, dataDir: e.PAPERBOY_DATA_DIR, workers: e.PAPERBOY_SEARCH_WORKERS, crossover: DEFAULT_CROSSOVER },
      feeds: {
        hfDailyPapers: e.PAPERBOY_HF_API_URL ?? DEFAULT_ENDPOINTS.hfDailyPapers,
        arxivApi: e.PAPERBOY_ARXIV_API_URL ?? DEFAULT_ENDPOINTS.arxivApi,
        arxivRss: e.PAPERBOY_ARXIV_RSS_URL ?? DEFAULT_ENDPOINTS.arxivRss,
      },
      web: e.PAPERBOY_SECRET
        ? { secret: e.PAPERBOY_SECRET, ephemeralSecret: false, linkTtlMs: LINK_TTL_MS, ...(e.PAPERBOY_PUBLIC_URL ? { publicUrl: e.PAPERBOY_PUBLIC_URL } : {}) }
        : ephemeralWebSettings(e.PAPERBOY_PUBLIC_URL),
    },
  };
}

/** Slack's mode from which credentials are present; a message when they do not add up. */
function slackConfig(e: z.infer<typeof EnvSchema>): SlackConfig | undefined | string {
  const { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken, SLACK_API_URL: apiUrl } = e;
  if (!botToken) {
    return signingSecret || appToken ? 'SLACK_BOT_TOKEN: missing; Slack needs the Bot User OAuth Token (xoxb-…) as well as the secret or app token you set' : undefined;
  }
  if (!signingSecret && !appToken) {
    return 'SLACK_SIGNING_SECRET or SLACK_APP_TOKEN: missing; set SLACK_APP_TOKEN=xapp-… for Socket Mode (no public URL needed), or SLACK_SIGNING_SECRET for HTTP mode';
  }
  return { mode: appToken ? 'socket' : 'http', botToken, signingSecret, appToken, apiUrl };
}

/** Discord is on when both its token and application id are set; one without the other is a mistake worth a message. */
function discordConfig(e: z.infer<typeof EnvSchema>): DiscordConfig | undefined | string {
  const { DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: applicationId, DISCORD_API_URL: apiUrl } = e;
  if (!token && !applicationId) return undefined;
  if (!token) return 'DISCORD_TOKEN: missing; Discord needs the bot token (Developer Portal → Bot → Reset Token) as well as DISCORD_APPLICATION_ID';
  if (!applicationId) return 'DISCORD_APPLICATION_ID: missing; copy the Application ID from the Developer Portal → General Information';
  return { token, applicationId, apiUrl };
}

/** Where the service keeps its data: PostgreSQL when DATABASE_URL is set, else the SQLite file in PAPERBOY_DATA_DIR; and how long it may wait on it. */
export function storageOptions(config: Pick<ServiceConfig, 'dataDir' | 'databaseUrl'> & { readonly storageTimeouts?: StorageTimeouts }): {
  readonly sqliteFile: string;
  readonly databaseUrl?: string;
  readonly timeouts: StorageTimeouts;
} {
  return {
    sqliteFile: join(config.dataDir, 'paperboy.sqlite'),
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    timeouts: config.storageTimeouts ?? DEFAULT_STORAGE_TIMEOUTS,
  };
}

const SECRET_PARAMETERS = ['password', 'sslpassword', 'sslkey', 'sslcert', 'sslrootcert'];

/** A database URL fit for logs and the banner: any password, in the user part or the query, replaced. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (SECRET_PARAMETERS.includes(key.toLowerCase())) parsed.searchParams.set(key, '***');
    }
    return parsed.toString().replace(/%2A%2A%2A/g, '***');
  } catch {
    return url.replace(/\/\/.*@/, '//***@');
  }
}
