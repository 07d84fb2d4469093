import type { Paper } from '../model/paper.js';
import type { TeamSignals } from '../trending/trending-score.js';
import type { PeopleStore } from './people.port.js';
import type { ChannelRef, Subscription, SubscriptionKey, SubscriptionSettings } from '../subscriptions/subscription.js';

/**
 * Everything paperboy remembers, behind one interface with two implementations: an
 * embedded SQLite file (the default) and PostgreSQL (for several replicas). Both pass the
 * same test suite. All times are epoch milliseconds, passed in by the caller: storage
 * never reads a clock, so tests control time.
 */
export interface Storage extends PeopleStore {
  /** `sqlite` or `postgres`, for health checks and logs. */
  readonly kind: string;

  // Subscriptions: one of each kind (daily, weekly) per channel, addressed by a SubscriptionKey
  // (channel and kind; no kind means the daily one). A Subscription is its own key.
  /** Creates or replaces the channel's subscription of the kind `settings.days` makes it (re-enabling it and clearing `failing`). */
  saveSubscription(ref: ChannelRef, settings: SubscriptionSettings, createdBy: string, now: number): Promise<Subscription>;
  /** True when there was one to remove. Its post log stays, so a later re-subscribe does not repeat papers. */
  removeSubscription(key: SubscriptionKey): Promise<boolean>;
  getSubscription(key: SubscriptionKey): Promise<Subscription | undefined>;
  /** All subscriptions, or those of one workspace, ordered by id. */
  listSubscriptions(filter?: { platform?: string; workspace?: string }): Promise<Subscription[]>;
  /** Marks a subscription as failing for good with a reason, or clears it (null). */
  setSubscriptionFailing(key: SubscriptionKey, reason: string | null, now: number): Promise<void>;

  // Digest slots: the exactly-once machinery (see src/scheduling).
  /**
   * Claims the (subscription, local date) slot for `owner` until `leaseUntil`. Succeeds when
   * the slot is new, or was not posted and its lease has expired (a crashed or failed
   * attempt); fails when it was posted or another owner holds a live lease.
   */
  claimSlot(subscriptionId: string, localDate: string, owner: string, now: number, leaseUntil: number): Promise<SlotClaim | undefined>;
  /** Records the post: platform message id and the papers it held (never posted to that channel again). Only the claim's owner can. */
  completeSlot(claim: SlotClaim, messageId: string, paperIds: readonly string[], now: number): Promise<boolean>;
  /** Records a failed attempt; the slot can be claimed again from `retryAt` (or never, with Infinity). */
  failSlot(claim: SlotClaim, error: string, retryAt: number, now: number): Promise<void>;
  getSlot(subscriptionId: string, localDate: string): Promise<Slot | undefined>;
  /** Ids of every paper ever posted to this channel's digests. */
  postedPaperIds(subscriptionId: string): Promise<Set<string>>;
  /**
   * The subscription's posted digests (claimed and failed days are not), newest local date
   * first, each with its papers in the order they were posted. `limit` is kept to 1..366.
   */
  digestArchive(subscriptionId: string, limit: number): Promise<ArchivedDigest[]>;

  // Team signals: saves and reactions, one per user per paper per kind.
  /** False when this user had already given this signal. */
  addSignal(signal: SignalInput, now: number): Promise<boolean>;
  /** Saves, reactions and discussion replies per paper in one workspace (given since `options.since`, when set; `discussions` only where there were replies). */
  teamSignals(platform: string, workspace: string, options?: TeamSignalsOptions): Promise<Map<string, TeamSignals>>;
  /** Paper ids a user saved in a workspace, newest first. */
  savedPaperIds(platform: string, workspace: string, user: string): Promise<string[]>;
  /**
   * The team's reading list: papers anyone in the workspace saved (a 👍 is not a save), most
   * savers first, then the most recently saved, then by paper id. `limit` is kept to 1..500.
   */
  readingList(platform: string, workspace: string, limit: number): Promise<ReadingListEntry[]>;

  // Discussion threads: one per posted message (the platforms allow no more), shared by the papers whose cards are in it.
  /** The thread on a posted message, with its cards; undefined when none was recorded. */
  threadOnMessage(ref: ChannelRef, parentMessageId: string): Promise<StoredThread | undefined>;
  /** A thread by its id (what a reported reply carries), with its cards. */
  discussionThread(platform: string, workspace: string, threadId: string): Promise<StoredThread | undefined>;
  /**
   * Records a thread opened on a message. When one was already recorded for that message (or
   * with that id), that one stays and is returned: two clicks at once keep one thread.
   */
  saveDiscussionThread(thread: NewStoredThread, now: number): Promise<StoredThread>;
  /** Records a paper's card posted in a thread; false when the paper already had one there (the first stays). */
  addDiscussionCard(platform: string, workspace: string, threadId: string, card: StoredThreadCard, now: number): Promise<boolean>;
  /** Counts one reply about a paper on the UTC day of `at`: a counter, never the message or who wrote it. */
  addDiscussionReply(platform: string, workspace: string, paperId: string, at: number): Promise<void>;

  // Papers: the corpus every replica's search index is a copy of.
  /**
   * Saves papers (all or none), each with the next number of the change sequence; returns
   * the numbers they took (undefined for none), so an index that took them too can skip
   * them when it next catches up.
   */
  savePapers(papers: readonly Paper[], now: number): Promise<SavedChanges | undefined>;
  loadPapers(): Promise<Paper[]>;
  /** Papers written after change number `after`, oldest change first: what an index must catch up on. */
  papersChangedSince(after: number, limit: number): Promise<ChangedPaper[]>;
  paperCount(): Promise<number>;

  close(): Promise<void>;
}

export interface SavedChanges {
  readonly firstSeq: number;
  readonly lastSeq: number;
}

export interface ChangedPaper {
  /** Its number in the change sequence: an index that has seen it needs only later ones. */
  readonly seq: number;
  readonly paper: Paper;
}

export interface SlotClaim {
  readonly subscriptionId: string;
  readonly localDate: string;
  readonly owner: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
}

export type SlotStatus = 'claimed' | 'posted' | 'failed';

export interface Slot {
  readonly subscriptionId: string;
  readonly localDate: string;
  readonly status: SlotStatus;
  readonly owner?: string;
  readonly attempts: number;
  readonly leaseUntil?: number;
  readonly messageId?: string;
  readonly error?: string;
  readonly postedAt?: number;
}

/** One day's digest as it was posted: from the post log. */
export interface ArchivedDigest {
  readonly localDate: string;
  readonly postedAt: number;
  readonly messageId?: string;
  /** In posting order (digests posted before the order was recorded: in id order). */
  readonly paperIds: readonly string[];
}

export interface ReadingListEntry {
  readonly paperId: string;
  /** How many people in the workspace saved it. */
  readonly saves: number;
  /** The latest save, epoch ms. */
  readonly lastSavedAt: number;
}

export type SignalKind = 'save' | 'reaction';

export interface TeamSignalsOptions {
  /** Only signals given at or after this time (epoch ms): a weekly digest counts its week's. */
  readonly since?: number | undefined;
}

export interface SignalInput {
  readonly platform: string;
  readonly workspace: string;
  readonly paperId: string;
  readonly user: string;
  readonly kind: SignalKind;
}

export interface StoredThreadCard {
  readonly paperId: string;
  readonly messageId: string;
}

export interface NewStoredThread extends ChannelRef {
  /** The message the thread hangs from (a digest, a shared card). */
  readonly parentMessageId: string;
  /** The platform's id for the thread (Slack: the parent's ts; Discord: the thread channel's id). */
  readonly threadId: string;
}

export interface StoredThread extends NewStoredThread {
  /** The papers' cards in the thread, in the order they were recorded (at the same time: in posting order, by message id). */
  readonly cards: readonly StoredThreadCard[];
  readonly createdAt: number;
}
