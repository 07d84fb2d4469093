import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IngestReport, Logger, Paperboy } from '../../src/index.js';
import { loadCorpusFile } from '../files/corpus-files.js';

/**
 * The shipped corpus and PAPERBOY_CORPUS files become papers in storage like any feed's,
 * once per version of each file: an index remembers the fingerprints of the files it
 * imported, so a restart reads none of them again and an edited file is read once more
 * (its papers merge with what is there, as a feed's would).
 */
export type FileFingerprints = Readonly<Record<string, string>>;

export function fingerprintOf(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 32);
}

export function fingerprints(files: readonly string[]): FileFingerprints {
  return Object.fromEntries(files.map((file) => [file, fingerprintOf(file)]));
}

/** Files whose content the index has not imported yet. */
export function changedFiles(files: readonly string[], imported: FileFingerprints): string[] {
  return files.filter((file) => imported[file] !== fingerprintOf(file));
}

/** Ingests the files that changed; returns every file's fingerprint, for the index to remember. */
export async function importCorpusFiles(files: readonly string[], imported: FileFingerprints, paperboy: Paperboy, logger: Logger): Promise<FileFingerprints> {
  for (const file of changedFiles(files, imported)) {
    const loaded = loadCorpusFile(file);
    const report: IngestReport = await paperboy.ingest(loaded);
    logger.info({ file, added: report.added.length, updated: report.updated.length, known: report.unchanged, skipped: report.skipped.length }, 'corpus file imported');
    for (const skip of report.skipped.slice(0, 5)) logger.warn({ file, line: skip.position }, skip.reason);
    for (const rename of report.renamed) logger.warn({ file, from: rename.from, to: rename.to }, 'an id in this file already belongs to another paper; stored under a new id');
  }
  return fingerprints(files);
}
