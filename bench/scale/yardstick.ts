import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../corpora.js';
import { runNodeScript } from './node-script.js';
import { freePort } from './service-child.js';

/**
 * The raw FTS5 yardstick for one corpus: the table built from the same file (timed), then
 * served over HTTP by its own process with the same number of worker threads.
 */
export interface YardstickServer {
  readonly url: string;
  readonly buildSeconds: number;
  readonly sizeMB: number;
  stop(): Promise<void>;
}

export function dirSizeMB(dir: string, name: RegExp): number {
  let bytes = 0;
  for (const file of readdirSync(dir)) if (name.test(file)) bytes += statSync(join(dir, file)).size;
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

export async function startYardstickServer(file: string, dir: string, workers: number, log: (line: string) => void, tag: string): Promise<YardstickServer> {
  const database = join(dir, 'fts5-yardstick.sqlite');
  log(`${tag} SQLite FTS5 indexing the same text…`);
  const built = JSON.parse(await runNodeScript(join(repoRoot(), 'dist', 'bench', 'scale', 'fts5-yardstick-build.js'), [file, database])) as { seconds: number };
  const port = await freePort();
  const child = spawn(process.execPath, [join(repoRoot(), 'dist', 'bench', 'scale', 'fts5-yardstick-server.js'), database, String(port), String(workers)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the FTS5 yardstick server exited with ${String(code)}`)));
    child.stdout.on('data', (chunk: Buffer) => chunk.toString('utf8').includes('ready') && resolve());
  });
  child.removeAllListeners('exit');
  return {
    url: `http://127.0.0.1:${port}`,
    buildSeconds: built.seconds,
    sizeMB: dirSizeMB(dir, /^fts5-yardstick\.sqlite(-wal)?$/),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
