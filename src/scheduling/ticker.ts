/** A running ticker; stop() ends the ticks (a tick already running is the scheduler's to await). */
export interface TickerHandle {
  stop(): void | Promise<void>;
}

/**
 * Starts calling `onTick` about once a minute. Injected, so tests (and a service test
 * harness) drive the scheduler by hand and never start real timers; the service uses
 * adapters/service/cron-ticker.ts.
 */
export type Ticker = (onTick: () => void) => TickerHandle;
