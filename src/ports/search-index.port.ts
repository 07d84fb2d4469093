import type { AcronymTable } from '../search/acronyms.js';
import type { MatchNode } from '../search/match-tree.js';
import type { NearSpelling } from '../search/vocabulary.js';
import type { Paper } from '../model/paper.js';
import type { PaperAnalysis } from '../search/paper-analysis.js';

/**
 * The search port: what every engine (MiniSearch in memory, SQLite FTS5 on disk) gives the
 * core. The core parses and plans queries, builds snippets and pages; an engine answers
 * word statistics (the lexicon) and scores planned trees. One contract suite
 * (tests/contract/search-engine.contract.ts) holds every engine to the same behaviour.
 */
export interface Lexicon {
  readonly documentCount: number;
  /** Number of papers holding the index term (0 for terms the corpus never uses). */
  documentFrequency(term: string): number;
  /** The parts of a compound the corpus writes hyphenated, when `joined` is its joined form. */
  compoundParts(joined: string): readonly string[] | undefined;
  readonly acronyms: AcronymTable;
  /** Written words within `maxEdits` edits of `term`, nearest first. */
  nearSpellings(term: string, maxEdits: number): readonly NearSpelling[];
  /** Written words that `prefix` starts (not `prefix` itself), in key order, at most `limit`. */
  completions(prefix: string, limit: number): readonly string[];
}

/** What a match must also satisfy beyond the ranked tree: the query's hard constraints. */
export interface MatchConstraints {
  /** Each phrase is a run of index terms that must appear in this order, side by side (stop words aside). */
  readonly phrases: readonly (readonly string[])[];
  /** Papers matching any of these are left out. */
  readonly excluded: readonly MatchNode[];
  /** Excluded phrases, as runs of index terms. */
  readonly excludedPhrases: readonly (readonly string[])[];
  /** Each entry: folded words that one author's name must hold (whole, 3+ letter prefix, or initial). */
  readonly authors: readonly (readonly string[])[];
  /** Index terms the title must hold, every one. */
  readonly titleTerms: readonly string[];
  readonly since?: string;
  readonly hasCode: boolean;
  /** Papers never to return (the source of a more-like-this). */
  readonly excludeIds?: ReadonlySet<string>;
  /** Only these papers may match (a topic among today's trending). */
  readonly within?: ReadonlySet<string>;
}

export interface ScoredId {
  readonly id: string;
  readonly score: number;
}

export interface MatchRequest {
  /** Undefined: a listing of every paper the constraints allow, newest first (score 0). */
  readonly tree: MatchNode | undefined;
  readonly constraints: MatchConstraints;
  /** How many of the best to return, best first (score, then id). */
  readonly limit: number;
  /**
   * Score each leaf by its weight (more-like-this, whose terms weigh by tf·idf). Otherwise an
   * engine may count every matched term fully, as plain BM25 does: on SciFact the disk
   * engine ranks best that way.
   */
  readonly weighted?: boolean;
  /** False when only which papers match matters, not their order (a topic among today's trending). */
  readonly ordered?: boolean;
}

export interface MatchResult {
  readonly top: readonly ScoredId[];
  /** Matches in all. */
  readonly total: number;
}

export interface SearchIndex extends Lexicon {
  match(request: MatchRequest): MatchResult;
  /** Ids of papers whose title words start like `typed` (autocomplete), best first. */
  suggestTitles(typed: string, limit: number): readonly string[];
}

/**
 * A paper to index: `previous` is the version indexed before, if any; `analysis`, when a
 * bulk ingest computed it ahead (in a worker thread), is the analysis of exactly this
 * paper's words, and spares the writer analysing them.
 */
export interface IndexChange {
  readonly paper: Paper;
  readonly previous?: Paper | undefined;
  readonly analysis?: PaperAnalysis | undefined;
}

/** The write side of an engine: kept in step with the paper table by whoever ingests. */
export interface IndexWriter {
  /** Indexes new papers and re-indexes changed ones. */
  upsertAll(changes: readonly IndexChange[]): void;
}
