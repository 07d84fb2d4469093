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
    this.#byId.set(paper.id, paper);
    if (paper.arxivId !== undefined) this.#byArxivId.set(paper.arxivId, paper.id);
    const key = titleKey(paper.title);
    if (!this.#byTitle.has(key)) this.#byTitle.set(key, paper.id);
  }

  putAlias(alias: string, id: string): void {
    this.#aliases.set(alias, id);
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

  batch<T>(work: () => T): T {
    return work();
  }
}
