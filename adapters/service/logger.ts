import pino from 'pino';
import type { Logger } from '../../src/index.js';

/**
 * The service's logger: pino, JSON lines for machines, or one short readable line per
 * event when a person watches the terminal. Secrets are redacted by key as a second line
 * of defence; the code never puts them in a log call to begin with.
 */
export interface LogStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname']);
const REDACT = [
  'databaseUrl',
  'DATABASE_URL',
  'password',
  '*.password',
  'token',
  '*.token',
  'signingSecret',
  '*.signingSecret',
  'secret',
  '*.secret',
  'cookie',
  'headers.cookie',
  'headers.authorization',
];

/** One JSON log line as "18:02:11 INFO subscription created subscription=console:local:console". */
export function humanLine(json: string): string {
  try {
    const entry = JSON.parse(json) as Record<string, unknown>;
    const time = new Date(Number(entry.time)).toISOString().slice(11, 19);
    const fields = Object.entries(entry)
      .filter(([k]) => !HIDDEN.has(k))
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return `${time} ${LEVELS[Number(entry.level)] ?? entry.level} ${String(entry.msg ?? '')}${fields ? ` ${fields}` : ''}\n`;
  } catch {
    return json;
  }
}

export function createLogger(level: string, stream: LogStream): Logger & pino.Logger {
  const destination = stream.isTTY ? { write: (line: string) => stream.write(humanLine(line)) } : stream;
  // base: null drops pid and hostname from every line.
  return pino({ level, redact: { paths: REDACT, censor: '***' }, base: null }, destination as pino.DestinationStream);
}
