/**
 * Ranking defaults, chosen by measurement on SciFact's train split (see README, Relevance,
 * and `paperboy eval`). Standard BM25 (d = 0, not MiniSearch's BM25+ default of 0.5) over
 * one title+abstract field scored best; a light extra title field helps short chat queries
 * name a paper without hurting long ones.
 */
export interface RankingSettings {
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
  /** Field weights; `aliases` holds the other name of each acronym a paper uses (see acronym-aliases.ts). */
  readonly boost: { readonly text: number; readonly title: number; readonly authors: number; readonly aliases: number };
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
  /** At most this many completions of an unknown word, the most used first. */
  readonly maxCompletions: number;
}

export const DEFAULT_RANKING: RankingSettings = {
  bm25: { k: 0.9, b: 0.75, d: 0 },
  boost: { text: 1, title: 0.3, authors: 1, aliases: 0.5 },
  mineAcronyms: true,
  fuzzyMinLength: 5,
  fuzzyTwoEditsLength: 9,
  fuzzyWeight: 0.45,
  prefixWeight: 0.8,
  maxCompletions: 8,
};
