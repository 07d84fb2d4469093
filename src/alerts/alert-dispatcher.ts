import type { Message } from '../messages/message.js';
import type { Paper } from '../model/paper.js';
import { personKey, type PersonRef } from '../personal/person.js';
import { quietSpellAt } from '../personal/quiet-hours.js';
import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import { noMetrics, type MetricsObserver } from '../ports/metrics.port.js';
import type { PeopleStore } from '../ports/people.port.js';
import { retryDelayMs } from '../scheduling/backoff.js';
import { mapLimited } from '../scheduling/concurrency.js';
import { withDeadline } from '../scheduling/deadline.js';
import { DeliveryError } from '../scheduling/delivery-error.js';
import { errorForLog } from '../scheduling/log-error.js';
import { realSleep, recordPost, type Sleep } from '../scheduling/record-post.js';
import { followDeadline, settledByDeadline, stopTicker } from '../scheduling/stopping.js';
import type { Ticker, TickerHandle } from '../scheduling/ticker.js';
import type { QueuedAlert } from './alert.js';
import { composeAlertMessage } from './alert-message.js';
import { passReport, stoppedPass, type AlertPassReport, type PersonOutcome } from './alert-pass.js';

export type { AlertPassReport, SentAlerts } from './alert-pass.js';

/** Sends one direct message; rejects with a DeliveryError (permanent: the person cannot be reached) for what the platform refused. */
export type DeliverAlert = (person: PersonRef, message: Message) => Promise<{ readonly messageId: string }>;

export interface AlertDispatcherOptions {
  readonly storage: PeopleStore;
  readonly deliver: DeliverAlert;
  readonly clock: Clock;
  /** Unique per process: claims are per owner, so two replicas never send the same alert. */
  readonly owner: string;
  readonly logger: Logger;
  /** Looks a paper up for its title, link and authors; one it cannot find is shown by its id. */
  readonly paperOf?: (paperId: string) => Paper | undefined;
  /** How long a claim keeps other replicas off a person's alerts; default 10 min. */
  readonly leaseMs?: number | undefined;
  /** Only people on these platforms (the adapters this process runs); all when absent. */
  readonly platforms?: ReadonlySet<string> | undefined;
  /** DMs in flight at once; default 4. */
  readonly concurrency?: number | undefined;
  /** How long one DM may take before it counts as failed; default 2 min, at most the lease. */
  readonly deliveryTimeoutMs?: number | undefined;
  /** Told of each DM sent or failed; default: nobody. */
  readonly metrics?: MetricsObserver | undefined;
  /** Waits between tries to record a sent DM; tests pass one that moves their clock. */
  readonly sleep?: Sleep | undefined;
}

export const DEFAULT_ALERT_LEASE_MS = 10 * 60_000;
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_DELIVERY_TIMEOUT_MS = 2 * 60_000;

/**
 * Sends the alert queue: each pass lists the people with alerts waiting (not marked
 * unreachable, on this process's platforms), leaves those in quiet hours alone (their
 * alerts wait and go out together in one DM once the spell ends), and for everyone else
 * claims all their waiting alerts, sends ONE direct message listing them, and records it.
 * The claim is one conditional write with a lease, so of two replicas exactly one sends.
 *
 * A permanent failure (DMs closed, the person left) marks the person unreachable with a warn
 * line naming them; their alerts stay queued, and no pass tries them again until the mark is
 * cleared (they use a command and are told). Anything else is retried with backoff. A pass
 * never rejects: each person's failure is contained and logged.
 *
 * Passes run on a ticker (every minute) and after each feed read; a pass asked for while
 * one runs runs once more right after it, so alerts a feed read just queued are not left
 * for the next minute.
 */
export class AlertDispatcher {
  readonly #storage: PeopleStore;
  readonly #deliver: DeliverAlert;
  readonly #clock: Clock;
  readonly #owner: string;
  readonly #logger: Logger;
  readonly #paperOf: (paperId: string) => Paper | undefined;
  readonly #leaseMs: number;
  readonly #platforms: ReadonlySet<string> | undefined;
  readonly #concurrency: number;
  readonly #deliveryTimeoutMs: number;
  readonly #sleep: Sleep;
  readonly #metrics: MetricsObserver;
  /** Transient failures in a row per person, for the backoff; cleared by a DM that goes out. */
  readonly #failures = new Map<string, number>();
  /** People whose DM is being sent or recorded: for the log line of a shutdown that leaves them. */
  readonly #inFlight = new Map<string, { person: string; stage: 'sending' | 'recording' }>();
  readonly #giveUp = new AbortController();
  #current: Promise<AlertPassReport> | undefined;
  #next: Promise<AlertPassReport> | undefined;
  #ticker: TickerHandle | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: AlertDispatcherOptions) {
    this.#storage = options.storage;
    this.#deliver = options.deliver;
    this.#clock = options.clock;
    this.#owner = options.owner;
    this.#logger = options.logger;
    this.#paperOf = options.paperOf ?? (() => undefined);
    this.#leaseMs = options.leaseMs ?? DEFAULT_ALERT_LEASE_MS;
    this.#platforms = options.platforms;
    this.#concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.#deliveryTimeoutMs = Math.min(options.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS, this.#leaseMs);
    this.#sleep = options.sleep ?? realSleep;
    this.#metrics = options.metrics ?? noMetrics;
  }

  /** Passes on every tick of `ticker` (each minute), from now on. Sends what waits at once too. */
  start(ticker: Ticker): void {
    if (this.#ticker || this.#stopping) {
      this.#logger.warn({ owner: this.#owner }, 'alert dispatcher already started or stopped; start ignored');
      return;
    }
    this.#ticker = ticker(() => void this.pass());
    void this.pass();
  }

  /**
   * One pass at the clock's time. Asked for while a pass runs, it runs once right after that
   * one (however often it was asked meanwhile) and resolves with that later pass's report.
   * Never rejects.
   */
  pass(): Promise<AlertPassReport> {
    if (this.#stopping) return Promise.resolve(stoppedPass(this.#clock()));
    if (this.#current) {
      this.#next ??= this.#current.then(() => {
        this.#next = undefined;
        return this.pass();
      });
      return this.#next;
    }
    const run = this.#safePass().finally(() => {
      this.#current = undefined;
    });
    this.#current = run;
    return run;
  }

  /**
   * Stops ticking, starts no more passes, and waits for the one in flight, or until `giveUp`
   * aborts (the shutdown deadline): then it resolves at once and logs the DMs it leaves (a DM
   * sent but not recorded goes out again once its lease runs out). Idempotent.
   */
  stop(giveUp?: AbortSignal): Promise<void> {
    followDeadline(this.#giveUp, giveUp);
    this.#stopping ??= (async () => {
      const ticker = this.#ticker;
      this.#ticker = undefined;
      await stopTicker(ticker, this.#logger, { owner: this.#owner }, 'alert');
      const cutShort = await settledByDeadline(Promise.all([this.#current, this.#next]), this.#giveUp.signal);
      if (cutShort && this.#inFlight.size > 0) {
        this.#logger.warn({ owner: this.#owner, abandoned: [...this.#inFlight.values()] }, 'shutdown deadline: leaving alert DMs in flight; one left unrecorded is sent again once its lease runs out');
      }
    })();
    return this.#stopping;
  }

  async #safePass(): Promise<AlertPassReport> {
    const at = this.#clock();
    let people: PersonRef[];
    try {
      people = await this.#storage.peopleWithAlerts(at.getTime(), this.#platforms);
    } catch (error) {
      this.#logger.error({ owner: this.#owner, error: errorForLog(error) }, 'cannot list waiting alerts; trying again on the next pass');
      return passReport(at, []);
    }
    const outcomes = await mapLimited(people, this.#concurrency, (person) => this.#forPerson(person, at));
    const report = passReport(at, outcomes);
    if (report.sent.length + report.failed.length + report.unreachable.length > 0) {
      this.#logger.info(
        { owner: this.#owner, people: people.length, sent: report.sent.length, held: report.held.length, unreachable: report.unreachable.length, failed: report.failed.length },
        'alert pass done',
      );
    }
    return report;
  }

  /** One person's waiting alerts, start to end; never rejects. */
  async #forPerson(person: PersonRef, at: Date): Promise<PersonOutcome> {
    const key = personKey(person);
    const fields = { person: key, owner: this.#owner };
    if (this.#stopping) return { nothing: true };
    let claimed: QueuedAlert[];
    let leaseEnd: number;
    try {
      const held = await this.#quietUntil(person, at);
      if (held) {
        this.#logger.debug({ ...fields, until: held.toISOString() }, 'quiet hours: alerts wait');
        return { held: { person, until: held } };
      }
      const now = this.#clock().getTime();
      leaseEnd = now + this.#leaseMs;
      claimed = await this.#storage.claimAlerts(person, this.#owner, now, leaseEnd);
    } catch (error) {
      this.#logger.error({ ...fields, error: errorForLog(error) }, 'cannot claim alerts; trying again on the next pass');
      return { failed: { person, reason: messageOf(error), retryAt: this.#clock().getTime() } };
    }
    if (claimed.length === 0) return { claimedElsewhere: person };

    const paperIds = claimed.map((a) => a.paperId);
    this.#inFlight.set(key, { person: key, stage: 'sending' });
    try {
      let messageId: string;
      try {
        const message = composeAlertMessage(claimed, this.#paperOf);
        messageId = (await withDeadline(this.#deliver(person, message), this.#deliveryTimeoutMs, `the DM took longer than ${Math.round(this.#deliveryTimeoutMs / 1000)} s`)).messageId;
      } catch (error) {
        return await this.#fail(person, error, fields);
      }
      this.#inFlight.set(key, { person: key, stage: 'recording' });
      const outcome = await recordPost(
        async (now) => (await this.#storage.completeAlerts(person, this.#owner, paperIds, messageId, now)) > 0,
        leaseEnd,
        { clock: this.#clock, sleep: this.#sleep, logger: this.#logger, giveUp: this.#giveUp.signal, what: 'alert DM' },
        { ...fields, messageId },
      );
      this.#failures.delete(key);
      this.#metrics.alertSent(person.platform, paperIds.length);
      if (outcome === 'lost') this.#logger.error({ ...fields, messageId }, 'alert DM sent after its lease ran out; another replica may have sent it too');
      this.#logger.info({ ...fields, papers: paperIds.length, messageId }, 'alert DM sent');
      return { sent: { person, paperIds, messageId, recorded: outcome === 'recorded' } };
    } finally {
      this.#inFlight.delete(key);
    }
  }

  /** When the person's quiet hours end, if they are in them now. Unreadable quiet hours hold nothing (and say so). */
  async #quietUntil(person: PersonRef, at: Date): Promise<Date | undefined> {
    const { quiet } = await this.#storage.preferences(person);
    if (!quiet) return undefined;
    try {
      return quietSpellAt(quiet, at)?.until;
    } catch (error) {
      this.#logger.warn({ person: personKey(person), quiet, error: errorForLog(error) }, 'quiet hours unreadable; sending alerts anyway');
      return undefined;
    }
  }

  async #fail(person: PersonRef, error: unknown, fields: Record<string, unknown>): Promise<PersonOutcome> {
    const key = personKey(person);
    const now = this.#clock().getTime();
    const reason = messageOf(error);
    const logFields = { ...fields, error: errorForLog(error) };
    const permanent = error instanceof DeliveryError && error.permanent;
    this.#metrics.alertFailed(person.platform, permanent);
    if (permanent) {
      try {
        await this.#storage.markUnreachable(person, reason, now);
        await this.#storage.releaseAlerts(person, this.#owner, now, reason, now);
      } catch (storageError) {
        this.#logger.error({ ...fields, error: errorForLog(storageError) }, 'cannot mark the person unreachable; their alerts are tried again once the lease runs out');
      }
      this.#failures.delete(key);
      logMarkedUnreachable(this.#logger, person, reason, logFields);
      return { unreachable: { person, reason } };
    }
    const failures = (this.#failures.get(key) ?? 0) + 1;
    this.#failures.set(key, failures);
    const retryAt = now + retryDelayMs(failures, error instanceof DeliveryError ? error.retryAfterMs : undefined);
    try {
      await this.#storage.releaseAlerts(person, this.#owner, retryAt, reason, now);
    } catch (storageError) {
      this.#logger.error({ ...fields, error: errorForLog(storageError) }, 'cannot give the alerts back; they are tried again once the lease runs out');
    }
    const retryFields = { ...logFields, retryAt: new Date(retryAt).toISOString() };
    // A DeliveryError is the platform's doing (warn); anything else is a bug of ours (error).
    if (error instanceof DeliveryError) this.#logger.warn(retryFields, 'alert DM failed; will retry');
    else this.#logger.error(retryFields, 'unexpected error sending an alert DM; will retry');
    return { failed: { person, reason, retryAt } };
  }
}

/** The warn line naming a person whose direct messages failed for good (alerts and personal digests alike). */
export function logMarkedUnreachable(logger: Logger, person: PersonRef, reason: string, fields: Record<string, unknown> = {}): void {
  const key = personKey(person);
  logger.warn({ ...fields, person: key, reason }, `${key} marked unreachable (${reason}); alerts wait until they use a command`);
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)) || 'unknown error';
}
