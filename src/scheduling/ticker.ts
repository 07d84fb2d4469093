import { schedule } from 'node-cron';

/** A running ticker; stop() ends the ticks (a tick already running is the scheduler's to await). */
export interface TickerHandle {
  stop(): void | Promise<void>;
}

/**
 * Starts calling `onTick` about once a minute. Injectable so tests (and a service test
 * harness) drive the scheduler by hand and never start real timers.
 */
export type Ticker = (onTick: () => void) => TickerHandle;

/**
 * The production ticker: node-cron at the top of every minute, in UTC. Time zones are not
 * cron's business here: each subscription has its own, and dueSlots works them out on
 * every tick, which also makes DST and catch-up one piece of logic instead of two.
 * Overlap is handled by the scheduler (it skips a tick while one is running).
 */
export function namedCronTicker(name: string): Ticker {
  return (onTick) => {
    const task = schedule('* * * * *', () => onTick(), { name, timezone: 'UTC' });
    return { stop: () => task.destroy() };
  };
}

export const cronTicker: Ticker = namedCronTicker('paperboy-digests');
