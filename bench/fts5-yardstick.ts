import Database from 'better-sqlite3';

/**
 * The yardstick: SQLite FTS5 with BM25, the usual "just use SQLite" answer to paperboy.
 * Same text (title, abstract), a Porter-stemming tokenizer like paperboy's analyzer,
 * and the query words OR-ed like paperboy's ranked retrieval.
 */
export interface Fts5Doc {
  readonly title: string;
  readonly abstract?: string | undefined;
}

const SCHEMA = "CREATE VIRTUAL TABLE t USING fts5(title, abstract, tokenize='porter unicode61')";
const QUERY = 'SELECT rowid, bm25(t) AS score FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 10';

/**
 * User text as an FTS5 MATCH expression: every whitespace-separated token becomes a quoted
 * string (quotes doubled), OR-ed, so no input can be read as FTS5 syntax (AND, NEAR, col:).
 */
export function matchExpression(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((token) => `"${token.replace(/"/g, '""')}"`)
    .join(' OR ');
}

export interface Fts5Hit {
  readonly rowid: number;
  readonly score: number;
}

export class Fts5Yardstick {
  readonly #db: Database.Database;
  readonly #query: Database.Statement<[string], Fts5Hit>;

  private constructor(db: Database.Database) {
    this.#db = db;
    this.#query = db.prepare<[string], Fts5Hit>(QUERY);
  }

  /** Creates the table in `file` (a new database file) and bulk-inserts in one transaction. */
  static build(file: string, docs: Iterable<Fts5Doc>): Fts5Yardstick {
    const db = new Database(file);
    db.exec(SCHEMA);
    const insert = db.prepare<[string, string]>('INSERT INTO t (title, abstract) VALUES (?, ?)');
    db.transaction(() => {
      for (const doc of docs) insert.run(doc.title, doc.abstract ?? '');
    })();
    return new Fts5Yardstick(db);
  }

  /** Opens a database `build` wrote, read-only: what a freshly started bot would do. */
  static open(file: string): Fts5Yardstick {
    return new Fts5Yardstick(new Database(file, { readonly: true }));
  }

  search(text: string): Fts5Hit[] {
    const expression = matchExpression(text);
    return expression === '' ? [] : this.#query.all(expression);
  }

  /** Bytes the database occupies (pages × page size). */
  sizeBytes(): number {
    const pages = this.#db.pragma('page_count', { simple: true }) as number;
    const pageSize = this.#db.pragma('page_size', { simple: true }) as number;
    return pages * pageSize;
  }

  close(): void {
    this.#db.close();
  }
}
