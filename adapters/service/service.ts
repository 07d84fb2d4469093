import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock, type CommandService, type Logger, type Paperboy, type Storage } from '../../src/index.js';
import { DigestScheduler, FeedSchedule, type AlertDispatcher, type FeedReader, type Ticker, type TickerHandle } from '../../src/index.js';
import { namedCronTicker } from './cron-ticker.js';
import { createFeedReader } from '../feeds/feed-reader.js';
import type { SearchHost } from '../search/search-host.js';
import type { ChatAdapter } from '../chat-adapter.js';
import type { ServiceConfig } from './config.js';
import { openCore } from './open-core.js';
import { scopedToPlatforms } from './scoped-storage.js';
import { createDeliverDigest } from './deliver-digests.js';
import { processAlerts } from './alerts.js';
import { createApiHandler } from './http-api.js';
import { PromMetrics } from '../metrics/prom-metrics.js';
import { countingStorageErrors } from '../metrics/counting-storage.js';
import { liveness, readiness, type HealthDeps } from './health.js';
import { StorageProbe } from './storage-probe.js';
import { teamPageLinks } from '../web/team-links.js';
import { createWebHandler } from '../web/web-handler.js';
import { boundedStep, SHUTDOWN_DEADLINE_MS, ShutdownDeadline } from './shutdown.js';

/**
 * The composition root of the long-running service: configuration → storage → search
 * engine → core → adapters → scheduler → HTTP API, and the reverse on stop. Only this
 * file knows about more than one adapter. The port opens at once: the search engine
 * finishes opening behind it (answering "Indexing …" meanwhile), and feeds start once it
 * is ready.
 */
/** How long open HTTP requests get to finish on shutdown (within the shutdown deadline). */
const HTTP_DRAIN_MS = 5_000;

export interface ServiceDeps {
  readonly config: ServiceConfig;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Replaces the per-minute cron ticker (tests drive the scheduler by hand). */
  readonly ticker?: Ticker;
  /** Builds the chat adapters once the core exists (console, Slack, Discord, test doubles). */
  readonly adapters?: (core: { commands: CommandService; paperboy: Paperboy }) => ChatAdapter[];
  /** How long open HTTP requests get to finish on shutdown (default 5 s). */
  readonly httpDrainMs?: number;
  /** How long stop() takes at most, from its call to storage closed (default SHUTDOWN_DEADLINE_MS, 8 s). */
  readonly shutdownMs?: number;
  /** Wraps storage once opened (tests hold its reads back to watch the index build). */
  readonly wrapStorage?: (storage: Storage) => Storage;
  /** Reads the configured feeds (default: over HTTP from config.feeds; tests give a faster one). */
  readonly feedReader?: FeedReader;
}

/** How often the index looks for papers another process saved (paperboy ingest, other replicas). */
const SYNC_TICKER_NAME = 'paperboy-index-sync';

export interface RunningService {
  /** Base URL of the HTTP API. */
  readonly url: string;
  readonly paperboy: Paperboy;
  readonly storage: Storage;
  readonly search: SearchHost;
  readonly commands: CommandService;
  /** Resolves once the search engine is ready (it answers "Indexing …" until then). */
  readonly ready: Promise<void>;
  /** Resolves once the first digest pass (the catch-up of what a restart missed) is done; it starts when the index has opened. */
  readonly firstDigestPass: Promise<void>;
  readonly scheduler: DigestScheduler;
  /** Sends queued alerts by DM: every minute once the index is ready, and after each feed read. */
  readonly alerts: AlertDispatcher;
  readonly adapters: ReadonlyMap<string, ChatAdapter>;
  /** Reads PAPERBOY_FEEDS into the live corpus; undefined when no feeds are configured. */
  readonly feeds: FeedSchedule | undefined;
  /**
   * Stops taking work, aborts feed reads, gives digests in flight until the shutdown deadline
   * (8 s in all by default), closes storage; resolves within the deadline whatever is in flight,
   * abandoning (and logging) what is late. Idempotent.
   */
  stop(): Promise<void>;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new Error(
          error.code === 'EADDRINUSE' ? `port ${port} on ${host} is taken; set PORT to a free port, e.g. PORT=${port + 1}` : `cannot listen on ${host}:${port} (${error.code ?? error.message})`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const { address, port: bound } = server.address() as AddressInfo;
      resolve(`http://${address.includes(':') ? `[${address}]` : address}:${bound}`);
    });
  });
}

export async function startService(deps: ServiceDeps): Promise<RunningService> {
  const { config, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const started = clock().getTime();
  // Its own registry, not prom-client's global one: several services can share a process (tests do).
  const metrics = new PromMetrics();
  const countErrors = (opened: Storage) => countingStorageErrors(deps.wrapStorage ? deps.wrapStorage(opened) : opened, (operation) => metrics.storageFailed(operation));
  // Links name the service's own address until PAPERBOY_PUBLIC_URL says otherwise; it is known once the port is open.
  let url = `http://${config.host}:${config.port}`;
  const links = teamPageLinks({ settings: config.web, serviceUrl: () => url });
  if (config.web.ephemeralSecret) logger.warn({}, 'PAPERBOY_SECRET is not set: /papers web links and team page sessions stop working when this process restarts');
  const core = await openCore(config, logger, { role: 'service', clock, wrapStorage: countErrors, metrics, links });
  const { storage, paperboy, commands, search } = core;
  metrics.countPapers(() => paperboy.papers.size);
  const adapterList = deps.adapters?.({ commands, paperboy }) ?? [];
  const adapters = new Map(adapterList.map((a) => [a.id, a]));
  const scheduler = new DigestScheduler({
    storage: scopedToPlatforms(storage, new Set(adapters.keys())),
    deliver: createDeliverDigest({ paperboy, storage, adapters, logger, clock }),
    clock,
    owner: config.instance,
    logger,
    catchUpMs: config.catchUpMs,
    metrics,
    leaseMs: config.digestLeaseMs,
  });

  const { dispatcher: alerts, feedAlerts } = processAlerts({ paperboy, storage, adapters, clock, logger, owner: config.instance, leaseMs: config.digestLeaseMs, metrics });
  const feeds =
    config.feedList.length > 0
      ? new FeedSchedule({ feeds: config.feedList, read: deps.feedReader ?? createFeedReader(config.feeds), paperboy, clock, logger, metrics, onRead: feedAlerts.onRead })
      : undefined;

  let stopping = false;
  let indexError: string | undefined;
  const health: HealthDeps = {
    paperboy,
    search,
    probe: new StorageProbe(storage),
    storageKind: storage.kind,
    adapters,
    instance: config.instance,
    uptimeSeconds: () => Math.round((clock().getTime() - started) / 1000),
    stopping: () => stopping,
    indexError: () => indexError,
  };
  const api = createApiHandler({
    paperboy,
    logger,
    metrics: () => metrics.scrape(),
    health: () => ({ ...liveness(health) }),
    readiness: () => readiness(health),
    ...(config.web.publicUrl ? { publicUrl: config.web.publicUrl } : {}),
  });
  const web = createWebHandler({ paperboy, storage, logger, clock, settings: config.web });
  const server = createServer((req, res) => {
    // Pages first: they take browsers' requests at the API's paths, and leave every other client to the API.
    if (web(req, res)) return;
    if (api(req, res)) return;
    if (adapterList.some((adapter) => adapter.httpHandler?.(req, res))) return;
    if (web.notFound(req, res)) return;
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: 'not found; try /search?q=…, /trending, /trending.atom, /papers/:id, /healthz, /readyz, /metrics or /openapi.json' }));
  });
  try {
    url = await listen(server, config.port, config.host);
    for (const adapter of adapterList) await adapter.start();
  } catch (error) {
    // Half-started is not started: release what is open so the process can exit.
    for (const adapter of adapterList) await adapter.stop().catch(() => undefined);
    server.close();
    await core.close();
    throw error;
  }
  // Digests start once the index has opened: a first pass during a build would fail every due slot with "Indexing …" and post the catch-up a retry later.
  let firstPassDone: () => void = () => {};
  const firstPass = new Promise<void>((resolve) => {
    firstPassDone = resolve;
  });
  const startDigests = (): void => {
    void scheduler.start(deps.ticker ?? namedCronTicker('paperboy-digests')).finally(firstPassDone);
    alerts.start(deps.ticker ?? namedCronTicker('paperboy-alerts'));
  };
  let feedTicker: TickerHandle | undefined;
  let syncTicker: TickerHandle | undefined;
  const ready = search.start().then(
    () => {
      if (stopping) return;
      logger.info({ engine: search.engine, papers: paperboy.papers.size }, 'corpus ready');
      startDigests();
      // Feeds tick on their own: a slow feed never delays a digest's minute. They wait for the index, so their papers merge with all the others.
      if (feeds) {
        feedTicker = (deps.ticker ?? namedCronTicker('paperboy-feeds'))(() => void feeds.tick());
        // Cron ticks at the top of a minute; a service just started reads at once (tests with their own ticker tick by hand).
        if (!deps.ticker) void feeds.tick();
      }
      syncTicker = (deps.ticker ?? namedCronTicker(SYNC_TICKER_NAME))(
        () => void search.sync().catch((error: unknown) => logger.warn({ error: errorText(error) }, 'search index could not catch up with storage; trying again in a minute')),
      );
    },
    (error: unknown) => {
      indexError = errorText(error);
      if (!stopping) startDigests(); // digests without a topic can still go out
      logger.error({ error: indexError }, 'the search index could not be opened; searches answer "Indexing …" and /readyz answers 503 until a restart');
    },
  );
  logger.info({ url, instance: config.instance, adapters: [...adapters.keys()] }, 'service started');

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping = true;
      const deadline = new ShutdownDeadline(deps.shutdownMs ?? SHUTDOWN_DEADLINE_MS);
      logger.info({ deadlineMs: deadline.totalMs }, 'stopping: no new digests, alerts or feed reads; those in flight get until the deadline');
      // 1. Nothing new starts: tickers stop, feed reads in flight are aborted, the port takes no new
      // connections. Digests in flight, a feed's ingest and open requests finish meanwhile, in parallel.
      const workMs = deadline.workLeft();
      const giveUp = new AbortController();
      const giveUpTimer = setTimeout(() => giveUp.abort(), workMs);
      const http = new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // A client that never finishes its request must not hold the shutdown hostage.
        setTimeout(() => server.closeAllConnections(), Math.min(deps.httpDrainMs ?? HTTP_DRAIN_MS, workMs)).unref();
      });
      await Promise.all([
        // The scheduler and the alerts resolve at the deadline by themselves, logging the messages they leave.
        scheduler.stop(giveUp.signal),
        alerts.stop(giveUp.signal),
        boundedStep(logger, 'the feed run in flight', Promise.all([feedTicker?.stop(), syncTicker?.stop(), feeds?.stop()]), workMs),
        boundedStep(logger, 'open HTTP requests', http, workMs),
      ]);
      clearTimeout(giveUpTimer);
      giveUp.abort();
      // 2. The chat adapters, once the digests that post through them are done.
      for (const adapter of adapterList) await boundedStep(logger, `stopping the ${adapter.id} adapter`, adapter.stop(), deadline.adaptersLeft());
      // 3. Storage last. A build still running stops at its next batch and resumes from there at the next start.
      await boundedStep(logger, 'closing storage', core.close(), deadline.left());
      logger.info({ ms: deadline.elapsed() }, 'stopped');
    })();
    return stopped;
  };
  return { url, paperboy, storage, search, commands, scheduler, alerts, adapters, feeds, ready, firstDigestPass: firstPass, stop };
}
