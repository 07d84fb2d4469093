import type { VNode } from 'preact';
import type { Paper } from '../model/paper.js';
import type { Snippet } from '../search/snippet.js';
import { html, type Markup, safeHref } from './html.js';
import { paperPath } from './web-paths.js';
import { sourceLabel } from '../messages/source-label.js';

/** How many authors a list item names before "and N more"; the paper page names more. */
export const LIST_AUTHORS = 6;

/**
 * "A, B, C and 12 more": long author lists stay one readable line. Each name is isolated
 * (<bdi>), so a right-to-left override in one name cannot reverse the names after it.
 */
export function authorsLine(authors: readonly string[], max = LIST_AUTHORS): Markup[] {
  const shown = authors.slice(0, max).map((name, i) => html`${i > 0 ? ', ' : ''}<bdi>${name}</bdi>`);
  return authors.length <= max ? shown : [...shown, ` and ${authors.length - max} more`];
}

/** The title as a link to the paper's page, at the heading level the list sits under. */
export function paperHeading(paper: Paper, level: 2 | 3): VNode {
  const link = html`<a class="paper-title" href=${paperPath(paper.id)} dir="auto">${paper.title}</a>`;
  return level === 2 ? html`<h2>${link}</h2>` : html`<h3>${link}</h3>`;
}

/** The snippet's text with its matched words in <mark>: offsets, never markup, come from the engine. */
export function markedText(snippet: Snippet): Markup[] {
  const parts: Markup[] = [];
  let at = 0;
  const marks = [...snippet.marks].sort((a, b) => a[0] - b[0]);
  for (const [start, end] of marks) {
    if (start < at || end <= start || end > snippet.text.length) continue;
    if (start > at) parts.push(snippet.text.slice(at, start));
    parts.push(html`<mark>${snippet.text.slice(start, end)}</mark>`);
    at = end;
  }
  if (at < snippet.text.length) parts.push(snippet.text.slice(at));
  return parts;
}

/** Source, code and PDF links that are real http(s) URLs; nothing for the rest. */
export function paperLinks(paper: Paper, { pdf = false } = {}): VNode | null {
  const source = safeHref(paper.url);
  const code = safeHref(paper.codeUrls.find((u) => safeHref(u) !== undefined));
  const pdfUrl = pdf ? safeHref(paper.pdfUrl) : undefined;
  if (!source && !code && !pdfUrl) return null;
  return html`<ul class="links">
    ${source ? html`<li><a class="source-link" href=${source}>${sourceLabel(source) ?? 'Source'}</a></li>` : null}
    ${pdfUrl ? html`<li><a class="pdf-link" href=${pdfUrl}>PDF</a></li>` : null}
    ${code ? html`<li><a class="code-link" href=${code}>Code</a></li>` : null}
  </ul>`;
}

/** An author line, when the paper has authors. */
export function authorsPara(paper: Paper, max = LIST_AUTHORS): VNode | null {
  return paper.authors.length > 0 ? html`<p class="authors">${authorsLine(paper.authors, max)}</p>` : null;
}
