import type { Clock } from '../../src/index.js';

/**
 * What a stop signal does to a running service: the first stops it cleanly, a later one exits
 * at once. Ctrl+C under `npm start` reaches paperboy twice: the terminal signals the whole
 * process group (npm and paperboy), and npm forwards its own copy a few milliseconds later.
 * The same signal again within `sameWithinMs` of the first is that copy, not a second press.
 */
export type StopAction = 'stop' | 'duplicate' | 'exit-now';

export const SAME_SIGNAL_WITHIN_MS = 1000;

export function stopSignals(clock: Clock, sameWithinMs = SAME_SIGNAL_WITHIN_MS): (signal: string) => StopAction {
  let first: { signal: string; at: number } | undefined;
  return (signal) => {
    const at = clock().getTime();
    if (first === undefined) {
      first = { signal, at };
      return 'stop';
    }
    return signal === first.signal && at - first.at < sameWithinMs ? 'duplicate' : 'exit-now';
  };
}
