import type { Storage } from '../../src/index.js';

/**
 * The same storage, with subscriptions narrowed to the platforms this process can post
 * to. A replica (or a `paperboy chat` session) never claims, and so never marks failing,
 * a digest that only another process has the adapter for.
 */
export function scopedToPlatforms(storage: Storage, platforms: ReadonlySet<string>): Storage {
  return new Proxy(storage, {
    get(target, property) {
      if (property === 'listSubscriptions') {
        return async (filter?: { platform?: string; workspace?: string }) => (await target.listSubscriptions(filter)).filter((s) => platforms.has(s.platform));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
