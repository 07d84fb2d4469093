import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryEngine, PaperCollection, toPaperJsonLines, type PaperDraft } from '../src/index.js';
import { draftsFor } from './corpora.js';

/**
 * Builds one corpus in a fresh process (run with --expose-gc), as a restarting bot does:
 * build times include the JIT warming up, and the heap figures hold nothing but paperboy
 * (no FTS5, no other corpus sizes, no latency samples). It then writes the files the
 * main process and the cold-start children read: the papers as JSON Lines and the saved index.
 *
 *   node --expose-gc dist/bench/build-child.js <size> <outDir>
 * prints one JSON line (BuildChildReport).
 */
export interface BuildChildReport {
  readonly papers: number;
  /** Drafts → PaperCollection (validation, ids, dedup). */
  readonly collectionMs: number;
  /** PaperIndex over the collection. */
  readonly indexMs: number;
  /** heapUsed after a full GC: at start, with the collection loaded, with the index built. */
  readonly heapBaseline: number;
  readonly heapAfterLoad: number;
  readonly heapAfterBuild: number;
  readonly papersFile: string;
  readonly papersBytes: number;
  readonly indexFile: string;
  readonly indexBytes: number;
}

function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run build-child with node --expose-gc');
  // Twice: the first pass can leave finalizable garbage for the second.
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function main(): void {
  const [sizeArg, outDir] = process.argv.slice(2);
  const size = Number(sizeArg);
  if (!Number.isInteger(size) || size < 1 || !outDir) throw new Error('usage: build-child <size> <outDir>');

  const heapBaseline = settledHeap();
  let drafts: PaperDraft[] | undefined = draftsFor(size).drafts;
  let start = performance.now();
  const papers = new PaperCollection();
  papers.addAll(drafts);
  const collectionMs = performance.now() - start;
  drafts = undefined; // loaders' drafts are garbage once the collection holds the papers
  const heapAfterLoad = settledHeap();
  start = performance.now();
  const { index: built } = memoryEngine(papers);
  const indexMs = performance.now() - start;
  const heapAfterBuild = settledHeap();

  const papersFile = join(outDir, 'papers.jsonl');
  const jsonl = toPaperJsonLines(papers.all());
  writeFileSync(papersFile, jsonl);
  const indexFile = join(outDir, 'index.json');
  const index = JSON.stringify(built.toJSON());
  writeFileSync(indexFile, index);

  const report: BuildChildReport = {
    papers: papers.size,
    collectionMs,
    indexMs,
    heapBaseline,
    heapAfterLoad,
    heapAfterBuild,
    papersFile,
    papersBytes: Buffer.byteLength(jsonl),
    indexFile,
    indexBytes: Buffer.byteLength(index),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main();
