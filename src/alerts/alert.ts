import type { PersonRef } from '../personal/person.js';

/**
 * A paper that matched someone's follows in a feed read, waiting to be sent in a direct
 * message. A (person, paper, version) is queued at most once, ever: nobody is alerted about
 * the same paper (or the same new version of it) twice, whichever feed or replica found it again.
 */
export interface NewAlert extends PersonRef {
  readonly paperId: string;
  /**
   * The arXiv version a new-version alert is about (a paper follow); absent for a new paper.
   * The same paper may be alerted once more for each later version, never twice for one.
   */
  readonly version?: number;
  /** Why it matched, one line per follow, shown in the alert: `author Yann LeCun (as “Y. LeCun”)`. */
  readonly reasons: readonly string[];
}

export interface QueuedAlert extends NewAlert {
  /** Epoch ms. */
  readonly queuedAt: number;
}
