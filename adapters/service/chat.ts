import { userInfo } from 'node:os';
import { DigestScheduler, systemClock } from '../../src/index.js';
import { namedCronTicker } from './cron-ticker.js';
import { CONSOLE_PLATFORM, ConsoleAdapter } from '../console/console-adapter.js';
import type { ServiceConfig } from './config.js';
import { createDeliverDigest } from './deliver-digests.js';
import { processAlerts } from './alerts.js';
import { createLogger } from './logger.js';
import { openCore } from './open-core.js';
import { scopedToPlatforms } from './scoped-storage.js';

/**
 * `paperboy chat`: the console adapter on its own, for trying paperboy without any chat
 * account. Commands answer at once; a `/papers subscribe` made here is delivered into this
 * terminal by a scheduler that looks only at console subscriptions (so a chat session never
 * touches, or marks failing, a Slack or Discord channel's digest in a shared database).
 * Alerts and personal digests for console people come here by direct message the same way.
 */
export interface ChatIo {
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly color: boolean;
}

export async function chat(config: ServiceConfig, io: ChatIo): Promise<void> {
  // A person is typing here: only warnings and errors interrupt them.
  const logger = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn', io.stderr);
  const core = await openCore(config, logger, { role: 'cli' });
  await core.search.start();
  let closed: () => void = () => {};
  const done = new Promise<void>((resolve) => (closed = resolve));
  const user = userInfo().username;
  const console = new ConsoleAdapter({
    commands: core.commands,
    io: { input: io.stdin, output: io.stdout, color: io.color, prompt: Boolean(io.stdin.isTTY) },
    clock: systemClock,
    user: { id: user, name: user },
    onClose: () => closed(),
  });
  const adapters = new Map([[CONSOLE_PLATFORM, console]]);
  const scheduler = new DigestScheduler({
    storage: scopedToPlatforms(core.storage, new Set([CONSOLE_PLATFORM])),
    deliver: createDeliverDigest({ paperboy: core.paperboy, storage: core.storage, adapters, logger, clock: systemClock }),
    clock: systemClock,
    owner: `${config.instance}-chat`,
    logger,
    catchUpMs: config.catchUpMs,
  });
  io.stdout.write(
    `paperboy chat: ${core.paperboy.papers.size} papers. Type /papers help, or just search: diffusion transformers.\n` +
      'Numbers press the buttons of the last reply; /papers subscribe 09:00 UTC delivers digests here; exit leaves.\n' +
      'Files (/papers saved bibtex) are printed here, between ── name ── lines, to copy or redirect.\n',
  );
  await console.start();
  void scheduler.start(namedCronTicker('paperboy-digests'));
  const { dispatcher: alerts } = processAlerts({ paperboy: core.paperboy, storage: core.storage, adapters, clock: systemClock, logger, owner: `${config.instance}-chat` });
  alerts.start(namedCronTicker('paperboy-alerts'));
  await done;
  await Promise.all([scheduler.stop(), alerts.stop()]);
  await core.close();
}
