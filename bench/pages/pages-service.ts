import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Storage, type Ticker } from '../../src/index.js';
import { startService, type RunningService } from '../../adapters/service/service.js';
import { parseConfig, type ServiceConfig } from '../../adapters/service/config.js';
import { teamPageLinks } from '../../adapters/web/team-links.js';
import { LINK_TTL_MS, type WebSettings } from '../../adapters/web/web-settings.js';

/**
 * The service the pages bench times: the real HTTP server (`startService`, as `paperboy serve`
 * composes it) on loopback, SQLite in a temp dir, the shipped corpus, no chat adapters and no
 * tickers (nothing but the bench's requests runs), and one team whose page has something on
 * it: channel subscriptions with 14 days of posted digests, saves, 👍 and discussion replies.
 */
export const BENCH_TEAM = { platform: 'slack', workspace: 'T0BENCH' } as const;
export const ARCHIVE_DAYS = 14;
/** A fixed secret, so the bench can sign its own link (never used outside the bench). */
const WEB: WebSettings = { secret: 'bench-only-secret-0123456789abcdef0123456789abcdef', ephemeralSecret: false, linkTtlMs: LINK_TTL_MS };

const CHANNELS = [
  { channel: 'C0GENERAL', count: 5 },
  { channel: 'C0DIFFUSION', count: 3, topic: 'diffusion' },
  { channel: 'C0AGENTS', count: 4, topic: 'agents' },
] as const;
const SAVERS = 8;
const DAY_MS = 86_400_000;

export interface TeamSeed {
  readonly subscriptions: number;
  readonly archiveDays: number;
  readonly digestsPosted: number;
  readonly saves: number;
  readonly reactions: number;
  readonly replies: number;
}

export interface PagesService {
  readonly service: RunningService;
  readonly url: string;
  /** Paper ids of the corpus, in corpus order. */
  readonly paperIds: readonly string[];
  /** A `Cookie` header value that signs a member of BENCH_TEAM in. */
  sessionCookie(): Promise<string>;
  close(): Promise<void>;
}

const idleTicker: Ticker = () => ({ stop: () => undefined });

/** The service's configuration as `paperboy serve` parses it from the environment: loopback, no feeds, no console, one search worker. */
function benchConfig(dataDir: string): ServiceConfig {
  const parsed = parseConfig({
    PAPERBOY_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    PAPERBOY_LOG_LEVEL: 'warn',
    PAPERBOY_CONSOLE: 'off',
    PAPERBOY_INSTANCE: 'bench-pages',
    PAPERBOY_FEEDS: 'none',
    PAPERBOY_SEARCH_WORKERS: '1',
    PAPERBOY_SECRET: String(WEB.secret),
  });
  if (!parsed.ok) throw new Error(`the pages bench's configuration is refused: ${parsed.problems.join('; ')}`);
  return parsed.config;
}

export async function startPagesService(): Promise<PagesService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-pages-bench-'));
  const service = await startService({
    config: benchConfig(dataDir),
    logger: silentLogger,
    ticker: idleTicker,
  }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  await service.ready;
  await service.firstDigestPass;
  return {
    service,
    url: service.url,
    paperIds: [...service.paperboy.papers.all()].map((p) => p.id),
    sessionCookie: () => signIn(service.url),
    async close() {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Signs in as a browser does: a member's sign-in link (what `/papers web` hands out) is
 * opened once; the page answers with the session cookie and a redirect, and the cookie is
 * what every later request carries.
 */
function signIn(serviceUrl: string): Promise<string> {
  const link = teamPageLinks({ settings: WEB, serviceUrl: () => serviceUrl }).signInLink({ ...BENCH_TEAM, user: 'U0SAVER0' }, new Date());
  return new Promise((resolve, reject) => {
    const req = request(link.url, { headers: { accept: 'text/html' } }, (res) => {
      res.resume();
      const cookie = res.headers['set-cookie']?.[0]?.split(';')[0];
      if (res.statusCode !== 303 || !cookie) reject(new Error(`signing in answered HTTP ${res.statusCode ?? 0} ${cookie ? 'with' : 'without'} a cookie`));
      else resolve(cookie);
    });
    req.on('error', reject);
    req.end();
  });
}

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Writes the team's history through storage as the scheduler and the chat adapters would:
 * each channel's digest claimed and completed on each of the last 14 days (09:00 UTC),
 * papers spread over the corpus so days differ; saves and 👍 from several people in the
 * past week (the reading list and "top this week"); replies on a few papers.
 */
export async function seedTeam(storage: Storage, paperIds: readonly string[], now: number): Promise<TeamSeed> {
  if (paperIds.length === 0) throw new Error('the corpus is empty: nothing to seed the team with');
  const pick = (i: number): string => paperIds[((i % paperIds.length) + paperIds.length) % paperIds.length]!;
  let digestsPosted = 0;
  for (const [c, settings] of CHANNELS.entries()) {
    const { channel, ...rest } = settings;
    const subscription = await storage.saveSubscription({ ...BENCH_TEAM, channel }, { time: '09:00', timezone: 'UTC', days: 'daily', ...rest }, 'U0ADMIN', now - 30 * DAY_MS);
    for (let day = ARCHIVE_DAYS; day >= 1; day -= 1) {
      const postedAt = Math.floor((now - day * DAY_MS) / DAY_MS) * DAY_MS + 9 * 3_600_000;
      const claim = await storage.claimSlot(subscription.id, isoDate(postedAt), 'bench', postedAt, postedAt + 600_000);
      if (!claim) throw new Error(`could not claim ${subscription.id} on ${isoDate(postedAt)}`);
      const papers = Array.from({ length: settings.count }, (_, k) => pick(day * 17 + c * 61 + k * 7));
      if (!(await storage.completeSlot(claim, `${postedAt / 1000}.000100`, papers, postedAt + 1000))) throw new Error('could not record a digest');
      digestsPosted += 1;
    }
  }
  // A personal digest in the same workspace: the team page leaves it out, but storage holds it.
  await storage.saveSubscription({ ...BENCH_TEAM, channel: 'user:U0SAVER0' }, { time: '08:00', timezone: 'UTC', days: 'daily', count: 3 }, 'U0SAVER0', now - DAY_MS);

  let saves = 0;
  let reactions = 0;
  let replies = 0;
  for (let u = 0; u < SAVERS; u += 1) {
    const user = `U0SAVER${u}`;
    for (let k = 0; k < 6; k += 1) {
      const at = now - ((u * 6 + k) % 6) * DAY_MS - u * 60_000;
      if (await storage.addSignal({ ...BENCH_TEAM, paperId: pick(u * 3 + k * 5), user, kind: 'save' }, at)) saves += 1;
      if (await storage.addSignal({ ...BENCH_TEAM, paperId: pick(u * 2 + k * 11), user, kind: 'reaction' }, at)) reactions += 1;
    }
  }
  for (let k = 0; k < 12; k += 1) {
    await storage.addDiscussionReply(BENCH_TEAM.platform, BENCH_TEAM.workspace, pick(k * 5), now - (k % 5) * DAY_MS);
    replies += 1;
  }
  return { subscriptions: CHANNELS.length, archiveDays: ARCHIVE_DAYS, digestsPosted, saves, reactions, replies };
}
