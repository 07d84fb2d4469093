import { paperDate, type Paper } from '../model/paper.js';
import { foldText } from '../text/clean-text.js';
import { analyze, plainWords } from '../text/analyzer.js';
import type { ParsedQuery } from './query-syntax.js';

/** True when `words` occur in this order, next to each other, in `haystack`. */
function containsSequence(haystack: readonly string[], words: readonly string[]): boolean {
  if (words.length === 0) return true;
  outer: for (let i = 0; i + words.length <= haystack.length; i += 1) {
    for (let j = 0; j < words.length; j += 1) if (haystack[i + j] !== words[j]) continue outer;
    return true;
  }
  return false;
}

/** Exact phrase match, case- and accent-insensitive, hyphens counting as spaces. */
export function containsPhrase(paper: Paper, phrase: readonly string[]): boolean {
  const words = plainWords(phrase.join(' '));
  return containsSequence(plainWords(paper.title), words) || containsSequence(plainWords(paper.abstract), words);
}

/** Every word of `nameWords` in one author's name: whole, as a prefix of 3+ letters, or as an initial. */
function authorMatches(paper: Paper, nameWords: readonly string[]): boolean {
  const wanted = nameWords.map((w) => foldText(w));
  return paper.authors.some((author) => {
    const have = plainWords(author);
    return wanted.every((w) => have.some((h) => h === w || ((w.length >= 3 || w.length === 1) && h.startsWith(w))));
  });
}

/** Every word in the title, in any inflection ("title:merge" matches "Merging"). */
function titleMatches(paper: Paper, words: readonly string[]): boolean {
  const title = new Set(analyze(paper.title));
  const wanted = analyze(words.join(' '));
  return wanted.length > 0 && wanted.every((t) => title.has(t));
}

/** The filters of a query (author, since, has:code) as one predicate. */
export function filterPredicate(query: ParsedQuery): (paper: Paper) => boolean {
  return (paper) => {
    if (query.hasCode && paper.codeUrls.length === 0) return false;
    if (query.since !== undefined) {
      const date = paperDate(paper);
      if (date === undefined || date < query.since) return false;
    }
    return query.authors.every((name) => authorMatches(paper, name)) && query.titles.every((words) => titleMatches(paper, words));
  };
}

export function hasFilters(query: ParsedQuery): boolean {
  return query.hasCode || query.since !== undefined || query.authors.length > 0 || query.titles.length > 0;
}
