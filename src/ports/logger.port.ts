/**
 * The narrow logging capability the core asks for. pino's logger satisfies it as it is;
 * tests pass a recording one. Fields are structured data, the message a short sentence.
 * Never put secrets (tokens, signing secrets, database passwords) in either.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A logger that drops everything, for callers that do not care. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
