import type Database from 'better-sqlite3';
import { DEFAULT_RANKING, indexedFields, type AcronymMiner, RANKED_FIELDS, type IndexChange, type IndexedFields, type IndexWriter, type RankingSettings } from '../../src/index.js';
import { savedAcronyms } from './saved-acronyms.js';
import { getMeta, setMeta, type IndexDatabase } from './index-schema.js';
import { storedFields, storedTerms } from './stored-terms.js';
import type { SqlitePaperTable } from './sqlite-paper-table.js';

/**
 * The disk engine's write side: indexes papers the table already holds (same connection,
 * so a batch of papers and their index rows commit together). Word statistics are kept
 * exact: a re-indexed paper's old terms are counted out before its new ones are counted
 * in. Acronym definitions from a whole batch are mined before any of its papers is
 * indexed, as the memory engine does.
 */
export class SqliteIndexWriter implements IndexWriter {
  readonly #db: IndexDatabase;
  readonly #papers: SqlitePaperTable;
  readonly #settings: RankingSettings;
  readonly #statements = new Map<string, Database.Statement>();
  #miner: { miner: AcronymMiner; version: string } | undefined;

  constructor(db: IndexDatabase, papers: SqlitePaperTable, settings: RankingSettings = DEFAULT_RANKING) {
    this.#db = db;
    this.#papers = papers;
    this.#settings = settings;
  }

  #sql(text: string): Database.Statement {
    let statement = this.#statements.get(text);
    if (!statement) this.#statements.set(text, (statement = this.#db.prepare(text)));
    return statement;
  }

  /** The saved definitions, read on the first write and again after another process added some. */
  #acronymMiner(): AcronymMiner {
    const version = getMeta(this.#db, 'acronyms_version') ?? '0';
    if (this.#miner?.version !== version) {
      this.#miner = { miner: savedAcronyms(this.#db), version };
    }
    return this.#miner.miner;
  }

  upsertAll(changes: readonly IndexChange[]): void {
    if (changes.length === 0) return;
    this.#papers.transaction(() => {
      const miner = this.#settings.mineAcronyms ? this.#acronymMiner() : undefined;
      if (miner) for (const { paper } of changes) miner.addText(`${paper.title}. ${paper.abstract}`);
      this.#saveAcronyms(miner);
      const table = miner?.table();
      const tally = new FieldTally(this.#settings.titleRepeat);
      for (const { paper, previous, analysis } of changes) {
        const doc = this.#papers.docOf(paper.id);
        if (doc === undefined) throw new Error(`cannot index ${paper.id}: put it in the paper table first`);
        if (previous) {
          this.#sql('DELETE FROM fts WHERE rowid = ?').run(doc);
          this.#sql('DELETE FROM lookup WHERE rowid = ?').run(doc);
          // Exactly what it was indexed with (the acronym table may have learnt more since).
          const indexed = this.#sql('SELECT terms, aliases FROM papers WHERE doc = ?').get(doc) as { terms: string; aliases: string };
          tally.add(storedFields(indexed.terms, indexed.aliases), -1);
        }
        const fields = indexedFields(paper, table, analysis);
        this.#sql('INSERT INTO fts (rowid, text, title, authors, aliases) VALUES (?, ?, ?, ?, ?)').run(
          doc,
          fields.text.join(' '),
          fields.title.join(' '),
          fields.authors.join(' '),
          fields.aliases.join(' '),
        );
        this.#sql('INSERT INTO lookup (rowid, names, words) VALUES (?, ?, ?)').run(doc, fields.names.join(' '), fields.titleWords.join(' '));
        this.#sql('UPDATE papers SET aliases = ?, terms = ? WHERE doc = ?').run(fields.aliases.join(' '), storedTerms(fields), doc);
        tally.add(fields, 1);
        for (const [joined, parts] of fields.compounds) this.#sql('INSERT OR IGNORE INTO compounds (joined, parts) VALUES (?, ?)').run(joined, parts.join(' '));
      }
      this.#saveTally(tally);
    });
  }

  /** Adds a batch's counts to the word statistics; a term no paper holds any more leaves them. */
  #saveTally(tally: FieldTally): void {
    const upsert = this.#sql(
      `INSERT INTO terms (term, df, title_df, authors_df, aliases_df) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (term) DO UPDATE SET df = df + excluded.df, title_df = title_df + excluded.title_df,
         authors_df = authors_df + excluded.authors_df, aliases_df = aliases_df + excluded.aliases_df`,
    );
    const dropIfUnused = this.#sql('DELETE FROM terms WHERE term = ? AND df <= 0 AND title_df <= 0 AND authors_df <= 0 AND aliases_df <= 0');
    for (const [term, d] of tally.frequencies) {
      if (d[0] === 0 && d[1] === 0 && d[2] === 0 && d[3] === 0) continue;
      upsert.run(term, d[0], d[1], d[2], d[3]);
      if (d[0] < 0 || d[1] < 0 || d[2] < 0 || d[3] < 0) dropIfUnused.run(term);
    }
    RANKED_FIELDS.forEach((field, i) => {
      if (tally.lengths[i] !== 0) setMeta(this.#db, `length_${field}`, String(Number(getMeta(this.#db, `length_${field}`) ?? '0') + tally.lengths[i]!));
    });
  }

  /** Adds the definitions found to the saved ones and tells readers (in any process) to reload the table. */
  #saveAcronyms(miner: AcronymMiner | undefined): void {
    const found = miner?.takeChanges() ?? [];
    if (found.length === 0 || !this.#miner) return;
    const save = this.#sql('INSERT INTO acronyms (acronym, expansion, count) VALUES (?, ?, ?) ON CONFLICT (acronym, expansion) DO UPDATE SET count = count + excluded.count');
    for (const row of found) save.run(row.acronym, row.expansion, row.added);
    const version = String(Number(this.#miner.version) + 1);
    setMeta(this.#db, 'acronyms_version', version);
    this.#miner = { miner: this.#miner.miner, version };
  }
}

/**
 * Per term, how many more (or fewer) papers hold it in each ranked field; and how much longer
 * the fields got. Ranking's text field is the title `titleRepeat` times, then the abstract:
 * its terms are the text's, its length counts the title again.
 */
class FieldTally {
  /** Per term: the change in document frequency of each field, then the last paper that counted it there. */
  readonly frequencies = new Map<string, [number, number, number, number, number, number, number, number]>();
  readonly lengths: [number, number, number, number] = [0, 0, 0, 0];
  readonly #titleRepeat: number;
  #paper = 0;

  constructor(titleRepeat: number) {
    this.#titleRepeat = titleRepeat;
  }

  add(fields: Pick<IndexedFields, 'text' | 'title' | 'authors' | 'aliases'>, delta: number): void {
    this.#paper += 1;
    this.lengths[0] += delta * (fields.text.length + (this.#titleRepeat - 1) * fields.title.length);
    this.#count(0, fields.text, delta);
    RANKED_FIELDS.forEach((field, i) => {
      if (i === 0) return;
      this.lengths[i]! += delta * fields[field].length;
      this.#count(i, fields[field], delta);
    });
  }

  /** Each distinct term once per paper: a per-term stamp instead of a set per field. */
  #count(field: number, terms: readonly string[], delta: number): void {
    for (const term of terms) {
      let counts = this.frequencies.get(term);
      if (!counts) this.frequencies.set(term, (counts = [0, 0, 0, 0, 0, 0, 0, 0]));
      if (counts[field + 4] === this.#paper) continue;
      counts[field + 4] = this.#paper;
      counts[field]! += delta;
    }
  }
}
