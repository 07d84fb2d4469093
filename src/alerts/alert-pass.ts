import type { PersonRef } from '../personal/person.js';

/** What one alert pass did, person by person: for tests, logs and the service's own checks. */
export interface AlertPassReport {
  readonly at: Date;
  /** `stopped`: the dispatcher is stopping, nothing ran. */
  readonly status: 'ran' | 'stopped';
  readonly sent: readonly SentAlerts[];
  /** In quiet hours: their alerts wait, untouched, until `until`. */
  readonly held: ReadonlyArray<{ readonly person: PersonRef; readonly until: Date }>;
  /** DMs failed for good: marked unreachable, alerts kept for when they are reachable again. */
  readonly unreachable: ReadonlyArray<{ readonly person: PersonRef; readonly reason: string }>;
  /** Failed for now: the alerts are tried again from `retryAt` (epoch ms). */
  readonly failed: ReadonlyArray<{ readonly person: PersonRef; readonly reason: string; readonly retryAt: number }>;
  /** People whose alerts another replica (or another pass) had claimed. */
  readonly claimedElsewhere: readonly PersonRef[];
}

export interface SentAlerts {
  readonly person: PersonRef;
  readonly paperIds: readonly string[];
  readonly messageId: string;
  /** False when the DM went out but storage never recorded it (it may be sent again once the lease runs out). */
  readonly recorded: boolean;
}

export type PersonOutcome =
  | { readonly sent: SentAlerts }
  | { readonly held: { readonly person: PersonRef; readonly until: Date } }
  | { readonly unreachable: { readonly person: PersonRef; readonly reason: string } }
  | { readonly failed: { readonly person: PersonRef; readonly reason: string; readonly retryAt: number } }
  | { readonly claimedElsewhere: PersonRef }
  | { readonly nothing: true };

export function stoppedPass(at: Date): AlertPassReport {
  return { at, status: 'stopped', sent: [], held: [], unreachable: [], failed: [], claimedElsewhere: [] };
}

export function passReport(at: Date, outcomes: readonly PersonOutcome[]): AlertPassReport {
  return {
    at,
    status: 'ran',
    sent: outcomes.flatMap((o) => ('sent' in o ? [o.sent] : [])),
    held: outcomes.flatMap((o) => ('held' in o ? [o.held] : [])),
    unreachable: outcomes.flatMap((o) => ('unreachable' in o ? [o.unreachable] : [])),
    failed: outcomes.flatMap((o) => ('failed' in o ? [o.failed] : [])),
    claimedElsewhere: outcomes.flatMap((o) => ('claimedElsewhere' in o ? [o.claimedElsewhere] : [])),
  };
}
