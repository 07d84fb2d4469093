/**
 * Splits loader input into lines, whatever the line endings, and notes which lines held
 * bytes that were not valid UTF-8 (they are decoded as U+FFFD and reported, not dropped).
 */
export type LoaderInput = string | Uint8Array;

export interface DecodedLines {
  readonly lines: string[];
  /** 1-based numbers of lines that contained invalid UTF-8. */
  readonly invalidUtf8: ReadonlySet<number>;
  /** Why the input is not text at all (then `lines` is empty): one problem for the whole file. */
  readonly notText?: string;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8', { fatal: false });

/** Files saved as UTF-16 by Windows editors start with a byte-order mark; decode them as such. */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

export function decodeLines(input: LoaderInput): DecodedLines {
  let text: string;
  let repaired = false;
  const utf16 = typeof input === 'string' ? undefined : utf16Encoding(input);
  if (typeof input === 'string') {
    text = input;
  } else if (utf16) {
    text = new TextDecoder(utf16).decode(input);
  } else {
    if (input.subarray(0, 4096).includes(0)) {
      return { lines: [], invalidUtf8: new Set(), notText: 'skipped the whole file: it holds NUL bytes, so it is binary or UTF-16 without a byte-order mark; save it as UTF-8' };
    }
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

/** The one problem to report for input that is not text. */
export function notTextProblems(decoded: DecodedLines): Array<{ line: number; severity: 'error'; message: string }> {
  return decoded.notText ? [{ line: 1, severity: 'error', message: decoded.notText }] : [];
}

export const INVALID_UTF8_WARNING = 'invalid UTF-8 bytes were replaced with "\ufffd"';
