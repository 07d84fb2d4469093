import { LogLevel, type Logger } from '@slack/bolt';

/**
 * A Bolt/web-api logger that prints nothing but keeps every line: tests that provoke errors (invalid_blocks, 429s,
 * bad signatures) stay quiet, and can still assert what Bolt would have logged.
 */
export interface QuietLogger extends Logger {
  readonly lines: Array<{ level: LogLevel; text: string }>;
  textAt(level: LogLevel): string[];
}

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** Keeps lines at `level` and above (INFO by default: Bolt's debug output is large and rarely useful in a test). */
export function quietLogger(initial: LogLevel = LogLevel.INFO): QuietLogger {
  let level = initial;
  const lines: Array<{ level: LogLevel; text: string }> = [];
  const at =
    (lineLevel: LogLevel) =>
    (...msg: unknown[]): void => {
      if (ORDER.indexOf(lineLevel) < ORDER.indexOf(level)) return;
      lines.push({ level: lineLevel, text: msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ') });
    };
  return {
    lines,
    textAt: (wanted) => lines.filter((line) => line.level === wanted).map((line) => line.text),
    debug: at(LogLevel.DEBUG),
    info: at(LogLevel.INFO),
    warn: at(LogLevel.WARN),
    error: at(LogLevel.ERROR),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
