import type { Paperboy } from '../paperboy.js';
import type { Storage } from '../ports/storage.port.js';

/**
 * The team page, server-rendered: each function gathers what a page shows from the corpus
 * (and, for a signed-in viewer, their team's storage) and renders one whole HTML document.
 * Pure apart from the reads: no HTTP, no cookies, no clock (the caller passes `now`).
 * Every string from papers and people is escaped by the renderer; pages link a stylesheet
 * at STYLESHEET_PATH and use no inline script or style, so a strict CSP holds.
 */
export interface WebPageDeps {
  readonly paperboy: Paperboy;
  readonly storage: Storage;
}

/** A workspace on a platform: whose page `/team/<platform>/<workspace>` is. */
export interface TeamRef {
  readonly platform: string;
  readonly workspace: string;
}

/** Who is signed in (from a verified session): a person of one team. */
export interface Viewer {
  readonly team: TeamRef;
  readonly user: string;
}

export interface PageContext {
  readonly now: Date;
  /** The signed-in person, when there is one: team panels and the header's team link show. */
  readonly viewer?: Viewer | undefined;
}

export interface WebPage {
  readonly status: number;
  /** The whole document, starting with <!doctype html>. */
  readonly html: string;
}

/** Why a page could not be shown: each has its own page with what to do (see messagePage). */
export type PageProblem = 'not-found' | 'bad-request' | 'indexing' | 'signed-out' | 'link-malformed' | 'link-tampered' | 'link-expired' | 'other-team';

export const STYLESHEET_PATH = '/assets/paperboy.css';
/** How many results a search page shows. */
export const WEB_PAGE_SIZE = 20;

/** The path of a team's page. */
export function teamPath(team: TeamRef): string {
  return `/team/${encodeURIComponent(team.platform)}/${encodeURIComponent(team.workspace)}`;
}

/** The path of a paper's page. */
export function paperPath(paperId: string): string {
  return `/p/${encodeURIComponent(paperId)}`;
}

const PLACEHOLDER = 'web pages: placeholder on the base branch';

/** `/`: today's trending, the same ranking and "why" as /papers trending (corpus only, never a team's signals), each with a 14-day chart. */
export async function trendingPage(_deps: WebPageDeps, _ctx: PageContext, _query: { topic?: string }): Promise<WebPage> {
  throw new Error(PLACEHOLDER);
}

/** `/search?q=&page=`: the full query language, WEB_PAGE_SIZE a page, the same snippets as chat; an empty q shows the form and examples. */
export async function searchPage(_deps: WebPageDeps, _ctx: PageContext, _query: { q: string; page: number }): Promise<WebPage> {
  throw new Error(PLACEHOLDER);
}

/** `/p/<id>`: full card, code and source links, related papers, BibTeX; with a viewer, the team's saves, 👍 and discussion. */
export async function paperPage(_deps: WebPageDeps, _ctx: PageContext, _paperId: string): Promise<WebPage> {
  throw new Error(PLACEHOLDER);
}

/** `/team/<platform>/<workspace>` for its own viewer: digest archive per channel, reading list, top papers of the week. */
export async function teamPage(_deps: WebPageDeps, _ctx: PageContext & { readonly viewer: Viewer }): Promise<WebPage> {
  throw new Error(PLACEHOLDER);
}

/** A page that says what went wrong and what to do, with the status a problem gets (404, 400, 503, 401, 403). */
export function problemPage(_ctx: PageContext, _problem: PageProblem, _detail?: string): WebPage {
  throw new Error(PLACEHOLDER);
}

/** The stylesheet every page links (served at STYLESHEET_PATH, cacheable). */
export const STYLESHEET = '';
