import type { Query } from 'minisearch';
import type { PaperCollection } from '../corpus/paper-collection.js';
import { paperDate, type Paper } from '../model/paper.js';
import { fail, ok, type Result } from '../result.js';
import { analyze } from '../text/analyzer.js';
import { containsPhrase, filterPredicate, hasFilters } from './filters.js';
import { PaperIndex, type SerializedPaperIndex } from './paper-index.js';
import { planQuery } from './query-plan.js';
import { MAX_QUERY_LENGTH, parseQuery, plainQuery, type ParsedQuery } from './query-syntax.js';
import { DEFAULT_RANKING, type RankingSettings } from './ranking-settings.js';
import { relatedQuery } from './related.js';
import { makeSnippet, type Snippet } from './snippet.js';
import { topK } from './top-k.js';

export interface SearchHit {
  readonly paper: Paper;
  /** BM25 relevance; 0 for filter-only listings. */
  readonly score: number;
  readonly snippet: Snippet;
  /** Index terms that matched in this paper. */
  readonly matchedTerms: readonly string[];
}

export interface SearchPage {
  readonly query: ParsedQuery;
  readonly hits: readonly SearchHit[];
  /** Matches in all, across pages. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  /** Words no paper uses, matched by near spellings ("finance" finding "final"): say so to the user. */
  readonly respelled: readonly string[];
}

export interface SearchRequest {
  /** Query text in the query language, or a query already parsed. */
  readonly query: string | ParsedQuery;
  readonly offset?: number;
  readonly limit?: number;
  /** Build snippets (default true); evaluation runs skip them. */
  readonly snippets?: boolean;
}

export interface RelatedHit extends SearchHit {
  /** The source paper's distinctive words this paper shares, best first. */
  readonly sharedWords: readonly string[];
}

export const DEFAULT_PAGE_SIZE = 5;
export const MAX_PAGE_SIZE = 1000;

interface Candidate {
  readonly id: string;
  readonly score: number;
  readonly terms: readonly string[];
}

interface Ranked {
  /** Unordered matches, or for a filter-only listing, already in order. */
  readonly candidates: Candidate[];
  readonly respelled: readonly string[];
  readonly listing: boolean;
}

function checkPaging(offset: number, limit: number): Result<true> {
  if (!Number.isInteger(offset) || offset < 0) return fail('bad_argument', `offset must be a whole number ≥ 0, not ${offset}.`);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    return fail('bad_argument', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${limit}.`);
  }
  return ok(true);
}

/**
 * Search over the corpus: ranked retrieval (BM25 via MiniSearch), then the query's hard
 * constraints (phrases, exclusions, filters), then paging and snippets.
 */
export class SearchEngine {
  readonly #papers: PaperCollection;
  readonly #index: PaperIndex;
  readonly #settings: RankingSettings;

  constructor(papers: PaperCollection, index: PaperIndex, settings: RankingSettings = DEFAULT_RANKING) {
    this.#papers = papers;
    this.#index = index;
    this.#settings = settings;
  }

  static build(papers: PaperCollection, settings: RankingSettings = DEFAULT_RANKING): SearchEngine {
    return new SearchEngine(papers, PaperIndex.build(papers.all(), settings), settings);
  }

  /** An engine over a saved index; the collection must hold the papers it was built from. */
  static load(papers: PaperCollection, saved: SerializedPaperIndex, settings: RankingSettings = DEFAULT_RANKING): SearchEngine {
    return new SearchEngine(papers, PaperIndex.fromJSON(saved, settings), settings);
  }

  get index(): PaperIndex {
    return this.#index;
  }

  search(request: SearchRequest): Result<SearchPage> {
    const offset = request.offset ?? 0;
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const paging = checkPaging(offset, limit);
    if (!paging.ok) return paging;
    const parsed = typeof request.query === 'string' ? parseQuery(request.query) : ok(request.query);
    if (!parsed.ok) return parsed;
    const ranked = this.#rank(parsed.value, false);
    if (!ranked.ok) return ranked;

    const { candidates } = ranked.value;
    // A query that is exactly an id, arXiv id or title shows that paper first.
    const exact = typeof request.query === 'string' ? this.#papers.get(request.query) : undefined;
    let ordered: Candidate[];
    let total = candidates.length;
    if (exact && filterPredicate(parsed.value)(exact)) {
      const own = candidates.find((c) => c.id === exact.id);
      if (!own) total += 1;
      ordered = [own ?? { id: exact.id, score: 0, terms: [] }, ...topK(candidates.filter((c) => c.id !== exact.id), offset + limit)];
    } else {
      ordered = ranked.value.listing ? candidates : topK(candidates, offset + limit);
    }
    const page = ordered.slice(offset, offset + limit);
    return ok({
      query: parsed.value,
      hits: page.map((c) => this.#hit(c, request.snippets ?? true)),
      total,
      offset,
      limit,
      respelled: ranked.value.respelled,
    });
  }

  /** A predicate for "papers about this topic": every word (or its acronym form) must match. */
  topicFilter(topic: string): Result<(paper: Paper) => boolean> {
    const parsed = parseQuery(topic);
    if (!parsed.ok) return parsed;
    const ranked = this.#rank(parsed.value, true);
    if (!ranked.ok) return ranked;
    const ids = new Set(ranked.value.candidates.map((c) => c.id));
    return ok((paper) => ids.has(paper.id));
  }

  /** A paper by id, arXiv id, exact title, or failing those the one paper whose title has all the words given. */
  resolve(ref: string): Result<Paper> {
    const wanted = ref.trim();
    if (wanted === '') return fail('bad_argument', 'Which paper? Give its id (as shown in search results) or words from its title.');
    if (wanted.length > MAX_QUERY_LENGTH) return fail('bad_argument', `That is ${wanted.length} characters; give a paper id or a few words from its title.`);
    const direct = this.#papers.get(wanted);
    if (direct) return ok(direct);
    const found = this.search({ query: plainQuery(wanted), limit: 10, snippets: false });
    const hits = found.ok ? found.value.hits.map((h) => h.paper) : [];
    const words = analyze(wanted);
    const fits = hits.filter((paper) => {
      const title = new Set(analyze(paper.title));
      return words.length > 0 && words.every((w) => title.has(w));
    });
    const shown = (papers: readonly Paper[]): string => papers.slice(0, 3).map((p) => `${p.id} (${p.title.slice(0, 60)})`).join(', ');
    if (fits.length === 1) return ok(fits[0]!);
    if (fits.length > 1) return fail('not_found', `"${wanted.slice(0, 80)}" could be several papers: ${shown(fits)}. Use the id.`);
    if (hits.length === 0) return fail('not_found', `No paper matches "${wanted.slice(0, 80)}". Try a search first and use an id from the results.`);
    return fail('not_found', `No paper title has all of "${wanted.slice(0, 80)}". Closest: ${shown(hits)}. Use the id.`);
  }

  related(ref: string, { limit = DEFAULT_PAGE_SIZE, offset = 0 } = {}): Result<{ paper: Paper; hits: RelatedHit[]; total: number }> {
    const paging = checkPaging(offset, limit);
    if (!paging.ok) return paging;
    const source = this.resolve(ref);
    if (!source.ok) return source;
    const { tree, keyTerms } = relatedQuery(source.value, this.#index);
    const matches = tree ? this.#index.search(tree).filter((m) => m.id !== source.value.id) : [];
    const hits = topK(matches, offset + limit).slice(offset).map((c) => {
      const matched = new Set(c.terms);
      const shared = new Set(keyTerms.filter((k) => matched.has(k.term)).map((k) => k.word));
      return { ...this.#hit(c, true), sharedWords: [...shared].slice(0, 5) };
    });
    return ok({ paper: source.value, hits, total: matches.length });
  }

  #rank(query: ParsedQuery, requireAll: boolean): Result<Ranked> {
    const plan = planQuery(query, this.#index, this.#settings);
    if (!plan.tree && !hasFilters(query)) {
      const words = plan.droppedWords.slice(0, 6).join(', ');
      return fail('empty_query', `"${words}" ${plan.droppedWords.length === 1 ? 'is a word' : 'are words'} too common to search for; add a more specific one.`);
    }
    const filter = filterPredicate(query);
    const excluded = this.#excludedIds(query);
    const keep = (paper: Paper | undefined): paper is Paper =>
      paper !== undefined &&
      !excluded.has(paper.id) &&
      filter(paper) &&
      query.phrases.every((phrase) => containsPhrase(paper, phrase));

    if (!plan.tree) {
      // Filters only: newest first.
      const listed = [...this.#papers.all()].filter(keep).map((p) => ({ id: p.id, score: 0, terms: [] as string[] }));
      return ok({ candidates: listed.sort((a, b) => this.#newerFirst(a.id, b.id)), respelled: [], listing: true });
    }
    const tree: Query = requireAll ? { ...(plan.tree as object), combineWith: 'AND' } as Query : plan.tree;
    const matches = this.#index.search(tree);
    // Most queries constrain nothing: then every match stands, with no per-match look-up.
    const constrained = hasFilters(query) || excluded.size > 0 || query.phrases.length > 0;
    const candidates = constrained ? matches.filter((m) => keep(this.#papers.get(m.id))) : matches;
    return ok({ candidates, respelled: plan.respelled, listing: false });
  }

  #excludedIds(query: ParsedQuery): Set<string> {
    const ids = new Set<string>();
    for (const words of query.excluded) {
      const plan = planQuery({ words, phrases: [], excluded: [], authors: [], titles: [], hasCode: false }, this.#index, this.#settings);
      if (!plan.tree) continue;
      const exactOnly = { ...(plan.tree as object), combineWith: 'AND' } as Query;
      for (const match of this.#index.search(exactOnly)) {
        const paper = this.#papers.get(match.id);
        // One word: any form of it excludes. Several words: only the exact phrase does.
        if (paper && (words.length === 1 || containsPhrase(paper, words))) ids.add(match.id);
      }
    }
    return ids;
  }

  #newerFirst(a: string, b: string): number {
    const da = this.#papers.get(a)?.appearances.at(-1)?.date ?? paperDate(this.#papers.get(a)!) ?? '';
    const db = this.#papers.get(b)?.appearances.at(-1)?.date ?? paperDate(this.#papers.get(b)!) ?? '';
    return da < db ? 1 : da > db ? -1 : a < b ? -1 : a > b ? 1 : 0;
  }

  #hit(candidate: Candidate, withSnippet: boolean): SearchHit {
    const paper = this.#papers.get(candidate.id);
    if (!paper) throw new Error(`index holds ${candidate.id}, which the collection does not`);
    const snippet = withSnippet ? makeSnippet(paper.abstract, new Set(candidate.terms)) : { text: '', marks: [] };
    return { paper, score: candidate.score, snippet, matchedTerms: candidate.terms };
  }
}
