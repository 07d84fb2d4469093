import type { IncomingMessage } from 'node:http';

/**
 * The session cookie a sign-in link leaves: the signed session token, HttpOnly (no script
 * reads it; the pages have none anyway), SameSite=Lax (other sites' forms and requests do
 * not carry it), Secure when people reach the page over https, and it lasts as long as the
 * link it came from would have.
 */
export const SESSION_COOKIE = 'paperboy_session';

export interface CookieOptions {
  readonly secure: boolean;
}

export function sessionCookie(token: string, expiresAt: Date, now: Date, options: CookieOptions): string {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return `${SESSION_COOKIE}=${token}; ${attributes(options)}; Max-Age=${maxAge}`;
}

/** Tells the browser to drop the cookie (sign-out, or a session the secret no longer signs). */
export function clearedSessionCookie(options: CookieOptions): string {
  return `${SESSION_COOKIE}=; ${attributes(options)}; Max-Age=0`;
}

function attributes(options: CookieOptions): string {
  return `HttpOnly; SameSite=Lax; Path=/${options.secure ? '; Secure' : ''}`;
}

/** The session token the request carries, if any (the first cookie of that name; values are our own base64url tokens, never decoded). */
export function sessionToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at >= 0 && pair.slice(0, at).trim() === SESSION_COOKIE) return pair.slice(at + 1).trim() || undefined;
  }
  return undefined;
}
