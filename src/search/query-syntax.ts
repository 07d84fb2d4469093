import { fail, ok, type Result } from '../result.js';

/**
 * The query language a researcher expects from a search box:
 *
 *   diffusion transformers              free words, ranked (any may match)
 *   "mixture of experts"                an exact phrase that must appear
 *   -survey  -"image classification"    leave out papers with this word or phrase
 *   author:hinton  author:"de la cruz"  author name contains these words
 *   title:merging  title:"model soups"  the title has these words
 *   since:2024  since:2024-06  since:2024-06-01
 *   has:code                            papers that link to code
 *
 * Unknown `word:value` pairs stay ordinary words, so pasted text like "arXiv:2401.01234"
 * or "Note: …" still searches. An unclosed quote runs to the end of the query. Phone
 * keyboards' curly quotes and dashes count as straight ones.
 */
export interface ParsedQuery {
  readonly words: readonly string[];
  readonly phrases: readonly (readonly string[])[];
  /** Each exclusion is a word or a phrase (several words). */
  readonly excluded: readonly (readonly string[])[];
  /** Each entry is one `author:` filter: the words one author's name must contain. */
  readonly authors: readonly (readonly string[])[];
  /** Each entry is one `title:` filter: words the title must contain (any form: merge, merging). */
  readonly titles: readonly (readonly string[])[];
  readonly since?: string;
  readonly hasCode: boolean;
}

export const MAX_QUERY_LENGTH = 500;
export const MAX_QUERY_WORDS = 40;

const EXAMPLE = 'e.g. diffusion transformers, "mixture of experts" -survey, author:hinton since:2024 has:code';

interface Token {
  readonly negated: boolean;
  readonly field?: string;
  readonly quoted: boolean;
  readonly value: string;
}

/** Splits on whitespace, keeping quoted runs (with an optional `-` or `field:` in front) whole. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const re = /(-?)(?:([A-Za-z]+):)?(?:"([^"]*)(?:"|$)|(\S+))/g;
  for (const m of input.matchAll(re)) {
    const [, minus, field, quotedValue, bare] = m;
    if (quotedValue !== undefined) {
      tokens.push({ negated: minus === '-', quoted: true, value: quotedValue, ...(field ? { field } : {}) });
    } else if (bare !== undefined) {
      // `author:` with nothing after it is a field with an empty value, not the word "author".
      const emptyField = field === undefined ? /^([A-Za-z]+):$/.exec(bare)?.[1] : undefined;
      if (emptyField) tokens.push({ negated: minus === '-', quoted: false, value: '', field: emptyField });
      else tokens.push({ negated: minus === '-', quoted: false, value: bare, ...(field ? { field } : {}) });
    }
  }
  return tokens;
}

/** Words as the query language sees them: letters (with their marks) and digits, hyphens kept inside. */
function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[-\u2010\u2011][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu) ?? [];
}

/** A possessive 's goes, as it does from indexed text: "the patient's" searches "patient", not "patient" and "s". */
const POSSESSIVE = /['\u2019]s\b/g;

function freeWordsOf(text: string): string[] {
  return wordsOf(text.replace(POSSESSIVE, ''));
}

/** Invisible characters that split words when pasted from PDFs (soft hyphen, zero-width space, marks). */
const INVISIBLE_IN_WORDS = /[\u00ad\u200b\u200e\u200f\u2060\ufeff]/g;

/** One form for what keyboards vary: composed accents, straight quotes, a plain minus. */
function normalizeTyping(input: string): string {
  return input
    .normalize('NFC')
    .replace(INVISIBLE_IN_WORDS, '')
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]/g, '"')
    .replace(/(^|\s)[\u2212\u2013\u2014](?=\S)/g, '$1-');
}

const SINCE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

function parseSince(value: string): string | undefined {
  const m = SINCE.exec(value);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01'] = m;
  const iso = `${y}-${mo}-${d}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : undefined;
}

export function parseQuery(input: string): Result<ParsedQuery> {
  const text = normalizeTyping(input).trim();
  if (text === '') return fail('empty_query', `Nothing to search for: type some words, ${EXAMPLE}.`);
  if (text.length > MAX_QUERY_LENGTH) {
    return fail('query_too_long', `That query is ${text.length} characters; keep it under ${MAX_QUERY_LENGTH}, a few distinctive words work best.`);
  }
  const words: string[] = [];
  const phrases: string[][] = [];
  const excluded: string[][] = [];
  const authors: string[][] = [];
  const titles: string[][] = [];
  let since: string | undefined;
  let hasCode = false;

  for (const token of tokenize(text)) {
    const field = token.field?.toLowerCase();
    const shown = `${token.negated ? '-' : ''}${token.field ? `${token.field}:` : ''}${token.quoted ? `"${token.value}"` : token.value}`;
    if (token.negated && (field === 'author' || field === 'title' || field === 'since' || field === 'has')) {
      return fail('bad_query', `\`${shown}\` cannot be negated; leave out the "-" (only words and "phrases" can be excluded).`);
    }
    if (field === 'author') {
      const name = wordsOf(token.value);
      if (name.length === 0) return fail('bad_query', `\`${shown}\` names no author; write author:name, e.g. author:hinton or author:"yann lecun".`);
      authors.push(name);
      continue;
    }
    if (field === 'title') {
      const inTitle = wordsOf(token.value);
      if (inTitle.length === 0) return fail('bad_query', `\`${shown}\` names no words; write title:word, e.g. title:merging or title:"model soups".`);
      titles.push(inTitle);
      continue;
    }
    if (field === 'since') {
      const date = parseSince(token.value);
      if (!date) return fail('bad_query', `\`${shown}\` is not a date; use since:YYYY-MM-DD, e.g. since:2024-01-01 (or since:2024).`);
      since = date;
      continue;
    }
    if (field === 'has') {
      if (token.value.toLowerCase() !== 'code') return fail('bad_query', `\`${shown}\` is not a filter I know; use has:code.`);
      hasCode = true;
      continue;
    }
    // Not one of ours: `arXiv:2401.01234` or `Note:` is just text; `note:"a b"` is a word and a phrase.
    const parts = token.quoted ? wordsOf(token.value) : freeWordsOf(`${token.field ? `${token.field}:` : ''}${token.value}`);
    if (token.quoted && token.field && !token.negated) words.push(...wordsOf(token.field));
    if (parts.length === 0) continue;
    if (token.negated) excluded.push(parts);
    else if (token.quoted) phrases.push(parts);
    else words.push(...parts);
  }

  if (words.length + phrases.flat().length + titles.flat().length > MAX_QUERY_WORDS) {
    return fail('query_too_long', `That query has more than ${MAX_QUERY_WORDS} words; a few distinctive ones work best.`);
  }
  const hasFilter = authors.length > 0 || titles.length > 0 || since !== undefined || hasCode;
  if (words.length === 0 && phrases.length === 0 && !hasFilter) {
    const why = excluded.length > 0 ? 'says only what to leave out' : 'has no words to search for';
    return fail('empty_query', `That query ${why}; add what you are looking for, ${EXAMPLE}.`);
  }
  return ok({ words, phrases, excluded, authors, titles, ...(since ? { since } : {}), hasCode });
}

/** Natural text (a claim, a pasted sentence) as a query with no operators: every word is a word. */
export function plainQuery(input: string): ParsedQuery {
  return { words: freeWordsOf(normalizeTyping(input)).slice(0, MAX_QUERY_WORDS * 4), phrases: [], excluded: [], authors: [], titles: [], hasCode: false };
}

/** The canonical text of a parsed query; parsing it gives the same query back. */
export function formatQuery(query: ParsedQuery): string {
  const quote = (words: readonly string[]): string => (words.length === 1 ? words[0]! : `"${words.join(' ')}"`);
  return [
    ...query.words,
    ...query.phrases.map((p) => `"${p.join(' ')}"`),
    ...query.excluded.map((e) => `-${quote(e)}`),
    ...query.authors.map((a) => `author:${quote(a)}`),
    ...query.titles.map((t) => `title:${quote(t)}`),
    ...(query.since ? [`since:${query.since}`] : []),
    ...(query.hasCode ? ['has:code'] : []),
  ].join(' ');
}
