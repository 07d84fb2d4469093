import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import type { Paper } from '../model/paper.js';
import type { PaperTable } from '../ports/paper-table.port.js';
import type { IndexChange, IndexWriter, MatchRequest, MatchResult, SearchIndex } from '../ports/search-index.port.js';
import type { PaperAnalysis } from './paper-analysis.js';
import { analyze } from '../text/analyzer.js';
import { AcronymMiner, type AcronymTable } from './acronyms.js';
import { ANALYZER_VERSION } from './analyzer-version.js';
import { rankedFieldsOf } from './field-bm25.js';
import { indexedFields } from './indexed-fields.js';
import { passesFilters, passesPhrases } from './constraints.js';
import { listingOrder } from './listing-order.js';
import type { MatchNode } from './match-tree.js';
import { DEFAULT_RANKING, type RankingSettings } from './ranking-settings.js';
import { TitleSuggester } from './title-suggester.js';
import { topK } from './top-k.js';
import { Vocabulary, type NearSpelling } from './vocabulary.js';

/**
 * The in-memory engine: MiniSearch over the papers of a PaperTable, for team-sized corpora
 * (see README, "Search engines", for where the disk engine takes over). Text is analysed
 * once, here, and MiniSearch gets the finished terms; planned trees reach it as MiniSearch
 * query trees of finished terms, so indexing and querying cannot disagree.
 */
interface IndexedDoc {
  readonly id: string;
  /** Title and abstract together: one BM25 field scores best (see README, Relevance). */
  readonly text: string;
  readonly title: string;
  readonly authors: string;
  /** The other name of each acronym or long form the paper uses (see acronym-aliases.ts). */
  readonly aliases: string;
}

const FIELDS = ['text', 'title', 'authors', 'aliases'] as const;
export const MEMORY_INDEX_FORMAT = 4;

export interface SerializedMemoryIndex {
  readonly format: 'paperboy-memory-index';
  readonly version: number;
  readonly analyzer: number;
  readonly documentFrequency: Record<string, number>;
  readonly compounds: Record<string, string[]>;
  readonly acronymCounts: Record<string, Record<string, number>>;
  readonly miniSearch: unknown;
}

/**
 * MiniSearch takes a field's length to be its number of distinct terms; BM25 means its
 * number of tokens. Indexing tags each token with its position, which makes every token
 * distinct, and processTerm takes the tag off again: the index holds the plain terms and
 * the length is the token count (worth 0.3 points of nDCG@10 on SciFact).
 */
const TAG = '\u0000';
const tagPositions = (text: string): string[] => (text === '' ? [] : text.split(' ').map((token, i) => `${token}${TAG}${i}`));
const untag = (token: string): string | null => token.slice(0, token.indexOf(TAG)) || null;

function miniSearchOptions(settings: RankingSettings) {
  const identity = (term: string): string | null => term || null;
  const split = (text: string): string[] => text.split(' ');
  return {
    fields: [...FIELDS],
    idField: 'id',
    tokenize: tagPositions,
    processTerm: untag,
    searchOptions: { tokenize: split, processTerm: identity, boost: { ...settings.boost }, bm25: { ...settings.bm25 }, prefix: false, fuzzy: false },
    autoVacuum: true,
  };
}

/** A match tree as a MiniSearch query tree; each weighted leaf carries its own term boost. */
function toMiniSearch(node: MatchNode): Query {
  switch (node.kind) {
    case 'term':
      if (node.weight === 1 && !node.fields) return node.term;
      return { combineWith: 'OR', queries: [node.term], boostTerm: () => node.weight, ...(node.fields ? { fields: [...node.fields] } : {}) };
    case 'any':
      return { combineWith: 'OR', queries: node.nodes.map(toMiniSearch) };
    case 'all':
      return { combineWith: 'AND', queries: node.nodes.map(toMiniSearch) };
    case 'phrase':
      // No positions here: every term of the phrase, in any order.
      return { combineWith: 'AND', queries: [...node.terms], ...(node.weight === 1 ? {} : { boostTerm: () => node.weight }) };
    case 'without':
      return { combineWith: 'AND_NOT', queries: [toMiniSearch(node.include), toMiniSearch(node.exclude)] };
  }
}

/**
 * MiniSearch multiplies each score by the number of query terms matched. On SciFact that
 * coordination factor costs about 0.03 nDCG@10 against plain BM25, so it is divided out.
 */
function plainBm25(result: SearchResult): number {
  return result.score / Math.max(1, result.queryTerms.length);
}

export class MemoryIndex implements SearchIndex, IndexWriter {
  readonly #papers: PaperTable;
  readonly #mini: MiniSearch<IndexedDoc>;
  readonly #vocabulary: Vocabulary;
  /** Joined form of a hyphenated compound → its parts ("backpropag" → back, propag). */
  readonly #compounds: Map<string, readonly string[]>;
  readonly #miner: AcronymMiner;
  readonly #settings: RankingSettings;
  readonly #titles: TitleSuggester;

  private constructor(papers: PaperTable, mini: MiniSearch<IndexedDoc>, vocabulary: Vocabulary, compounds: Map<string, readonly string[]>, miner: AcronymMiner, settings: RankingSettings) {
    this.#papers = papers;
    this.#mini = mini;
    this.#vocabulary = vocabulary;
    this.#compounds = compounds;
    this.#miner = miner;
    this.#settings = settings;
    this.#titles = new TitleSuggester();
  }

  /** Two passes: acronym definitions are mined from every paper before any paper is indexed with its aliases. */
  static build(papers: PaperTable, settings: RankingSettings = DEFAULT_RANKING): MemoryIndex {
    const index = new MemoryIndex(papers, new MiniSearch<IndexedDoc>(miniSearchOptions(settings)), new Vocabulary(), new Map(), new AcronymMiner(), settings);
    const all = [...papers.all()];
    if (settings.mineAcronyms) for (const paper of all) index.#miner.addText(`${paper.title}. ${paper.abstract}`);
    index.#mini.addAll(all.map((paper) => index.#prepare(paper, undefined)));
    index.#titles.addAll(all);
    return index;
  }

  /** An index saved by `toJSON` over the same papers; throws when it was saved by another format or analyzer. */
  static fromJSON(papers: PaperTable, json: SerializedMemoryIndex, settings: RankingSettings = DEFAULT_RANKING): MemoryIndex {
    if (json.format !== 'paperboy-memory-index' || json.version !== MEMORY_INDEX_FORMAT || json.analyzer !== ANALYZER_VERSION) {
      throw new Error(
        `saved index has format ${String(json.format)} v${String(json.version)}, analyzer ${String(json.analyzer)}; this build reads v${MEMORY_INDEX_FORMAT}, analyzer ${ANALYZER_VERSION}`,
      );
    }
    const mini = MiniSearch.loadJS<IndexedDoc>(json.miniSearch as Parameters<typeof MiniSearch.loadJS>[0], miniSearchOptions(settings));
    const vocabulary = new Vocabulary();
    for (const [term, df] of Object.entries(json.documentFrequency)) vocabulary.count(term, df);
    for (const joined of Object.keys(json.compounds)) vocabulary.addJoined(joined);
    const index = new MemoryIndex(papers, mini, vocabulary, new Map(Object.entries(json.compounds)), AcronymMiner.fromCounts(json.acronymCounts), settings);
    index.#titles.addAll(papers.all());
    return index;
  }

  toJSON(): SerializedMemoryIndex {
    const documentFrequency: Record<string, number> = {};
    for (const [term, df] of this.#vocabulary.entries()) if (df > 0) documentFrequency[term] = df;
    return {
      format: 'paperboy-memory-index',
      version: MEMORY_INDEX_FORMAT,
      analyzer: ANALYZER_VERSION,
      documentFrequency,
      compounds: Object.fromEntries([...this.#compounds].map(([joined, parts]) => [joined, [...parts]])),
      acronymCounts: this.#miner.counts(),
      miniSearch: this.#mini.toJSON(),
    };
  }

  get documentCount(): number {
    return this.#mini.documentCount;
  }

  get acronyms(): AcronymTable {
    return this.#miner.table();
  }

  documentFrequency(term: string): number {
    return this.#vocabulary.documentFrequency(term);
  }

  compoundParts(joined: string): readonly string[] | undefined {
    return this.#compounds.get(joined);
  }

  nearSpellings(term: string, maxEdits: number): readonly NearSpelling[] {
    return this.#vocabulary.nearSpellings(term, maxEdits);
  }

  completions(prefix: string, limit: number): readonly string[] {
    return this.#vocabulary.completions(prefix, limit);
  }

  has(id: string): boolean {
    return this.#mini.has(id);
  }

  match(request: MatchRequest): MatchResult {
    const c = request.constraints;
    const excluded = new Set<string>(c.excludeIds);
    for (const node of c.excluded) for (const result of this.#mini.search(toMiniSearch(node))) excluded.add(result.id as string);
    const keep = (id: string): boolean => {
      if (excluded.has(id) || (c.within && !c.within.has(id))) return false;
      const paper = this.#papers.byId(id);
      return paper !== undefined && passesFilters(paper, c) && passesPhrases(paper, c);
    };
    if (!request.tree) {
      const listed = [...this.#papers.all()].filter((paper) => keep(paper.id));
      return {
        top: listingOrder(listed)
          .slice(0, request.limit)
          .map((p) => ({ id: p.id, score: 0 })),
        total: listed.length,
      };
    }
    const scored: Array<{ id: string; score: number }> = [];
    const constrained =
      excluded.size > 0 || c.within !== undefined || c.phrases.length > 0 || c.excludedPhrases.length > 0 || c.authors.length > 0 || c.titleTerms.length > 0 || c.since !== undefined || c.hasCode;
    for (const result of this.#mini.search(toMiniSearch(request.tree))) {
      const id = result.id as string;
      if (!constrained || keep(id)) scored.push({ id, score: plainBm25(result) });
    }
    return { top: topK(scored, request.limit), total: scored.length };
  }

  suggestTitles(typed: string, limit: number): readonly string[] {
    return this.#titles.suggest(typed, limit);
  }

  /**
   * Indexes new papers and replaces changed ones. Definitions from the whole batch are
   * mined first; papers indexed earlier gain aliases from them on the next build.
   */
  upsertAll(changes: readonly IndexChange[]): void {
    if (this.#settings.mineAcronyms) for (const { paper } of changes) this.#miner.addText(`${paper.title}. ${paper.abstract}`);
    for (const { paper, previous, analysis } of changes) {
      if (this.#mini.has(paper.id)) this.#remove(paper.id, previous ?? paper);
      this.#mini.add(this.#prepare(paper, analysis));
      this.#titles.upsert(paper, previous);
    }
  }

  /** Reclaims what replaced documents still hold; MiniSearch also does this by itself, in the background. */
  vacuum(): Promise<void> {
    return this.#mini.vacuum();
  }

  #remove(id: string, previous: Paper): void {
    this.#mini.discard(id);
    for (const term of new Set(analyze(`${previous.title} ${previous.abstract}`))) this.#vocabulary.count(term, -1);
  }

  #prepare(paper: Paper, analysis: PaperAnalysis | undefined): IndexedDoc {
    const fields = indexedFields(paper, this.#settings.mineAcronyms ? this.#miner.table() : undefined, analysis);
    for (const [joined, parts] of fields.compounds) {
      if (this.#compounds.has(joined)) continue;
      this.#compounds.set(joined, parts);
      this.#vocabulary.addJoined(joined);
    }
    for (const term of new Set(fields.text)) this.#vocabulary.count(term, 1);
    const ranked = rankedFieldsOf(fields, this.#settings);
    return { id: paper.id, text: ranked.text.join(' '), title: ranked.title.join(' '), authors: ranked.authors.join(' '), aliases: ranked.aliases.join(' ') };
  }
}
