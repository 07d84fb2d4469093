import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TOKEN_LENGTH, SignInTokens } from '../../../adapters/web/sign-in-tokens.js';
import type { Viewer } from '../../../src/index.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const tokens = new SignInTokens(SECRET);
const NOW = new Date('2026-11-27T08:00:00Z');
const WEEK = new Date('2026-12-04T08:00:00Z');
const ada: Viewer = { team: { platform: 'slack', workspace: 'T1' }, user: 'U1' };

/** Ids as platforms and hostile workspaces write them: anything printable, unicode, markup, mentions. */
const id = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
  fc.constantFrom('<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<!channel>', '@everyone', '\u202Eevil', '深度学习', 'a.b.c', '"}{'),
);
const viewer = fc.record({ team: fc.record({ platform: id, workspace: id }), user: id });
const later = fc.integer({ min: NOW.getTime() + 1, max: NOW.getTime() + 10 * 365 * 86_400_000 }).map((ms) => new Date(ms));

describe('sign-in tokens', () => {
  it('give back who they sign in and until when, for any ids', () => {
    fc.assert(
      fc.property(viewer, later, fc.constantFrom('link' as const, 'session' as const), (who, until, kind) => {
        const token = tokens.sign(who, kind, until);
        expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
        expect(tokens.verify(token, kind, NOW)).toEqual({ ok: true, value: { viewer: who, expiresAt: until } });
      }),
    );
  });

  it('refuse a token with any single bit changed', () => {
    fc.assert(
      fc.property(viewer, fc.nat(), fc.integer({ min: 0, max: 6 }), (who, at, bit) => {
        const token = tokens.sign(who, 'link', WEEK);
        const i = at % token.length;
        const changed = token.slice(0, i) + String.fromCharCode(token.charCodeAt(i) ^ (1 << bit)) + token.slice(i + 1);
        const check = tokens.verify(changed, 'link', NOW);
        expect(check.ok).toBe(false);
        if (!check.ok) expect(['link-malformed', 'link-tampered']).toContain(check.problem);
      }),
      { numRuns: 500 },
    );
  });

  it('refuse the last signature character in every spelling that decodes to the same bytes', () => {
    // 43 base64url characters carry 258 bits for a 256-bit MAC: the last one has two spare bits.
    const token = tokens.sign(ada, 'link', WEEK);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const c of alphabet) {
      if (c === token.at(-1)) continue;
      expect(tokens.verify(token.slice(0, -1) + c, 'link', NOW)).toEqual({ ok: false, problem: 'link-tampered' });
    }
  });

  it('say which part is wrong: tampered payload or signature, another secret, another kind, expiry, garbage', () => {
    const token = tokens.sign(ada, 'link', WEEK);
    const [version, payload, mac] = token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ p: 'slack', w: 'T2', u: 'U1', exp: WEEK.getTime(), k: 'link' })).toString('base64url');
    expect(tokens.verify(`${version}.${forged}.${mac}`, 'link', NOW)).toEqual({ ok: false, problem: 'link-tampered' });
    expect(tokens.verify(`${version}.${payload}.${mac.slice(0, -2)}AA`, 'link', NOW)).toEqual({ ok: false, problem: 'link-tampered' });
    expect(tokens.verify(`v2.${payload}.${mac}`, 'link', NOW)).toEqual({ ok: false, problem: 'link-malformed' });
    expect(new SignInTokens(`${SECRET}-rotated`).verify(token, 'link', NOW)).toEqual({ ok: false, problem: 'link-tampered' });
    expect(tokens.verify(token, 'session', NOW)).toEqual({ ok: false, problem: 'link-tampered' });
    expect(tokens.verify(tokens.sign(ada, 'session', WEEK), 'link', NOW)).toEqual({ ok: false, problem: 'link-tampered' });
    expect(tokens.verify(token, 'link', new Date(WEEK.getTime() - 1)).ok).toBe(true);
    expect(tokens.verify(token, 'link', WEEK)).toEqual({ ok: false, problem: 'link-expired' });
    for (const garbage of ['', '.', '..', 'v1..', 'v1.a.b.c', 'v1.a=.b', 'v1.<script>.x', '\u202E', 'x'.repeat(MAX_TOKEN_LENGTH + 1), `${token}.`, `${token} `]) {
      expect(tokens.verify(garbage, 'link', NOW), garbage.slice(0, 20)).toEqual({ ok: false, problem: 'link-malformed' });
    }
  });

  it('refuse a well-signed payload that is not a sign-in (an older or foreign format)', () => {
    const signedAs = (payload: string): string => {
      const body = `v1.${Buffer.from(payload).toString('base64url')}`;
      // Signed with the real secret the way sign() does, to reach the payload check.
      return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
    };
    for (const payload of ['not json', '[]', 'null', '{"p":"slack","w":"T1","u":"U1","exp":"soon","k":"link"}', '{"p":"","w":"T1","u":"U1","exp":1,"k":"link"}']) {
      expect(tokens.verify(signedAs(payload), 'link', NOW), payload).toEqual({ ok: false, problem: 'link-malformed' });
    }
  });
});
