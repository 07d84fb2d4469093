import type { Paper } from '../model/paper.js';
import type { PaperTable } from '../ports/paper-table.port.js';
import { titleKey } from '../ids/slug.js';
import { corpusStats, latestFeedDate, type CorpusStats } from './corpus-stats.js';

/** The paper table in plain maps: for team-sized corpora, tests, and one-off corpora (eval, --corpus). */
export class MemoryPaperTable implements PaperTable {
  readonly #byId = new Map<string, Paper>();
  readonly #byArxivId = new Map<string, string>();
  readonly #byTitle = new Map<string, string>();
  readonly #aliases = new Map<string, string>();
  #version = 0;
  /** While a batch runs: how to put back what it changed, should it fail. */
  #undo: Array<() => void> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  get size(): number {
    return this.#byId.size;
  }

  get version(): number {
    return this.#version;
  }

  byId(id: string): Paper | undefined {
    return this.#byId.get(id);
  }

  idOfArxiv(arxivId: string): string | undefined {
    return this.#byArxivId.get(arxivId);
  }

  idOfTitleKey(key: string): string | undefined {
    return this.#byTitle.get(key);
  }

  idOfAlias(alias: string): string | undefined {
    return this.#aliases.get(alias);
  }

  put(paper: Paper): void {
    this.#version += 1;
    this.#set(this.#byId, paper.id, paper);
    if (paper.arxivId !== undefined) this.#set(this.#byArxivId, paper.arxivId, paper.id);
    const key = titleKey(paper.title);
    if (!this.#byTitle.has(key)) this.#set(this.#byTitle, key, paper.id);
  }

  putAlias(alias: string, id: string): void {
    this.#set(this.#aliases, alias, id);
  }

  #set<V>(map: Map<string, V>, key: string, value: V): void {
    if (this.#undo) {
      const had = map.has(key);
      const before = map.get(key);
      this.#undo.push(() => (had ? map.set(key, before as V) : map.delete(key)));
    }
    map.set(key, value);
  }

  /** Record ids merged into other papers (for saving the table with a snapshot). */
  aliasEntries(): Array<[string, string]> {
    return [...this.#aliases];
  }

  all(): IterableIterator<Paper> {
    return this.#byId.values();
  }

  appearingSince(date: string): Paper[] {
    return [...this.#byId.values()].filter((paper) => paper.appearances.some((a) => a.date >= date));
  }

  latestFeedDate(): string | undefined {
    return latestFeedDate(this.#byId.values());
  }

  stats(): CorpusStats {
    return corpusStats(this.#byId.values());
  }

  batch<T>(work: () => T | Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      this.#undo = [];
      try {
        return await work();
      } catch (error) {
        for (const undo of this.#undo.reverse()) undo();
        this.#version += 1;
        throw error;
      } finally {
        this.#undo = undefined;
      }
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
