import type { Result } from '../../src/index.js';

/** The value of an ok Result; fails the test with the user-facing message otherwise. */
export function okValue<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The error of a failed Result; fails the test if it succeeded. */
export function errorOf<T>(result: Result<T>): { code: string; message: string } {
  if (result.ok) throw new Error('expected an error, got a value');
  return result.error;
}
