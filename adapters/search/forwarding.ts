import type { CorpusReader, CorpusStats, IndexWriter, Paper, PaperTable } from '../../src/index.js';

/**
 * Stand-ins that forward to whatever the host currently runs, so the core keeps one
 * Paperboy while the host swaps a damaged or outdated index for a rebuilt one.
 */
export class ForwardingPaperTable implements PaperTable {
  readonly #current: () => PaperTable;

  constructor(current: () => PaperTable) {
    this.#current = current;
  }

  get size(): number {
    return this.#current().size;
  }

  get version(): number | string {
    return this.#current().version;
  }

  byId(id: string): Paper | undefined {
    return this.#current().byId(id);
  }

  idOfArxiv(arxivId: string): string | undefined {
    return this.#current().idOfArxiv(arxivId);
  }

  idOfTitleKey(key: string): string | undefined {
    return this.#current().idOfTitleKey(key);
  }

  idOfAlias(alias: string): string | undefined {
    return this.#current().idOfAlias(alias);
  }

  put(paper: Paper): void {
    this.#current().put(paper);
  }

  putAlias(alias: string, id: string): void {
    this.#current().putAlias(alias, id);
  }

  all(): Iterable<Paper> {
    return this.#current().all();
  }

  appearingSince(date: string): Paper[] {
    return this.#current().appearingSince(date);
  }

  latestFeedDate(): string | undefined {
    return this.#current().latestFeedDate();
  }

  stats(): CorpusStats {
    return this.#current().stats();
  }

  batch<T>(work: () => T | Promise<T>): Promise<T> {
    return this.#current().batch(work);
  }
}

export function forwardingWriter(current: () => IndexWriter): IndexWriter {
  return { upsertAll: (changes) => current().upsertAll(changes) };
}

export function forwardingReader(current: () => CorpusReader): CorpusReader {
  return {
    search: (request) => current().search(request),
    show: (ref) => current().show(ref),
    related: (ref, paging) => current().related(ref, paging),
    trending: (request) => current().trending(request),
    checkTopic: (topic) => current().checkTopic(topic),
    suggestTitles: (typed, limit) => current().suggestTitles(typed, limit),
    stats: () => current().stats(),
  };
}
