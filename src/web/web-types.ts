import type { Paperboy } from '../paperboy.js';
import type { Storage } from '../ports/storage.port.js';

/** What every page function reads from: the corpus and (for a signed-in viewer) the team's storage. */
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

/** Why a page could not be shown: each has its own page with what to do (see problemPage). */
export type PageProblem = 'not-found' | 'bad-request' | 'indexing' | 'signed-out' | 'link-malformed' | 'link-tampered' | 'link-expired' | 'other-team';
