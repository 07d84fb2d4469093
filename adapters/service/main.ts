import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../../src/index.js';
import { colorOn } from '../console/color-support.js';
import { ConsoleAdapter } from '../console/console-adapter.js';
import { packageRoot } from '../files/package-paths.js';
import { startBanner } from './banner.js';
import { parseConfig } from './config.js';
import { withEnvFile } from './env-file.js';
import { createLogger } from './logger.js';
import { startService, type RunningService } from './service.js';
import { SHUTDOWN_DEADLINE_MS } from './shutdown.js';
import { stopSignals } from './stop-signals.js';

/**
 * `paperboy serve` (what `npm start` runs): read the configuration, start the service,
 * and stop it cleanly on SIGTERM or Ctrl+C. Returns only on a configuration or start-up
 * error, with the exit status; otherwise the process lives until a signal.
 */
export interface ServeIo {
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

/** How long the banner waits for the corpus before saying it is still indexing. */
const BANNER_WAIT_MS = 3000;
/** stop() keeps its deadline by itself; past this, something blocked it, and the process exits anyway. */
const STOP_BACKSTOP_MS = SHUTDOWN_DEADLINE_MS + 1500;

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export async function serve(io: ServeIo): Promise<number> {
  // `.env` in the working directory fills in what the environment leaves unset.
  const { env, problems: envProblems } = withEnvFile(io.env);
  const parsed = parseConfig(env);
  const problems = [...envProblems, ...(parsed.ok ? [] : parsed.problems)];
  if (problems.length > 0 || !parsed.ok) {
    for (const problem of problems) io.stderr.write(`paperboy: configuration: ${problem}\n`);
    io.stderr.write('paperboy: see .env.example for every setting\n');
    return 2;
  }
  const { config } = parsed;
  const logger = createLogger(config.logLevel, io.stderr);
  // A rejected promise nobody awaited (an SDK reconnecting as it is stopped) is logged, not fatal:
  // one platform's hiccup must not take every channel's digest down with the process.
  process.on('unhandledRejection', (reason) => {
    logger.error({ error: reason instanceof Error ? reason.message : String(reason) }, 'unhandled rejection');
  });
  const consoleOn = config.console === 'on' || (config.console === 'auto' && Boolean(io.stdin.isTTY));
  let onConsoleClose: () => void = () => {};
  let stopping = false;
  let service: RunningService;
  try {
    // Each SDK takes a few hundred milliseconds to load: only the platforms configured pay for it.
    const slack = config.slack ? await import('../slack/slack-adapter.js') : undefined;
    const discord = config.discord ? await import('../discord/discord-adapter.js') : undefined;
    service = await startService({
      config,
      logger,
      adapters: ({ commands, paperboy, pageOf }) => [
        ...(config.slack && slack ? [new slack.SlackAdapter({ config: config.slack, commands, lookup: (ref) => paperboy.papers.get(ref), logger, clock: systemClock, pageOf })] : []),
        ...(config.discord && discord ? [new discord.DiscordAdapter({ config: config.discord, commands, paperboy, logger, clock: systemClock })] : []),
        ...(consoleOn
          ? [
              new ConsoleAdapter({
                commands,
                io: { input: io.stdin, output: io.stdout, color: colorOn(io.stdout, io.env), prompt: Boolean(io.stdin.isTTY) },
                clock: systemClock,
                user: { id: userInfo().username, name: userInfo().username },
                onClose: () => onConsoleClose(),
              }),
            ]
          : []),
      ],
    });
  } catch (error) {
    io.stderr.write(`paperboy: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  // From here a signal stops the service cleanly, even while its index is still opening or building.
  const running = service;
  const stopAction = stopSignals(systemClock);
  const shutdown = (signal: string): void => {
    const action = stopAction(signal);
    if (action === 'duplicate') return;
    if (action === 'exit-now') {
      io.stderr.write(`paperboy: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    setTimeout(() => {
      io.stderr.write(`paperboy: still stopping after ${STOP_BACKSTOP_MS / 1000} s; exiting without waiting\n`);
      process.exit(1);
    }, STOP_BACKSTOP_MS).unref();
    // Stops within SHUTDOWN_DEADLINE_MS whatever is in flight, then exits 0.
    void running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ error: error instanceof Error ? error.message : String(error) }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  try {
    // A usual start is ready in moments; a new index (a new container) keeps building behind the open port.
    await Promise.race([service.ready, new Promise((resolve) => setTimeout(resolve, BANNER_WAIT_MS).unref())]);
    const subscriptions = (await service.storage.listSubscriptions()).length;
    io.stdout.write(startBanner(config, { version: version(), url: service.url, index: service.search.report(), subscriptions, adapters: [...service.adapters.keys()], consoleOn }));
  } catch (error) {
    io.stderr.write(`paperboy: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    await service.stop();
    return 1;
  }

  // Typing `exit` (or Ctrl+D) at a terminal stops the service like Ctrl+C. Input that merely
  // ends (no terminal: Docker without -i, systemd) leaves the service running. A console
  // closed by the shutdown itself is not a second signal.
  onConsoleClose = () => {
    if (stopping) return;
    if (io.stdin.isTTY) shutdown('console closed');
    else logger.info({}, 'console input ended; the service keeps running');
  };
  return new Promise<number>(() => {});
}
