import type Database from 'better-sqlite3';
import { listingDate, paperDate, titleKey, type CorpusStats, type Paper, type PaperTable } from '../../src/index.js';
import { changeStamp, type IndexDatabase } from './index-schema.js';
import { withWriteTransaction } from './write-transaction.js';

/**
 * The paper table in the index file: the paper as JSON plus the columns that look-ups
 * (arXiv id, title key), filters (date, code) and listings need, and each feed
 * appearance in a table of its own, so trending reads a month of papers, not a million.
 * Rows are written by paperboy itself, so they are read back without re-validation.
 */
type Row = { json: string };

export class SqlitePaperTable implements PaperTable {
  readonly #db: IndexDatabase;
  readonly #statements = new Map<string, Database.Statement>();
  #countCache: { stamp: string; count: number } | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(db: IndexDatabase) {
    this.#db = db;
  }

  #sql(text: string): Database.Statement {
    let statement = this.#statements.get(text);
    if (!statement) this.#statements.set(text, (statement = this.#db.prepare(text)));
    return statement;
  }

  /** Moves with every write to the file, by this connection or another (see changeStamp). */
  get version(): string {
    return changeStamp(this.#db);
  }

  get size(): number {
    const stamp = changeStamp(this.#db);
    if (this.#countCache?.stamp !== stamp) this.#countCache = { stamp, count: (this.#sql('SELECT count(*) AS n FROM papers').get() as { n: number }).n };
    return this.#countCache.count;
  }

  /** The row number FTS5 knows this paper by. */
  docOf(id: string): number | undefined {
    return (this.#sql('SELECT doc FROM papers WHERE id = ?').get(id) as { doc: number } | undefined)?.doc;
  }

  byId(id: string): Paper | undefined {
    const row = this.#sql('SELECT json FROM papers WHERE id = ?').get(id) as Row | undefined;
    return row ? (JSON.parse(row.json) as Paper) : undefined;
  }

  idOfArxiv(arxivId: string): string | undefined {
    return (this.#sql('SELECT id FROM papers WHERE arxiv_id = ? ORDER BY doc DESC LIMIT 1').get(arxivId) as { id: string } | undefined)?.id;
  }

  idOfTitleKey(key: string): string | undefined {
    return (this.#sql('SELECT id FROM papers WHERE title_key = ? ORDER BY doc LIMIT 1').get(key) as { id: string } | undefined)?.id;
  }

  idOfAlias(alias: string): string | undefined {
    return (this.#sql('SELECT id FROM aliases WHERE alias = ?').get(alias) as { id: string } | undefined)?.id;
  }

  put(paper: Paper): void {
    const { doc } = this.#sql(
      `INSERT INTO papers (id, json, arxiv_id, title_key, paper_date, listing_date, has_code, authors)
       VALUES (@id, @json, @arxivId, @titleKey, @paperDate, @listingDate, @hasCode, @authors)
       ON CONFLICT (id) DO UPDATE SET json = excluded.json, arxiv_id = excluded.arxiv_id, title_key = excluded.title_key,
         paper_date = excluded.paper_date, listing_date = excluded.listing_date, has_code = excluded.has_code, authors = excluded.authors
       RETURNING doc`,
    ).get({
      id: paper.id,
      json: JSON.stringify(paper),
      arxivId: paper.arxivId ?? null,
      titleKey: titleKey(paper.title),
      paperDate: paperDate(paper) ?? null,
      listingDate: listingDate(paper),
      hasCode: paper.codeUrls.length > 0 ? 1 : 0,
      authors: JSON.stringify(paper.authors),
    }) as { doc: number };
    this.#sql('DELETE FROM appearances WHERE doc = ?').run(doc);
    const appearance = this.#sql('INSERT INTO appearances (doc, source, date) VALUES (?, ?, ?)');
    for (const a of paper.appearances) appearance.run(doc, a.source, a.date);
  }

  putAlias(alias: string, id: string): void {
    this.#sql('INSERT INTO aliases (alias, id) VALUES (?, ?) ON CONFLICT (alias) DO UPDATE SET id = excluded.id').run(alias, id);
  }

  *all(): IterableIterator<Paper> {
    // Pages by doc, so no statement stays open across the caller's own queries.
    for (let after = 0; ; ) {
      const rows = this.#sql('SELECT doc, json FROM papers WHERE doc > ? ORDER BY doc LIMIT 1000').all(after) as Array<Row & { doc: number }>;
      if (rows.length === 0) return;
      for (const row of rows) yield JSON.parse(row.json) as Paper;
      after = rows.at(-1)!.doc;
    }
  }

  appearingSince(date: string): Paper[] {
    const rows = this.#sql('SELECT json FROM papers WHERE doc IN (SELECT doc FROM appearances WHERE date >= ?) ORDER BY doc').all(date) as Row[];
    return rows.map((row) => JSON.parse(row.json) as Paper);
  }

  latestFeedDate(): string | undefined {
    return (this.#sql('SELECT max(date) AS latest FROM appearances').get() as { latest: string | null }).latest ?? undefined;
  }

  stats(): CorpusStats {
    const totals = this.#sql(
      `SELECT count(*) AS papers, sum(json_extract(json, '$.abstract') <> '') AS withAbstract, sum(authors <> '[]') AS withAuthors,
              sum(has_code) AS withCode, sum(arxiv_id IS NOT NULL) AS withArxivId, min(paper_date) AS oldest, max(paper_date) AS newest
       FROM papers`,
    ).get() as Record<string, number | string | null>;
    const feeds = this.#sql('SELECT source, count(DISTINCT date) AS days, max(date) AS latest, count(*) AS appearances FROM appearances GROUP BY source ORDER BY source').all() as Array<{
      source: string;
      days: number;
      latest: string;
      appearances: number;
    }>;
    const count = (key: string): number => Number(totals[key] ?? 0);
    return {
      papers: count('papers'),
      withAbstract: count('withAbstract'),
      withAuthors: count('withAuthors'),
      withCode: count('withCode'),
      withArxivId: count('withArxivId'),
      feeds: Object.fromEntries(feeds.map((f) => [f.source, { days: f.days, latest: f.latest, appearances: f.appearances }])),
      ...(typeof totals.oldest === 'string' ? { oldest: totals.oldest } : {}),
      ...(typeof totals.newest === 'string' ? { newest: totals.newest } : {}),
    };
  }

  batch<T>(work: () => T | Promise<T>): Promise<T> {
    const run = this.#queue.then(() => withWriteTransaction(this.#db, work));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Runs synchronous work in a transaction, or inside the one already open on this connection. */
  transaction<T>(work: () => T): T {
    return this.#db.inTransaction ? work() : this.#db.transaction(work).immediate();
  }
}
