import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { problemPage, STYLESHEET, STYLESHEET_PATH, type Clock, type Logger, type PageContext, type Paperboy, type Storage, type Viewer, type WebPage } from '../../src/index.js';
import { MAX_URL_LENGTH } from '../service/api-limits.js';
import { badlyEncodedParam } from '../service/http-api.js';
import { prefersHtml } from './negotiate.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { clearedSessionCookie, sessionCookie, sessionToken, type CookieOptions } from './session-cookie.js';
import { SignInTokens } from './sign-in-tokens.js';
import type { WebSettings } from './web-settings.js';
import { publicAnswer, teamAnswer, type SessionChange, type WebAnswer } from './web-routes.js';

/**
 * The team page on the service's port, in front of the JSON API: browsers (Accept ranks
 * text/html first) get pages at the API's own paths and at /, /p/<id> and /team/…; every
 * other client reaches the API exactly as before, because the handler returns false and
 * leaves those requests alone. Answers GET and HEAD (and POST /signout); never shows a stack
 * trace: a bug is a 500 page with a reference that is also in the log.
 */
export interface WebHandlerDeps {
  readonly paperboy: Paperboy;
  readonly storage: Storage;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly settings: WebSettings;
}

export interface WebHandler {
  /** Answers the request and returns true, or returns false (and does nothing) when the JSON API or another handler owns it. */
  (req: IncomingMessage, res: ServerResponse): boolean;
  /** The service's last resort: a 404 page for a browser (true), or false for the caller's JSON 404. */
  notFound(req: IncomingMessage, res: ServerResponse): boolean;
}

const HTML_TYPE = 'text/html; charset=utf-8';

/** Paths that are pages for everyone; the API's paths (and its index at /) are pages only for browsers. */
function ownsPath(path: string, html: boolean): boolean {
  if (path === STYLESHEET_PATH || path === '/signout' || path === '/team' || path.startsWith('/team/') || path.startsWith('/p/')) return true;
  return html && (path === '/' || path === '/search' || path === '/trending' || (path.startsWith('/papers/') && !path.endsWith('.bib')));
}

/** A page for a bug, written without the page renderer (which may be what failed); the reference is our own hex. */
function internalErrorPage(reference: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Something went wrong · paperboy</title><link rel="stylesheet" href="${STYLESHEET_PATH}"></head><body><main id="main" class="problem" data-problem="internal"><h1>Something went wrong on our side</h1><p>It has been logged with reference ${reference}. Please try again in a moment.</p><p><a href="/">Back to today's papers</a></p></main></body></html>`;
}

export function createWebHandler(deps: WebHandlerDeps): WebHandler {
  const tokens = new SignInTokens(deps.settings.secret);
  const cookie: CookieOptions = { secure: deps.settings.publicUrl?.startsWith('https:') ?? false };
  const pageDeps = { paperboy: deps.paperboy, storage: deps.storage };

  /** The signed-in viewer, and whether a cookie the secret no longer signs (expired, rotated) should be dropped. */
  const sessionOf = (req: IncomingMessage, now: Date): { viewer?: Viewer; stale: boolean } => {
    const token = sessionToken(req);
    if (token === undefined) return { stale: false };
    const check = tokens.verify(token, 'session', now);
    return check.ok ? { viewer: check.value.viewer, stale: false } : { stale: true };
  };

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]>): void => {
    res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };

  const sendPage = (res: ServerResponse, page: WebPage, headers: Record<string, string | string[]> = {}, status = page.status): void =>
    send(res, status, page.html, { 'content-type': HTML_TYPE, ...SECURITY_HEADERS, ...headers });

  const cookieHeader = (change: SessionChange | undefined, now: Date): Record<string, string> => {
    if (change === undefined) return {};
    return { 'set-cookie': change === 'clear' ? clearedSessionCookie(cookie) : sessionCookie(change.set, change.expiresAt, now, cookie) };
  };

  const sendAnswer = (res: ServerResponse, answer: WebAnswer, now: Date, stale: boolean): void => {
    const staleCookie: SessionChange | undefined = stale ? 'clear' : undefined;
    if (answer.kind === 'page') return sendPage(res, answer.page, cookieHeader(staleCookie, now));
    send(res, 303, '', { location: answer.location, ...SECURITY_HEADERS, ...cookieHeader(answer.session ?? staleCookie, now) });
  };

  const failed = (res: ServerResponse, path: string, error: unknown): void => {
    const reference = randomBytes(4).toString('hex');
    deps.logger.error({ reference, path, error: error instanceof Error ? error.message : String(error) }, 'web page failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    send(res, 500, internalErrorPage(reference), { 'content-type': HTML_TYPE, ...SECURITY_HEADERS });
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, rawUrl: string, path: string): Promise<void> => {
    const now = deps.clock();
    const { viewer, stale } = sessionOf(req, now);
    const ctx: PageContext = { now, viewer };
    const refuse = (status: number, detail: string, headers: Record<string, string> = {}): void =>
      sendPage(res, problemPage(ctx, 'bad-request', detail), { ...headers, ...cookieHeader(stale ? 'clear' : undefined, now) }, status);
    if (rawUrl.length > MAX_URL_LENGTH) return refuse(414, `The address is over ${MAX_URL_LENGTH} characters.`);
    if (path === STYLESHEET_PATH) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, `${req.method ?? '?'} is not allowed here.`, { allow: 'GET, HEAD' });
      return send(res, 200, STYLESHEET, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' });
    }
    if (path === '/signout') {
      if (req.method !== 'POST') return refuse(405, 'Sign out with the button on the page (a POST).', { allow: 'POST' });
      return sendAnswer(res, { kind: 'redirect', location: '/', session: 'clear' }, now, false);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, `${req.method ?? '?'} is not allowed here; pages are read with GET.`, { allow: 'GET, HEAD' });
    const query = rawUrl.slice(path.length + 1);
    if (badlyEncodedParam(query) !== undefined) return refuse(400, 'The address has broken percent-encoding; a literal % is written %25.');
    const request = { path, params: new URLSearchParams(query), ctx };
    const result = path === '/team' || path.startsWith('/team/') ? await teamAnswer(pageDeps, tokens, request) : await publicAnswer(pageDeps, request);
    if (result.kind === 'redirect' && result.session !== undefined) deps.logger.info({ team: result.location }, 'signed in to a team page by link');
    sendAnswer(res, result, now, stale);
  };

  const handler = ((req: IncomingMessage, res: ServerResponse): boolean => {
    const rawUrl = req.url ?? '/';
    const path = rawUrl.split('?')[0] ?? '/';
    const html = prefersHtml(req);
    if (!ownsPath(path, html)) return false;
    if (path.startsWith('/p/') && !html) {
      // A script that follows a paper page link gets the paper as the API gives it, from the API itself.
      req.url = `/papers/${rawUrl.slice('/p/'.length)}`;
      return false;
    }
    answer(req, res, rawUrl, path).catch((error: unknown) => failed(res, path, error));
    return true;
  }) as WebHandler;

  handler.notFound = (req, res) => {
    if (!prefersHtml(req)) return false;
    try {
      const now = deps.clock();
      sendPage(res, problemPage({ now, viewer: sessionOf(req, now).viewer }, 'not-found'));
    } catch (error) {
      failed(res, req.url ?? '/', error);
    }
    return true;
  };
  return handler;
}
