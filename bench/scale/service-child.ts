import { createServer } from 'node:net';
import { memoryOf, startPaperboy, type Memory, type RunningChild } from './child-process.js';

/**
 * `paperboy serve` in its own process on a free loopback port, timed from spawn to the
 * first search it answers with results: what a restart or deploy costs the people waiting
 * on a command.
 */
export interface ServiceChild {
  readonly url: string;
  /** ms from spawn to the first /search answered with results. */
  readonly firstAnswerMs: number;
  memory(): Memory;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const POLL_MS = 10;
const GIVE_UP_MS = 30 * 60_000;

export async function startServiceChild(env: Record<string, string>, firstQuery: string): Promise<ServiceChild> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const run: RunningChild = startPaperboy(['serve'], { HOST: '127.0.0.1', PORT: String(port), ...env });
  let exited = false;
  void run.exited.then(() => (exited = true));
  const probe = `${url}/search?q=${encodeURIComponent(firstQuery)}&limit=1`;
  for (;;) {
    if (exited) throw new Error(`paperboy serve exited before answering:\n${run.stderr().slice(-3000)}`);
    if (performance.now() - started > GIVE_UP_MS) throw new Error('paperboy serve did not answer within 30 minutes');
    const answer = await fetch(probe).then(
      async (res) => (res.status === 200 ? ((await res.json()) as { total: number }).total : undefined),
      () => undefined,
    );
    if (answer !== undefined && answer > 0) break;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const firstAnswerMs = performance.now() - started;
  return {
    url,
    firstAnswerMs,
    memory: () => memoryOf(run.pid),
    async stop() {
      run.child.kill('SIGTERM');
      const code = await run.exited;
      if (code !== 0) throw new Error(`paperboy serve did not stop cleanly (exit ${String(code)}):\n${run.stderr().slice(-2000)}`);
    },
  };
}
