import type { PersonRef } from '../personal/person.js';

/**
 * What a person follows: an author (matched by name, forgiving initials, accents and
 * order), a topic (every word of it in a new paper's title or abstract, as in search), or
 * one paper (a new arXiv version of it).
 */
export type FollowKind = 'author' | 'topic' | 'paper';
export const FOLLOW_KINDS: readonly FollowKind[] = ['author', 'topic', 'paper'];

/** At most this many follows a person: enough for a research interest, few enough to keep alerts readable. */
export const MAX_FOLLOWS = 50;

export interface FollowInput {
  readonly kind: FollowKind;
  /** As the person gave it, shown back in `/papers following` and in alerts: `Yann LeCun`, `diffusion transformers`, a paper's title. */
  readonly label: string;
  /**
   * What makes two follows the same, so following "Y. LeCun" after "Yann LeCun" is not a
   * second follow: the normalized name, the analysed topic words, the paper id.
   */
  readonly key: string;
}

export interface Follow extends PersonRef, FollowInput {
  /** Storage's id; stable, so `/papers unfollow 3` removes what `/papers following` showed as 3. */
  readonly id: number;
  /** Epoch ms. */
  readonly createdAt: number;
}

export type AddFollowOutcome =
  | { readonly status: 'added'; readonly follow: Follow }
  /** The person already follows this key: the existing follow, unchanged. */
  | { readonly status: 'duplicate'; readonly follow: Follow }
  /** The person already has `max` follows; nothing was added. */
  | { readonly status: 'full'; readonly count: number };
