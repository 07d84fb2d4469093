import MiniSearch, { type Query, type SearchOptions, type SearchResult } from 'minisearch';
import type { Paper } from '../model/paper.js';
import { analyze } from '../text/analyzer.js';
import { acronymAliases } from './acronym-aliases.js';
import { AcronymMiner, type AcronymTable } from './acronyms.js';
import { DEFAULT_RANKING, type RankingSettings } from './ranking-settings.js';

/**
 * The inverted index over papers (MiniSearch), plus what ranking needs beyond it: how many
 * papers hold each term (for typo decisions and more-like-this), which joined words the
 * corpus also writes hyphenated, and the acronym table.
 *
 * Text is analysed once, here, and MiniSearch gets the finished terms; queries reach it
 * as trees of finished terms too, so indexing and querying cannot disagree.
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
export const INDEX_FORMAT_VERSION = 2;

export interface SerializedPaperIndex {
  readonly format: 'paperboy-index';
  readonly version: number;
  readonly documentFrequency: Record<string, number>;
  readonly compounds: Record<string, string[]>;
  readonly acronymCounts: Record<string, Record<string, number>>;
  readonly miniSearch: unknown;
}

export interface IndexMatch {
  readonly id: string;
  /** Sum of the BM25 contributions of the matched terms. */
  readonly score: number;
  /** Index terms that matched in this paper. */
  readonly terms: readonly string[];
}

function miniSearchOptions(settings: RankingSettings) {
  const identity = (term: string): string | null => term || null;
  const split = (text: string): string[] => text.split(' ');
  return {
    fields: [...FIELDS],
    idField: 'id',
    tokenize: split,
    processTerm: identity,
    searchOptions: {
      tokenize: split,
      processTerm: identity,
      boost: { ...settings.boost },
      bm25: { ...settings.bm25 },
      prefix: false,
      fuzzy: false,
      weights: { fuzzy: settings.fuzzyWeight, prefix: 0.375 },
    },
    autoVacuum: true,
  };
}

export class PaperIndex {
  readonly #mini: MiniSearch<IndexedDoc>;
  readonly #df: Map<string, number>;
  /** Joined form of a hyphenated compound → its parts ("backpropag" → back, propag). */
  readonly #compounds: Map<string, readonly string[]>;
  readonly #miner: AcronymMiner;
  readonly #settings: RankingSettings;

  private constructor(
    mini: MiniSearch<IndexedDoc>,
    df: Map<string, number>,
    compounds: Map<string, readonly string[]>,
    miner: AcronymMiner,
    settings: RankingSettings,
  ) {
    this.#mini = mini;
    this.#df = df;
    this.#compounds = compounds;
    this.#miner = miner;
    this.#settings = settings;
  }

  /** Two passes: acronym definitions are mined from every paper before any paper is indexed with its aliases. */
  static build(papers: Iterable<Paper>, settings: RankingSettings = DEFAULT_RANKING): PaperIndex {
    const index = new PaperIndex(new MiniSearch<IndexedDoc>(miniSearchOptions(settings)), new Map(), new Map(), new AcronymMiner(), settings);
    const all = [...papers];
    if (settings.mineAcronyms) for (const paper of all) index.#miner.addText(`${paper.title}. ${paper.abstract}`);
    index.#mini.addAll(all.map((paper) => index.#prepare(paper)));
    return index;
  }

  static fromJSON(json: SerializedPaperIndex, settings: RankingSettings = DEFAULT_RANKING): PaperIndex {
    if (json.format !== 'paperboy-index' || json.version !== INDEX_FORMAT_VERSION) {
      throw new Error(`saved index has format ${String(json.format)} v${String(json.version)}; this build reads v${INDEX_FORMAT_VERSION}: rebuild it`);
    }
    const mini = MiniSearch.loadJS<IndexedDoc>(json.miniSearch as Parameters<typeof MiniSearch.loadJS>[0], miniSearchOptions(settings));
    return new PaperIndex(
      mini,
      new Map(Object.entries(json.documentFrequency)),
      new Map(Object.entries(json.compounds)),
      AcronymMiner.fromCounts(json.acronymCounts),
      settings,
    );
  }

  toJSON(): SerializedPaperIndex {
    return {
      format: 'paperboy-index',
      version: INDEX_FORMAT_VERSION,
      documentFrequency: Object.fromEntries(this.#df),
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

  /** Number of papers containing the term (0 for terms the corpus never uses). */
  documentFrequency(term: string): number {
    return this.#df.get(term) ?? 0;
  }

  /** The parts of a compound the corpus writes hyphenated, when `term` is its joined form. */
  compoundParts(term: string): readonly string[] | undefined {
    return this.#compounds.get(term);
  }

  has(id: string): boolean {
    return this.#mini.has(id);
  }

  /**
   * Adds a paper, or replaces the indexed version of one already there. Its own acronym
   * definitions count at once; papers indexed earlier gain aliases from them on the next build.
   */
  upsert(paper: Paper, previous?: Paper): void {
    if (this.#mini.has(paper.id)) this.remove(paper.id, previous ?? paper);
    if (this.#settings.mineAcronyms) this.#miner.addText(`${paper.title}. ${paper.abstract}`);
    this.#mini.add(this.#prepare(paper));
  }

  /**
   * Upserts a batch (a feed's worth): definitions from the whole batch are mined first, so
   * the acronym table is rebuilt once per batch instead of once per paper.
   */
  upsertAll(changes: ReadonlyArray<{ readonly paper: Paper; readonly previous?: Paper }>): void {
    if (this.#settings.mineAcronyms) for (const { paper } of changes) this.#miner.addText(`${paper.title}. ${paper.abstract}`);
    for (const { paper, previous } of changes) {
      if (this.#mini.has(paper.id)) this.remove(paper.id, previous ?? paper);
      this.#mini.add(this.#prepare(paper));
    }
  }

  /** Reclaims what replaced and removed documents still hold; MiniSearch also does this by itself, in the background. */
  vacuum(): Promise<void> {
    return this.#mini.vacuum();
  }

  /** Removes a paper; `previous` is the version that was indexed, to keep term counts right. */
  remove(id: string, previous: Paper): void {
    if (!this.#mini.has(id)) return;
    this.#mini.discard(id);
    for (const term of new Set(analyze(`${previous.title} ${previous.abstract}`))) {
      const n = (this.#df.get(term) ?? 1) - 1;
      if (n > 0) this.#df.set(term, n);
      else this.#df.delete(term);
    }
  }

  /** Runs a query tree of index terms; scores are plain BM25 sums (see `withoutCoordination`). */
  search(query: Query, options: SearchOptions = {}): IndexMatch[] {
    return this.#mini.search(query, options).map(withoutCoordination);
  }

  #prepare(paper: Paper): IndexedDoc {
    const remember = (joined: string, parts: readonly string[]): void => {
      if (!this.#compounds.has(joined)) this.#compounds.set(joined, parts);
    };
    const titleTerms = analyze(paper.title, remember);
    const textTerms = [...titleTerms, ...analyze(paper.abstract, remember)];
    for (const term of new Set(textTerms)) this.#df.set(term, (this.#df.get(term) ?? 0) + 1);
    return {
      id: paper.id,
      text: textTerms.join(' '),
      title: titleTerms.join(' '),
      authors: analyze(paper.authors.join(' ')).join(' '),
      aliases: this.#settings.mineAcronyms ? acronymAliases(textTerms, this.#miner.table()).join(' ') : '',
    };
  }
}

/**
 * MiniSearch multiplies each score by the number of query terms matched. On SciFact that
 * coordination factor costs about 0.03 nDCG@10 against plain BM25, so it is divided out.
 */
function withoutCoordination(result: SearchResult): IndexMatch {
  return { id: result.id as string, score: result.score / Math.max(1, result.queryTerms.length), terms: result.terms };
}
