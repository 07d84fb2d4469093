/**
 * Links inside abstracts, mostly "code is available at https://github.com/…". Abstracts
 * are exported from LaTeX, so links carry debris: trailing sentence punctuation, an
 * unbalanced `)` or `}`, `\_` escapes, and `\url{a}{a}`-style doubles glued together.
 * Some authors leave out the scheme ("github.com/owner/repo"); code hosts are found then too.
 */
const URL_CANDIDATE = /https?:\/\/[^\s<>"'`|^]+|(?<![\w.@/-])(?:www\.)?(?:github|gitlab)\.com\/[^\s<>"'`|^]+/gi;
/** Longer than any real link; anything past it is not worth a scan. */
export const MAX_URL_LENGTH = 2000;
const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', '*', '~']);
const OPENER_OF: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
/** Control, bidi and invisible characters: a link holding one is a trick, not a link. */
const UNSAFE = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/** Hosts whose links point at code (or models and data, which researchers treat alike). */
const CODE_HOSTS = [
  'github.com',
  'gitlab.com',
  'bitbucket.org',
  'codeberg.org',
  'huggingface.co',
  'anonymous.4open.science',
  'sourceforge.net',
  'colab.research.google.com',
];
/** Pages on code hosts that are not code. */
const NOT_CODE_PATHS = /^\/(?:papers|blog|docs|learn|posts|pricing|login|join)(?:\/|$)/i;

export interface AbstractLinks {
  readonly codeUrls: string[];
  readonly links: string[];
}

/** Strips trailing punctuation and unbalanced closers in one backward pass. */
function trimDebris(url: string): string {
  const balance: Record<string, number> = { '(': 0, '[': 0, '{': 0 };
  for (const ch of url) {
    if (ch in balance) balance[ch]! += 1;
    else if (ch in OPENER_OF) balance[OPENER_OF[ch]!]! -= 1;
  }
  let end = url.length;
  while (end > 0) {
    const ch = url[end - 1]!;
    if (TRAILING_PUNCTUATION.has(ch)) {
      end -= 1;
    } else if (ch in OPENER_OF && balance[OPENER_OF[ch]!]! < 0) {
      balance[OPENER_OF[ch]!]! += 1;
      end -= 1;
    } else {
      break;
    }
  }
  return url.slice(0, end);
}

/** A cleaned, valid http(s) URL in normal form, or undefined. */
export function cleanUrl(candidate: string): string | undefined {
  if (candidate.length > MAX_URL_LENGTH || UNSAFE.test(candidate)) return undefined;
  let url = trimDebris(candidate.replace(/\\([_&%#$~])/g, '$1'));
  if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    if (!parsed.hostname.includes('.') || parsed.username || parsed.password) return undefined;
    return parsed.href;
  } catch {
    return undefined;
  }
}

/** A link to a repository (or model) on a code host; the host's front page and blog are not code. */
export function isCodeUrl(url: string): boolean {
  const parsed = new URL(url);
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const path = parsed.pathname.replace(/\/+$/, '');
  return path !== '' && !NOT_CODE_PATHS.test(path) && CODE_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
}

/** A key under which the same link written twice (trailing slash, case of the path) is one link. */
function linkKey(url: string): string {
  const end = url.length - (url.endsWith('/') ? 1 : 0);
  return url.slice(0, end).toLowerCase();
}

/** All distinct links in a text, split into code links and other links, in order of appearance. */
export function extractLinks(text: string): AbstractLinks {
  const codeUrls: string[] = [];
  const links: string[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(URL_CANDIDATE)) {
    // `a{b` and `a}b` glue two links (LaTeX \href{a}{b}); each part is a candidate.
    for (const part of match[0].slice(0, MAX_URL_LENGTH + 1).split(/[{}](?=https?:)/i)) {
      const url = cleanUrl(part);
      if (!url) continue;
      const key = linkKey(url);
      if (seen.has(key)) continue;
      seen.add(key);
      (isCodeUrl(url) ? codeUrls : links).push(url);
    }
  }
  return { codeUrls, links };
}
