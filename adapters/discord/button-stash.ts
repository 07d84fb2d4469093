import { randomBytes } from 'node:crypto';
import type { CommandInvocation } from '../../src/index.js';

/**
 * Buttons whose command does not fit Discord's 100-character custom_id (a next-page button
 * for a long query) keep it here under a short id. It is memory only, and bounded: such a
 * button stops working after a restart or after many newer ones, and then says so, instead
 * of running someone else's command. The boot id in every key makes old keys unknown,
 * never wrong.
 */
export class ButtonStash {
  readonly #entries = new Map<string, CommandInvocation>();
  readonly #boot = randomBytes(3).toString('hex');
  readonly #capacity: number;
  #next = 0;

  constructor(capacity = 5000) {
    this.#capacity = capacity;
  }

  put(invocation: CommandInvocation): string {
    const key = `pb#${this.#boot}.${(this.#next++).toString(36)}`;
    this.#entries.set(key, invocation);
    if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return key;
  }

  get(key: string): CommandInvocation | undefined {
    return this.#entries.get(key);
  }
}
