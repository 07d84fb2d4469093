import type { VNode } from 'preact';
import type { SearchHit, SearchPage } from '../search/search-engine.js';
import { html } from './html.js';
import { page } from './layout.js';
import { authorsPara, markedText, paperHeading, paperLinks } from './paper-parts.js';
import { problemPage } from './problem-page.js';
import { searchPath, WEB_PAGE_SIZE } from './web-paths.js';
import type { PageContext, WebPage, WebPageDeps } from './web-types.js';

/** The query language, by example: each links to its own search. */
const EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['diffusion transformers', 'any of the words, best matches first'],
  ['"mixture of experts" -survey', 'an exact phrase, leaving out a word'],
  ['author:hinton', 'an author’s name'],
  ['title:merging since:2024', 'words in the title, published since a year (or 2024-06, 2024-06-01)'],
  ['agents has:code', 'only papers that link to code'],
];

function examples(): VNode {
  return html`<section aria-labelledby="syntax">
    <h2 id="syntax">How to search</h2>
    <dl class="examples">
      ${EXAMPLES.map(([query, meaning]) => html`<dt><a href=${searchPath(query)}><code>${query}</code></a></dt><dd>${meaning}</dd>`)}
    </dl>
  </section>`;
}

function hitItem(hit: SearchHit): VNode {
  return html`<li class="paper">
    <article>
      ${paperHeading(hit.paper, 2)}
      ${hit.snippet.text ? html`<p class="snippet">${markedText(hit.snippet)}</p>` : null}
      ${authorsPara(hit.paper)}
      ${paperLinks(hit.paper)}
    </article>
  </li>`;
}

function pager(q: string, pageNumber: number, found: SearchPage): VNode | null {
  const hasPrev = pageNumber > 1;
  const hasNext = found.offset + found.hits.length < found.total;
  if (!hasPrev && !hasNext) return null;
  return html`<nav class="pages" aria-label="Pages">
    ${hasPrev ? html`<a rel="prev" href=${searchPath(q, pageNumber - 1)}>Previous page</a>` : null}
    ${hasNext ? html`<a rel="next" href=${searchPath(q, pageNumber + 1)}>Next page</a>` : null}
  </nav>`;
}

function results(q: string, pageNumber: number, found: SearchPage): VNode {
  if (found.total === 0) {
    return html`<h1>No papers match “<bdi>${q}</bdi>”</h1>
      <p>Try fewer or different words.</p>
      ${examples()}`;
  }
  if (found.hits.length === 0) {
    const lastPage = Math.ceil(found.total / WEB_PAGE_SIZE);
    return html`<h1>Past the last page</h1>
      <p>“<bdi>${q}</bdi>” has ${found.total} ${found.total === 1 ? 'result' : 'results'}, so page ${pageNumber} is past the end. <a href=${searchPath(q, lastPage)}>Go to the last page (${lastPage})</a>.</p>`;
  }
  const first = found.offset + 1;
  const last = found.offset + found.hits.length;
  const respelled = found.respelled.map((w) => `“${w}”`).join(', ');
  return html`<h1>Results ${first}–${last} of ${found.total} for “<bdi>${q}</bdi>”</h1>
    ${found.respelled.length > 0 ? html`<p class="note">No paper uses ${respelled}; showing near spellings.</p>` : null}
    <ol class="papers" start=${first}>${found.hits.map(hitItem)}</ol>
    ${pager(q, pageNumber, found)}`;
}

/** `/search?q=&page=`: the full query language, WEB_PAGE_SIZE a page, the same snippets as chat; an empty q shows the form and examples. */
export async function searchPage(deps: WebPageDeps, ctx: PageContext, query: { q: string; page: number }): Promise<WebPage> {
  const q = query.q.trim();
  const layout = { title: q ? `Search: ${q}` : 'Search', query: q, current: 'search' } as const;
  if (q === '') return page(200, ctx, layout, html`<h1>Search papers</h1><p>Type words, a phrase in quotes, or filters in the box above.</p>${examples()}`);
  const pageNumber = Number.isInteger(query.page) && query.page >= 1 ? query.page : 1;
  const found = await deps.paperboy.search({ query: q, limit: WEB_PAGE_SIZE, offset: (pageNumber - 1) * WEB_PAGE_SIZE });
  if (found.ok) return page(200, ctx, layout, results(q, pageNumber, found.value));
  if (found.error.code === 'not_ready') return problemPage(ctx, 'indexing', found.error.message);
  // A query the language cannot take: say why on the search page itself, the query still in the box.
  return page(400, ctx, layout, html`<h1>That search did not work</h1><p class="detail" role="alert">${found.error.message}</p>${examples()}`);
}
