import {
  composeDigest,
  composeWeeklyDigest,
  DeliveryError,
  weeklyWindow,
  type ComposedDigest,
  type DeliverDigest,
  type Paperboy,
  type Result,
  type Storage,
  type Subscription,
} from '../../src/index.js';
import type { ChatAdapter } from '../chat-adapter.js';

/**
 * One subscription's digest for the local date `day`: the daily one with all of this team's
 * signals, or the weekly one with the signals given in its seven days.
 */
export async function composeSubscriptionDigest(
  deps: { paperboy: Paperboy; storage: Storage },
  subscription: Subscription,
  day: string,
  postedPaperIds: ReadonlySet<string>,
): Promise<Result<ComposedDigest>> {
  const { platform, workspace } = subscription;
  if (subscription.kind === 'weekly') {
    const { since } = weeklyWindow(day, subscription.timezone);
    const signals = await deps.storage.teamSignals(platform, workspace, { since });
    return composeWeeklyDigest({ paperboy: deps.paperboy, subscription, day, postedPaperIds, signals });
  }
  const signals = await deps.storage.teamSignals(platform, workspace);
  return composeDigest({ paperboy: deps.paperboy, subscription, localDate: day, postedPaperIds, signals });
}

/**
 * What the scheduler calls for each due slot: compose the channel's digest (never a paper
 * that digest posted before, this team's signals counted) and hand it to the channel's adapter.
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
    const digest = await composeSubscriptionDigest(deps, subscription, job.day, job.postedPaperIds);
    // Still indexing (a new container, a rebuild): nothing is posted, the slot is tried again.
    if (!digest.ok) throw new DeliveryError(digest.error.message, { permanent: false, retryAfterMs: 60_000 });
    const receipt = await adapter.postDigest(subscription, digest.value.message);
    return { messageId: receipt.messageId, paperIds: digest.value.paperIds };
  };
}
