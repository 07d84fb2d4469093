import { execFile } from 'node:child_process';
import { WriteStream } from 'node:tty';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { colorOn } from '../../adapters/console/color-support.js';

/** A terminal as Node sees one: tty.WriteStream's own hasColors, without needing a real terminal. */
function terminal(): WriteStream {
  return Object.assign(Object.create(WriteStream.prototype) as WriteStream, { isTTY: true });
}
const pipe = { isTTY: false };

describe('colour', () => {
  it.each([
    ['a colour terminal', terminal(), { TERM: 'xterm-256color' }, true],
    ['TERM=dumb', terminal(), { TERM: 'dumb' }, false],
    ['NO_COLOR=1', terminal(), { TERM: 'xterm-256color', NO_COLOR: '1' }, false],
    ['NO_COLOR set, even empty', terminal(), { TERM: 'xterm-256color', NO_COLOR: '' }, false],
    ['NODE_DISABLE_COLORS', terminal(), { TERM: 'xterm-256color', NODE_DISABLE_COLORS: '1' }, false],
    ['FORCE_COLOR=1 on a dumb terminal', terminal(), { TERM: 'dumb', FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=0 on a colour terminal', terminal(), { TERM: 'xterm-256color', FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false', terminal(), { TERM: 'xterm-256color', FORCE_COLOR: 'false' }, false],
    ['NO_COLOR beats FORCE_COLOR', terminal(), { TERM: 'xterm-256color', FORCE_COLOR: '3', NO_COLOR: '1' }, false],
    ['a pipe', pipe, { TERM: 'xterm-256color' }, false],
    ['a pipe with FORCE_COLOR', pipe, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR set but empty', pipe, { FORCE_COLOR: '' }, true],
  ])('%s → %s', (_name, stream, env, expected) => {
    expect(colorOn(stream, env)).toBe(expected);
  });
});

/** The installed command (npm test builds dist/ first): its colour follows the environment. */
describe('paperboy search, piped', () => {
  const BIN = fileURLToPath(new URL('../../bin/paperboy.js', import.meta.url));
  const run = async (env: Record<string, string>) => {
    const { NO_COLOR: _no, FORCE_COLOR: _force, ...inherited } = process.env;
    const base = { ...inherited, PAPERBOY_DATA_DIR: '/nonexistent/paperboy-test-data' };
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'search', 'NoProp', '--limit', '1'], { env: { ...base, ...env } });
    return stdout;
  };

  it('is plain by default, coloured with FORCE_COLOR, plain again with NO_COLOR', async () => {
    expect(await run({})).not.toContain('\u001b[');
    expect(await run({ FORCE_COLOR: '1' })).toContain('\u001b[1mNoProp');
    expect(await run({ FORCE_COLOR: '1', NO_COLOR: '1' })).not.toContain('\u001b[');
  }, 30_000);
});
