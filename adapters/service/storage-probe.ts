import type { Storage } from '../../src/index.js';

/**
 * The readiness check's question to storage: one primary-key read, answered within
 * `timeoutMs` whatever the database does. At most one read is in flight: callers while it
 * runs share it, and once it has run past the limit every caller hears `timeout` at once,
 * without asking again until it settles (the driver's own timeouts end it). So a database
 * that stops answering costs one stuck read, not one per load-balancer probe.
 */
export interface StorageCheck {
  readonly state: 'ok' | 'timeout' | 'error';
  /** `sqlite` or `postgres`. */
  readonly kind: string;
  /** How long the read took, when it finished in time. */
  readonly ms?: number;
  readonly error?: string;
}

export const PROBE_TIMEOUT_MS = 1_000;

/** A channel no platform has: the read finds nothing, cheaply. */
const PROBE_REF = { platform: 'readyz', workspace: '-', channel: '-' } as const;

type Settled = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly ms: number; readonly error: string };

interface Probe {
  readonly startedAt: number;
  readonly settled: Promise<Settled>;
}

export class StorageProbe {
  readonly #storage: Storage;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  #inFlight: Probe | undefined;

  constructor(storage: Storage, options: { timeoutMs?: number; now?: () => number } = {}) {
    this.#storage = storage;
    this.#timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
    this.#now = options.now ?? (() => performance.now());
  }

  async check(): Promise<StorageCheck> {
    const kind = this.#storage.kind;
    const probe = this.#inFlight ?? this.#start();
    const left = Math.max(0, probe.startedAt + this.#timeoutMs - this.#now());
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), left);
    });
    const result = await Promise.race([probe.settled, late]).finally(() => clearTimeout(timer));
    if (result === 'late') return { state: 'timeout', kind, error: `no answer within ${this.#timeoutMs} ms` };
    return result.ok ? { state: 'ok', kind, ms: result.ms } : { state: 'error', kind, ms: result.ms, error: result.error };
  }

  #start(): Probe {
    const startedAt = this.#now();
    const took = () => Math.round(this.#now() - startedAt);
    let read: Promise<unknown>;
    try {
      read = this.#storage.getSubscription(PROBE_REF);
    } catch (error) {
      read = Promise.reject(error); // a driver that throws at once has answered too
    }
    const settled = read.then(
      (): Settled => ({ ok: true, ms: took() }),
      (error: unknown): Settled => ({ ok: false, ms: took(), error: error instanceof Error ? error.message : String(error) }),
    );
    const probe: Probe = { startedAt, settled };
    this.#inFlight = probe;
    void settled.then(() => {
      if (this.#inFlight === probe) this.#inFlight = undefined;
    });
    return probe;
  }
}
