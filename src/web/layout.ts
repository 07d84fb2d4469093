import type { VNode } from 'preact';
import { html, htmlDocument, type Markup } from './html.js';
import { STYLESHEET_PATH, teamPath } from './web-paths.js';
import type { PageContext, WebPage } from './web-types.js';

/** The longest document title a page gets: a hostile 10,000-character paper title stays in the page, not the tab. */
const MAX_TITLE = 120;

export interface LayoutOptions {
  /** The document title before " · paperboy". */
  readonly title: string;
  /** What the header's search box holds (the search page passes its query). */
  readonly query?: string;
  /** Marks the nav link of the current page with aria-current. */
  readonly current?: 'today' | 'search' | 'team';
  /** Extra attributes for <main> (the problem page marks which problem it shows). */
  readonly mainClass?: string;
  readonly mainData?: string;
}

function shortTitle(title: string): string {
  if (title.length <= MAX_TITLE) return title;
  // By code point, so an emoji at the cut is kept or dropped whole, never halved.
  return `${Array.from(title)
    .slice(0, MAX_TITLE - 1)
    .join('')}…`;
}

function navLink(href: string, label: string, current: boolean): VNode {
  return html`<li><a href=${href} aria-current=${current ? 'page' : undefined}>${label}</a></li>`;
}

/** The search box every page carries, so a reader can search from anywhere. */
export function searchForm(query = ''): VNode {
  return html`<form class="search-form" role="search" action="/search" method="get">
    <label for="q">Search papers</label>
    <input type="search" id="q" name="q" value=${query} maxlength="500" autocomplete="off" />
    <button type="submit">Search</button>
  </form>`;
}

/**
 * Every page's frame: skip link, header (site name, nav, sign-out when signed in, search),
 * and <main id="main"> holding `content`. The stylesheet is linked, never inlined.
 */
export function layout(ctx: PageContext, options: LayoutOptions, content: Markup): VNode {
  const { viewer } = ctx;
  return html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light dark" />
      <title>${shortTitle(options.title)} · paperboy</title>
      <link rel="stylesheet" href=${STYLESHEET_PATH} />
    </head>
    <body>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="site-header">
        <a class="site-name" href="/">paperboy</a>
        <nav aria-label="Site">
          <ul>
            ${navLink('/', 'Today', options.current === 'today')}
            ${navLink('/search', 'Search', options.current === 'search')}
            ${viewer ? navLink(teamPath(viewer.team), 'Your team', options.current === 'team') : null}
            ${viewer ? html`<li><form class="sign-out" method="post" action="/signout"><button type="submit">Sign out</button></form></li>` : null}
          </ul>
        </nav>
        ${searchForm(options.query)}
      </header>
      <main id="main" tabindex="-1" class=${options.mainClass} data-problem=${options.mainData}>${content}</main>
    </body>
  </html>`;
}

/** A page in the layout, rendered. */
export function page(status: number, ctx: PageContext, options: LayoutOptions, content: Markup): WebPage {
  return htmlDocument(status, layout(ctx, options, content));
}
