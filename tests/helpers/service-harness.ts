import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import type { ServiceConfig } from '../../adapters/service/config.js';
import { startService, type RunningService } from '../../adapters/service/service.js';
import type { CommandService, Paperboy } from '../../src/index.js';
import type { FeedReader, Storage, Ticker } from '../../src/index.js';
import { recordingLogger } from './command-harness.js';
import { DEFAULT_ENDPOINTS } from '../../adapters/feeds/feed-endpoints.js';
import { DEFAULT_CROSSOVER } from '../../adapters/search/search-settings.js';
import { DEFAULT_STORAGE_TIMEOUTS } from '../../adapters/storage/storage-timeouts.js';
import { ephemeralWebSettings } from '../../adapters/web/web-settings.js';

/**
 * The whole service on loopback with a clock the test moves and a ticker the test fires:
 * real storage (a temp SQLite file, or PostgreSQL when given), real HTTP, the adapters the
 * test asks for. Nothing waits for real time.
 */
export interface ServiceHarness {
  readonly service: RunningService;
  readonly dataDir: string;
  readonly logged: Array<{ level: string; fields: Record<string, unknown>; message: string }>;
  /** Sets the clock. */
  at(iso: string): void;
  /** What the per-minute ticker would do: one scheduler pass at the clock's time. */
  tick(): ReturnType<RunningService['scheduler']['tick']>;
  close(): Promise<void>;
}

export async function startServiceHarness(options: {
  adapters: (core: { commands: CommandService; paperboy: Paperboy }) => ChatAdapter[];
  start?: string;
  config?: Partial<ServiceConfig>;
  /** Runs against the data directory before the service opens it (e.g. to store papers). */
  before?: (dataDir: string) => Promise<void>;
  feedReader?: FeedReader;
  /** Wraps the storage the service opens (to hold its reads back, as a slow database would). */
  storage?: (storage: Storage) => Storage;
  /** Return before the search index is ready (default: wait, so tests start from a corpus that is there). */
  waitForIndex?: boolean;
  /** PAPERBOY_SEARCH (default auto). */
  searchMode?: 'auto' | 'memory' | 'disk';
  /** The shutdown deadline (default the service's, 8 s). */
  shutdownMs?: number;
}): Promise<ServiceHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-service-'));
  let now = new Date(options.start ?? '2026-11-27T06:00:00Z');
  const logged: ServiceHarness['logged'] = [];
  await options.before?.(dataDir);
  const manual: Ticker = () => ({ stop: () => undefined });
  const service = await startService({
    config: {
      dataDir,
      databaseUrl: undefined,
      storageTimeouts: DEFAULT_STORAGE_TIMEOUTS,
      port: 0,
      host: '127.0.0.1',
      extraCorpus: [],
      catchUpMs: 6 * 3_600_000,
      digestLeaseMs: 10 * 60_000,
      logLevel: 'info',
      console: 'off',
      instance: 'test-1',
      slack: undefined,
      discord: undefined,
      feeds: DEFAULT_ENDPOINTS,
      feedList: [],
      search: { mode: options.searchMode ?? 'auto', dataDir, workers: 1, crossover: DEFAULT_CROSSOVER },
      web: ephemeralWebSettings(),
      ...options.config,
    },
    logger: recordingLogger(logged),
    clock: () => now,
    ticker: manual,
    adapters: options.adapters,
    ...(options.feedReader ? { feedReader: options.feedReader } : {}),
    ...(options.storage ? { wrapStorage: options.storage } : {}),
    httpDrainMs: 100,
    ...(options.shutdownMs !== undefined ? { shutdownMs: options.shutdownMs } : {}),
  }).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  if (options.waitForIndex !== false) {
    await service.ready;
    await service.firstDigestPass; // a tick during the start-up pass would only say 'busy'
  }
  return {
    service,
    dataDir,
    logged,
    at(iso) {
      now = new Date(iso);
    },
    tick: () => service.scheduler.tick(),
    async close() {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
