import type { NewAlert } from '../alerts/alert.js';
import type { Paper } from '../model/paper.js';
import { personKey } from '../personal/person.js';
import { analyze } from '../text/analyzer.js';
import { type AuthorName, parseAuthorName } from './author-names.js';
import type { Follow } from './follow.js';

/**
 * What a follow means, shared by the indexed matcher and anything that checks follows one
 * by one (the benchmark's yardstick): the words a paper offers a topic, the name an author
 * follow stands for, the reason lines, and one alert per (person, paper) with every reason.
 */

/**
 * A paper's words as a followed topic sees them: its title and abstract through the search
 * analyser (stemmed, stop words out), plus the joined form of hyphenated compounds, so a
 * topic "backpropagation" finds "back-propagation" as search does.
 */
export function paperTerms(paper: Pick<Paper, 'title' | 'abstract'>): Set<string> {
  const terms = new Set<string>();
  const joined = (term: string) => void terms.add(term);
  for (const term of analyze(paper.title, joined)) terms.add(term);
  for (const term of analyze(paper.abstract, joined)) terms.add(term);
  return terms;
}

/** The name an author follow stands for: what the person typed, else its key (`lecun, yann` reads as a name too). */
export function followedName(follow: Pick<Follow, 'label' | 'key'>): AuthorName | undefined {
  return parseAuthorName(follow.label) ?? parseAuthorName(follow.key);
}

export function authorReason(follow: Follow, author: AuthorName): string {
  return follow.label === author.display ? `author ${follow.label}` : `author ${follow.label} (as “${author.display}”)`;
}

export function topicReason(follow: Follow): string {
  return `topic: ${follow.label}`;
}

export function versionReason(paper: Paper): string {
  return paper.arxivVersion === undefined ? 'new version' : `new version v${paper.arxivVersion}`;
}

interface Pending {
  readonly follow: Follow;
  readonly paperOrder: number;
  readonly paperId: string;
  /** By the follow's position in the follow list: the first reason a follow gives is the one kept. */
  readonly reasons: Map<number, string>;
}

/**
 * Collects matches into one alert per (person, paper), whatever order they are found in:
 * alerts in paper order then person, reasons in follow order. Two matchers that agree on
 * which follow matches which paper (and through which author first) give equal alerts.
 */
export class AlertCollector {
  readonly #pending = new Map<string, Pending>();

  /** `followOrder` is the follow's position in the list matched; `paperOrder` the paper's in the news. */
  add(follow: Follow, followOrder: number, paper: Paper, paperOrder: number, reason: string): void {
    const pair = `${personKey(follow)}\u0000${paper.id}`;
    let pending = this.#pending.get(pair);
    if (pending === undefined) {
      pending = { follow, paperOrder, paperId: paper.id, reasons: new Map() };
      this.#pending.set(pair, pending);
    }
    if (!pending.reasons.has(followOrder)) pending.reasons.set(followOrder, reason);
  }

  alerts(): NewAlert[] {
    const ordered = [...this.#pending.values()].sort((a, b) => a.paperOrder - b.paperOrder || compare(personKey(a.follow), personKey(b.follow)));
    return ordered.map(({ follow, paperId, reasons }) => ({
      platform: follow.platform,
      workspace: follow.workspace,
      user: follow.user,
      paperId,
      reasons: [...new Set([...reasons.entries()].sort(([a], [b]) => a - b).map(([, reason]) => reason))],
    }));
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
