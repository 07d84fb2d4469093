import {
  composeDigest,
  composePersonalDigest,
  composeWeeklyDigest,
  DeliveryError,
  logMarkedUnreachable,
  personKey,
  personOf,
  weeklyWindow,
  type Clock,
  type ComposedDigest,
  type DeliverDigest,
  type Logger,
  type Paperboy,
  type PersonRef,
  type Result,
  type Storage,
  type Subscription,
  withPaperPages,
} from '../../src/index.js';
import type { ChatAdapter, DigestThread } from '../chat-adapter.js';

/**
 * One subscription's digest for the local date `day`: the daily one with all of this team's
 * signals, the weekly one with the signals given in its seven days, or a person's own from
 * their follows, saves and alerts (see composePersonalDigest).
 */
export async function composeSubscriptionDigest(
  deps: { paperboy: Paperboy; storage: Storage },
  subscription: Subscription,
  day: string,
  postedPaperIds: ReadonlySet<string>,
): Promise<Result<ComposedDigest>> {
  const { platform, workspace } = subscription;
  const person = personOf(subscription);
  if (person) return composeForPerson(deps, person, subscription, day, postedPaperIds);
  if (subscription.kind === 'weekly') {
    const { since } = weeklyWindow(day, subscription.timezone);
    const signals = await deps.storage.teamSignals(platform, workspace, { since });
    return composeWeeklyDigest({ paperboy: deps.paperboy, subscription, day, postedPaperIds, signals });
  }
  const signals = await deps.storage.teamSignals(platform, workspace);
  return composeDigest({ paperboy: deps.paperboy, subscription, localDate: day, postedPaperIds, signals });
}

async function composeForPerson(
  deps: { paperboy: Paperboy; storage: Storage },
  person: PersonRef,
  subscription: Subscription,
  day: string,
  postedPaperIds: ReadonlySet<string>,
): Promise<Result<ComposedDigest>> {
  const { storage } = deps;
  const since = subscription.kind === 'weekly' ? { since: weeklyWindow(day, subscription.timezone).since } : {};
  const [follows, savedPaperIds, alertedPaperIds, signals] = await Promise.all([
    storage.listFollows(person),
    storage.savedPaperIds(person.platform, person.workspace, person.user),
    storage.alertedPaperIds(person),
    storage.teamSignals(person.platform, person.workspace, since),
  ]);
  return composePersonalDigest({ paperboy: deps.paperboy, subscription, day, follows, savedPaperIds, postedPaperIds, alertedPaperIds, signals });
}

/**
 * What the scheduler calls for each due slot: compose the channel's digest (never a paper
 * that digest posted before, this team's signals counted) and hand it to the channel's adapter.
 * A platform with no adapter running here (no credentials) is a permanent failure, shown
 * in /papers subscriptions, rather than a retry loop.
 *
 * A personal digest (channel `user:<id>`) goes out as a direct message; one the platform
 * refuses for good (DMs closed, the person left) also marks the person unreachable, so
 * their alerts wait and they are told when they next use a command; one that goes out
 * clears that mark, so their alerts resume.
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
  /**
   * A paper's page on the team's site (PAPERBOY_PUBLIC_URL), for the cards to link to; absent
   * or answering undefined, cards link to the paper's source as they always did.
   */
  readonly pageOf?: ((paperId: string) => string | undefined) | undefined;
}

export function createDeliverDigest(deps: DeliverDigestDeps): DeliverDigest {
  return async (job) => {
    const { subscription } = job;
    const adapter = deps.adapters.get(subscription.platform);
    if (!adapter) {
      throw new DeliveryError(`${subscription.platform} is not connected on this server; set its credentials and restart`, { permanent: true });
    }
    const digest = await composeSubscriptionDigest(deps, subscription, job.day, job.postedPaperIds);
    // Still indexing (a new container, a rebuild): nothing is posted, the slot is tried again.
    if (!digest.ok) throw new DeliveryError(digest.error.message, { permanent: false, retryAfterMs: 60_000 });
    const { message, paperIds, threadCards } = linkedToPages(digest.value, deps.pageOf);
    const person = personOf(subscription);
    if (person) return { messageId: (await postDirect(deps, adapter, person, message)).messageId, paperIds };
    const receipt = await adapter.postDigest(subscription, message, threadCards);
    if (receipt.thread) await recordThread(deps, subscription, receipt.messageId, receipt.thread);
    return { messageId: receipt.messageId, paperIds };
  };
}

/** The digest and its thread cards with each card linking to its paper's page, when there are pages. */
function linkedToPages(digest: ComposedDigest, pageOf: DeliverDigestDeps['pageOf']): ComposedDigest {
  if (!pageOf) return digest;
  const { message, threadCards } = digest;
  return {
    ...digest,
    message: withPaperPages(message, pageOf),
    ...(threadCards ? { threadCards: threadCards.map((card) => ({ ...card, message: withPaperPages(card.message, pageOf) })) } : {}),
  };
}

async function postDirect(deps: DeliverDigestDeps, adapter: ChatAdapter, person: PersonRef, message: ComposedDigest['message']): Promise<{ messageId: string }> {
  let sent: { messageId: string };
  try {
    sent = await adapter.postDirect(person, message);
  } catch (error) {
    if (error instanceof DeliveryError && error.permanent) await markUnreachable(deps, person, error.message);
    throw error;
  }
  await markReachable(deps, person);
  return sent;
}

/** A DM went out, so DMs reach this person again (they opened them, or came back): their waiting alerts go out at the next pass, without waiting for a command. */
async function markReachable(deps: DeliverDigestDeps, person: PersonRef): Promise<void> {
  try {
    const was = await deps.storage.clearUnreachable(person);
    if (was !== undefined) deps.logger.info({ person: personKey(person) }, 'direct messages reach this person again; their alerts resume');
  } catch (error) {
    deps.logger.warn({ person: personKey(person), error: error instanceof Error ? error.message : String(error) }, 'could not clear the unreachable mark');
  }
}

/** The digest's own failure is what the scheduler reports; a mark that cannot be stored is only logged. */
async function markUnreachable(deps: DeliverDigestDeps, person: PersonRef, reason: string): Promise<void> {
  try {
    await deps.storage.markUnreachable(person, reason, deps.clock().getTime());
    logMarkedUnreachable(deps.logger, person, reason);
  } catch (error) {
    deps.logger.warn({ person: personKey(person), error: error instanceof Error ? error.message : String(error) }, 'could not mark the person unreachable');
  }
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
