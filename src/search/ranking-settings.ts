/**
 * Ranking defaults, chosen by measurement on SciFact's train split (see README, Relevance,
 * and `paperboy eval`). Standard BM25 (d = 0, not MiniSearch's BM25+ default of 0.5) over
 * one title+abstract field scored best; a light extra title field helps short chat queries
 * name a paper without hurting long ones.
 */
export interface RankingSettings {
  readonly bm25: { readonly k: number; readonly b: number; readonly d: number };
  readonly boost: { readonly text: number; readonly title: number; readonly authors: number };
  /** Typo tolerance applies only to query words (as index terms) of at least this many letters that the corpus never uses. */
  readonly fuzzyMinLength: number;
  /** One edit is allowed below this length, two from it on. */
  readonly fuzzyTwoEditsLength: number;
  /** How much a typo-corrected match counts relative to an exact one. */
  readonly fuzzyWeight: number;
  /** How much the words of an acronym's expansion count relative to the acronym typed (0: off). */
  readonly expansionWeight: number;
  /** How much an acronym counts relative to the spelled-out words typed (0: off). */
  readonly acronymWeight: number;
}

export const DEFAULT_RANKING: RankingSettings = {
  bm25: { k: 0.9, b: 0.75, d: 0 },
  boost: { text: 1, title: 0.3, authors: 1 },
  fuzzyMinLength: 5,
  fuzzyTwoEditsLength: 9,
  fuzzyWeight: 0.45,
  expansionWeight: 0.5,
  acronymWeight: 0.5,
};
