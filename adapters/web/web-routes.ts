import {
  describeStatus,
  MAX_QUERY_LENGTH,
  paperPage,
  problemPage,
  searchPage,
  teamPage,
  teamPath,
  trendingPage,
  type PageContext,
  type PageProblem,
  type TeamRef,
  type Viewer,
  type WebPage,
  type WebPageDeps,
} from '../../src/index.js';
import type { SignInTokens } from './sign-in-tokens.js';

/**
 * Which page a request gets, apart from HTTP itself (web-handler.ts reads the request and
 * writes the answer): the public pages, the team page and its sign-in by link. Bad input is
 * a problem page with its status, never an exception.
 */
export type WebAnswer =
  | { readonly kind: 'page'; readonly page: WebPage }
  /** 303 See Other: after a sign-in (without the token) or a sign-out, and /team to one's own team. */
  | { readonly kind: 'redirect'; readonly location: string; readonly session?: SessionChange };

/** What the answer does to the session cookie. */
export type SessionChange = { readonly set: string; readonly expiresAt: Date } | 'clear';

export interface WebRequest {
  /** The path as sent, still percent-encoded. */
  readonly path: string;
  readonly params: URLSearchParams;
  readonly ctx: PageContext;
}

/** The highest search page: deep enough for anyone reading, bounded for the engine (offset ≤ 10,000 as in the API). */
export const MAX_SEARCH_PAGE = 500;

const problem = (ctx: PageContext, what: PageProblem, detail?: string): WebAnswer => ({ kind: 'page', page: problemPage(ctx, what, detail) });

/** A path segment decoded, or undefined when its percent-encoding is broken. */
function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The search page number: 1 when absent, else a whole number from 1 to MAX_SEARCH_PAGE, or an error message. */
function pageParam(params: URLSearchParams): number | string {
  const raw = params.get('page');
  if (raw === null || raw === '') return 1;
  const n = Number(raw);
  return /^\d{1,4}$/.test(raw) && n >= 1 && n <= MAX_SEARCH_PAGE ? n : `The page number must be a whole number from 1 to ${MAX_SEARCH_PAGE}.`;
}

function tooLong(what: string, text: string): string | undefined {
  return text.length > MAX_QUERY_LENGTH ? `The ${what} is ${text.length} characters; keep it under ${MAX_QUERY_LENGTH}.` : undefined;
}

/** `/`, `/trending`, `/search`, `/p/<id>` and `/papers/<id>` (for browsers): corpus pages, the same for everyone but the header. */
export async function publicAnswer(deps: WebPageDeps, request: WebRequest): Promise<WebAnswer> {
  const { path, params, ctx } = request;
  const status = deps.paperboy.status();
  if (status.state !== 'ready') return problem(ctx, 'indexing', describeStatus(status));
  if (path === '/' || path === '/trending') {
    const topic = params.get('topic') ?? '';
    const long = tooLong('topic', topic);
    if (long) return problem(ctx, 'bad-request', long);
    return { kind: 'page', page: await trendingPage(deps, ctx, topic.trim() ? { topic } : {}) };
  }
  if (path === '/search') {
    const q = params.get('q') ?? '';
    const page = pageParam(params);
    const long = tooLong('search', q);
    if (long) return problem(ctx, 'bad-request', long);
    if (typeof page === 'string') return problem(ctx, 'bad-request', page);
    return { kind: 'page', page: await searchPage(deps, ctx, { q, page }) };
  }
  const encoded = path.startsWith('/p/') ? path.slice('/p/'.length) : path.slice('/papers/'.length);
  const id = decoded(encoded);
  if (id === undefined) return problem(ctx, 'bad-request', 'The paper id in the address is not valid percent-encoding.');
  if (id === '' || tooLong('paper id', id)) return problem(ctx, 'bad-request', 'Give a paper id, e.g. /p/2106.09685.');
  return { kind: 'page', page: await paperPage(deps, ctx, id) };
}

/** The team a `/team/<platform>/<workspace>` path names; undefined for any other shape or broken encoding. */
export function teamOfPath(path: string): TeamRef | undefined {
  const parts = path.split('/');
  if (parts.length !== 4 || parts[1] !== 'team' || !parts[2] || !parts[3]) return undefined;
  const platform = decoded(parts[2]);
  const workspace = decoded(parts[3]);
  return platform && workspace ? { platform, workspace } : undefined;
}

const sameTeam = (a: TeamRef, b: TeamRef): boolean => a.platform === b.platform && a.workspace === b.workspace;

/**
 * `/team` and `/team/<platform>/<workspace>[?token=]`: a valid link for this team becomes a
 * session cookie and a redirect to the same page without the token (so it leaves the
 * address bar and the history); a signed-in viewer of this team sees its page; anyone else
 * gets the page that says what happened and how to get a link.
 */
export async function teamAnswer(deps: WebPageDeps, tokens: SignInTokens, request: WebRequest): Promise<WebAnswer> {
  const { path, params, ctx } = request;
  if (path === '/team') {
    return ctx.viewer ? { kind: 'redirect', location: teamPath(ctx.viewer.team) } : problem(ctx, 'signed-out');
  }
  const team = teamOfPath(path);
  if (!team) return problem(ctx, 'not-found', 'There is no team page at this address; /papers web gives you the link to yours.');
  const token = params.get('token');
  if (token !== null) {
    const check = tokens.verify(token, 'link', ctx.now);
    if (!check.ok) return problem(ctx, check.problem);
    if (!sameTeam(check.value.viewer.team, team)) return problem(ctx, 'other-team');
    const session = tokens.sign(check.value.viewer, 'session', check.value.expiresAt);
    return { kind: 'redirect', location: teamPath(team), session: { set: session, expiresAt: check.value.expiresAt } };
  }
  if (!ctx.viewer) return problem(ctx, 'signed-out');
  if (!sameTeam(ctx.viewer.team, team)) return problem(ctx, 'other-team');
  const status = deps.paperboy.status();
  if (status.state !== 'ready') return problem(ctx, 'indexing', describeStatus(status));
  return { kind: 'page', page: await teamPage(deps, { ...ctx, viewer: ctx.viewer as Viewer }) };
}
