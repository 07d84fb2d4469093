/**
 * A person's settings and state that are not follows: quiet hours, and whether direct
 * messages to them last failed for good (blocked DMs, left the workspace).
 */
export interface QuietHours {
  /** Local `HH:MM` when alerts stop. */
  readonly start: string;
  /** Local `HH:MM` when they may go out again (the next day when earlier than `start`). */
  readonly end: string;
  /** IANA time zone. */
  readonly timezone: string;
}

export interface Unreachable {
  /** What the platform said, in words for the person: "you do not accept direct messages from this app". */
  readonly reason: string;
  /** Epoch ms. */
  readonly since: number;
}

export interface PersonPreferences {
  readonly quiet?: QuietHours;
  readonly unreachable?: Unreachable;
}

/** What `/papers forget me` removed, per kind, so the reply can say it. */
export interface ForgetReport {
  readonly follows: number;
  /** Saves and 👍 the person gave. */
  readonly signals: number;
  /** Personal digests (daily and weekly). */
  readonly subscriptions: number;
  /** Post log entries of those digests: slots and the papers each posted. */
  readonly postLog: number;
  /** Alerts queued or sent. */
  readonly alerts: number;
  /** Quiet hours and the unreachable mark. */
  readonly preferences: number;
  /** Channel digests this person set up: kept for the channel, with their name replaced. */
  readonly anonymized: number;
}

export function forgottenTotal(report: ForgetReport): number {
  return report.follows + report.signals + report.subscriptions + report.postLog + report.alerts + report.preferences + report.anonymized;
}
