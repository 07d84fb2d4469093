import { compoundTerms, termOf, wordSpans, type WordSpan } from '../text/analyzer.js';

/**
 * A short piece of the abstract around the words that matched, with those words marked.
 * Marks are [start, end) offsets into `text`, so each platform can render them its own way
 * (bold in Slack and Discord, ANSI in a terminal) without re-parsing markup.
 */
export interface Snippet {
  readonly text: string;
  readonly marks: ReadonlyArray<readonly [number, number]>;
}

export const DEFAULT_SNIPPET_LENGTH = 240;
const ELLIPSIS = '…';
const HYPHENATED = /[-\u2010\u2011]/;

function termsOfSpan(span: WordSpan): string[] {
  if (!HYPHENATED.test(span.text)) {
    const term = termOf(span.text);
    return term === undefined ? [] : [term];
  }
  const { parts, joined } = compoundTerms(span.text);
  return joined === undefined ? parts : [...parts, joined];
}

/** Start of the window: the sentence start if it is close, else a word start a little before the first match. */
function windowStart(text: string, spans: WordSpan[], first: number): number {
  const anchor = spans[first]!.start;
  const sentence = Math.max(text.lastIndexOf('. ', anchor), text.lastIndexOf('? ', anchor), text.lastIndexOf('! ', anchor));
  if (sentence >= 0 && anchor - sentence <= 60) return sentence + 2;
  if (sentence < 0 && anchor <= 60) return 0;
  let i = first;
  while (i > 0 && anchor - spans[i - 1]!.start <= 30) i -= 1;
  return spans[i]!.start;
}

export function makeSnippet(text: string, matched: ReadonlySet<string>, maxLength = DEFAULT_SNIPPET_LENGTH): Snippet {
  const spans = wordSpans(text);
  const hits: Array<{ index: number; terms: string[] }> = [];
  spans.forEach((span, index) => {
    const terms = termsOfSpan(span).filter((t) => matched.has(t));
    if (terms.length > 0) hits.push({ index, terms });
  });

  // The window start (at a hit) that covers the most distinct matched terms.
  let bestFirst = hits[0]?.index ?? 0;
  let bestCount = 0;
  for (let a = 0; a < hits.length; a += 1) {
    const seen = new Set<string>();
    const from = spans[hits[a]!.index]!.start;
    for (let b = a; b < hits.length && spans[hits[b]!.index]!.end - from <= maxLength * 0.8; b += 1) {
      for (const t of hits[b]!.terms) seen.add(t);
    }
    if (seen.size > bestCount) {
      bestCount = seen.size;
      bestFirst = hits[a]!.index;
    }
  }

  const start = text.length <= maxLength || spans.length === 0 ? 0 : windowStart(text, spans, bestFirst);
  let end = Math.min(text.length, start + maxLength);
  if (end < text.length) {
    const lastSpace = text.lastIndexOf(' ', end);
    if (lastSpace > start + maxLength / 2) end = lastSpace;
    // Never end on the first half of a surrogate pair (an emoji or astral character).
    else if (/[\ud800-\udbff]/.test(text[end - 1] ?? '')) end -= 1;
  }
  const prefix = start > 0 ? ELLIPSIS : '';
  const body = text.slice(start, end).replace(/[\s,;:]+$/, '');
  const suffix = start + body.length < text.length ? ELLIPSIS : '';
  const marks: Array<[number, number]> = [];
  for (const { index } of hits) {
    const span = spans[index]!;
    if (span.start >= start && span.end <= start + body.length) {
      marks.push([span.start - start + prefix.length, span.end - start + prefix.length]);
    }
  }
  return { text: `${prefix}${body}${suffix}`, marks };
}
