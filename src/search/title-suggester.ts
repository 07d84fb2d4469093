import MiniSearch from 'minisearch';
import type { Paper } from '../model/paper.js';
import { plainWords } from '../text/analyzer.js';

/**
 * Titles as someone types them (Discord's autocomplete): MiniSearch on title words as
 * written (folded, not stemmed), every typed word a prefix, and near spellings for long
 * ones, so "mamba sel" and "mixtrue of experts" both find their paper.
 */
const tokenize = (text: string): string[] => plainWords(text);

export class TitleSuggester {
  readonly #mini = new MiniSearch<{ id: string; title: string }>({
    fields: ['title'],
    tokenize,
    processTerm: (term) => term,
    searchOptions: { tokenize, processTerm: (term) => term, combineWith: 'AND', prefix: true, fuzzy: (term) => (term.length >= 5 ? 1 : false) },
    autoVacuum: true,
  });

  addAll(papers: Iterable<Paper>): void {
    this.#mini.addAll([...papers].map((p) => ({ id: p.id, title: p.title })));
  }

  upsert(paper: Paper, previous: Paper | undefined): void {
    if (this.#mini.has(paper.id)) {
      if (previous?.title === paper.title) return;
      this.#mini.discard(paper.id);
    }
    this.#mini.add({ id: paper.id, title: paper.title });
  }

  /** Ids of the titles that fit best, at most `limit`. */
  suggest(typed: string, limit: number): string[] {
    if (plainWords(typed).length === 0) return [];
    return this.#mini
      .search(typed)
      .slice(0, limit)
      .map((r) => r.id as string);
  }
}
