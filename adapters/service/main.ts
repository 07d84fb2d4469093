import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../src/index.js';
import { ConsoleAdapter } from '../console/console-adapter.js';
import { packageRoot } from '../files/package-paths.js';
import { startBanner } from './banner.js';
import { parseConfig } from './config.js';
import { createLogger } from './logger.js';
import { startService } from './service.js';

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

function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export async function serve(io: ServeIo): Promise<number> {
  // `.env` in the working directory fills in what the environment leaves unset.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const parsed = parseConfig(io.env);
  if (!parsed.ok) {
    for (const problem of parsed.problems) io.stderr.write(`paperboy: configuration: ${problem}\n`);
    io.stderr.write('paperboy: see .env.example for every setting\n');
    return 2;
  }
  const { config } = parsed;
  const logger = createLogger(config.logLevel, io.stderr);
  const consoleOn = config.console === 'on' || (config.console === 'auto' && Boolean(io.stdin.isTTY));
  let onConsoleClose: () => void = () => {};
  let service;
  try {
    service = await startService({
      config,
      logger,
      adapters: (commands) =>
        consoleOn
          ? [
              new ConsoleAdapter({
                commands,
                io: { input: io.stdin, output: io.stdout, color: Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined, prompt: Boolean(io.stdin.isTTY) },
                clock: systemClock,
                user: { id: userInfo().username, name: userInfo().username },
                onClose: () => onConsoleClose(),
              }),
            ]
          : [],
    });
  } catch (error) {
    io.stderr.write(`paperboy: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const subscriptions = (await service.storage.listSubscriptions()).length;
  io.stdout.write(startBanner(config, { version: version(), url: service.url, papers: service.paperboy.papers.size, subscriptions, adapters: [...service.adapters.keys()], consoleOn }));

  let signals = 0;
  const shutdown = (signal: string): void => {
    signals += 1;
    if (signals > 1) {
      io.stderr.write(`paperboy: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    void service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Typing `exit` (or Ctrl+D) in the console stops the service like Ctrl+C.
  onConsoleClose = () => shutdown('console closed');
  return new Promise<number>(() => {});
}
