import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../corpora.js';

/**
 * A paperboy command in a process of its own, as an operator runs it: its environment, its
 * memory as the kernel counts it (resident set, and its peak), its exit. Everything the
 * scale bench times is a real process, so start-up, module loading and worker threads
 * are all in the figures.
 */
export interface Memory {
  /** Resident set now, in MB. */
  readonly rssMB: number;
  /** The highest resident set so far, in MB. */
  readonly peakMB: number;
}

export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMB: Math.round(kb('VmRSS') / 1024), peakMB: Math.round(kb('VmHWM') / 1024) };
}

export interface RunningChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** What it wrote to stderr so far (logs). */
  stderr(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/** `node bin/paperboy.js …args` with `env` on top of a quiet, offline default environment. */
export function startPaperboy(args: readonly string[], env: Record<string, string>, cwd?: string): RunningChild {
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'paperboy.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NO_COLOR: '1', PAPERBOY_FEEDS: 'none', PAPERBOY_CONSOLE: 'off', PAPERBOY_LOG_LEVEL: 'warn', ...env },
    ...(cwd ? { cwd } : {}),
  });
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
    if (err.length > 200_000) err = err.slice(-100_000);
  });
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
  return { child, pid: child.pid!, stderr: () => err, exited };
}

/** Runs a command to its end; fails the bench (with its stderr) if it fails. Returns wall time and peak memory. */
export async function runPaperboy(args: readonly string[], env: Record<string, string>, options: { sampleMs?: number } = {}): Promise<{ seconds: number; peakMB: number; stdout: string }> {
  const started = performance.now();
  const run = startPaperboy(args, env);
  let peakMB = 0;
  let out = '';
  run.child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const sampler = setInterval(() => {
    try {
      peakMB = Math.max(peakMB, memoryOf(run.pid).peakMB);
    } catch {
      // It exited between two samples.
    }
  }, options.sampleMs ?? 200);
  const code = await run.exited.finally(() => clearInterval(sampler));
  if (code !== 0) throw new Error(`paperboy ${args.join(' ')} exited with ${String(code)}:\n${run.stderr().slice(-3000)}`);
  return { seconds: (performance.now() - started) / 1000, peakMB, stdout: out };
}
