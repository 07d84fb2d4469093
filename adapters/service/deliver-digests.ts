import { composeDigest, DeliveryError, type Clock, type DeliverDigest, type Logger, type Paperboy, type Storage, type Subscription } from '../../src/index.js';
import type { ChatAdapter, DigestThread } from '../chat-adapter.js';

/**
 * What the scheduler calls for each due slot: compose the channel's digest (never a paper
 * posted there before, this team's signals counted) and hand it to the channel's adapter.
 * A platform with no adapter running here (no credentials) is a permanent failure, shown
 * in /papers subscriptions, rather than a retry loop.
 *
 * A `threads: on` digest goes out as a header with each paper's card in its thread; the
 * thread and the cards that went out are recorded, so replies count and Discuss links to
 * them. Once the header is out the slot is posted, whatever became of the cards: a retry
 * would post the digest twice.
 */
export interface DeliverDigestDeps {
  readonly paperboy: Paperboy;
  readonly storage: Storage;
  readonly adapters: ReadonlyMap<string, ChatAdapter>;
  readonly logger: Logger;
  readonly clock: Clock;
}

export function createDeliverDigest(deps: DeliverDigestDeps): DeliverDigest {
  return async (job) => {
    const { subscription } = job;
    const adapter = deps.adapters.get(subscription.platform);
    if (!adapter) {
      throw new DeliveryError(`${subscription.platform} is not connected on this server; set its credentials and restart`, { permanent: true });
    }
    const signals = await deps.storage.teamSignals(subscription.platform, subscription.workspace);
    const digest = await composeDigest({ paperboy: deps.paperboy, subscription, localDate: job.localDate, postedPaperIds: job.postedPaperIds, signals });
    // Still indexing (a new container, a rebuild): nothing is posted, the slot is tried again.
    if (!digest.ok) throw new DeliveryError(digest.error.message, { permanent: false, retryAfterMs: 60_000 });
    const { message, paperIds, threadCards } = digest.value;
    const receipt = await adapter.postDigest(subscription, message, threadCards);
    if (receipt.thread) await recordThread(deps, subscription, receipt.messageId, receipt.thread);
    return { messageId: receipt.messageId, paperIds };
  };
}

async function recordThread(deps: DeliverDigestDeps, subscription: Subscription, messageId: string, thread: DigestThread): Promise<void> {
  const { platform, workspace, channel } = subscription;
  if (thread.error) {
    deps.logger.warn({ subscription: subscription.id, message: messageId, posted: thread.cards.length, error: thread.error }, 'digest posted, but not all of its cards went into its thread');
  }
  // No card went out: there may be no thread at all, and nothing in it to count replies for.
  if (thread.cards.length === 0) return;
  try {
    const now = deps.clock().getTime();
    await deps.storage.saveDiscussionThread({ platform, workspace, channel, parentMessageId: messageId, threadId: thread.threadId }, now);
    for (const card of thread.cards) await deps.storage.addDiscussionCard(platform, workspace, thread.threadId, card, now);
  } catch (error) {
    // The digest is out; without the record its replies go uncounted, which is no reason to post it again.
    deps.logger.warn(
      { subscription: subscription.id, message: messageId, error: error instanceof Error ? error.message : String(error) },
      'the digest’s thread could not be recorded; replies in it will not count',
    );
  }
}
