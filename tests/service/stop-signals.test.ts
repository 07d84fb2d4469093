import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stopSignals } from '../../adapters/service/stop-signals.js';

describe('stop signals', () => {
  const clockAt = () => {
    let now = Date.parse('2026-11-27T06:00:00Z');
    return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
  };

  it('stops on the first, ignores the copy npm forwards, exits at once on a second press', () => {
    const { clock, advance } = clockAt();
    const action = stopSignals(clock, 1000);
    expect(action('SIGINT')).toBe('stop');
    advance(4);
    expect(action('SIGINT')).toBe('duplicate');
    advance(1500);
    expect(action('SIGINT')).toBe('exit-now');
  });

  it('takes a different signal as a second request, however soon', () => {
    const { clock } = clockAt();
    const action = stopSignals(clock, 1000);
    expect(action('SIGTERM')).toBe('stop');
    expect(action('SIGINT')).toBe('exit-now');
  });
});

/**
 * Ctrl+C at a terminal signals the whole foreground process group. `npm start` puts npm (and,
 * without `exec`, a shell) between the terminal and paperboy, and every one of them gets SIGINT.
 */
describe('npm start (the process group)', () => {
  it('stops cleanly and exits 0 on Ctrl+C, as the README says', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-npm-start-'));
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const child = spawn('npm', ['start'], {
      cwd: root,
      detached: true, // its own process group, as a terminal's foreground job has
      env: { ...process.env, PAPERBOY_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', PAPERBOY_CONSOLE: 'off', PAPERBOY_FEEDS: 'none', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes('Stop with Ctrl+C')) resolve();
        });
        void exit.then(({ code }) => reject(new Error(`exited early with ${code}: ${stderr}`)));
      });
      process.kill(-child.pid!, 'SIGINT');
      expect(await exit).toEqual({ code: 0, signal: null });
      expect(stderr).toMatch(/"msg":"stopped"/);
      expect(stderr).not.toMatch(/again, exiting without waiting/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
