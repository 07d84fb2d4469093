import MiniSearch from 'minisearch';
import type { Paper } from '../src/index.js';
import { analyze } from '../src/text/analyzer.js';

/**
 * A second yardstick: MiniSearch alone, as plainly as it can be used (one field, the same
 * analysed terms, a flat OR of the query's terms, nothing after). It is the floor that any
 * engine on MiniSearch pays, so paperboy ÷ floor is paperboy's own cost and floor ÷ FTS5
 * is the library's.
 */
export class MiniSearchFloor {
  readonly #mini: MiniSearch<{ id: string; text: string }>;

  private constructor(mini: MiniSearch<{ id: string; text: string }>) {
    this.#mini = mini;
  }

  static build(papers: Iterable<Paper>): MiniSearchFloor {
    const split = (text: string): string[] => text.split(' ');
    const keep = (term: string): string | null => term || null;
    const mini = new MiniSearch<{ id: string; text: string }>({
      fields: ['text'],
      tokenize: split,
      processTerm: keep,
      searchOptions: { tokenize: split, processTerm: keep, bm25: { k: 0.9, b: 0.75, d: 0 } },
    });
    for (const paper of papers) mini.add({ id: paper.id, text: analyze(`${paper.title} ${paper.abstract}`).join(' ') });
    return new MiniSearchFloor(mini);
  }

  /** The top 10 ids for the query's words (OR). */
  search(text: string): string[] {
    const terms = analyze(text);
    if (terms.length === 0) return [];
    return this.#mini
      .search({ combineWith: 'OR', queries: terms })
      .slice(0, 10)
      .map((r) => r.id as string);
  }
}
