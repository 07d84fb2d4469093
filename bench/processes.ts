import { spawn } from 'node:child_process';

/**
 * Runs a fresh Node process and times it from spawn to its first output on stdout (the
 * answer: children print nothing before it), then waits for it to exit and returns all
 * of stdout. A failing child fails the bench: a figure from a broken run is worse than none.
 */
export interface TimedRun {
  /** ms from spawn to the first stdout bytes. */
  readonly firstOutputMs: number;
  readonly stdout: string;
}

export function runNode(args: readonly string[], options: { cwd?: string } = {}): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstOutputMs: number | undefined;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const child = spawn(process.execPath, [...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // No colour, no TTY tricks: the CLI prints plain JSON.
      env: { ...process.env, NO_COLOR: '1' },
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    child.stdout.on('data', (chunk: Buffer) => {
      firstOutputMs ??= performance.now() - started;
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      if (code !== 0 || firstOutputMs === undefined) {
        reject(new Error(`node ${args.join(' ')} exited with ${String(code)}${stderr ? `:\n${stderr.slice(0, 2000)}` : ''}`));
        return;
      }
      resolve({ firstOutputMs, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

/** The last non-empty stdout line parsed as JSON (children print one report line). */
export function lastJsonLine<T>(stdout: string): T {
  const line = stdout.trim().split('\n').at(-1);
  if (line === undefined || line === '') throw new Error('child printed nothing');
  return JSON.parse(line) as T;
}
