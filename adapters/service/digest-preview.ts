import { composeDigest, localDateOf, systemClock, type Subscription } from '../../src/index.js';
import { renderMessage } from '../console/render-message.js';
import type { ServiceConfig } from './config.js';
import { createLogger } from './logger.js';
import { openCore } from './open-core.js';

/**
 * `paperboy digest --dry-run [--channel ID] [--date YYYY-MM-DD]`: today's digest for one
 * subscription (or a default one: 5 papers, no topic), exactly as the channel would get
 * it, without posting or recording anything.
 */
export interface DigestPreviewOptions {
  readonly channel?: string;
  readonly date?: string;
}

export interface PreviewIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly color: boolean;
}

const DEFAULT: Omit<Subscription, 'createdAt' | 'updatedAt'> = {
  id: 'console:local:console',
  platform: 'console',
  workspace: 'local',
  channel: 'console',
  time: '09:00',
  timezone: 'UTC',
  days: 'daily',
  count: 5,
  createdBy: 'paperboy',
  enabled: true,
};

export class PreviewError extends Error {}

export async function previewDigest(config: ServiceConfig, io: PreviewIo, options: DigestPreviewOptions): Promise<void> {
  const logger = createLogger('warn', io.stderr);
  const core = await openCore(config, logger, { role: 'cli' });
  try {
    await core.search.start();
    const all = await core.storage.listSubscriptions();
    let subscription: Subscription | undefined;
    if (options.channel) {
      subscription = all.find((s) => s.id === options.channel || s.channel === options.channel);
      if (!subscription) {
        const known = all.map((s) => s.id).join(', ') || 'none yet';
        throw new PreviewError(`no subscription for channel "${options.channel}"; known: ${known}`);
      }
    } else {
      subscription = all.find((s) => s.id === DEFAULT.id) ?? { ...DEFAULT, createdAt: 0, updatedAt: 0 };
    }
    const localDate = options.date ?? localDateOf(systemClock(), subscription.timezone);
    const stored = all.some((s) => s.id === subscription.id);
    const digest = await composeDigest({
      paperboy: core.paperboy,
      subscription,
      localDate,
      postedPaperIds: stored ? await core.storage.postedPaperIds(subscription.id) : new Set(),
      signals: await core.storage.teamSignals(subscription.platform, subscription.workspace),
    });
    io.stdout.write(`Dry run for ${subscription.id} (${localDate}); nothing is posted or recorded.\n\n`);
    if (!digest.ok) throw new PreviewError(digest.error.message);
    io.stdout.write(renderMessage(digest.value.message, { color: io.color }).text);
    // threads: on: the cards that would follow in the header's thread.
    for (const card of digest.value.threadCards ?? []) {
      io.stdout.write(`  ── in the digest's thread ──\n${renderMessage(card.message, { color: io.color }).text.replace(/^(?=.)/gm, '    ')}`);
    }
  } finally {
    await core.close();
  }
}
