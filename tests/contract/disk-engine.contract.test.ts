import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createPaperboy, readerOver } from '../../src/index.js';
import { DiskIndex } from '../../adapters/search-sqlite/disk-index.js';
import { searchEngineContract } from './search-engine.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-disk-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

searchEngineContract('SQLite FTS5 on disk, in this thread', async (drafts, options) => {
  const disk = DiskIndex.create(join(dir, `index-${(files += 1)}.sqlite`), options?.ranking ? { ranking: options.ranking } : {});
  const paperboy = createPaperboy({ papers: disk.papers, reader: readerOver(disk.engine), writer: disk.writer });
  await paperboy.ingest({ papers: [...drafts], problems: [] });
  return { paperboy, close: async () => disk.close() };
});

// Every word in more than two papers counts as common here, so every search takes the narrowed
// path (common-words.ts) and must still honour the whole contract: exclusions, phrases, paging.
searchEngineContract('SQLite FTS5 on disk, common words narrowed', async (drafts, options) => {
  const disk = DiskIndex.create(join(dir, `index-${(files += 1)}.sqlite`), { ...(options?.ranking ? { ranking: options.ranking } : {}), commonWordDocs: 2 });
  const paperboy = createPaperboy({ papers: disk.papers, reader: readerOver(disk.engine), writer: disk.writer });
  await paperboy.ingest({ papers: [...drafts], problems: [] });
  return { paperboy, close: async () => disk.close() };
});
