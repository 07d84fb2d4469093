import { Vocabulary } from '../../src/index.js';
import { changeStamp, type IndexDatabase } from './index-schema.js';

/**
 * The corpus's words in MiniSearch's radix tree, for near spellings: built from the `terms`
 * and `compounds` tables on first use, and rebuilt when the index changed and the copy is
 * older than a few minutes (a feed read every two hours adds words; near spellings a few
 * minutes behind are fine). Only words a typo could be meant for are loaded: letters only,
 * three or more of them.
 */
const STALE_AFTER_MS = 5 * 60_000;

export class VocabularyCache {
  readonly #db: IndexDatabase;
  readonly #now: () => number;
  #built: { vocabulary: Vocabulary; stamp: string; at: number } | undefined;

  constructor(db: IndexDatabase, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  current(): Vocabulary {
    const stamp = changeStamp(this.#db);
    const built = this.#built;
    if (built && (built.stamp === stamp || this.#now() - built.at < STALE_AFTER_MS)) return built.vocabulary;
    const vocabulary = new Vocabulary();
    const letters = /^\p{L}{3,}$/u;
    for (const { term, df } of this.#db.prepare('SELECT term, df FROM terms').iterate() as Iterable<{ term: string; df: number }>) {
      if (letters.test(term)) vocabulary.count(term, df);
    }
    for (const { joined } of this.#db.prepare('SELECT joined FROM compounds').iterate() as Iterable<{ joined: string }>) {
      if (letters.test(joined)) vocabulary.addJoined(joined);
    }
    this.#built = { vocabulary, stamp, at: this.#now() };
    return vocabulary;
  }
}
