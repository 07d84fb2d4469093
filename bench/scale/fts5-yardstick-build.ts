import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

/**
 * Builds the yardstick's FTS5 table from a JSON Lines corpus file, streaming, in one
 * transaction: what SQLite itself takes to index the text paperboy indexes.
 *
 *   node dist/bench/scale/fts5-yardstick-build.js <papers.jsonl> <database>
 *
 * Prints one JSON line: { papers, seconds }.
 */
const [input = '', database = ''] = process.argv.slice(2);
const started = performance.now();
const db = new Database(database);
db.pragma('journal_mode = WAL');
db.exec("CREATE VIRTUAL TABLE t USING fts5(title, abstract, tokenize='porter unicode61')");
const insert = db.prepare('INSERT INTO t (title, abstract) VALUES (?, ?)');
let papers = 0;
db.exec('BEGIN');
for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  const paper = JSON.parse(line) as { title: string; abstract?: string };
  insert.run(paper.title, paper.abstract ?? '');
  papers += 1;
}
db.exec('COMMIT');
db.close();
process.stdout.write(`${JSON.stringify({ papers, seconds: (performance.now() - started) / 1000 })}\n`);
