import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Feed } from 'feed';
import type { TrendingFeed, TrendingFeedEntry } from '../../src/index.js';

/**
 * GET /trending.atom at the edge: the core's TrendingFeed (src/presenters/trending-feed.ts)
 * written as Atom 1.0 by the `feed` package, with validators so a polling reader gets
 * 304 Not Modified while nothing changed.
 */
export const ATOM_CONTENT_TYPE = 'application/atom+xml; charset=utf-8';

/** An answer that is not JSON: the body as text and its headers. */
export interface TextReply {
  readonly status: number;
  readonly text: string;
  readonly headers: Record<string, string>;
}

// Characters XML 1.0 does not allow at all, even escaped (C0 controls, lone surrogates, U+FFFE/U+FFFF).
const NOT_XML_CHAR = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const xmlText = (text: string): string => text.replace(NOT_XML_CHAR, '');

// Titles and summaries are written as type="html", so text must be HTML-escaped to stay text
// (a title "</title><script>" is shown, not run); escaping ">" also keeps "]]>" out of the CDATA.
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const html = (text: string): string => xmlText(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

function entryHtml(entry: TrendingFeedEntry): string {
  const parts = [`<p>${html(entry.why)}</p>`];
  if (entry.summary) parts.push(`<p>${html(entry.summary)}</p>`);
  if (entry.codeLink) parts.push(`<p><a href="${html(entry.codeLink)}">Code</a></p>`);
  return parts.join('');
}

/** The feed as Atom 1.0 XML. Same feed in, same bytes out: nothing here reads the clock. */
export function renderAtom(feed: TrendingFeed): string {
  const atom = new Feed({
    id: xmlText(feed.id),
    title: xmlText(feed.title),
    description: xmlText(feed.subtitle),
    updated: new Date(feed.updated),
    feedLinks: { atom: feed.selfLink },
    author: { name: 'paperboy' },
    generator: 'paperboy',
  });
  for (const entry of feed.entries) {
    atom.addItem({
      id: entry.id,
      title: html(entry.title),
      link: entry.link,
      date: new Date(entry.updated),
      description: entryHtml(entry),
      author: entry.authors.map(xmlText).flatMap((name) => (name ? [{ name }] : [])),
      ...(entry.published ? { published: new Date(entry.published) } : {}),
    });
  }
  return atom.atom1();
}

// A host name or IPv4 address, or a bracketed IPv6 address, with an optional port: nothing
// that could break out of a URL.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The service's public origin as the client reached it: there is no configured public URL,
 * so the links and ids come from the Host header (validated: a host name or address and a
 * port, nothing else) and X-Forwarded-Proto (only "https" is honoured, for a TLS proxy in
 * front). undefined when the Host header is missing or not a host.
 */
export function requestOrigin(headers: IncomingHttpHeaders): string | undefined {
  const host = headers.host ?? '';
  if (host.length > 255 || !HOST.test(host)) return undefined;
  const forwarded = String(headers['x-forwarded-proto'] ?? '')
    .split(',')[0]!
    .trim()
    .toLowerCase();
  try {
    return new URL(`${forwarded === 'https' ? 'https' : 'http'}://${host}`).origin;
  } catch {
    return undefined;
  }
}

/** Whether If-None-Match names this entity tag (or any, with "*"); weak tags compare equal, as RFC 9110 says for GET. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/** 200 with the feed, or 304 when the reader already has these bytes. */
export function atomReply(xml: string, updated: string, ifNoneMatch: string | undefined): TextReply {
  const etag = `"${createHash('sha256').update(xml).digest('base64url').slice(0, 27)}"`;
  // no-cache: caches may keep it but ask again each time (cheap, with the ETag).
  const headers = { etag, 'last-modified': new Date(updated).toUTCString(), 'cache-control': 'no-cache' };
  if (matches(ifNoneMatch, etag)) return { status: 304, text: '', headers };
  return { status: 200, text: xml, headers: { ...headers, 'content-type': ATOM_CONTENT_TYPE } };
}
