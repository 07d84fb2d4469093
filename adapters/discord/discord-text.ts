import type { Snippet } from '../../src/index.js';

/**
 * Untrusted text (paper titles, abstracts, user queries) made safe for Discord markdown.
 *
 * Discord un-escapes a backslash before any ASCII punctuation, so escaping is a backslash
 * before every character that could open or close a span (`* _ ~ | \``), a masked link
 * (`[`; a `]` alone does nothing), or a mention, emoji or timestamp (`<`, so `<@&456>`
 * reads as typed instead of showing as a role pill), plus the markers that only format at
 * the start of a line (`#`, `-#`, `>`, `-`, `+`, `1.`). URLs that Discord would autolink are
 * left untouched: a backslash inside one would end up in the link; for the same reason a
 * `<` right after a URL stays raw. Pings are not a matter of escaping: the renderer always
 * sends `allowed_mentions: { parse: [] }`.
 *
 * Escaping happens once, on raw text, and markup is composed around the result; clipping
 * cuts the raw text and escapes the prefix, so an escape is never split in two.
 */
export const ELLIPSIS = '…';

/** Discord's autolink rule (simple-markdown's `url`): raw, since an escape would land in the link. */
const URL_TOKEN = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]/g;
const INLINE = /[\\*_~|`[<]/g;
/** What Discord's autolink gives back after a URL; a backslash there would be pulled into the link. */
const URL_TAIL = /^[.,:;"')\]]*/;
const LINE_MARKER = /(^|\n)([ \t]*)([#>+-])/g;
const LINE_NUMBER = /(^|\n)([ \t]*)(\d+)([.)])(?=\s|$)/g;
const HIGH = /[\ud800-\udbff]/;
const LOW = /[\udc00-\udfff]/;

/** [start, end) of every span Discord would autolink, with the punctuation it leaves after it. */
export function urlSpans(text: string): Array<[number, number, number]> {
  return [...text.matchAll(URL_TOKEN)].map((m) => {
    const end = m.index + m[0].length;
    return [m.index, end, end + (URL_TAIL.exec(text.slice(end))?.[0].length ?? 0)];
  });
}

/**
 * Untrusted text as Discord markdown that displays exactly as typed. Written here rather than
 * taken from discord.js, whose `escapeMarkdown` leaves headings, quotes and masked links alone
 * by default and misses cases such as `_x_` after a `<:`.
 */
export function escapeMarkdown(text: string): string {
  let out = '';
  let at = 0;
  for (const [start, end, tail] of urlSpans(text)) {
    out += text.slice(at, start).replace(INLINE, '\\$&') + text.slice(start, end) + text.slice(end, tail);
    at = tail;
    if (text[at] === '<') out += text[at++];
  }
  out += text.slice(at).replace(INLINE, '\\$&');
  return out.replace(LINE_MARKER, '$1$2\\$3').replace(LINE_NUMBER, '$1$2$3\\$4');
}

/**
 * What Discord displays for text built here: escapes resolved, and the renderer's own
 * markup (`**bold**`, `-# ` small print, `<url>` links) removed. Autolinked URLs are kept as
 * they are, exactly as `escapeMarkdown` left them.
 */
export function unescapeMarkdown(text: string): string {
  const token = /https?:\/\/[^\s<]+[^<.,:;"')\]\s]|\\([^0-9A-Za-z\s])|\*\*|<(https?:\/\/[^\s<>]+)>|(^|\n)-# /g;
  return text.replace(token, (match: string, escaped?: string, link?: string, lineStart?: string) => {
    if (escaped !== undefined) return escaped;
    if (link !== undefined) return link;
    if (lineStart !== undefined) return lineStart;
    return match === '**' ? '' : match;
  });
}

/** Hard-wrapped titles and names on one line: titles, footers and labels are single lines. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Line breaks as spaces, one for one, so offsets into the text (snippet marks) stay valid. */
export function flatten(text: string): string {
  return text.replace(/[\r\n\t\v\f\u2028\u2029]/g, ' ');
}

/** The first `n` UTF-16 units, never ending inside a surrogate pair or a ZWJ sequence, or before a combining mark. */
function prefix(raw: string, n: number): string {
  let end = Math.max(0, Math.min(n, raw.length));
  while (end > 0 && (HIGH.test(raw[end - 1]!) || raw[end - 1] === '\u200d' || /^(?:\p{M}|\ufe0f|\u200d)/u.test(raw.slice(end, end + 1)))) end -= 1;
  return raw.slice(0, end);
}

/**
 * `render(raw)` if it fits in `max` characters, else the rendering of a prefix of `raw`,
 * cut at a word boundary when there is one in its last half, with "…" after it. Lengths
 * are UTF-16 units, which is never less than what Discord counts.
 */
export function clip(raw: string, max: number, render: (s: string) => string = (s) => s): string {
  const whole = render(raw);
  if (whole.length <= max) return whole;
  if (max < ELLIPSIS.length) return '';
  const fits = (n: number): boolean => render(prefix(raw, n).trimEnd()).length + ELLIPSIS.length <= max;
  let lo = 0;
  let hi = raw.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  // Renderings with marks are only nearly monotone in length: step back until it fits.
  while (lo > 0 && !fits(lo)) lo -= 1;
  const kept = prefix(raw, lo);
  const space = kept.search(/\s\S*$/);
  const cut = space > kept.length / 2 ? kept.slice(0, space) : kept;
  return `${render(cut.trimEnd())}${ELLIPSIS}`;
}

/** Untrusted text as Discord markdown in at most `max` characters. */
export function clipMarkdown(raw: string, max: number): string {
  return clip(raw, max, escapeMarkdown);
}

export const MAX_URL_LENGTH = 2048;

/**
 * The URL, normalized, if it is http(s) with a host, at most 2,048 characters and free of
 * whitespace, control and format characters, `<` and `>` (which could disguise it or end a
 * `<url>` link early); else undefined. Safe as an embed `url` and inside `<…>`.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH || !/^https?:\/\//i.test(url)) return undefined;
  if (/[\s<>\p{Cc}\p{Cf}]/u.test(url)) return undefined;
  try {
    const parsed = new URL(url);
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') return undefined;
    return parsed.href.length <= MAX_URL_LENGTH && !/[\s<>]/.test(parsed.href) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Marks clamped to the text, off surrogate halves, trimmed of spaces, in order, merged when
 * they overlap or touch (`****` would print asterisks), and dropped inside URLs, where `**`
 * would become part of the link.
 */
export function markSpans(text: string, marks: Snippet['marks']): Array<[number, number]> {
  const urls = urlSpans(text);
  const spans: Array<[number, number]> = [];
  for (const [from, to] of marks) {
    if (!Number.isInteger(from) || !Number.isInteger(to)) continue;
    let start = Math.min(Math.max(from, 0), text.length);
    let end = Math.min(Math.max(to, start), text.length);
    if (start > 0 && LOW.test(text[start] ?? '') && HIGH.test(text[start - 1]!)) start += 1;
    if (end < text.length && LOW.test(text[end] ?? '') && HIGH.test(text[end - 1] ?? '')) end -= 1;
    while (start < end && /\s/.test(text[start]!)) start += 1;
    while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
    // Nor right after one (and its closing punctuation): the `**` would be pulled into the link.
    if (start >= end || urls.some(([a, , tail]) => start <= tail && end > a)) continue;
    spans.push([start, end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  return merged;
}

function renderMarked(text: string, marks: Snippet['marks']): string {
  let out = '';
  let at = 0;
  for (const [start, end] of markSpans(text, marks)) {
    out += `${escapeMarkdown(text.slice(at, start))}**${escapeMarkdown(text.slice(start, end))}**`;
    at = end;
  }
  return out + escapeMarkdown(text.slice(at));
}

/** A snippet as markdown, matched words in bold, at most `max` characters. */
export function markedMarkdown(snippet: Snippet, max: number): string {
  // flatten keeps the length, so the marks' UTF-16 offsets still point at the same words.
  return clip(flatten(snippet.text), max, (s) => renderMarked(s, snippet.marks));
}
