import { authorFollow, paperFollow, topicFollow } from '../src/follows/follow-input.js';
import type { Follow, FollowInput, FollowKind } from '../src/follows/follow.js';
import { MAX_FOLLOWS } from '../src/follows/follow.js';
import type { FeedNews } from '../src/follows/follow-matcher.js';
import { paperTerms } from '../src/follows/follow-alerts.js';
import { analyze, ingestLoaded, PaperCollection, type Paper, type Result } from '../src/index.js';
import { type CorpusModel, trainCorpusModel } from './realistic/corpus-model.js';
import { realisticPapers } from './realistic/realistic-corpus.js';
import { pick } from './realistic/zipf.js';
import { mulberry32 } from './synthetic-corpus.js';

/**
 * The follow-alert workload: a realistic corpus (trigram text, Zipf-popular authors; see
 * bench/realistic) whose first papers are what people already know and follow, and whose
 * next papers are one feed day. Follows are drawn from the known papers as people would
 * make them: authors of papers they read (so popular authors are followed more), written
 * "as on the paper", "Last, First" or with initials; topics of one to three distinctive
 * neighbouring title words; a few papers, some of which get a new arXiv version today.
 */
export interface AlertsWorkloadOptions {
  readonly follows: number;
  readonly people: number;
  /** Papers in the feed day. */
  readonly papers: number;
  readonly newVersions: number;
  /** Known papers, whose authors and title words the follows come from. */
  readonly background: number;
  readonly seed?: number;
  readonly model?: CorpusModel;
}

export interface AlertsWorkload {
  readonly follows: Follow[];
  readonly news: FeedNews;
  readonly kinds: Readonly<Record<FollowKind, number>>;
  readonly people: number;
}

/** Shares of paper and author follows; the rest are topics. */
const PAPER_SHARE = 0.05;
const AUTHOR_SHARE = 0.55;
/** Papers people follow and that get new versions: the recent, talked-about part of the corpus. */
const POPULAR_PAPERS = 1000;
/**
 * People follow distinctive words: a topic word is in at most this share of papers (title
 * or abstract), a one-word topic in at most ONE_WORD_SHARE, so a topic brings a few papers
 * a day, not a tenth of the feed.
 */
const MAX_WORD_SHARE = 0.05;
const ONE_WORD_SHARE = 0.01;

const initial = (word: string): string => `${[...word][0]}.`;

/** The way a person types an author they saw on a paper: as written, "Last, First", or initials. */
function writtenAs(author: string, rng: () => number): string {
  const words = author.split(' ');
  if (words.length < 2) return author;
  const last = words.at(-1)!;
  const given = words.slice(0, -1);
  const roll = rng();
  if (roll < 0.5) return author;
  if (roll < 0.75) return `${last}, ${given.join(' ')}`;
  return `${given.map(initial).join(' ')} ${last}`;
}

/** Content words of a title and the analysed term each stands for. */
function titleWords(title: string): Array<{ word: string; term: string | undefined }> {
  return title
    .split(/\s+/)
    .map((raw) => raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((word) => word.length >= 3 && !/\d/.test(word))
    .map((word) => ({ word, term: analyze(word)[0] }));
}

/** One to three neighbouring distinctive words of a title, as someone who read it would follow. */
function topicFrom(title: string, share: (term: string) => number, rng: () => number): string | undefined {
  const words = titleWords(title).filter((w) => w.term !== undefined && share(w.term) <= MAX_WORD_SHARE);
  if (words.length === 0) return undefined;
  const roll = rng();
  let size = Math.min(words.length, roll < 0.25 ? 1 : roll < 0.85 ? 2 : 3);
  let from = Math.floor(rng() * (words.length - size + 1));
  if (size === 1 && share(words[from]!.term!) > ONE_WORD_SHARE) {
    if (words.length === 1) return undefined;
    size = 2;
    from = Math.min(from, words.length - 2);
  }
  return words
    .slice(from, from + size)
    .map((w) => w.word)
    .join(' ');
}

/** The share of papers whose title or abstract has each term. */
function termShares(papers: readonly Paper[]): (term: string) => number {
  const counts = new Map<string, number>();
  for (const paper of papers) for (const term of paperTerms(paper)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return (term) => (counts.get(term) ?? 0) / Math.max(1, papers.length);
}

export function buildAlertsWorkload(options: AlertsWorkloadOptions): AlertsWorkload {
  const rng = mulberry32(options.seed ?? 13);
  const model = options.model ?? trainCorpusModel();
  const drafts = [...realisticPapers(options.background + options.papers, { model, seed: options.seed ?? 13 })];
  const collection = new PaperCollection();
  const known = ingestLoaded(collection, { papers: drafts.slice(0, options.background), problems: [] }).added;
  const day = ingestLoaded(collection, { papers: drafts.slice(options.background), problems: [] }).added;
  const popular = known.slice(0, Math.min(POPULAR_PAPERS, known.length));
  const newVersions = Array.from({ length: Math.min(options.newVersions, popular.length) }, (_, i) => popular[Math.floor((i * popular.length) / options.newVersions)]!).map((paper) => ({
    ...paper,
    arxivVersion: (paper.arxivVersion ?? 1) + 1,
  }));
  const share = termShares(known);

  const follows: Follow[] = [];
  const perPerson = new Map<number, Set<string>>();
  const kinds: Record<FollowKind, number> = { author: 0, topic: 0, paper: 0 };
  for (let attempts = 0; follows.length < options.follows && attempts < options.follows * 20; attempts += 1) {
    // A few people follow a lot, most a handful: person p is chosen with weight falling with p.
    const person = Math.floor(options.people * rng() ** 1.5);
    const held = perPerson.get(person) ?? new Set<string>();
    if (held.size >= MAX_FOLLOWS) continue;
    const roll = rng();
    let input: Result<FollowInput> | FollowInput | undefined;
    if (roll < PAPER_SHARE) input = paperFollow(pick(popular, rng));
    else if (roll < PAPER_SHARE + AUTHOR_SHARE) {
      const paper = pick(known, rng);
      if (paper.authors.length > 0) input = authorFollow(writtenAs(pick(paper.authors, rng), rng));
    } else {
      const topic = topicFrom(pick(known, rng).title, share, rng);
      if (topic !== undefined) input = topicFollow(topic);
    }
    const value = input === undefined ? undefined : 'ok' in input ? (input.ok ? input.value : undefined) : input;
    // The same key twice is one follow, as storage keeps it.
    if (value === undefined || held.has(`${value.kind} ${value.key}`)) continue;
    held.add(`${value.kind} ${value.key}`);
    perPerson.set(person, held);
    kinds[value.kind] += 1;
    follows.push({ platform: 'slack', workspace: `T${person % 7}`, user: `U${person}`, id: follows.length + 1, createdAt: 0, ...value });
  }
  return { follows, news: { added: day, newVersions }, kinds, people: perPerson.size };
}
