import { faultReply, type Args, type Fault, type Reply } from './slack-wire.js';

export interface FaultScope {
  /** Only calls whose `channel` argument matches. */
  channel?: string;
  /** How many matching calls fail (default 1). */
  times?: number;
}

export interface RandomFault {
  readonly fault: Fault;
  /** Share of calls, 0 to 1. */
  readonly rate: number;
}

/**
 * The failures a test arranges for the fake Slack, checked before a call is answered: queued
 * ones first (in order), then every n-th call's 429, then random ones for fault suites.
 */
export class FakeFaults {
  readonly #queued: Array<{ method: string; fault: Fault; channel?: string; times: number }> = [];
  readonly #rateLimits = new Map<string, { every: number; retryAfter: number; count: number }>();
  readonly #random = new Map<string, { faults: readonly RandomFault[]; random: () => number }>();

  failNext(method: string, fault: Fault, scope: FaultScope = {}): void {
    this.#queued.push({ method, fault, times: scope.times ?? 1, ...(scope.channel !== undefined && { channel: scope.channel }) });
  }

  rateLimitEvery(method: string, every: number, retryAfter: number): void {
    this.#rateLimits.set(method, { every, retryAfter, count: 0 });
  }

  failAtRandom(method: string, faults: readonly RandomFault[], random: () => number): void {
    this.#random.set(method, { faults, random });
  }

  /** The failure this call of `method` gets, if any (using up a queued one). */
  take(method: string, args: Args): Reply | undefined {
    const index = this.#queued.findIndex((f) => f.method === method && (f.channel === undefined || f.channel === args.channel));
    const entry = this.#queued[index];
    if (entry !== undefined) {
      entry.times -= 1;
      if (entry.times <= 0) this.#queued.splice(index, 1);
      return faultReply(entry.fault);
    }
    const limit = this.#rateLimits.get(method);
    if (limit !== undefined && ++limit.count % limit.every === 0) return faultReply({ status: 429, retryAfter: limit.retryAfter });
    const chaos = this.#random.get(method);
    if (chaos !== undefined) {
      let draw = chaos.random();
      for (const { fault, rate } of chaos.faults) {
        if (draw < rate) return faultReply(fault);
        draw -= rate;
      }
    }
    return undefined;
  }

  clear(): void {
    this.#queued.length = 0;
    this.#rateLimits.clear();
    this.#random.clear();
  }
}
