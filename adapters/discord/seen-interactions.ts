/**
 * Interaction ids already handled. A gateway resume replays what the client may have missed,
 * so the same INTERACTION_CREATE can arrive twice; answering it twice would fail (Discord
 * accepts one callback) and, worse, run a command such as `save` twice. Bounded: ids older
 * than the last few thousand are long past Discord's 15-minute token lifetime anyway.
 */
export class SeenInteractions {
  readonly #ids = new Set<string>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    this.#capacity = capacity;
  }

  /** True the first time an id is seen, false after. */
  first(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.#capacity) this.#ids.delete(this.#ids.values().next().value!);
    return true;
  }
}
