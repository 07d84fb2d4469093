import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Viewer } from '../../src/index.js';

/**
 * Sign-in links and session cookies are one small signed token: `v1.<payload>.<mac>`, the
 * payload base64url JSON `{p, w, u, exp, k}` (platform, workspace, user, expiry in epoch
 * ms, kind) and the mac HMAC-SHA256 over `v1.<payload>` exactly as sent, with the service's
 * secret. Nothing is stored: rotating the secret revokes every link and session at once.
 * The kind keeps a link from being used as a cookie and the other way round.
 */
export type TokenKind = 'link' | 'session';

export type TokenProblem = 'link-malformed' | 'link-tampered' | 'link-expired';

export interface SignedIn {
  readonly viewer: Viewer;
  readonly expiresAt: Date;
}

export type TokenCheck = { readonly ok: true; readonly value: SignedIn } | { readonly ok: false; readonly problem: TokenProblem };

const VERSION = 'v1';
/** Far above any token we sign (ids are short), far below what would cost anything to check. */
export const MAX_TOKEN_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

const Payload = z.object({
  p: z.string().min(1).max(64),
  w: z.string().min(1).max(200),
  u: z.string().min(1).max(200),
  exp: z.number().int().nonnegative(),
  k: z.enum(['link', 'session']),
});

export class SignInTokens {
  readonly #secret: Buffer | string;

  constructor(secret: Buffer | string) {
    this.#secret = secret;
  }

  sign(viewer: Viewer, kind: TokenKind, expiresAt: Date): string {
    const payload = { p: viewer.team.platform, w: viewer.team.workspace, u: viewer.user, exp: expiresAt.getTime(), k: kind };
    const signed = `${VERSION}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return `${signed}.${this.#mac(signed)}`;
  }

  /** Who a token signs in, or why not: malformed (not one of ours at all), tampered (a wrong signature or kind), expired. */
  verify(token: string, kind: TokenKind, now: Date): TokenCheck {
    if (token.length > MAX_TOKEN_LENGTH) return { ok: false, problem: 'link-malformed' };
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION || !parts.slice(1).every((part) => BASE64URL.test(part))) return { ok: false, problem: 'link-malformed' };
    const signed = `${parts[0]}.${parts[1]}`;
    // Compared as the text sent, not as decoded bytes: base64url's spare bits would let two texts decode alike.
    const expected = Buffer.from(this.#mac(signed));
    const given = Buffer.from(parts[2]!);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'link-tampered' };
    const payload = Payload.safeParse(parseJson(Buffer.from(parts[1]!, 'base64url').toString('utf8')));
    // A payload we signed that does not parse can only come from an older, different format.
    if (!payload.success) return { ok: false, problem: 'link-malformed' };
    const { p, w, u, exp, k } = payload.data;
    if (k !== kind) return { ok: false, problem: 'link-tampered' };
    if (exp <= now.getTime()) return { ok: false, problem: 'link-expired' };
    return { ok: true, value: { viewer: { team: { platform: p, workspace: w }, user: u }, expiresAt: new Date(exp) } };
  }

  #mac(text: string): string {
    return createHmac('sha256', this.#secret).update(text).digest('base64url');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
