import { randomBytes } from 'node:crypto';

/**
 * What the team page needs from the configuration (config.ts builds it from PAPERBOY_SECRET
 * and PAPERBOY_PUBLIC_URL): the key sign-in links are signed with, whether that key lives
 * only as long as this process, where people reach the page, and how long a link works.
 */
export interface WebSettings {
  readonly secret: Buffer | string;
  /** No PAPERBOY_SECRET: a random key per process, so links and sessions end at restart. */
  readonly ephemeralSecret: boolean;
  /** PAPERBOY_PUBLIC_URL, an origin without a trailing slash; absent: links use the service's own URL and cards keep linking to sources. */
  readonly publicUrl?: string;
  readonly linkTtlMs: number;
}

/** The rule: a sign-in link (and the session it starts) lasts a week. */
export const LINK_TTL_MS = 7 * 24 * 3_600_000;

/** The shortest PAPERBOY_SECRET accepted: 32 characters, as `openssl rand -hex 32` gives twice over. */
export const MIN_SECRET_LENGTH = 32;

/** Settings for a service without PAPERBOY_SECRET: a fresh random key that nobody else knows and this process forgets. */
export function ephemeralWebSettings(publicUrl?: string): WebSettings {
  return { secret: randomBytes(32), ephemeralSecret: true, linkTtlMs: LINK_TTL_MS, ...(publicUrl ? { publicUrl } : {}) };
}
