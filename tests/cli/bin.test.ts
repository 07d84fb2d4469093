import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The installed command, as `npx paperboy` runs it (npm test builds dist/ first). */
const BIN = fileURLToPath(new URL('../../bin/paperboy.js', import.meta.url));
const paperboy = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('the paperboy command', () => {
  it('prints help listing every command', () => {
    const { status, stdout } = paperboy('--help');
    expect(status).toBe(0);
    for (const command of ['search', 'show', 'related', 'trending', 'stats', 'export', 'eval']) expect(stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
  });

  it('prints help for a command, with the query syntax', () => {
    const { status, stdout } = paperboy('search', '--help');
    expect(status).toBe(0);
    expect(stdout).toMatch(/Usage: paperboy search \[options\] <query\.\.\.>/);
    expect(stdout).toMatch(/author:hinton/);
  });

  it('answers a search as JSON', () => {
    const { status, stdout } = paperboy('search', 'NoProp', '--json', '--limit', '1');
    expect(status).toBe(0);
    expect((JSON.parse(stdout) as { results: Array<{ id: string }> }).results[0]!.id).toBe('noprop-training-neural-networks-without');
  });

  it('exits non-zero with one line on bad input', () => {
    const { status, stdout, stderr } = paperboy('trending', '--limit', '99');
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toMatch(/^paperboy: error: option '--limit <n>' argument '99' is invalid\. use a whole number from 1 to 50/);
  });
});
