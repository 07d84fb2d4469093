import type { IncomingMessage } from 'node:http';
import Negotiator from 'negotiator';

/**
 * Browsers get pages, everyone else the JSON API as before: HTML only when the Accept header
 * ranks text/html above application/json. `*\/*` and no Accept at all (curl, scripts,
 * monitoring) rank JSON first, so existing API clients see no change. Between equal
 * weights the client's own order decides, as negotiator does.
 */
const OFFERED = ['application/json', 'text/html'];

export function prefersHtml(req: IncomingMessage): boolean {
  return new Negotiator(req).mediaType(OFFERED) === 'text/html';
}
