import Database from 'better-sqlite3';

/**
 * The disk engine's file: one SQLite database holding the papers (a cache of storage's
 * papers, with the columns look-ups and filters need), an FTS5 index fed with paperboy's
 * own analysed terms, and the word statistics query planning reads. It is a cache: it can
 * always be rebuilt from storage, so a file of another format is rebuilt, never migrated.
 *
 * `terms` holds, per term, how many papers hold it in each ranked field (df is the text
 * field's, which query planning reads), and meta the fields' total lengths: what scoring
 * the best candidates again with paperboy's own BM25 needs (search/field-bm25.ts). Each
 * paper keeps its analysed terms (title, abstract, authors, tab-separated) and aliases, so
 * scoring it again splits strings instead of analysing text.
 *
 * FTS5 tables are contentless (the text lives in `papers`) with contentless_delete, so a
 * re-indexed paper's old row can be deleted without repeating its old text. The `ascii`
 * tokenizer splits only on ASCII punctuation and spaces, which keeps every analysed term
 * (letters, digits, other scripts) whole.
 */
export const INDEX_FILE_FORMAT = 3;

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE papers (
  doc INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  json TEXT NOT NULL,
  arxiv_id TEXT,
  title_key TEXT NOT NULL,
  paper_date TEXT,
  listing_date TEXT NOT NULL,
  has_code INTEGER NOT NULL,
  authors TEXT NOT NULL,
  aliases TEXT NOT NULL DEFAULT '',
  terms TEXT NOT NULL DEFAULT ''
);
CREATE INDEX papers_by_arxiv ON papers (arxiv_id) WHERE arxiv_id IS NOT NULL;
CREATE INDEX papers_by_title ON papers (title_key, doc);
CREATE INDEX papers_by_listing ON papers (listing_date DESC, id);
CREATE TABLE aliases (alias TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE appearances (doc INTEGER NOT NULL, source TEXT NOT NULL, date TEXT NOT NULL);
CREATE INDEX appearances_by_date ON appearances (date, doc);
CREATE INDEX appearances_by_doc ON appearances (doc);
CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL, title_df INTEGER NOT NULL, authors_df INTEGER NOT NULL, aliases_df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE compounds (joined TEXT PRIMARY KEY, parts TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE acronyms (acronym TEXT NOT NULL, expansion TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (acronym, expansion)) WITHOUT ROWID;
CREATE VIRTUAL TABLE fts USING fts5(text, title, authors, aliases, tokenize = 'ascii', content = '', contentless_delete = 1);
CREATE VIRTUAL TABLE lookup USING fts5(names, words, tokenize = 'ascii', content = '', contentless_delete = 1, prefix = '2 3');
`;

export type IndexDatabase = Database.Database;

export interface OpenOptions {
  /** Page cache per connection, in MB (SQLite's default is 2). */
  readonly cacheMb?: number;
}

/** Opens (creating if need be) the index file with the pragmas every connection needs. */
export function openIndexDatabase(file: string, options: OpenOptions = {}): IndexDatabase {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; power loss can drop the last commits, which catch-up repairs.
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = -${(options.cacheMb ?? 16) * 1024}`);
    db.pragma('temp_store = MEMORY');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Creates the tables in an empty file and stamps it with the format and analyzer version. */
export function createSchema(db: IndexDatabase, analyzer: number): void {
  db.transaction(() => {
    db.exec(SCHEMA);
    setMeta(db, 'format', String(INDEX_FILE_FORMAT));
    setMeta(db, 'analyzer', String(analyzer));
    setMeta(db, 'synced_seq', '0');
    setMeta(db, 'acronyms_version', '0');
    for (const field of ['text', 'title', 'authors', 'aliases']) setMeta(db, `length_${field}`, '0');
  }).immediate();
}

export function hasSchema(db: IndexDatabase): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'").get() !== undefined;
}

export function getMeta(db: IndexDatabase, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: IndexDatabase, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/**
 * Changes whenever the file's content may have changed: data_version moves when another
 * connection commits, total_changes() when this one writes. Caches of what the file holds
 * (the acronym table, the vocabulary, counts) are keyed by it.
 */
export function changeStamp(db: IndexDatabase): string {
  let statements = stampStatements.get(db);
  if (!statements) stampStatements.set(db, (statements = { others: db.prepare('PRAGMA data_version').pluck(), own: db.prepare('SELECT total_changes()').pluck() }));
  return `${String(statements.others.get())}:${String(statements.own.get())}`;
}

/** Prepared once per connection: the stamp is read on every search. */
const stampStatements = new WeakMap<IndexDatabase, { others: Database.Statement; own: Database.Statement }>();
