import { truncateAtWord } from '../text/clean-text.js';

/**
 * The first one or two sentences of an abstract, cut at a sentence boundary, for digest
 * cards. Intl.Segmenter knows "e.g.", "et al." and "3.5" are not sentence ends in most
 * cases; a first sentence that is already long stands alone, and one that is too long
 * is cut at a word.
 */
export const SUMMARY_MAX_LENGTH = 300;
const SHORT_SENTENCE = 120;

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

export function summarize(abstract: string, maxLength = SUMMARY_MAX_LENGTH): string {
  const text = abstract.trim();
  if (text === '') return '';
  const parts = [...sentences.segment(text)].map((s) => s.segment.trim()).filter(Boolean);
  const first = parts[0] ?? text;
  if (first.length > maxLength) return truncateAtWord(first, maxLength);
  const second = parts[1];
  if (first.length < SHORT_SENTENCE && second !== undefined && first.length + 1 + second.length <= maxLength) {
    return `${first} ${second}`;
  }
  return first;
}
