/**
 * Splits loader input into lines, whatever the line endings, and notes which lines held
 * bytes that were not valid UTF-8 (they are decoded as U+FFFD and reported, not dropped).
 */
export type LoaderInput = string | Uint8Array;

export interface DecodedLines {
  readonly lines: string[];
  /** 1-based numbers of lines that contained invalid UTF-8. */
  readonly invalidUtf8: ReadonlySet<number>;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8', { fatal: false });

export function decodeLines(input: LoaderInput): DecodedLines {
  let text: string;
  let repaired = false;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = strict.decode(input);
    } catch {
      text = lenient.decode(input);
      repaired = true;
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines.at(-1) === '') lines.pop();
  const invalidUtf8 = new Set<number>();
  if (repaired) lines.forEach((line, i) => line.includes('\ufffd') && invalidUtf8.add(i + 1));
  return { lines, invalidUtf8 };
}

export const INVALID_UTF8_WARNING = 'invalid UTF-8 bytes were replaced with "\ufffd"';
