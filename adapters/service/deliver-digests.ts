import { composeDigest, DeliveryError, type DeliverDigest, type Paperboy, type Storage } from '../../src/index.js';
import type { ChatAdapter } from '../chat-adapter.js';

/**
 * What the scheduler calls for each due slot: compose the channel's digest (never a paper
 * posted there before, this team's signals counted) and hand it to the channel's adapter.
 * A platform with no adapter running here (no credentials) is a permanent failure, shown
 * in /papers subscriptions, rather than a retry loop.
 */
export function createDeliverDigest(deps: { paperboy: Paperboy; storage: Storage; adapters: ReadonlyMap<string, ChatAdapter> }): DeliverDigest {
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
    const receipt = await adapter.postDigest(subscription, digest.value.message);
    return { messageId: receipt.messageId, paperIds: digest.value.paperIds };
  };
}
