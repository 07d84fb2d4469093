/**
 * Expected failures (bad user input, unknown paper) are values, not exceptions.
 * A `UserError` carries a message written for the person who typed the command;
 * anything thrown is a bug and goes to the one error sink of whoever called us.
 */
export type UserErrorCode =
  | 'empty_query'
  | 'query_too_long'
  | 'bad_query'
  | 'not_found'
  | 'bad_argument'
  /** The search index is still being built; the message says how far it got. */
  | 'not_ready';

export interface UserError {
  readonly code: UserErrorCode;
  readonly message: string;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: UserError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: UserErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
