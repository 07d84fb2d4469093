import { createHash } from 'node:crypto';
import { isStopWord } from '../text/analyzer.js';
import { foldText } from '../text/clean-text.js';

const MAX_SLUG_LENGTH = 40;

/** The words of a title as a comparison key: same words, same key, whatever the punctuation. */
export function titleKey(title: string): string {
  return (foldText(title).match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? []).join(' ');
}

/**
 * A short, readable id from a title: `noprop-training-neural-networks-without`.
 * Whole words only, cut near 40 characters; titles with no letters or digits at all
 * get `paper-<hash>` so that every title has a slug.
 */
export function titleSlug(title: string): string {
  const words = titleKey(title).split(' ').filter(Boolean);
  const kept: string[] = [];
  let length = -1;
  for (const word of words) {
    if (length + 1 + word.length > MAX_SLUG_LENGTH) {
      if (kept.length === 0) kept.push(cutAtCodePoint(word, MAX_SLUG_LENGTH));
      break;
    }
    kept.push(word);
    length += 1 + word.length;
  }
  // "…-networks-for" reads badly; drop trailing little words (but keep at least one word).
  while (kept.length > 1 && isStopWord(kept.at(-1)!)) kept.pop();
  return kept.join('-') || `paper-${shortHash(title)}`;
}

/** At most `max` UTF-16 units, never half a character. */
function cutAtCodePoint(word: string, max: number): string {
  let out = '';
  for (const ch of word) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/** Six hex characters of SHA-1: enough to tell apart papers whose slugs collide. */
export function shortHash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 6);
}
