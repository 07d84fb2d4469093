import type { Paper } from '../model/paper.js';
import { analyze, plainWords } from '../text/analyzer.js';
import { acronymAliases } from './acronym-aliases.js';
import type { AcronymTable } from './acronyms.js';

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

/** Author terms past this many add length, not meaning: a 3,000-author physics paper must not drown its own abstract. */
export const MAX_INDEXED_AUTHORS = 50;

/** The ranked fields' terms alone (text, title, authors): what scoring a paper needs. */
export function termFields(paper: Paper, onCompound?: (joined: string, parts: readonly string[]) => void): Pick<IndexedFields, 'text' | 'title' | 'authors'> {
  const title = analyze(paper.title, onCompound);
  return { text: [...title, ...analyze(paper.abstract, onCompound)], title, authors: analyze(paper.authors.slice(0, MAX_INDEXED_AUTHORS).join(' ')) };
}

export function indexedFields(paper: Paper, acronyms: AcronymTable | undefined): IndexedFields {
  const compounds: Array<readonly [string, readonly string[]]> = [];
  const fields = termFields(paper, (joined, parts) => void compounds.push([joined, parts]));
  return {
    ...fields,
    aliases: acronyms ? acronymAliases(fields.text, acronyms) : [],
    names: plainWords(paper.authors.join(' ')),
    titleWords: plainWords(paper.title),
    compounds,
  };
}
