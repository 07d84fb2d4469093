import { AcronymMiner } from '../../src/index.js';
import type { IndexDatabase } from './index-schema.js';

/** The acronym definitions the index file has counted, as a miner to look up or to add to. */
export function savedAcronyms(db: IndexDatabase): AcronymMiner {
  // Rows as arrays: a million-paper index holds some 80,000 definitions, read on every open.
  return AcronymMiner.fromRows(db.prepare('SELECT acronym, expansion, count FROM acronyms').raw().all() as Array<[string, string, number]>);
}
