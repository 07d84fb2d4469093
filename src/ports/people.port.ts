import type { NewAlert, QueuedAlert } from '../alerts/alert.js';
import type { AddFollowOutcome, Follow, FollowInput } from '../follows/follow.js';
import type { PersonRef } from '../personal/person.js';
import type { ForgetReport, PersonPreferences, QuietHours } from '../personal/preferences.js';

/**
 * What paperboy stores about a person (part of Storage, both implementations): follows,
 * preferences, and the alert queue. Everything here is keyed by PersonRef and visible only
 * to that person; `forgetPerson` removes all of it. Times are epoch ms passed in.
 */
export interface PeopleStore {
  // Follows.
  /** Adds a follow unless the person already follows its key (`duplicate`) or has `max` already (`full`). */
  addFollow(person: PersonRef, follow: FollowInput, max: number, now: number): Promise<AddFollowOutcome>;
  /** The person's follows, oldest first: the numbering `/papers following` shows. */
  listFollows(person: PersonRef): Promise<Follow[]>;
  /** Removes the person's follows with these ids (others' ids are ignored), or all of them; someone left with none loses the alerts still waiting to be sent. Returns how many follows went. */
  removeFollows(person: PersonRef, ids: readonly number[] | 'all'): Promise<number>;
  /** Every follow on these platforms (all when absent), in id order: what one feed read's alert matching reads. */
  allFollows(platforms?: ReadonlySet<string>): Promise<Follow[]>;

  // Preferences.
  /** Quiet hours and the unreachable mark; an empty object for someone with neither. */
  preferences(person: PersonRef): Promise<PersonPreferences>;
  /** Sets quiet hours, or clears them (null). */
  setQuietHours(person: PersonRef, quiet: QuietHours | null, now: number): Promise<void>;
  /** Direct messages to this person failed for good: alerts wait (not sent, not lost) until the mark is cleared. */
  markUnreachable(person: PersonRef, reason: string, now: number): Promise<void>;
  /** Clears the mark and returns the reason it held (so the person is told once), or undefined when there was none. */
  clearUnreachable(person: PersonRef): Promise<string | undefined>;

  // The alert queue.
  /**
   * Queues alerts; a (person, paper) pair queued before (waiting or sent) is ignored, so a
   * person never gets the same paper twice. Returns how many were new.
   */
  queueAlerts(alerts: readonly NewAlert[], now: number): Promise<number>;
  /** People with alerts waiting that nobody holds (no live lease, retry time passed), not marked unreachable, on these platforms (all when absent). */
  peopleWithAlerts(now: number, platforms?: ReadonlySet<string>): Promise<PersonRef[]>;
  /**
   * Claims all of a person's waiting alerts for `owner` until `leaseUntil` and returns them,
   * oldest first; empty when there are none or another owner holds a live lease (one
   * conditional write, so two replicas never both send).
   */
  claimAlerts(person: PersonRef, owner: string, now: number, leaseUntil: number): Promise<QueuedAlert[]>;
  /** Marks the owner's claimed alerts for these papers sent in the message `messageId`; returns how many. */
  completeAlerts(person: PersonRef, owner: string, paperIds: readonly string[], messageId: string, now: number): Promise<number>;
  /** Gives the owner's claimed alerts back to the queue, to be tried again from `retryAt`. */
  releaseAlerts(person: PersonRef, owner: string, retryAt: number, error: string, now: number): Promise<void>;
  /** Papers this person was sent (or has waiting) as alerts: a personal digest does not repeat them. */
  alertedPaperIds(person: PersonRef): Promise<Set<string>>;

  /**
   * `/papers forget me`: deletes the person's follows, preferences, alerts, saves and 👍,
   * personal digests and their post log, and replaces their id on channel digests they set
   * up; all in one transaction. Reports the counts.
   */
  forgetPerson(person: PersonRef): Promise<ForgetReport>;
}
