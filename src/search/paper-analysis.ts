import type { Paper } from '../model/paper.js';
import { analyze, plainWords } from '../text/analyzer.js';
import { acronymAliases } from './acronym-aliases.js';
import type { AcronymTable } from './acronyms.js';
import type { IndexedFields } from './indexed-fields.js';

/**
 * Everything indexing takes from a paper's own words: its IndexedFields but the acronym
 * aliases, which depend on what the whole corpus defines. Analysing text is most of what
 * an ingest costs, and it needs nothing but the text, so a bulk ingest computes it ahead,
 * in a worker thread, and hands it to the index writer with the paper.
 */
export type PaperAnalysis = Omit<IndexedFields, 'aliases'>;

/** The words of a paper that its analysis depends on. */
export interface AnalysedText {
  readonly title: string;
  readonly abstract?: string | undefined;
  readonly authors?: readonly string[] | undefined;
}

/** Author terms past this many add length, not meaning: a 3,000-author physics paper must not drown its own abstract. */
export const MAX_INDEXED_AUTHORS = 50;

export function analysePaper(paper: AnalysedText): PaperAnalysis {
  const compounds: Array<readonly [string, readonly string[]]> = [];
  const onCompound = (joined: string, parts: readonly string[]) => void compounds.push([joined, parts]);
  const title = analyze(paper.title, onCompound);
  const authors = paper.authors ?? [];
  return {
    text: [...title, ...analyze(paper.abstract ?? '', onCompound)],
    title,
    authors: analyze(authors.slice(0, MAX_INDEXED_AUTHORS).join(' ')),
    names: plainWords(authors.join(' ')),
    titleWords: plainWords(paper.title),
    compounds,
  };
}

export function withAliases(analysis: PaperAnalysis, acronyms: AcronymTable | undefined): IndexedFields {
  return { ...analysis, aliases: acronyms ? acronymAliases(analysis.text, acronyms) : [] };
}

/**
 * A batch's analyses as they cross between threads: every distinct word once, and per
 * paper a row of numbers. Cloning arrays of words cost more than analysing them again;
 * and words the main thread receives once are hashed once, however many papers hold them.
 *
 * A row: six counts (title, abstract, authors, names, title words, compounds), the word
 * numbers of each list in that order, then per compound its joined word, its number of
 * parts and the parts.
 */
export interface PackedAnalyses {
  readonly words: readonly string[];
  readonly rows: readonly Uint32Array[];
}

export function packAnalyses(analyses: readonly PaperAnalysis[]): PackedAnalyses {
  const numbers = new Map<string, number>();
  const words: string[] = [];
  const numberOf = (word: string): number => {
    let n = numbers.get(word);
    if (n === undefined) numbers.set(word, (n = words.push(word) - 1));
    return n;
  };
  const rows = analyses.map((a) => {
    const abstract = a.text.slice(a.title.length);
    const lists = [a.title, abstract, a.authors, a.names, a.titleWords];
    const row: number[] = [...lists.map((list) => list.length), a.compounds.length];
    for (const list of lists) for (const word of list) row.push(numberOf(word));
    for (const [joined, parts] of a.compounds) row.push(numberOf(joined), parts.length, ...parts.map(numberOf));
    return Uint32Array.from(row);
  });
  return { words, rows };
}

export function unpackAnalysis(packed: PackedAnalyses, index: number): PaperAnalysis {
  const row = packed.rows[index]!;
  const { words } = packed;
  let at = 6;
  const take = (count: number): string[] => {
    const list = new Array<string>(count);
    for (let i = 0; i < count; i += 1) list[i] = words[row[at + i]!]!;
    at += count;
    return list;
  };
  const title = take(row[0]!);
  const abstract = take(row[1]!);
  const authors = take(row[2]!);
  const names = take(row[3]!);
  const titleWords = take(row[4]!);
  const compounds: Array<readonly [string, readonly string[]]> = [];
  for (let c = 0; c < row[5]!; c += 1) {
    const joined = words[row[at]!]!;
    const count = row[at + 1]!;
    at += 2;
    compounds.push([joined, take(count)]);
  }
  return { text: title.concat(abstract), title, authors, names, titleWords, compounds };
}

const sameWords = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((word, i) => word === b[i]);

/**
 * Finds, for a paper an ingest made, the analysis computed ahead from the record it came
 * from, if that record's words are still the paper's: a merge that kept an older title or
 * abstract makes the analysis stale, and the writer then analyses the paper itself.
 */
export function analysisFinder(records: readonly AnalysedText[], analyses: PackedAnalyses): (paper: Paper) => PaperAnalysis | undefined {
  const byTitle = new Map<string, number[]>();
  records.forEach((record, i) => {
    if (analyses.rows[i] === undefined) return;
    const list = byTitle.get(record.title);
    if (list) list.push(i);
    else byTitle.set(record.title, [i]);
  });
  return (paper) => {
    for (const i of byTitle.get(paper.title) ?? []) {
      const record = records[i]!;
      if ((record.abstract ?? '') === paper.abstract && sameWords(record.authors ?? [], paper.authors)) return unpackAnalysis(analyses, i);
    }
    return undefined;
  };
}
