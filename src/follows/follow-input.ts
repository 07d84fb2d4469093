import type { Paper } from '../model/paper.js';
import { fail, ok, type Result } from '../result.js';
import { MAX_TOPIC_LENGTH } from '../subscriptions/subscription.js';
import { analyze, wordSpans } from '../text/analyzer.js';
import { cleanText } from '../text/clean-text.js';
import { parseAuthorName } from './author-names.js';
import type { FollowInput } from './follow.js';
import { MAX_NAME_TEXT } from './name-text.js';

/**
 * What a person typed after `follow author:` / `follow topic:`, or the paper they named,
 * as a follow: its label (shown back, cleaned of anything that is not part of a name or a
 * word, so no `<!channel>` or markdown ever comes back out) and its key (what makes two
 * follows the same). Refusals say what to type instead.
 */

const AUTHOR_EXAMPLE = '/papers follow author: Yann LeCun (or LeCun, Yann, or Y. LeCun)';
const TOPIC_EXAMPLE = '/papers follow topic: diffusion transformers';
/** Every word of a topic must appear in a paper; past this many, nothing ever matches. */
export const MAX_TOPIC_WORDS = 8;

export function authorFollow(name: string): Result<FollowInput> {
  const text = cleanText(name);
  if (text === '') return fail('bad_argument', `Whose papers? Give an author's name as papers show it, e.g. ${AUTHOR_EXAMPLE}.`);
  if (text.length > MAX_NAME_TEXT) {
    return fail('bad_argument', `That is ${text.length} characters, longer than any author's name. Give one name as papers show it, e.g. ${AUTHOR_EXAMPLE}.`);
  }
  if (/;|&|\sand\s/i.test(text)) return fail('bad_argument', `Follow one author at a time: one /papers follow author: … per name, e.g. ${AUTHOR_EXAMPLE}.`);
  const parsed = parseAuthorName(text);
  if (parsed === undefined) {
    return fail('bad_argument', `I need a first name or initial and a surname to tell the right author apart (a surname alone would bring every author who shares it), e.g. ${AUTHOR_EXAMPLE}.`);
  }
  return ok({ kind: 'author', label: parsed.display, key: parsed.key });
}

/** What the search language offers that a followed topic does not: said, never silently read as words. */
function querySyntax(text: string): string | undefined {
  if (/["\u201c\u201d\u201e]/.test(text)) return 'Quotes (exact phrases) do not work in a followed topic: every word must appear, in any order. Leave the quotes out.';
  if (/(?:^|\s)[-\u2212\u2013\u2014]\S/.test(text)) return 'Leaving words out with "-" does not work in a followed topic: every word given must appear. Follow the words you want.';
  const field = /(?:^|\s)(author|title|since|has):/i.exec(text)?.[1]?.toLowerCase();
  if (field === 'author') return 'To follow an author, use /papers follow author: Yann LeCun; a topic is words that must appear in a paper.';
  if (field !== undefined) return `${field}: does not work in a followed topic: it is only words, every one of which must appear in a new paper's title or abstract.`;
  return undefined;
}

/**
 * A topic is words that must all appear in a new paper's title or abstract, compared after
 * the search analyser (stemmed, so "transformer" follows "transformers" too; stop words
 * ignored; accents and case folded). Key: those terms, sorted and deduplicated.
 */
export function topicFollow(words: string): Result<FollowInput> {
  const text = cleanText(words);
  if (text === '') return fail('bad_argument', `Which topic? Give a few words every new paper about it would use, e.g. ${TOPIC_EXAMPLE}.`);
  if (text.length > MAX_TOPIC_LENGTH) {
    return fail('bad_argument', `That topic is ${text.length} characters; a followed topic is a few words (at most ${MAX_TOPIC_WORDS}) that must all appear, e.g. ${TOPIC_EXAMPLE}.`);
  }
  const syntax = querySyntax(text);
  if (syntax !== undefined) return fail('bad_argument', `${syntax} E.g. ${TOPIC_EXAMPLE}.`);
  const terms = [...new Set(analyze(text))].sort();
  if (terms.length === 0)
    return fail('bad_argument', `“${wordsOf(text).slice(0, 80)}” has only common words (like "the" or "of") that every paper uses; give words about the topic, e.g. ${TOPIC_EXAMPLE}.`);
  if (terms.length > MAX_TOPIC_WORDS) {
    return fail('bad_argument', `That topic has ${terms.length} words; a new paper must use every one, so keep it to ${MAX_TOPIC_WORDS} or fewer, e.g. ${TOPIC_EXAMPLE}.`);
  }
  return ok({ kind: 'topic', label: wordsOf(text), key: terms.join(' ') });
}

/** The words of `text` as written, one space apart: nothing else (mentions' `<!`, markdown) survives. */
function wordsOf(text: string): string {
  return wordSpans(text)
    .map((w) => w.text)
    .join(' ');
}

/** "Tell me when a new version of this paper appears." */
export function paperFollow(paper: Paper): FollowInput {
  return { kind: 'paper', label: paper.title, key: paper.id };
}

/** The words a topic follow's key asks for (each must be among a paper's terms). */
export function topicTerms(key: string): string[] {
  return key.split(' ').filter(Boolean);
}
