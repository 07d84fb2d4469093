import { readFileSync } from 'node:fs';
import type { SerializedMemoryIndex } from '../src/index.js';

/**
 * A freshly started process that answers one query and exits: the cold-start path of a
 * bot that just restarted. The parent times spawn → first line on stdout.
 *
 *   node dist/bench/cold-start-child.js rebuild <papers.jsonl> <query>
 *   node dist/bench/cold-start-child.js load <papers.jsonl> <query> <index.json>
 *   node dist/bench/cold-start-child.js fts5 <db file> <query>
 *
 * Modules are imported per mode, so the FTS5 run does not pay for loading paperboy's and
 * vice versa. Phase times (ms since this module started) go in the answer line, to show
 * where a slow start spends its time.
 */
export interface ColdStartAnswer {
  readonly mode: string;
  /** Id (or FTS5 rowid) of the best hit, to check the answer is real. */
  readonly top: string | undefined;
  readonly hits: number;
  readonly phases: Record<string, number>;
}

const started = performance.now();
const phases: Record<string, number> = {};
const mark = (name: string): void => {
  phases[name] = Math.round((performance.now() - started) * 10) / 10;
};

async function answer(mode: string, file: string, query: string, indexFile: string | undefined): Promise<ColdStartAnswer> {
  if (mode === 'fts5') {
    const { Fts5Yardstick } = await import('./fts5-yardstick.js');
    mark('imported');
    const fts = Fts5Yardstick.open(file);
    mark('opened');
    const hits = fts.search(query);
    mark('answered');
    return { mode, top: hits[0] === undefined ? undefined : String(hits[0].rowid), hits: hits.length, phases };
  }
  const { memoryEngine, PaperCollection, parsePaperJsonLines } = await import('../src/index.js');
  mark('imported');
  const loaded = parsePaperJsonLines(readFileSync(file));
  mark('parsed');
  const papers = new PaperCollection();
  papers.addAll(loaded.papers);
  mark('collected');
  let savedIndex: SerializedMemoryIndex | undefined;
  if (mode === 'load') {
    if (!indexFile) throw new Error('load mode needs the index file');
    savedIndex = JSON.parse(readFileSync(indexFile, 'utf8')) as SerializedMemoryIndex;
    mark('indexRead');
  } else if (mode !== 'rebuild') {
    throw new Error(`unknown mode ${mode}`);
  }
  const { engine } = memoryEngine(papers, undefined, savedIndex);
  mark('indexed');
  const result = engine.search({ query, limit: 10 });
  if (!result.ok) throw new Error(`search failed: ${result.error.message}`);
  mark('answered');
  return { mode, top: result.value.hits[0]?.paper.id, hits: result.value.hits.length, phases };
}

const [mode = '', file = '', query = '', indexFile] = process.argv.slice(2);
const reply = await answer(mode, file, query, indexFile);
process.stdout.write(`${JSON.stringify(reply)}\n`);
