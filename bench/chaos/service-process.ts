import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../corpora.js';

/**
 * `paperboy serve` as a real child process, the way it is deployed: configuration from the
 * environment only (the working directory is a fresh one, so no developer's `.env` leaks in),
 * its JSON log lines kept in memory for waiting on and written to a file for reading after.
 */
export interface LogEntry {
  readonly msg: string;
  readonly level: number;
  readonly [field: string]: unknown;
}

/** Every process started and not yet reaped, so an interrupted run can still kill them. */
const live = new Set<ServiceProcess>();

export function killAllServices(): void {
  for (const service of live) service.kill9();
}

export class ServiceProcess {
  readonly logs: LogEntry[] = [];
  readonly exited: Promise<number | null>;
  #exitCode: number | null | undefined;
  /** Set when the suite itself kills or stops the process: any other exit is a crash worth reporting. */
  #expectedExit = false;
  readonly #waiters = new Set<() => void>();
  readonly #file: WriteStream;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    logFile: string,
  ) {
    this.#file = createWriteStream(logFile);
    let partial = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#file.write(chunk);
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.#take(line);
    });
    child.stdout?.on('data', (chunk: Buffer) => this.#file.write(chunk));
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.#exitCode = code ?? (signal ? -1 : null);
        live.delete(this);
        this.#file.end();
        for (const waiter of this.#waiters) waiter();
        resolve(code);
      });
    });
  }

  /** Starts `node bin/paperboy.js serve` with exactly `env` on top of a cleaned-up copy of this process's environment. */
  static start(name: string, env: Record<string, string>, options: { cwd: string; logDir: string }): ServiceProcess {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(PAPERBOY_|SLACK_|DISCORD_|DATABASE_URL$|PORT$|HOST$)/.test(key)));
    const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'paperboy.js'), 'serve'], {
      cwd: options.cwd,
      env: { ...inherited, NO_COLOR: '1', PORT: '0', HOST: '127.0.0.1', PAPERBOY_CONSOLE: 'off', PAPERBOY_FEEDS: 'none', PAPERBOY_INSTANCE: name, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(name, child, join(options.logDir, `${name}.log`));
    live.add(service);
    return service;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.#exitCode === undefined;
  }

  /** Log lines whose message is `msg`. */
  count(msg: string): number {
    return this.logs.filter((entry) => entry.msg === msg).length;
  }

  /** Resolves with the first log line (past or future) that matches; rejects on exit or after `timeoutMs`. */
  waitForLog(match: (entry: LogEntry) => boolean, timeoutMs: number, what: string): Promise<LogEntry> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const found = this.logs.find(match);
        if (found) resolve(found);
        else if (!this.running) reject(new Error(`${this.name} exited (${String(this.#exitCode)}) before ${what}`));
        else return false;
        return true;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`${this.name}: no ${what} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const waiter = (): void => {
        if (check()) {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
        }
      };
      this.#waiters.add(waiter);
    });
  }

  /** kill -9, sent at once (callable inside an event handler): no shutdown, no last writes. */
  kill9(): void {
    this.#expectedExit = true;
    this.child.kill('SIGKILL');
  }

  /** Why the process ended on its own (undefined while it runs, or when the suite ended it): exit code and its last error line. */
  get crash(): string | undefined {
    if (this.running || this.#expectedExit) return undefined;
    // An uncaught exception prints its stack as plain lines: the `SomeError: message` line says what happened.
    const recent = [...this.logs].reverse();
    const last = recent.find((entry) => /^\w*Error: /.test(entry.msg)) ?? recent.find((entry) => entry.level >= 50);
    return `${this.name} crashed (exit ${String(this.#exitCode)})${last ? `: ${last.msg.trim().slice(0, 120)}` : ''}`;
  }

  /** SIGTERM (which lets deliveries in flight finish), then SIGKILL if it is still there after `graceMs`. */
  async stop(graceMs = 60_000): Promise<void> {
    if (!this.running) return;
    this.#expectedExit = true;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The last `n` log lines, for a report of what went wrong. */
  tail(n: number): string[] {
    return this.logs.slice(-n).map((entry) => `${this.name}: ${entry.msg} ${JSON.stringify({ ...entry, msg: undefined, level: undefined, time: undefined })}`);
  }

  #take(line: string): void {
    if (line.trim() === '') return;
    try {
      const entry = JSON.parse(line) as LogEntry;
      if (typeof entry.msg === 'string') this.logs.push(entry);
    } catch {
      this.logs.push({ msg: line, level: 50 });
    }
    for (const waiter of this.#waiters) waiter();
  }
}
