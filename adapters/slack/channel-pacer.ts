/**
 * At most one message per second per channel (Slack's posting limit): sends to one channel
 * queue behind each other with a gap; different channels do not wait for each other.
 * `sleep` and `now` are injected so tests control time.
 */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realPacerClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
};

export class ChannelPacer {
  readonly #gapMs: number;
  readonly #clock: PacerClock;
  readonly #tails = new Map<string, Promise<unknown>>();
  readonly #lastSent = new Map<string, number>();

  constructor(gapMs = 1000, clock: PacerClock = realPacerClock) {
    this.#gapMs = gapMs;
    this.#clock = clock;
  }

  /** Runs `send` once the channel's previous send is done and a gap has passed since it. */
  run<T>(channel: string, send: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(channel) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const wait = (this.#lastSent.get(channel) ?? -Infinity) + this.#gapMs - this.#clock.now();
        if (wait > 0) await this.#clock.sleep(wait);
        try {
          return await send();
        } finally {
          this.#lastSent.set(channel, this.#clock.now());
        }
      });
    this.#tails.set(channel, next);
    // Forget idle queues; the last-sent times stay (one number per channel that ever got a post).
    void next
      .finally(() => {
        if (this.#tails.get(channel) === next) this.#tails.delete(channel);
      })
      .catch(() => undefined);
    return next;
  }
}
