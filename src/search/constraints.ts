import type { MatchConstraints } from '../ports/search-index.port.js';
import { paperDate, type Paper } from '../model/paper.js';
import { foldText } from '../text/clean-text.js';
import { analyze, plainWords } from '../text/analyzer.js';
import type { ParsedQuery } from './query-syntax.js';

/**
 * A query's hard constraints (phrases, exclusions, author:, title:, since:, has:code) as
 * data every engine applies its own way (the memory engine with the predicates below, the
 * disk engine in SQL), and the predicates themselves for checking one paper.
 *
 * A phrase is a run of index terms: "mixture of experts" is mixtur·expert side by side in
 * the title-then-abstract text with stop words left out, so it matches "Mixtures of
 * Experts" and "mixture-of-experts" too (case, accents, hyphens and word endings aside).
 */
export const NO_CONSTRAINTS: MatchConstraints = { phrases: [], excluded: [], excludedPhrases: [], authors: [], titleTerms: [], hasCode: false };

/** A phrase's words as a run of index terms (stop words drop out, as they do from the text). */
export function phraseTerms(words: readonly string[]): string[] {
  return analyze(words.join(' '));
}

/** The index terms of a paper's text field: title, then abstract. */
export function textTerms(paper: Paper): string[] {
  return [...analyze(paper.title), ...analyze(paper.abstract)];
}

/** True when `run` occurs in `terms`, in order, side by side. */
export function containsRun(terms: readonly string[], run: readonly string[]): boolean {
  if (run.length === 0) return true;
  outer: for (let i = 0; i + run.length <= terms.length; i += 1) {
    for (let j = 0; j < run.length; j += 1) if (terms[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}

/** One author-name word: whole, a prefix of 3+ letters, or an initial. */
export function nameWordMatches(have: string, wanted: string): boolean {
  return have === wanted || ((wanted.length >= 3 || wanted.length === 1) && have.startsWith(wanted));
}

/** Every word of `nameWords` (folded) in one author's name. */
export function authorMatches(authors: readonly string[], nameWords: readonly string[]): boolean {
  return authors.some((author) => {
    const have = plainWords(author);
    return nameWords.every((w) => have.some((h) => nameWordMatches(h, w)));
  });
}

/** The filters (author:, title:, since:, has:code) for one paper. */
export function passesFilters(paper: Paper, c: MatchConstraints): boolean {
  if (c.hasCode && paper.codeUrls.length === 0) return false;
  if (c.since !== undefined) {
    const date = paperDate(paper);
    if (date === undefined || date < c.since) return false;
  }
  if (!c.authors.every((name) => authorMatches(paper.authors, name))) return false;
  if (c.titleTerms.length > 0) {
    const title = new Set(analyze(paper.title));
    if (!c.titleTerms.every((t) => title.has(t))) return false;
  }
  return true;
}

/** Phrases that must and must not appear, for one paper. */
export function passesPhrases(paper: Paper, c: MatchConstraints): boolean {
  if (c.phrases.length === 0 && c.excludedPhrases.length === 0) return true;
  const terms = textTerms(paper);
  return c.phrases.every((run) => containsRun(terms, run)) && !c.excludedPhrases.some((run) => containsRun(terms, run));
}

export function hasFilters(c: MatchConstraints): boolean {
  return c.hasCode || c.since !== undefined || c.authors.length > 0 || c.titleTerms.length > 0;
}

/** The constraints a parsed query states, apart from its excluded single words (the planner turns those into trees). */
export function constraintsOf(query: ParsedQuery): MatchConstraints {
  return {
    phrases: query.phrases.map(phraseTerms).filter((run) => run.length > 0),
    excludedPhrases: query.excluded
      .filter((words) => words.length > 1)
      .map(phraseTerms)
      .filter((run) => run.length > 0),
    authors: query.authors.map((name) => name.map((w) => foldText(w))),
    titleTerms: [...new Set(query.titles.flatMap((words) => analyze(words.join(' '))))],
    ...(query.since !== undefined ? { since: query.since } : {}),
    hasCode: query.hasCode,
    excluded: [],
  };
}
