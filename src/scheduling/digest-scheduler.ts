import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import { noMetrics, type MetricsObserver } from '../ports/metrics.port.js';
import type { SlotClaim, Storage } from '../ports/storage.port.js';
import type { Subscription } from '../subscriptions/subscription.js';
import { retryDelayMs } from './backoff.js';
import { mapLimited } from './concurrency.js';
import { withDeadline } from './deadline.js';
import { DeliveryError } from './delivery-error.js';
import { DEFAULT_CATCH_UP_MS, dueSlots, type DueSlot } from './due-slots.js';
import { errorForLog } from './log-error.js';
import { realSleep, recordPost, type Sleep } from './record-post.js';
import { followDeadline, settledByDeadline, stopTicker } from './stopping.js';
import { idleReport, type FailedSlot, type PostedSlot, type SkippedSlot, type SkipReason, type TickReport } from './tick-report.js';
import type { Ticker, TickerHandle } from './ticker.js';

export type { Ticker, TickerHandle } from './ticker.js';
export type { FailedSlot, PostedSlot, SkippedSlot, SkipReason, TickReport } from './tick-report.js';

export interface DigestJob {
  readonly subscription: Subscription;
  /** The slot's key: the local date, or the local ISO week (`2026-W49`) of a weekly digest. */
  readonly localDate: string;
  /** The subscriber's local date the digest is due on, `YYYY-MM-DD`. */
  readonly day: string;
  /** 1 for the first attempt at this slot; higher after failures or a crashed attempt. */
  readonly attempt: number;
  /** Papers already posted by this subscription (the channel's daily or weekly digest), never to be posted again. */
  readonly postedPaperIds: ReadonlySet<string>;
}

export interface DigestDelivery {
  /** The platform's id of the posted message. */
  readonly messageId: string;
  readonly paperIds: readonly string[];
}

/** Composes and posts one digest; throws DeliveryError for failures the platform reported. */
export type DeliverDigest = (job: DigestJob) => Promise<DigestDelivery>;

export interface DigestSchedulerOptions {
  readonly storage: Storage;
  readonly deliver: DeliverDigest;
  readonly clock: Clock;
  /** Unique per process (host, pid, random): leases are per owner. */
  readonly owner: string;
  readonly logger: Logger;
  /** How long after its time a missed digest is still posted; default 6 h. */
  readonly catchUpMs?: number | undefined;
  /**
   * How long a claim keeps other replicas off a slot; default 10 min. Bounds one delivery, and
   * how long recording a post that went out is retried: a database outage longer than this
   * posts that digest again.
   */
  readonly leaseMs?: number | undefined;
  /** Deliveries in flight at once; default 4. */
  readonly concurrency?: number | undefined;
  /** How long one delivery may take before it counts as failed and is retried; default 2 min, at most the lease. */
  readonly deliveryTimeoutMs?: number | undefined;
  /** Told of each digest posted, failed or retried; default: nobody. */
  readonly metrics?: MetricsObserver | undefined;
  /** Waits between tries to record a post (default: a real timer); tests pass one that moves their clock. */
  readonly sleep?: Sleep | undefined;
}

export const DEFAULT_LEASE_MS = 10 * 60_000;
export const DEFAULT_CONCURRENCY = 4;
/** Posting a message takes seconds even through rate limits; a hung call must not hold four workers for the whole lease. */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 2 * 60_000;

/** The remaining duplicate window, in words the README can quote. */
export const DUPLICATE_WINDOW =
  'A digest is posted at most once per channel and local date, except in one window: if the platform accepts the post ' +
  "but it is not recorded before the claim's lease runs out (10 minutes by default), the slot is claimable again and " +
  'the next attempt, by any replica, posts it again. That happens when the process dies (or is stopped past its ' +
  'shutdown deadline) between the post and its record, when the database stays unreachable for longer than the lease ' +
  '(the record is retried with backoff until then), or when the post itself outlasts the lease. Chat platforms offer ' +
  'no idempotency key for posts, so no ordering of writes closes this window.';

type Outcome = { posted: PostedSlot } | { skipped: SkippedSlot } | { failed: FailedSlot };

/**
 * Posts each subscription's digest once per local date (per local ISO week for a weekly
 * digest: see dueSlots), across restarts and replicas.
 *
 * Every minute (and at once on start, which is the catch-up after a restart) it lists the
 * subscriptions, works out which slots are due in each one's own time zone (dueSlots), and
 * for each claims the (subscription, local date) slot in storage before posting and records
 * the platform message id after. The claim is a single conditional write with a lease, so
 * of two replicas ticking together exactly one posts; a process that dies holding a claim
 * blocks the slot only until the lease expires, then whoever ticks next retries it.
 *
 * Failures stay with their channel: a permanent DeliveryError marks the subscription
 * failing and ends that slot for the day (the next day is tried again, so a fixed channel
 * recovers by itself); anything else is retried with backoff (backoff.ts). Neither blocks
 * other channels.
 *
 * Remaining window: {@link DUPLICATE_WINDOW}.
 */
export class DigestScheduler {
  readonly #storage: Storage;
  readonly #deliver: DeliverDigest;
  readonly #clock: Clock;
  readonly #owner: string;
  readonly #logger: Logger;
  readonly #catchUpMs: number;
  readonly #leaseMs: number;
  readonly #concurrency: number;
  readonly #deliveryTimeoutMs: number;
  readonly #metrics: MetricsObserver;
  readonly #sleep: Sleep;
  /** Aborted when stop()'s deadline passes: record retries end, deliveries in flight are left behind. */
  readonly #giveUp = new AbortController();
  /** Claimed slots not yet settled, and where each is: for the log line of a shutdown that leaves them. */
  readonly #inFlight = new Map<string, { subscriptionId: string; localDate: string; stage: 'posting' | 'recording' }>();
  /** Slots known to be settled for their date, so a settled slot costs no query per minute. */
  #settled = new Map<string, { localDate: string; reason: SkipReason }>();
  #current: Promise<TickReport> | undefined;
  #ticker: TickerHandle | undefined;
  #started = false;
  #stopping: Promise<void> | undefined;

  constructor(options: DigestSchedulerOptions) {
    this.#storage = options.storage;
    this.#deliver = options.deliver;
    this.#clock = options.clock;
    this.#owner = options.owner;
    this.#logger = options.logger;
    this.#catchUpMs = options.catchUpMs ?? DEFAULT_CATCH_UP_MS;
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.#deliveryTimeoutMs = Math.min(options.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS, this.#leaseMs);
    this.#metrics = options.metrics ?? noMetrics;
    this.#sleep = options.sleep ?? realSleep;
  }

  /**
   * Ticks once now (posting what a restart missed), then on every tick of `ticker` (node-cron,
   * each minute, by default). Resolves with the first pass's report; never rejects (a failed
   * pass is logged and the next tick tries again).
   */
  start(ticker: Ticker): Promise<TickReport | undefined> {
    if (this.#started || this.#stopping) {
      this.#logger.warn({ owner: this.#owner }, 'digest scheduler already started or stopped; start ignored');
      return Promise.resolve(undefined);
    }
    this.#started = true;
    const first = this.#safeTick();
    this.#ticker = ticker(() => void this.#safeTick());
    return first;
  }

  /**
   * Stops ticking, claims nothing more, and waits for the pass in flight (its deliveries and
   * their records) to finish, or for `giveUp` to abort (the shutdown deadline): then it
   * resolves at once, ends record retries, and logs the slots it leaves behind (each is
   * retried when its lease runs out). Idempotent.
   */
  stop(giveUp?: AbortSignal): Promise<void> {
    followDeadline(this.#giveUp, giveUp);
    this.#stopping ??= (async () => {
      const ticker = this.#ticker;
      this.#ticker = undefined;
      await stopTicker(ticker, this.#logger, { owner: this.#owner }, 'digest');
      const cutShort = await settledByDeadline(this.#current ?? Promise.resolve(), this.#giveUp.signal);
      if (cutShort && this.#inFlight.size > 0) {
        this.#logger.warn(
          { owner: this.#owner, abandoned: [...this.#inFlight.values()] },
          'shutdown deadline: leaving digests in flight; a slot left unrecorded is posted again once its lease runs out',
        );
      }
    })();
    return this.#stopping;
  }

  /**
   * One pass at the clock's current time. A pass asked for while one is running does
   * nothing (status `busy`): two passes of one owner must never race for the same slot.
   * Rejects only when the subscriptions cannot be listed; each slot's failure is contained.
   */
  tick(): Promise<TickReport> {
    const at = this.#clock();
    if (this.#stopping) return Promise.resolve(idleReport(at, 'stopped'));
    if (this.#current) {
      this.#logger.debug({ owner: this.#owner }, 'previous digest pass still running; skipping this tick');
      return Promise.resolve(idleReport(at, 'busy'));
    }
    const run = this.#pass(at).finally(() => {
      this.#current = undefined;
    });
    this.#current = run;
    return run;
  }

  async #safeTick(): Promise<TickReport | undefined> {
    try {
      return await this.tick();
    } catch (error) {
      this.#logger.error({ owner: this.#owner, error: errorForLog(error) }, 'digest pass failed; retrying on the next tick');
      return undefined;
    }
  }

  async #pass(at: Date): Promise<TickReport> {
    const subscriptions = await this.#storage.listSubscriptions();
    const due = dueSlots(subscriptions, at, this.#catchUpMs);
    const settled = this.#settled;
    this.#settled = new Map(); // keeps only what is still due, so it never grows
    const outcomes = await mapLimited(due, this.#concurrency, (slot) => {
      const known = settled.get(slot.subscription.id);
      if (known?.localDate === slot.localDate) {
        this.#settled.set(slot.subscription.id, known);
        return Promise.resolve<Outcome>({ skipped: { subscriptionId: slot.subscription.id, localDate: slot.localDate, reason: known.reason } });
      }
      return this.#attempt(slot);
    });
    const report: TickReport = {
      at,
      status: 'ran',
      due: due.length,
      posted: outcomes.flatMap((o) => ('posted' in o ? [o.posted] : [])),
      skipped: outcomes.flatMap((o) => ('skipped' in o ? [o.skipped] : [])),
      failed: outcomes.flatMap((o) => ('failed' in o ? [o.failed] : [])),
    };
    if (report.posted.length + report.failed.length > 0) {
      this.#logger.info({ owner: this.#owner, due: report.due, posted: report.posted.length, skipped: report.skipped.length, failed: report.failed.length }, 'digest pass done');
    }
    return report;
  }

  /** One slot, start to end; never rejects, so one channel cannot hold up the others. */
  async #attempt(slot: DueSlot): Promise<Outcome> {
    const { subscription, localDate } = slot;
    const subscriptionId = subscription.id;
    const fields: Record<string, unknown> = { subscriptionId, platform: subscription.platform, localDate, owner: this.#owner };

    // Once stopping, slots not yet claimed are left for the next process or replica.
    if (this.#stopping) return { skipped: { subscriptionId, localDate, reason: 'stopping' } };
    let claim: SlotClaim | undefined;
    let leaseEnd: number;
    try {
      const now = this.#clock().getTime();
      leaseEnd = now + this.#leaseMs;
      claim = await this.#storage.claimSlot(subscriptionId, localDate, this.#owner, now, leaseEnd);
    } catch (error) {
      this.#logger.error({ ...fields, error: errorForLog(error) }, 'cannot claim digest slot; retrying on the next tick');
      return { failed: { subscriptionId, localDate, attempt: undefined, reason: messageOf(error), permanent: false, retryAt: this.#clock().getTime() } };
    }
    if (!claim) return { skipped: await this.#whySkipped(slot) };

    fields['attempt'] = claim.attempt;
    const key = `${subscriptionId} ${localDate}`;
    this.#inFlight.set(key, { subscriptionId, localDate, stage: 'posting' });
    try {
      let delivery: DigestDelivery;
      if (claim.attempt > 1) this.#metrics.digestRetried(subscription.platform);
      try {
        const postedPaperIds = await this.#storage.postedPaperIds(subscriptionId);
        const job = this.#deliver({ subscription, localDate, day: slot.day, attempt: claim.attempt, postedPaperIds });
        delivery = await withDeadline(job, this.#deliveryTimeoutMs, `delivery took longer than ${Math.round(this.#deliveryTimeoutMs / 1000)} s`);
      } catch (error) {
        this.#metrics.digestFailed(subscription.platform, error instanceof DeliveryError && error.permanent);
        return { failed: await this.#fail(slot, claim, error, fields) };
      }
      this.#metrics.digestPosted(subscription.platform);
      this.#inFlight.set(key, { subscriptionId, localDate, stage: 'recording' });
      return { posted: await this.#complete(slot, claim, leaseEnd, delivery, fields) };
    } finally {
      this.#inFlight.delete(key);
    }
  }

  async #complete(slot: DueSlot, claim: SlotClaim, leaseEnd: number, delivery: DigestDelivery, fields: Record<string, unknown>): Promise<PostedSlot> {
    const { subscription, localDate } = slot;
    const postFields = { ...fields, messageId: delivery.messageId };
    const outcome = await recordPost(
      (now) => this.#storage.completeSlot(claim, delivery.messageId, delivery.paperIds, now),
      leaseEnd,
      { clock: this.#clock, sleep: this.#sleep, logger: this.#logger, giveUp: this.#giveUp.signal },
      postFields,
    );
    const recorded = outcome === 'recorded';
    if (recorded) {
      this.#settled.set(subscription.id, { localDate, reason: 'already-posted' });
      this.#logger.info({ ...postFields, papers: delivery.paperIds.length }, 'digest posted');
    } else if (outcome === 'lost') {
      this.#logger.error(postFields, 'digest posted after its lease ran out; another replica may have posted it too');
    }
    const now = this.#clock().getTime();
    if (subscription.failing !== undefined) {
      try {
        await this.#storage.setSubscriptionFailing(subscription, null, now);
        this.#logger.info(fields, 'channel works again; subscription no longer failing');
      } catch (error) {
        this.#logger.warn({ ...fields, error: errorForLog(error) }, 'could not clear the failing mark');
      }
    }
    return { subscriptionId: subscription.id, localDate, attempt: claim.attempt, messageId: delivery.messageId, paperIds: delivery.paperIds, recorded };
  }

  async #fail(slot: DueSlot, claim: SlotClaim, error: unknown, fields: Record<string, unknown>): Promise<FailedSlot> {
    const { subscription, localDate } = slot;
    const now = this.#clock().getTime();
    const reason = messageOf(error);
    const permanent = error instanceof DeliveryError && error.permanent;
    const retryAt = permanent ? Number.POSITIVE_INFINITY : now + retryDelayMs(claim.attempt, error instanceof DeliveryError ? error.retryAfterMs : undefined);
    const failed: FailedSlot = { subscriptionId: subscription.id, localDate, attempt: claim.attempt, reason, permanent, retryAt };
    try {
      if (permanent) await this.#storage.setSubscriptionFailing(subscription, reason, now);
      await this.#storage.failSlot(claim, reason, retryAt, now);
    } catch (storageError) {
      // The claim stays in place, so the slot is retried once the lease runs out.
      this.#logger.error({ ...fields, error: errorForLog(storageError) }, 'cannot record the failed digest; it will be retried when the lease runs out');
      return { ...failed, retryAt: now + this.#leaseMs };
    }

    const lastChance = slot.slotAt.getTime() + this.#catchUpMs;
    const retryFields = { ...fields, error: errorForLog(error), retryAt: Number.isFinite(retryAt) ? new Date(retryAt).toISOString() : 'never' };
    if (permanent) {
      this.#settled.set(subscription.id, { localDate, reason: 'failed-for-today' });
      this.#logger.warn(retryFields, 'digest failed for good; subscription marked failing until a delivery works');
    } else {
      const givingUp = retryAt >= lastChance;
      const next = givingUp ? 'no retry fits today' : 'will retry';
      // A DeliveryError is the platform's doing (warn); anything else is a bug of ours (error).
      if (error instanceof DeliveryError) this.#logger.warn(retryFields, `digest delivery failed; ${next}`);
      else this.#logger.error(retryFields, `unexpected error delivering digest; ${next}`);
      // A day without a digest must show in /papers subscriptions, not only in a log.
      if (givingUp) {
        await this.#storage
          .setSubscriptionFailing(subscription, `no digest on ${slot.day} after ${claim.attempt} attempts: ${reason}`, now)
          .catch((markError: unknown) => this.#logger.warn({ ...fields, error: errorForLog(markError) }, 'could not mark the subscription failing'));
      }
    }
    return failed;
  }

  /** Reads why a slot could not be claimed, for the report; remembers the final answers. */
  async #whySkipped(slot: DueSlot): Promise<SkippedSlot> {
    const { subscription, localDate } = slot;
    // Only the report depends on this read; if it fails, the slot is simply someone else's.
    const stored = await this.#storage.getSlot(subscription.id, localDate).catch(() => undefined);
    let reason: SkipReason = 'claimed-elsewhere';
    if (stored?.status === 'posted') reason = 'already-posted';
    else if (stored?.status === 'failed') {
      const retryAt = stored.leaseUntil ?? Number.POSITIVE_INFINITY;
      reason = retryAt >= slot.slotAt.getTime() + this.#catchUpMs ? 'failed-for-today' : 'waiting-to-retry';
    }
    if (reason === 'already-posted' || reason === 'failed-for-today') this.#settled.set(subscription.id, { localDate, reason });
    this.#logger.debug({ subscriptionId: subscription.id, localDate, owner: this.#owner, reason }, 'digest slot not claimed');
    return { subscriptionId: subscription.id, localDate, reason };
  }
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)) || 'unknown error';
}
