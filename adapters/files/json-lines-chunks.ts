import { closeSync, openSync, readSync } from 'node:fs';

/**
 * A JSON Lines file in pieces of whole lines, for files too big to hold at once (a 1M-paper
 * export is over a gigabyte): each piece is parsed and ingested before the next is read,
 * and knows the number of its first line, so problems still name their line in the file.
 */
export interface LinesChunk {
  readonly bytes: Buffer;
  /** The 1-based line number of the chunk's first line. */
  readonly firstLine: number;
}

const BLOCK = 4 * 2 ** 20;

export function* jsonLinesChunks(file: string, chunkBytes = 16 * 2 ** 20, blockBytes = Math.min(BLOCK, chunkBytes)): Generator<LinesChunk> {
  const fd = openSync(file, 'r');
  try {
    let carry = Buffer.alloc(0);
    let firstLine = 1;
    const block = Buffer.alloc(blockBytes);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for (;;) {
      const read = readSync(fd, block, 0, blockBytes, null);
      const data = read === 0 ? carry : Buffer.concat([carry, block.subarray(0, read)]);
      const cut = read === 0 ? data.length : data.lastIndexOf(0x0a) + 1;
      if (cut > 0) {
        pending.push(data.subarray(0, cut));
        pendingBytes += cut;
      }
      carry = Buffer.from(data.subarray(cut));
      if (pendingBytes >= chunkBytes || (read === 0 && pendingBytes > 0)) {
        const bytes = Buffer.concat(pending);
        yield { bytes, firstLine };
        firstLine += countLines(bytes);
        pending = [];
        pendingBytes = 0;
      }
      if (read === 0) return;
    }
  } finally {
    closeSync(fd);
  }
}

function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) lines += 1;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? lines + 1 : lines;
}

/** Lines in a file, counted without holding it: for a progress bar's total. */
export function countFileLines(file: string): number {
  let lines = 0;
  for (const chunk of jsonLinesChunks(file)) lines += countLines(chunk.bytes);
  return lines;
}
