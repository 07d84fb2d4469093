import type { ChangedPaper, Storage } from '../../src/index.js';

/**
 * Brings an index up to date with storage's papers: reads what changed after the last
 * change number the index has seen, a batch at a time, oldest first, and hands each batch
 * to the index. Between batches the event loop gets a turn, so a long catch-up (a new
 * container filling its index) never stops the process answering, and a process that is
 * stopping stops after the batch in hand (the next start resumes from there).
 */
export interface CatchUpTarget {
  /** The last change number this index has applied. */
  watermark(): number;
  /** Applies a batch (already merged papers, as storage holds them) and advances the watermark past it. */
  apply(changes: readonly ChangedPaper[]): Promise<void>;
}

export const CATCH_UP_BATCH = 2000;

export async function catchUp(
  storage: Pick<Storage, 'papersChangedSince'>,
  target: CatchUpTarget,
  onBatch: (applied: number) => void = () => {},
  stopped: () => boolean = () => false,
): Promise<number> {
  let applied = 0;
  while (!stopped()) {
    const changes = await storage.papersChangedSince(target.watermark(), CATCH_UP_BATCH);
    if (changes.length === 0) return applied;
    await target.apply(changes);
    applied += changes.length;
    onBatch(applied);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return applied;
}
