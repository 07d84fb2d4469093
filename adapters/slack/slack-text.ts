import type { Snippet } from '../../src/index.js';

/**
 * Untrusted text (paper titles, abstracts, user queries) made safe for Slack text objects.
 *
 * The one hard rule is Slack's own: `&`, `<` and `>` are control characters, so each becomes
 * its entity. Escaping happens exactly once, on raw text, and only then is mrkdwn composed
 * around it (`*…*`, `<url|label>`); composed strings are never escaped again, so the only
 * `<` left in the output are links built here from URLs `safeLinkUrl` accepted.
 *
 * mrkdwn has no backslash escape, so formatting characters (`*`, `_`, `~`, backtick) that
 * could open or close a span are swapped for lookalikes. Between two letters or digits
 * (`snake_case`, `a*b`) Slack never formats, so those are left exactly as they were.
 */
export const ELLIPSIS = '…';

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function escapeSlackText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

const WORD = /^[\p{L}\p{N}\p{M}]/u;
// One UTF-16 unit each, so swapping them keeps every offset (snippet marks) valid.
const LOOKALIKE: Readonly<Record<string, string>> = { '*': '\u2217', _: '\u02cd', '~': '\u223c', '`': '\u02cb' };
const HIGH = /^[\ud800-\udbff]$/;
const LOW = /^[\udc00-\udfff]$/;

/** The code point that ends just before `i`. */
function before(text: string, i: number): string {
  if (i <= 0) return '';
  return i >= 2 && LOW.test(text[i - 1]!) && HIGH.test(text[i - 2]!) ? text.slice(i - 2, i) : text[i - 1]!;
}

/** The code point that starts at `i`. */
function after(text: string, i: number): string {
  const cp = text.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

const isWord = (cp: string): boolean => WORD.test(cp);

export function neutralizeMrkdwn(text: string): string {
  return text.replace(/[*_~`]/g, (c: string, at: number) => (c !== '`' && isWord(before(text, at)) && isWord(after(text, at + 1)) ? c : (LOOKALIKE[c] ?? c)));
}

/**
 * Bare `@channel`, `@here` and `@everyone` ping when a message is sent with `link_names`
 * or `parse: full`; a word joiner after the `@` (invisible) keeps them inert whatever the
 * sender's settings. Only these three words are touched.
 */
export function defuseBroadcasts(text: string): string {
  return text.replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/** Text that Slack parses for markup (mrkdwn, the `text` field), already neutralized: escaped and defused. */
export function escapeParsedText(text: string): string {
  return defuseBroadcasts(escapeSlackText(text));
}

/** Plain untrusted text as mrkdwn: neutralized, escaped, broadcasts defused. */
export function mrkdwn(text: string): string {
  return escapeParsedText(neutralizeMrkdwn(text));
}

/** Hard-wrapped titles and names on one line: link labels, headers and buttons are single lines. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Line breaks as spaces, one for one, so offsets into the text stay valid. */
export function flatten(text: string): string {
  return text.replace(/[\r\n\t\v\f\u2028\u2029]/g, ' ');
}

/** The first `n` UTF-16 units, one less if that would split a surrogate pair. */
function prefix(raw: string, n: number): string {
  return n > 0 && HIGH.test(raw[n - 1] ?? '') ? raw.slice(0, n - 1) : raw.slice(0, n);
}

/**
 * `render(raw)` if it fits in `max` characters, else the rendering of the longest prefix of
 * `raw` that fits with "…" after it. Cutting the raw text (never the rendered one) means an
 * entity or a `*…*` pair is never split; limits are measured on what Slack receives.
 */
export function clip(raw: string, max: number, render: (s: string) => string = escapeSlackText): string {
  const whole = render(raw);
  if (whole.length <= max) return whole;
  if (max < ELLIPSIS.length) return '';
  let lo = 0;
  let hi = raw.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (render(prefix(raw, mid)).length + ELLIPSIS.length <= max) lo = mid;
    else hi = mid - 1;
  }
  // Renderings with marks are only nearly monotone in length: step back until it fits.
  let out = `${render(prefix(raw, lo).trimEnd())}${ELLIPSIS}`;
  while (out.length > max && lo > 0) {
    lo -= 1;
    out = `${render(prefix(raw, lo).trimEnd())}${ELLIPSIS}`;
  }
  return out;
}

/** Longer links would crowd out the text they sit in; they are shown as text instead. */
const MAX_LINK_URL = 1000;
const SAFE_URL = /^https?:\/\/[^\s|<>]+$/i;

/**
 * The URL if it can sit inside `<url|label>`: http(s), a host, and no `|`, `<`, `>`,
 * whitespace or control/format characters (which could end the link early or disguise it).
 */
export function safeLinkUrl(url: string | undefined): string | undefined {
  if (url === undefined || !SAFE_URL.test(url) || /[\p{Cc}\p{Cf}]/u.test(url)) return undefined;
  if (escapeSlackText(url).length > MAX_LINK_URL) return undefined;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A link from a URL that passed `safeLinkUrl` and a label that is already mrkdwn. */
export function mrkdwnLink(url: string, label: string): string {
  return `<${escapeSlackText(url)}|${label}>`;
}

/** A URL in running text (not one typed inside `<…|…>`), without the punctuation that ends a sentence. */
const URL_IN_TEXT = /(?<![<|\p{L}\p{N}])https?:\/\/[^\s<>|]*[^\s<>|.,:;"'!?)\]]/giu;

/**
 * Text as mrkdwn with each safe URL in it kept exactly as written (only `&` escaped): mrkdwn
 * alone would swap a `_` beside `-` or `.` (as in a sign-in token) for a lookalike, and the
 * link would lead nowhere.
 */
export function mrkdwnKeepingUrls(text: string): string {
  let out = '';
  let at = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = safeLinkUrl(match[0]);
    if (url === undefined) continue;
    out += mrkdwn(text.slice(at, match.index)) + escapeParsedText(url);
    at = match.index + match[0].length;
  }
  return out + mrkdwn(text.slice(at));
}

/** `https://www.github.com/a/b/` → `github.com/a/b`, for link labels. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\/(?:www\.)?/i, '').replace(/\/+$/, '');
}

/**
 * Marks widened to whole words, trimmed of spaces, in order, merged when they overlap or
 * only punctuation parts them. Slack bolds `*x*` only when the asterisks sit at word
 * boundaries, and `*a**b*` renders as stray asterisks, so marks must never touch a letter
 * outside them or each other.
 */
export function wordMarks(text: string, marks: Snippet['marks']): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const mark of marks) {
    const [from, to] = mark;
    if (!Number.isInteger(from) || !Number.isInteger(to)) continue;
    let start = Math.min(Math.max(from, 0), text.length);
    let end = Math.min(Math.max(to, start), text.length);
    // A half of a surrogate pair is no word: the mark shrinks to leave it out.
    if (start > 0 && LOW.test(text[start] ?? '') && HIGH.test(text[start - 1]!)) start += 1;
    if (end < text.length && LOW.test(text[end] ?? '') && HIGH.test(text[end - 1] ?? '')) end -= 1;
    if (start >= end) continue; // an empty mark must not grow into the word beside it
    while (start > 0 && isWord(before(text, start))) start -= before(text, start).length;
    while (end < text.length && isWord(after(text, end))) end += after(text, end).length;
    while (start < end && /\s/.test(text[start]!)) start += 1;
    while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
    if (start < end) spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && !/\s/.test(text.slice(last[1], span[0]))) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  return merged;
}

/** Text (already neutralized) with the marked words in bold, escaped piece by piece. */
function renderMarked(text: string, marks: Snippet['marks']): string {
  let out = '';
  let at = 0;
  for (const [start, end] of wordMarks(text, marks)) {
    const inner = text.slice(start, end).replaceAll('*', LOOKALIKE['*']!);
    out += `${escapeParsedText(text.slice(at, start))}*${escapeParsedText(inner)}*`;
    at = end;
  }
  return out + escapeParsedText(text.slice(at));
}

/** A snippet as mrkdwn, matched words in bold, at most `max` characters. */
export function markedMrkdwn(snippet: Snippet, max: number): string {
  // Both steps keep the length, so the marks' UTF-16 offsets still point at the same words.
  const text = neutralizeMrkdwn(flatten(snippet.text));
  return clip(text, max, (s) => renderMarked(s, snippet.marks));
}
