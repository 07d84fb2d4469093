import type { Paper } from '../model/paper.js';
import type { AcronymTable } from './acronyms.js';
import { analysePaper, withAliases, type PaperAnalysis } from './paper-analysis.js';

/**
 * What a paper is indexed under, the same for every engine:
 *   text     title and abstract terms together (one BM25 field scores best; README, Relevance)
 *   title    the title's terms again, lightly weighted, so short queries can name a paper
 *   authors  the authors' names as terms (a free-word query "hinton" finds Hinton's papers)
 *   aliases  the acronyms the paper spells out but never writes (acronym-aliases.ts)
 * plus `names` (author words as written, for author: filters) and `titleWords` (title words
 * as written, for autocomplete), which engines keep apart from ranking.
 */
export interface IndexedFields {
  readonly text: readonly string[];
  readonly title: readonly string[];
  readonly authors: readonly string[];
  readonly aliases: readonly string[];
  readonly names: readonly string[];
  readonly titleWords: readonly string[];
  /** Joined forms of the hyphenated compounds the paper writes, with their parts. */
  readonly compounds: ReadonlyArray<readonly [string, readonly string[]]>;
}

/** The paper's fields; `analysis`, when given, is the analysis of exactly this paper's words (paper-analysis.ts). */
export function indexedFields(paper: Paper, acronyms: AcronymTable | undefined, analysis: PaperAnalysis = analysePaper(paper)): IndexedFields {
  return withAliases(analysis, acronyms);
}
