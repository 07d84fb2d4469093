import type { PersonRef } from '../personal/person.js';

/**
 * Where the team page lives, as the core needs to know it: the signed sign-in link that
 * `/papers web` hands out and the paper pages that chat cards link to. The service builds
 * it from PAPERBOY_SECRET and PAPERBOY_PUBLIC_URL (adapters/web); the core never signs or
 * reads configuration itself.
 */
export interface TeamPageLinks {
  /** A personal link that signs this person in to their team's page until `expiresAt`. */
  signInLink(person: PersonRef, now: Date): SignInLink;
  /** The absolute URL of a paper's page; undefined when no public URL is set (cards then link to the paper's source). */
  paperPage(paperId: string): string | undefined;
}

export interface SignInLink {
  readonly url: string;
  readonly expiresAt: Date;
  /** True when the link only works until the service restarts (no PAPERBOY_SECRET set): the reply says so. */
  readonly ephemeral: boolean;
}
