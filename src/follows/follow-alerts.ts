import type { NewAlert } from '../alerts/alert.js';
import type { Paper } from '../model/paper.js';
import { personKey } from '../personal/person.js';
import { analyze } from '../text/analyzer.js';
import { type AuthorName, parseAuthorName } from './author-names.js';
import type { Follow } from './follow.js';
import { topicTerms } from './follow-input.js';

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

/** The words a topic follow asks for, by today's analyser: a key stored under an older one still means what the person typed. */
export function followedWords(follow: Pick<Follow, 'label' | 'key'>): string[] {
  const terms = [...new Set(analyze(follow.label))].sort();
  return terms.length > 0 ? terms : topicTerms(follow.key);
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
  readonly person: string;
  readonly paperId: string;
  /** Set for a new version of a known paper: each version is news once. */
  readonly version: number | undefined;
  /** [the follow's position in the follow list, its reason]: the first reason a follow gives is the one kept. */
  readonly reasons: Array<readonly [number, string]>;
}

/** A follow's person key, made once per follow however many papers it matches. */
const personKeys = new WeakMap<Follow, string>();
function personOfFollow(follow: Follow): string {
  let key = personKeys.get(follow);
  if (key === undefined) personKeys.set(follow, (key = personKey(follow)));
  return key;
}

/**
 * Collects matches into one alert per (person, paper), whatever order they are found in:
 * alerts in paper order then person, reasons in follow order. Two matchers that agree on
 * which follow matches which paper (and through which author first) give equal alerts.
 */
export class AlertCollector {
  /** By the paper's position in the news, then person. */
  readonly #byPaper: Array<Map<string, Pending> | undefined> = [];

  /** `followOrder` is the follow's position in the list matched; `paperOrder` the paper's in the news. */
  add(follow: Follow, followOrder: number, paper: Paper, paperOrder: number, reason: string, version?: number): void {
    let people = this.#byPaper[paperOrder];
    if (people === undefined) this.#byPaper[paperOrder] = people = new Map();
    const person = personOfFollow(follow);
    let pending = people.get(person);
    if (pending === undefined) people.set(person, (pending = { follow, person, paperId: paper.id, version, reasons: [] }));
    if (!pending.reasons.some(([order]) => order === followOrder)) pending.reasons.push([followOrder, reason]);
  }

  alerts(): NewAlert[] {
    const alerts: NewAlert[] = [];
    for (const people of this.#byPaper) {
      if (people === undefined) continue;
      for (const { follow, paperId, version, reasons } of [...people.values()].sort((a, b) => compare(a.person, b.person))) {
        if (reasons.length > 1) reasons.sort(([a], [b]) => a - b);
        const lines = reasons.map(([, reason]) => reason);
        const unique = lines.length > 1 ? [...new Set(lines)] : lines;
        alerts.push({ platform: follow.platform, workspace: follow.workspace, user: follow.user, paperId, ...(version === undefined ? {} : { version }), reasons: unique });
      }
    }
    return alerts;
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
