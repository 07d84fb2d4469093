import type { Logger } from '../../src/index.js';

/**
 * What a one-shot command says while it works: warnings and errors as one readable line on
 * standard error ("paperboy: rebuilding the search index from storage (reason: …)"); the
 * service's informational chatter stays out of a person's terminal. No logging library to
 * load, so a query stays quick to start.
 */
export function openCliLogger(stream: { write(text: string): unknown }): Logger {
  const line = (message: string, fields: Record<string, unknown>): void => {
    const details = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(', ');
    stream.write(`paperboy: ${message}${details ? ` (${details})` : ''}\n`);
  };
  return { debug() {}, info() {}, warn: (fields, message) => line(message, fields), error: (fields, message) => line(message, fields) };
}
