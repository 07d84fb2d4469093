import type { PaperCollection } from '../corpus/paper-collection.js';
import type { Paper } from '../model/paper.js';
import type { MatchConstraints, ScoredId, SearchIndex } from '../ports/search-index.port.js';
import { fail, ok, type Result } from '../result.js';
import { analyze } from '../text/analyzer.js';
import { constraintsOf, hasFilters, NO_CONSTRAINTS, passesFilters } from './constraints.js';
import { hitTerms } from './hit-terms.js';
import { requireEvery, scoringTerms, type MatchNode } from './match-tree.js';
import { planQuery, planWords } from './query-plan.js';
import { MAX_QUERY_LENGTH, parseQuery, plainQuery, type ParsedQuery } from './query-syntax.js';
import { DEFAULT_RANKING, type RankingSettings } from './ranking-settings.js';
import { relatedQuery } from './related.js';
import { makeSnippet, type Snippet } from './snippet.js';

export interface SearchHit {
  readonly paper: Paper;
  /** BM25 relevance; 0 for filter-only listings. */
  readonly score: number;
  readonly snippet: Snippet;
  /** Index terms of the query that this paper holds (worked out with the snippet: empty without one). */
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

export interface RelatedPage {
  readonly paper: Paper;
  readonly hits: readonly RelatedHit[];
  readonly total: number;
}

export const DEFAULT_PAGE_SIZE = 5;
export const MAX_PAGE_SIZE = 1000;

interface Planned {
  readonly tree: MatchNode | undefined;
  readonly constraints: MatchConstraints;
  readonly respelled: readonly string[];
}

function checkPaging(offset: number, limit: number): Result<true> {
  if (!Number.isInteger(offset) || offset < 0) return fail('bad_argument', `offset must be a whole number ≥ 0, not ${offset}.`);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    return fail('bad_argument', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${limit}.`);
  }
  return ok(true);
}

/**
 * Search over the corpus, whatever engine holds the index: the query language is parsed
 * and planned here, the engine scores the plan under the query's constraints, and pages,
 * snippets and "why" words are made here, so every engine answers alike.
 */
export class SearchEngine {
  readonly papers: PaperCollection;
  readonly index: SearchIndex;
  readonly #settings: RankingSettings;

  constructor(papers: PaperCollection, index: SearchIndex, settings: RankingSettings = DEFAULT_RANKING) {
    this.papers = papers;
    this.index = index;
    this.#settings = settings;
  }

  search(request: SearchRequest): Result<SearchPage> {
    const offset = request.offset ?? 0;
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const paging = checkPaging(offset, limit);
    if (!paging.ok) return paging;
    const parsed = typeof request.query === 'string' ? parseQuery(request.query) : ok(request.query);
    if (!parsed.ok) return parsed;
    const planned = this.#plan(parsed.value, false);
    if (!planned.ok) return planned;
    const { tree, constraints, respelled } = planned.value;

    // A query that is exactly an id, arXiv id or title shows that paper first.
    const exact = typeof request.query === 'string' ? this.papers.get(request.query) : undefined;
    const first = exact && passesFilters(exact, constraints) ? exact : undefined;
    const found = this.index.match({ tree, constraints, limit: offset + limit + (first ? 1 : 0) });
    let ordered: readonly ScoredId[] = found.top;
    let total = found.total;
    if (first) {
      const own = ordered.find((s) => s.id === first.id);
      if (!own) total += 1;
      ordered = [own ?? { id: first.id, score: 0 }, ...ordered.filter((s) => s.id !== first.id)];
    }
    const withSnippets = request.snippets ?? true;
    const credited = tree ? scoringTerms(tree) : new Set<string>();
    return ok({
      query: parsed.value,
      hits: ordered.slice(offset, offset + limit).map((s) => this.#hit(s, credited, withSnippets)),
      total,
      offset,
      limit,
      respelled,
    });
  }

  /** Ids among `within` that are about `topic`: every word (or its acronym form) must match, and its filters hold. */
  topicMatches(topic: string, within: ReadonlySet<string>): Result<Set<string>> {
    const parsed = parseQuery(topic);
    if (!parsed.ok) return parsed;
    const planned = this.#plan(parsed.value, true);
    if (!planned.ok) return planned;
    if (within.size === 0) return ok(new Set());
    const { tree, constraints } = planned.value;
    const found = this.index.match({ tree, constraints: { ...constraints, within }, limit: within.size, ordered: false });
    return ok(new Set(found.top.map((s) => s.id)));
  }

  /** Whether `topic` is a query this corpus can run (for subscribe, before a digest ever uses it). */
  checkTopic(topic: string): Result<true> {
    const parsed = parseQuery(topic);
    if (!parsed.ok) return parsed;
    const planned = this.#plan(parsed.value, true);
    return planned.ok ? ok(true) : planned;
  }

  /** A paper by id, arXiv id, exact title, or failing those the one paper whose title has all the words given. */
  resolve(ref: string): Result<Paper> {
    const wanted = ref.trim();
    if (wanted === '') return fail('bad_argument', 'Which paper? Give its id (as shown in search results) or words from its title.');
    if (wanted.length > MAX_QUERY_LENGTH) return fail('bad_argument', `That is ${wanted.length} characters; give a paper id or a few words from its title.`);
    const direct = this.papers.get(wanted);
    if (direct) return ok(direct);
    const found = this.search({ query: plainQuery(wanted), limit: 10, snippets: false });
    const hits = found.ok ? found.value.hits.map((h) => h.paper) : [];
    const words = analyze(wanted);
    const fits = hits.filter((paper) => {
      const title = new Set(analyze(paper.title));
      return words.length > 0 && words.every((w) => title.has(w));
    });
    const shown = (papers: readonly Paper[]): string =>
      papers
        .slice(0, 3)
        .map((p) => `${p.id} (${p.title.slice(0, 60)})`)
        .join(', ');
    if (fits.length === 1) return ok(fits[0]!);
    if (fits.length > 1) return fail('not_found', `"${wanted.slice(0, 80)}" could be several papers: ${shown(fits)}. Use the id.`);
    if (hits.length === 0) return fail('not_found', `No paper matches "${wanted.slice(0, 80)}". Try a search first and use an id from the results.`);
    return fail('not_found', `No paper title has all of "${wanted.slice(0, 80)}". Closest: ${shown(hits)}. Use the id.`);
  }

  related(ref: string, { limit = DEFAULT_PAGE_SIZE, offset = 0 } = {}): Result<RelatedPage> {
    const paging = checkPaging(offset, limit);
    if (!paging.ok) return paging;
    const source = this.resolve(ref);
    if (!source.ok) return source;
    const { tree, keyTerms } = relatedQuery(source.value, this.index);
    if (!tree) return ok({ paper: source.value, hits: [], total: 0 });
    const constraints: MatchConstraints = { ...NO_CONSTRAINTS, excludeIds: new Set([source.value.id]) };
    const found = this.index.match({ tree, constraints, limit: offset + limit, weighted: true });
    const credited = scoringTerms(tree);
    const hits = found.top.slice(offset).map((s) => {
      const hit = this.#hit(s, credited, true);
      const matched = new Set(hit.matchedTerms);
      const shared = new Set(keyTerms.filter((k) => matched.has(k.term)).map((k) => k.word));
      return { ...hit, sharedWords: [...shared].slice(0, 5) };
    });
    return ok({ paper: source.value, hits, total: found.total });
  }

  /** Papers whose titles start like `typed`, for autocomplete. */
  suggestTitles(typed: string, limit: number): Paper[] {
    return this.index.suggestTitles(typed, limit).flatMap((id) => this.papers.table.byId(id) ?? []);
  }

  #plan(query: ParsedQuery, requireAll: boolean): Result<Planned> {
    const plan = planQuery(query, this.index, this.#settings, requireAll ? 'filter' : 'ranked');
    const base = constraintsOf(query);
    if (!plan.tree && !hasFilters(base)) {
      const words = plan.droppedWords.slice(0, 6).join(', ');
      return fail('empty_query', `"${words}" ${plan.droppedWords.length === 1 ? 'is a word' : 'are words'} too common to search for; add a more specific one.`);
    }
    const emptyTitle = query.titles.find((words) => analyze(words.join(' ')).length === 0);
    if (emptyTitle) return fail('bad_query', `title:"${emptyTitle.join(' ')}" holds only words too common to search for; name a more specific word.`);
    // One excluded word leaves out any form of it; several leave out only that phrase.
    const excluded = query.excluded.filter((words) => words.length === 1).flatMap((words) => planWords(words, this.index, this.#settings, 'filter').tree ?? []);
    const tree = plan.tree && requireAll ? requireEvery(plan.tree) : plan.tree;
    return ok({ tree, constraints: { ...base, excluded: excluded.map(requireEvery) }, respelled: plan.respelled });
  }

  #hit(scored: ScoredId, credited: ReadonlySet<string>, withSnippet: boolean): SearchHit {
    const paper = this.papers.table.byId(scored.id);
    if (!paper) throw new Error(`the index holds ${scored.id}, which the paper table does not`);
    const matchedTerms = credited.size === 0 || !withSnippet ? [] : hitTerms(paper, credited, this.index.acronyms);
    const snippet = withSnippet ? makeSnippet(paper.abstract, new Set(matchedTerms)) : { text: '', marks: [] };
    return { paper, score: scored.score, snippet, matchedTerms };
  }
}
