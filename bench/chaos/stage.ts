import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FakeSlackApi } from '../../tests/fakes/slack/fake-slack-api.js';
import { postgresDatabase, sqliteDatabase, type ChaosDatabase } from './chaos-database.js';
import { ServiceProcess } from './service-process.js';
import { TcpProxy } from './tcp-proxy.js';
import { tally, type ScenarioResult } from './tally.js';

/**
 * Everything one scenario runs on, set up and torn down around it: a fake Slack, a fresh
 * database with `channels` subscriptions due now, the service processes the scenario
 * starts, and an optional TCP proxy in front of PostgreSQL. Teardown runs whatever
 * happened: processes stopped (then killed), proxy closed, database dropped, files removed.
 */
export interface SuiteOptions {
  readonly channels: number;
  /** PAPERBOY_DIGEST_LEASE_MINUTES given to every process. */
  readonly leaseMinutes: number;
  /** The lease the processes really use: the setting's, or the built-in 10 minutes on a build without it. */
  readonly effectiveLeaseMs: number;
  readonly postgresUrl: string;
  /** Where each scenario's data and process logs go (logs are kept, data is removed). */
  readonly runDir: string;
  /** Keep databases and data directories after the run, to look at them. */
  readonly keep: boolean;
  readonly log: (line: string) => void;
}

export interface Stage {
  readonly fake: FakeSlackApi;
  readonly db: ChaosDatabase;
  /** The subscribed channels (empty until subscribe()). */
  readonly channels: readonly string[];
  /**
   * Subscribes the scenario's channels, due a few minutes ago: the next per-minute pass of a running service
   * catches them all up at once. Scenarios subscribe once their processes' corpus is ready, so the fan-out
   * is not spent on "Indexing, try again" failures of a process still starting.
   */
  subscribe(): Promise<void>;
  /** Resolves once `service` has its corpus ready (it can compose digests). */
  ready(service: ServiceProcess): Promise<void>;
  readonly options: SuiteOptions;
  readonly notes: string[];
  /** Starts `paperboy serve` named `name`; `proxy` routes its database connection through the stage's proxy. */
  start(name: string, options?: { proxy?: boolean }): ServiceProcess;
  /** The proxy in front of PostgreSQL (stages opened with `proxy: true`). */
  readonly proxy: TcpProxy | undefined;
  /** Runs `action` inside the fake's handler of the `k`-th accepted post (before its reply leaves), then resolves. */
  atPost(k: number, action: () => void, timeoutMs: number): Promise<void>;
  /** Resolves true once every channel's slot is recorded as posted; false when `timeoutMs` ran out first, or every process has exited. */
  settle(timeoutMs: number): Promise<boolean>;
  log(line: string): void;
}

const SIGNING_SECRET = 'c0ffee00c0ffee00c0ffee00';
/** From spawn to a ready corpus (the first start imports the shipped corpus into the database). */
const FIRST_POSTS_MS = 4 * 60_000;
/** How often the suite reads the slots back while it waits. */
const POLL_MS = 2000;

export async function runStage(
  key: string,
  name: string,
  options: SuiteOptions,
  setup: { database: 'sqlite' | 'postgres'; proxy?: boolean },
  body: (stage: Stage) => Promise<{ allowedDuplicates: number }>,
): Promise<ScenarioResult> {
  const started = Date.now();
  const dir = join(options.runDir, key);
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const log = (line: string): void => options.log(`[${key}] ${line}`);
  const processes: ServiceProcess[] = [];
  let fake: FakeSlackApi | undefined;
  let db: ChaosDatabase | undefined;
  let proxy: TcpProxy | undefined;
  let settled = false;
  let channels: string[] = [];
  const notes: string[] = [];
  try {
    fake = await FakeSlackApi.start();
    db = setup.database === 'sqlite' ? await sqliteDatabase(join(dir, 'data')) : await postgresDatabase(options.postgresUrl);
    if (setup.proxy) {
      const pgUrl = new URL(options.postgresUrl);
      proxy = await TcpProxy.start({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    }
    const stageFake = fake;
    const stageDb = db;
    const stage: Stage = {
      fake: stageFake,
      db: stageDb,
      get channels() {
        return channels;
      },
      async subscribe() {
        channels = await stageDb.subscribe(options.channels);
        log(`${channels.length} Slack channels subscribed on ${stageDb.kind}, all due now: the next minute's pass posts them`);
      },
      async ready(service) {
        await service.waitForLog((entry) => entry.msg === 'corpus ready', FIRST_POSTS_MS, 'corpus ready');
      },
      options,
      notes,
      proxy,
      log,
      start(processName, startOptions = {}) {
        const useProxy = startOptions.proxy === true;
        if (useProxy && proxy === undefined) throw new Error('this stage has no proxy');
        // SQLite replicas share the file; PostgreSQL replicas get a data directory each, as deployed.
        const dataDir = stageDb.kind === 'sqlite' ? join(dir, 'data') : join(dir, `data-${processName}`);
        const service = ServiceProcess.start(
          processName,
          {
            PAPERBOY_DATA_DIR: dataDir,
            DATABASE_URL: stageDb.databaseUrl(useProxy ? proxy?.port : undefined),
            SLACK_BOT_TOKEN: 'xoxb-chaos',
            SLACK_SIGNING_SECRET: SIGNING_SECRET,
            SLACK_API_URL: stageFake.url,
            PAPERBOY_DIGEST_LEASE_MINUTES: String(options.leaseMinutes),
            // Digests need no search workers; two fewer threads per process on a small machine.
            PAPERBOY_SEARCH_WORKERS: '0',
          },
          { cwd: dir, logDir },
        );
        processes.push(service);
        log(`started ${processName} (pid ${service.pid})`);
        return service;
      },
      atPost(k, action, timeoutMs) {
        return new Promise((resolve, reject) => {
          let accepted = stageFake.callsTo('chat.postMessage').filter((c) => c.ok).length;
          if (accepted >= k) {
            action();
            resolve();
            return;
          }
          const timer = setTimeout(() => {
            off();
            reject(new Error(`only ${accepted}/${k} posts within ${Math.round(timeoutMs / 1000)} s`));
          }, timeoutMs);
          const off = stageFake.onCall((call) => {
            if (call.method !== 'chat.postMessage' || !call.ok || ++accepted !== k) return;
            off();
            clearTimeout(timer);
            action();
            resolve();
          });
        });
      },
      async settle(timeoutMs) {
        const deadline = Date.now() + timeoutMs;
        let last = -1;
        let lastLogged = 0;
        for (;;) {
          const posted = await stageDb.posted().catch(() => last);
          if (posted !== last || Date.now() - lastLogged > 30_000) {
            const accepted = stageFake.callsTo('chat.postMessage').filter((c) => c.ok).length;
            log(`${posted}/${channels.length} slots recorded, ${accepted} posts accepted by Slack`);
            last = posted;
            lastLogged = Date.now();
          }
          if (posted === channels.length) return true;
          if (Date.now() > deadline) return false;
          if (processes.every((p) => !p.running)) {
            log('every service process has exited; nothing can recover now');
            return false;
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
      },
    };
    const { allowedDuplicates } = await body(stage);
    if (channels.length === 0) throw new Error('the scenario subscribed no channels');
    settled = (await stageDb.posted()) === channels.length;
    // SIGTERM lets deliveries in flight finish, so a late duplicate is counted rather than missed.
    await Promise.all(processes.map((p) => p.stop()));
    const result = tally(stageFake, channels);
    for (const p of processes) if (p.crash) notes.push(p.crash);
    if (!settled) {
      notes.push(`not every slot was recorded in time (${await stageDb.posted()}/${channels.length})`);
      for (const p of processes) for (const line of p.tail(8)) log(line);
    }
    return { name, tally: result, allowedDuplicates, settled, seconds: Math.round((Date.now() - started) / 1000), notes };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`aborted: ${message}`);
    for (const p of processes) if (p.crash) notes.push(p.crash);
    for (const p of processes) for (const line of p.tail(8)) log(line);
    const result = fake && channels.length > 0 ? tally(fake, channels) : { channels: options.channels, got0: options.channels, got1: 0, got2plus: 0, duplicates: 0, strays: 0 };
    return { name, tally: result, allowedDuplicates: 0, settled: false, seconds: Math.round((Date.now() - started) / 1000), notes: [...notes, `aborted: ${message}`] };
  } finally {
    for (const p of processes) if (p.running) p.kill9();
    await Promise.all(processes.map((p) => p.exited));
    await proxy?.close().catch(() => undefined);
    await fake?.close().catch(() => undefined);
    if (!options.keep) {
      await db?.destroy().catch((error: unknown) => log(`could not drop the database: ${String(error)}`));
      rmSync(join(dir, 'data'), { recursive: true, force: true });
      for (const p of processes) rmSync(join(dir, `data-${p.name}`), { recursive: true, force: true });
    }
    log(`logs in ${logDir}`);
  }
}
