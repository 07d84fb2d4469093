import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's root, found by walking up from this file: the same code runs
 * from `adapters/` under the test runner and from `dist/adapters/` once built.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'paperboy') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find paperboy's package.json above ${from}`);
    dir = parent;
  }
}

/** Where the shipped corpus lives. */
export function shippedCorpusDir(): string {
  return join(packageRoot(), 'corpus');
}
