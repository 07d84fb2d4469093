import { schedule } from 'node-cron';
import type { Ticker } from '../../src/index.js';

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
