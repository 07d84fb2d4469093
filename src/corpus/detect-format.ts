/**
 * Which loader reads a file, from its name and first record: `.txt` is a daily-papers page
 * export; JSON Lines with `_id` is a BEIR corpus; other JSON Lines are paper records.
 */
export type CorpusFormat = 'daily-page' | 'papers-jsonl' | 'beir-corpus';

export function detectFormat(fileName: string, head: string): CorpusFormat | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith('.txt')) return 'daily-page';
  if (!name.endsWith('.jsonl') && !name.endsWith('.ndjson')) return undefined;
  const firstRecord = head.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  return /^\s*\{\s*"_id"\s*:/.test(firstRecord) ? 'beir-corpus' : 'papers-jsonl';
}

/** A daily page's date from its file name (`…2026-11-26….txt`), if it carries one. */
export function dateInFileName(fileName: string): string | undefined {
  return /(\d{4}-\d{2}-\d{2})/.exec(fileName)?.[1];
}
