import type { NewAlert } from '../alerts/alert.js';
import type { IngestReport } from '../ingest/ingest-report.js';
import type { Paper } from '../model/paper.js';
import { type AuthorName, nameIndexKeys, namesMatch, parseAuthorName } from './author-names.js';
import type { Follow } from './follow.js';
import { AlertCollector, authorReason, followedName, followedWords, paperTerms, topicReason, versionReason } from './follow-alerts.js';

/**
 * Which follows a feed read's news matches, once per read over the new papers only:
 *
 * - an author follow matches an added paper with an author of that name (author-names.ts);
 * - a topic follow matches an added paper whose title or abstract has every word of the
 *   topic, as the search analyser reads them ("transformer" finds "transformers"). Unlike a
 *   digest's topic (the whole search language), a followed topic is plain words: phrases,
 *   exclusions and filters are refused when the follow is made (follow-input.ts), and
 *   acronyms are not expanded (that needs the corpus-wide acronym table);
 * - a paper follow matches a new arXiv version of that paper, and nothing else does.
 *
 * Indexed both ways, so the cost is about (new papers × their authors) + (topic follows ×
 * their words), never follows × papers: author follows by surname form, topic follows
 * against a term index of the new papers built per read, paper follows by id.
 */
export interface FeedNews {
  /** Papers new to the corpus: author and topic follows. */
  readonly added: readonly Paper[];
  /** Known papers whose arXiv version rose: paper follows only. */
  readonly newVersions: readonly Paper[];
}

export interface FollowMatcher {
  /** One alert per (person, paper) with every reason, in news order; empty when nothing matches. */
  match(news: FeedNews): NewAlert[];
}

/** The news in a feed read's report: its added papers, and updated ones whose arXiv version rose. */
export function feedNews(report: IngestReport): FeedNews {
  return {
    added: report.added,
    newVersions: report.updated.filter((u) => (u.paper.arxivVersion ?? 0) > (u.previous.arxivVersion ?? 0)).map((u) => u.paper),
  };
}

interface Placed {
  readonly follow: Follow;
  /** Position in the follow list: reasons are listed in this order. */
  readonly order: number;
}

/** One followed name (several people may follow it, under the same label). */
interface FollowedName {
  readonly name: AuthorName;
  readonly follows: Placed[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function createFollowMatcher(follows: readonly Follow[]): FollowMatcher {
  const byLabel = new Map<string, FollowedName>();
  const topics = new Map<string, Placed[]>();
  const papers = new Map<string, Placed[]>();
  follows.forEach((follow, order) => {
    if (follow.kind === 'topic') push(topics, followedWords(follow).join(' '), { follow, order });
    else if (follow.kind === 'paper') push(papers, follow.key, { follow, order });
    else {
      const label = `${follow.label}\u0000${follow.key}`;
      const known = byLabel.get(label);
      if (known) known.follows.push({ follow, order });
      else {
        const name = followedName(follow);
        if (name) byLabel.set(label, { name, follows: [{ follow, order }] });
      }
    }
  });
  const names = new Map<string, FollowedName[]>();
  for (const followed of byLabel.values()) for (const key of nameIndexKeys(followed.name)) push(names, key, followed);
  // A topic's reason is the same line for every paper it matches: made once.
  const topicWords = [...topics].map(([words, placed]) => ({ terms: words.split(' ').filter(Boolean), placed: placed.map((p) => ({ ...p, reason: topicReason(p.follow) })) }));
  const wanted = new Set(topicWords.flatMap((t) => t.terms));

  return {
    match(news: FeedNews): NewAlert[] {
      const found = new AlertCollector();
      if (names.size > 0) matchAuthors(news.added, names, found);
      if (topicWords.length > 0) matchTopics(news.added, topicWords, wanted, found);
      news.newVersions.forEach((paper, i) => {
        for (const { follow, order } of papers.get(paper.id) ?? []) found.add(follow, order, paper, news.added.length + i, versionReason(paper), paper.arxivVersion ?? 0);
      });
      return found.alerts();
    },
  };
}

function matchAuthors(added: readonly Paper[], names: ReadonlyMap<string, readonly FollowedName[]>, found: AlertCollector): void {
  // One feed read repeats authors across papers: each string is parsed once.
  const parsed = new Map<string, AuthorName | undefined>();
  added.forEach((paper, paperOrder) => {
    for (const author of paper.authors) {
      let name = parsed.get(author);
      if (name === undefined && !parsed.has(author)) parsed.set(author, (name = parseAuthorName(author)));
      if (name === undefined) continue;
      const seen = new Set<FollowedName>();
      for (const key of nameIndexKeys(name)) {
        for (const followed of names.get(key) ?? []) {
          if (seen.has(followed)) continue;
          seen.add(followed);
          if (!namesMatch(followed.name, name)) continue;
          for (const { follow, order } of followed.follows) found.add(follow, order, paper, paperOrder, authorReason(follow, name));
        }
      }
    }
  });
}

interface FollowedTopic {
  readonly terms: readonly string[];
  readonly placed: ReadonlyArray<Placed & { readonly reason: string }>;
}

/** `wanted`: every word some topic asks for; only those are worth a posting list. */
function matchTopics(added: readonly Paper[], topicWords: readonly FollowedTopic[], wanted: ReadonlySet<string>, found: AlertCollector): void {
  const termsOf = added.map(paperTerms);
  const postings = new Map<string, number[]>();
  termsOf.forEach((terms, i) => {
    for (const term of terms) if (wanted.has(term)) push(postings, term, i);
  });
  for (const { terms, placed } of topicWords) {
    // The rarest word's papers, checked for the other words.
    let rarest: number[] | undefined;
    for (const term of terms) {
      const list = postings.get(term);
      if (list === undefined) {
        rarest = undefined;
        break;
      }
      if (rarest === undefined || list.length < rarest.length) rarest = list;
    }
    if (rarest === undefined) continue;
    for (const i of rarest) {
      const have = termsOf[i]!;
      if (!terms.every((t) => have.has(t))) continue;
      for (const { follow, order, reason } of placed) found.add(follow, order, added[i]!, i, reason);
    }
  }
}
