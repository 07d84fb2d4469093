import type Database from 'better-sqlite3';
import {
  rankedFieldsOf,
  scoreTree,
  type FieldStatistics,
  type MatchNode,
  type ScoredId,
  authorMatches,
  DEFAULT_RANKING,
  plainWords,
  type AcronymTable,
  type MatchConstraints,
  type MatchRequest,
  type MatchResult,
  type NearSpelling,
  type RankingSettings,
  type SearchIndex,
} from '../../src/index.js';
import { narrowing, NEWEST_PAPERS, type Narrowing } from './common-words.js';
import { ftsQuery, namesExpression, phraseExpression, titleExpression } from './fts-expression.js';
import { savedAcronyms } from './saved-acronyms.js';
import { changeStamp, getMeta, type IndexDatabase } from './index-schema.js';
import type { SqlitePaperTable } from './sqlite-paper-table.js';
import { storedFields } from './stored-terms.js';
import { VocabularyCache } from './vocabulary-cache.js';

/**
 * The disk engine's read side: SQLite FTS5 scores planned trees with bm25() and the
 * paper's field weights, and the query's filters run in SQL beside it. Word statistics
 * come from the `terms` and `compounds` tables; the acronym table is reloaded when a
 * writer (this process or another) changed it.
 */
/** How many of FTS5's best are scored again with paperboy's BM25: enough for any page of results people read. */
export const RESCORE_DEPTH = 50;

interface Filter {
  readonly sql: string;
  readonly params: unknown[];
}

export class SqliteSearchIndex implements SearchIndex {
  readonly #db: IndexDatabase;
  readonly #papers: SqlitePaperTable;
  readonly #weights: string;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #vocabulary: VocabularyCache;
  readonly #settings: RankingSettings;
  #acronyms: { version: string; stamp: string; table: AcronymTable } | undefined;

  readonly #commonWordDocs: number | undefined;

  constructor(db: IndexDatabase, papers: SqlitePaperTable, settings: RankingSettings = DEFAULT_RANKING, commonWordDocs?: number) {
    this.#commonWordDocs = commonWordDocs;
    this.#db = db;
    this.#papers = papers;
    const { text, title, authors, aliases } = settings.columnWeights;
    this.#weights = [text, title, authors, aliases].join(', ');
    this.#vocabulary = new VocabularyCache(db);
    this.#settings = settings;
  }

  #sql(text: string): Database.Statement {
    let statement = this.#statements.get(text);
    if (!statement) this.#statements.set(text, (statement = this.#db.prepare(text)));
    return statement;
  }

  get documentCount(): number {
    return this.#papers.size;
  }

  get acronyms(): AcronymTable {
    // Only a write (here or in another process) can have changed the saved table.
    const stamp = changeStamp(this.#db);
    if (this.#acronyms?.stamp === stamp) return this.#acronyms.table;
    const version = getMeta(this.#db, 'acronyms_version') ?? '0';
    if (this.#acronyms?.version === version) this.#acronyms = { ...this.#acronyms, stamp };
    else {
      this.#acronyms = { version, stamp, table: savedAcronyms(this.#db).table() };
    }
    return this.#acronyms.table;
  }

  /** Papers with the word in any column: what FTS5 reads and scores for it. */
  #papersWith(term: string): number {
    const row = this.#sql('SELECT df + authors_df + aliases_df AS n FROM terms WHERE term = ?').get(term) as { n: number } | undefined;
    return row?.n ?? 0;
  }

  /** Forgets what searches loaded (the acronym table): for a connection that stopped answering searches. */
  dropCaches(): void {
    this.#acronyms = undefined;
  }

  documentFrequency(term: string): number {
    return (this.#sql('SELECT df FROM terms WHERE term = ?').get(term) as { df: number } | undefined)?.df ?? 0;
  }

  compoundParts(joined: string): readonly string[] | undefined {
    const row = this.#sql('SELECT parts FROM compounds WHERE joined = ?').get(joined) as { parts: string } | undefined;
    return row ? row.parts.split(' ') : undefined;
  }

  nearSpellings(term: string, maxEdits: number): readonly NearSpelling[] {
    return this.#vocabulary.current().nearSpellings(term, maxEdits);
  }

  completions(prefix: string, limit: number): readonly string[] {
    // The range of keys that start with `prefix`: no vocabulary in memory needed.
    const rows = this.#sql(
      `SELECT term FROM (SELECT term FROM terms WHERE term > @prefix AND term < @prefix || char(1114111) AND df > 0
                         UNION SELECT joined FROM compounds WHERE joined > @prefix AND joined < @prefix || char(1114111))
       ORDER BY term LIMIT @limit`,
    ).all({ prefix, limit }) as Array<{ term: string }>;
    return rows.map((r) => r.term);
  }

  match(request: MatchRequest): MatchResult {
    const filters = this.#filters(request.constraints);
    if (filters === 'nothing') return { top: [], total: 0 };
    const where = filters.map((f) => f.sql);
    const params = filters.flatMap((f) => f.params);
    if (!request.tree) {
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const top = this.#db.prepare(`SELECT p.id AS id, 0 AS score FROM papers p ${clause} ORDER BY p.listing_date DESC, p.id LIMIT ?`).all(...params, request.limit) as Array<{
        id: string;
        score: number;
      }>;
      const { total } = this.#db.prepare(`SELECT count(*) AS total FROM papers p ${clause}`).get(...params) as { total: number };
      return { top, total };
    }
    const query = ftsQuery(request.tree, request.weighted ?? false);
    if (!query) return { top: [], total: 0 };
    const wanted = request.ordered === false ? request.limit : Math.max(request.limit, RESCORE_DEPTH);
    // bm25() must be computed where FTS5 scans its matches. Without filters, FTS5 alone ranks and
    // counts (a join per match would cost more than the search); with them, its matches meet `papers`.
    const scored = `SELECT rowid AS doc, -bm25(fts, ${this.#weights}) / ${query.resolution} AS score FROM fts WHERE fts MATCH ?`;
    const filtered = where.length > 0 ? `AND doc IN (SELECT p.doc FROM papers p WHERE ${where.join(' AND ')})` : '';
    // Statements with filters vary with them: prepared each time, not kept.
    const statement = (sql: string) => (where.length > 0 ? this.#db.prepare(sql) : this.#sql(sql));
    const bestOf = (expression: string, fromDoc = 0) =>
      statement(
        where.length > 0 ? `SELECT doc, score FROM (${scored} AND rowid > ?) WHERE 1 ${filtered} ORDER BY score DESC, doc LIMIT ?` : `${scored} AND rowid > ? ORDER BY score DESC, doc LIMIT ?`,
      ).all(expression, fromDoc, ...params, wanted) as Array<{ doc: number; score: number }>;
    // Common words: score only the papers that can be among the best (common-words.ts), unless too few are.
    const narrowed = where.length === 0 ? narrowing(request.tree, (term) => this.#papersWith(term), this.#commonWordDocs) : undefined;
    const best = narrowed ? this.#narrowedBest(narrowed, query.expression, wanted, bestOf) : bestOf(query.expression);
    const total =
      best.length < wanted
        ? best.length
        : (
            statement(where.length > 0 ? `SELECT count(*) AS n FROM (SELECT rowid AS doc FROM fts WHERE fts MATCH ?) WHERE 1 ${filtered}` : 'SELECT count(*) AS n FROM fts WHERE fts MATCH ?').get(
              query.expression,
              ...params,
            ) as { n: number }
          ).n;
    const idOf = this.#sql('SELECT id FROM papers WHERE doc = ?').pluck();
    const rows = best.map(({ doc, score }) => ({ id: idOf.get(doc) as string, score }));
    if (request.ordered === false) return { top: rows, total };
    return { top: this.#rescored(request.tree, rows).slice(0, request.limit), total };
  }

  /** The best candidates among papers with a rarer word, then among those with every common word in the title, then among the newest. */
  #narrowedBest(narrowed: Narrowing, whole: string, wanted: number, bestOf: (expression: string, fromDoc?: number) => Array<{ doc: number; score: number }>): Array<{ doc: number; score: number }> {
    const best: Array<{ doc: number; score: number }> = [];
    const seen = new Set<number>();
    const add = (rows: ReadonlyArray<{ doc: number; score: number }>): void => {
      for (const row of rows)
        if (!seen.has(row.doc) && best.length < wanted) {
          best.push(row);
          seen.add(row.doc);
        }
    };
    if (narrowed.rarer) add(bestOf(`${narrowed.rarer} AND (${whole})`));
    if (best.length < wanted) add(bestOf(`${narrowed.common} AND (${whole})`));
    if (best.length < wanted) {
      const newest = (this.#sql('SELECT max(rowid) FROM fts').pluck().get() as number | null) ?? 0;
      add(bestOf(whole, newest - NEWEST_PAPERS));
    }
    if (best.length < wanted) add(bestOf(whole));
    return best;
  }

  /**
   * The best candidates FTS5 found, scored again with paperboy's own per-field BM25 (what
   * the memory engine computes): both engines then rank alike. Candidates past the depth
   * keep FTS5's order, after them.
   */
  #rescored(tree: MatchNode, rows: ReadonlyArray<{ id: string; score: number }>): ScoredId[] {
    const statistics = fieldStatistics(this.#db, this.#papers);
    const head = rows.slice(0, RESCORE_DEPTH).map(({ id }) => {
      const row = this.#sql('SELECT terms, aliases FROM papers WHERE id = ?').get(id) as { terms: string; aliases: string };
      const fields = rankedFieldsOf(storedFields(row.terms, row.aliases), this.#settings);
      // FTS5 may take a paper our own model would not (a long form's words apart): it then ranks last.
      return { id, score: scoreTree(tree, fields, statistics, this.#settings) ?? 0 };
    });
    head.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // Past the depth, FTS5's order, its scores scaled under the last one scored again, so scores still fall down the list.
    const tail = rows.slice(RESCORE_DEPTH);
    const floor = head.at(-1)?.score ?? 0;
    const top = tail[0]?.score ?? 1;
    return [...head, ...tail.map(({ id, score }) => ({ id, score: (floor * 0.999 * score) / Math.max(top, 1e-9) }))];
  }

  suggestTitles(typed: string, limit: number): readonly string[] {
    const words = plainWords(typed).filter((w) => /^[\p{L}\p{N}]+$/u.test(w));
    if (words.length === 0) return [];
    // Every word as typed, the last one a prefix (it is still being typed).
    const expression = words.map((w, i) => `{words}: "${w}"${i === words.length - 1 ? '*' : ''}`).join(' AND ');
    const rows = this.#sql('SELECT p.id AS id FROM lookup JOIN papers p ON p.doc = lookup.rowid WHERE lookup MATCH ? ORDER BY bm25(lookup), p.id LIMIT ?').all(expression, limit) as Array<{
      id: string;
    }>;
    return rows.map((r) => r.id);
  }

  /** The constraints as SQL over `p` (papers) and `fts`; 'nothing' when they rule out every paper. */
  #filters(c: MatchConstraints): Filter[] | 'nothing' {
    const filters: Filter[] = [];
    const inFts = (expression: string): Filter => ({ sql: 'p.doc IN (SELECT rowid FROM fts WHERE fts MATCH ?)', params: [expression] });
    if (c.since !== undefined) filters.push({ sql: 'p.paper_date >= ?', params: [c.since] });
    if (c.hasCode) filters.push({ sql: 'p.has_code = 1', params: [] });
    for (const run of c.phrases) filters.push(inFts(phraseExpression(run)));
    if (c.titleTerms.length > 0) filters.push(inFts(titleExpression(c.titleTerms)));
    const excluded = [...c.excludedPhrases.map(phraseExpression)];
    for (const node of c.excluded) {
      const query = ftsQuery(node);
      if (query) excluded.push(query.expression);
    }
    if (excluded.length > 0) filters.push({ sql: 'p.doc NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)', params: [excluded.map((e) => `(${e})`).join(' OR ')] });
    if (c.excludeIds && c.excludeIds.size > 0) filters.push({ sql: 'p.id NOT IN (SELECT value FROM json_each(?))', params: [JSON.stringify([...c.excludeIds])] });
    if (c.within) filters.push({ sql: 'p.id IN (SELECT value FROM json_each(?))', params: [JSON.stringify([...c.within])] });
    if (c.authors.length > 0) {
      const docs = this.#authorDocs(c.authors);
      if (docs.length === 0) return 'nothing';
      filters.push({ sql: 'p.doc IN (SELECT value FROM json_each(?))', params: [JSON.stringify(docs)] });
    }
    return filters;
  }

  /** Papers whose authors pass every author: filter: candidates from the names index, checked exactly. */
  #authorDocs(authors: readonly (readonly string[])[]): number[] {
    const narrowing = authors.flatMap((words) => namesExpression(words) ?? []);
    const rows = (
      narrowing.length > 0
        ? this.#sql('SELECT p.doc AS doc, p.authors AS authors FROM lookup JOIN papers p ON p.doc = lookup.rowid WHERE lookup MATCH ?').all(narrowing.map((e) => `(${e})`).join(' AND '))
        : this.#sql('SELECT doc, authors FROM papers').all()
    ) as Array<{ doc: number; authors: string }>;
    return rows
      .filter((row) => {
        const names = JSON.parse(row.authors) as string[];
        return authors.every((words) => authorMatches(names, words));
      })
      .map((row) => row.doc);
  }
}

/** Per-field document frequencies and mean lengths from the index file, read once for one search's scoring. */
function fieldStatistics(db: IndexDatabase, papers: SqlitePaperTable): FieldStatistics {
  const column = { text: 'df', title: 'title_df', authors: 'authors_df', aliases: 'aliases_df' } as const;
  const documentCount = papers.size;
  const averages: Record<string, number> = {};
  for (const name of Object.keys(column)) averages[name] = Number(getMeta(db, `length_${name}`) ?? 0) / Math.max(1, documentCount);
  const rows = new Map<string, Record<string, number> | undefined>();
  const frequency = frequencyStatement(db);
  return {
    documentCount,
    fieldFrequency(field, term) {
      if (!rows.has(term)) rows.set(term, frequency.get(term) as Record<string, number> | undefined);
      return Math.max(0, rows.get(term)?.[column[field]] ?? 0);
    },
    averageLength: (field) => averages[field] ?? 0,
  };
}

const frequencyStatements = new WeakMap<IndexDatabase, Database.Statement>();

function frequencyStatement(db: IndexDatabase): Database.Statement {
  let statement = frequencyStatements.get(db);
  if (!statement) frequencyStatements.set(db, (statement = db.prepare('SELECT df, title_df, authors_df, aliases_df FROM terms WHERE term = ?')));
  return statement;
}
