/**
 * Ranking defaults, chosen by measurement on SciFact's train split (see README, Relevance,
 * and `paperboy eval`). The two engines score differently, so each has its own field
 * weights, each measured on the same queries:
 *
 *   MiniSearch (memory): BM25 per field, summed with boosts; standard BM25 (d = 0, not
 *   MiniSearch's BM25+ 0.5) with a field's length counted in tokens. The title is written
 *   twice into the text field and once more, lightly, in a field of its own.
 *   FTS5 (disk): one BM25F score, column weights scaling term frequencies, the length
 *   summed over all columns; the title column weighs 1.5.
 */
export interface RankingSettings {
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
  /** MiniSearch's field boosts; `aliases` holds the other name of each acronym a paper uses (see acronym-aliases.ts). */
  readonly boost: { readonly text: number; readonly title: number; readonly authors: number; readonly aliases: number };
  /** FTS5's bm25() column weights, in the same fields. */
  readonly columnWeights: { readonly text: number; readonly title: number; readonly authors: number; readonly aliases: number };
  /** Times the title's terms are written into the memory engine's text field. */
  readonly titleRepeat: number;
  /** Mine acronym definitions from the corpus and index papers under both names. */
  readonly mineAcronyms: boolean;
  /** Typo tolerance applies only to query words (as index terms) of at least this many letters that the corpus never uses. */
  readonly fuzzyMinLength: number;
  /** One edit is allowed below this length, two from it on. */
  readonly fuzzyTwoEditsLength: number;
  /** How much a typo-corrected match counts relative to an exact one. */
  readonly fuzzyWeight: number;
  /** How much a word an unknown word starts ("backprop" → backpropagation) counts relative to an exact match. */
  readonly prefixWeight: number;
}

export const DEFAULT_RANKING: RankingSettings = {
  bm25: { k: 0.9, b: 0.75, d: 0 },
  boost: { text: 1, title: 0.15, authors: 1, aliases: 0.5 },
  columnWeights: { text: 1, title: 1.5, authors: 1, aliases: 0.5 },
  titleRepeat: 2,
  mineAcronyms: true,
  fuzzyMinLength: 5,
  fuzzyTwoEditsLength: 9,
  fuzzyWeight: 0.45,
  prefixWeight: 1,
};
