import { parentPort, workerData } from 'node:worker_threads';
import { readerOver, type CorpusReader } from '../../src/index.js';
import { DiskIndex } from '../search-sqlite/disk-index.js';
import { isCorruption } from '../search-sqlite/corruption.js';

/**
 * A search worker: its own read connection to the disk engine's file and the core's
 * reader over it, answering the pool's requests one at a time. A slow search here holds
 * up nothing in the main thread, where Slack acks and Discord deferrals are sent.
 */
export interface WorkerRequest {
  readonly id: number;
  readonly op: keyof CorpusReader;
  readonly args: readonly unknown[];
}

export type WorkerReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly message: string; readonly corrupt: boolean };

const { file, cacheMb } = workerData as { file: string; cacheMb: number };
const port = parentPort!;
const disk = DiskIndex.open(file, { cacheMb, queryOnly: true });
// Loaded before saying ready: the first search after a restart should not pay for it.
void disk.index.acronyms;
const reader = readerOver(disk.engine) as unknown as Record<string, (...args: readonly unknown[]) => Promise<unknown>>;

port.on('message', (request: WorkerRequest) => {
  const answer = (reply: WorkerReply): void => port.postMessage(reply);
  Promise.resolve()
    .then(() => reader[request.op]!(...request.args))
    .then(
      (value) => answer({ id: request.id, ok: true, value }),
      (error: unknown) => answer({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error), corrupt: isCorruption(error) }),
    );
});
port.postMessage({ ready: true });
