/**
 * Links inside abstracts, mostly "code is available at https://github.com/…". Abstracts
 * are exported from LaTeX, so links carry debris: trailing sentence punctuation, an
 * unbalanced `)` or `}`, `\_` escapes, and `\url{a}{a}`-style doubles glued together.
 */
const URL_CANDIDATE = /https?:\/\/[^\s<>"'`|^]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?*~]+$/;
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

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

export interface AbstractLinks {
  readonly codeUrls: string[];
  readonly links: string[];
}

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n += 1;
  return n;
}

/** Removes debris from the end of one candidate until it is stable. */
function trimDebris(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING_PUNCTUATION, '');
    const last = url.at(-1);
    if (last !== undefined && last in CLOSERS && count(url, last) > count(url, CLOSERS[last]!)) {
      url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

/** A cleaned, valid http(s) URL, or undefined. */
export function cleanUrl(candidate: string): string | undefined {
  const url = trimDebris(candidate.replace(/\\([_&%#$~])/g, '$1'));
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    if (!parsed.hostname.includes('.')) return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/** A link to a repository (or model) on a code host; the host's front page is not code. */
export function isCodeUrl(url: string): boolean {
  const parsed = new URL(url);
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  return parsed.pathname.replace(/\/+$/, '') !== '' && CODE_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
}

/** A key under which the same link written twice (case, trailing slash) is one link. */
function linkKey(url: string): string {
  return url.toLowerCase().replace(/\/+$/, '');
}

/** All distinct links in a text, split into code links and other links, in order of appearance. */
export function extractLinks(text: string): AbstractLinks {
  const codeUrls: string[] = [];
  const links: string[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(URL_CANDIDATE)) {
    // `a{b` and `a}b` glue two links (LaTeX \href{a}{b}); each part is a candidate.
    for (const part of match[0].split(/[{}](?=https?:)/i)) {
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
