import type { Storage } from '../../src/index.js';

/**
 * The same storage, reporting each call that fails (rejects or throws) by its method name,
 * so a database going away shows in the metrics whichever part of the service noticed it.
 * The error itself still reaches the caller unchanged.
 */
export function countingStorageErrors(storage: Storage, failed: (operation: string) => void): Storage {
  return new Proxy(storage, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]): unknown => {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          failed(property);
          throw error;
        }
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            failed(property);
            throw error;
          });
        }
        return result;
      };
    },
  });
}
