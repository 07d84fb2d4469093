import { INVALID_UTF8_WARNING, decodeLines, notTextProblems, type LoaderInput } from './text-lines.js';
import type { LoadProblem } from './load-result.js';

/** Lines longer than this are refused before parsing: no paper record is anywhere near it. */
export const MAX_JSON_LINE_LENGTH = 1_000_000;

export interface JsonLine {
  readonly line: number;
  readonly value: Record<string, unknown>;
}

/**
 * Reads JSON Lines into objects, one problem per line that is not a JSON object.
 * Blank lines are allowed (editors add them); they are not records.
 */
export function readJsonLines(input: LoaderInput): { records: JsonLine[]; problems: LoadProblem[] } {
  const decoded = decodeLines(input);
  const { lines, invalidUtf8 } = decoded;
  const records: JsonLine[] = [];
  const problems: LoadProblem[] = notTextProblems(decoded);
  lines.forEach((text, i) => {
    const line = i + 1;
    if (text.trim() === '') return;
    if (text.length > MAX_JSON_LINE_LENGTH) {
      problems.push({ line, severity: 'error', message: `skipped: line is ${text.length} characters, over the ${MAX_JSON_LINE_LENGTH} limit` });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({ line, severity: 'error', message: `skipped: not valid JSON (${reason.slice(0, 120)})` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ line, severity: 'error', message: 'skipped: expected a JSON object like {"title": …}' });
      return;
    }
    if (invalidUtf8.has(line)) problems.push({ line, severity: 'warning', message: INVALID_UTF8_WARNING });
    records.push({ line, value: value as Record<string, unknown> });
  });
  return { records, problems };
}
