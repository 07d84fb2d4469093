import { describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/program.js';
import { recordingIo } from '../helpers/recording-io.js';

async function run(...argv: string[]) {
  const io = recordingIo();
  const status = await runCli(argv, io);
  return { status, out: io.stdoutText(), err: io.stderrText() };
}

describe('paperboy help', () => {
  it('prints a command’s help, the same as <command> --help', async () => {
    const help = await run('help', 'serve');
    expect(help.status).toBe(0);
    expect(help.err).toBe('');
    expect(help.out).toMatch(/^Usage: paperboy serve/);
    expect(help.out).toContain('see .env.example');
    expect(help.out).toBe((await run('serve', '--help')).out);
  });

  it.each(['search', 'ingest', 'trending', 'index', 'discord', 'eval', 'chat', 'digest'])('works for %s', async (name) => {
    const { status, out } = await run('help', name);
    expect(status).toBe(0);
    expect(out).toMatch(new RegExp(`^Usage: paperboy ${name}`));
  });

  it('lists the commands, itself among them', async () => {
    const { status, out } = await run('help');
    expect(status).toBe(0);
    expect(out).toBe((await run('--help')).out);
    for (const name of ['search', 'serve', 'ingest', 'help [command...]']) expect(out).toContain(`  ${name}`);
  });

  it.each(['help index rebuild', 'index help rebuild'])('reaches nested commands: paperboy %s', async (line) => {
    const { status, out } = await run(...line.split(' '));
    expect(status).toBe(0);
    expect(out).toMatch(/^Usage: paperboy index rebuild/);
  });

  it('names the subcommands when a nested one is unknown', async () => {
    const { status, err } = await run('help', 'index', 'rebiuld');
    expect(status).toBe(1);
    expect(err).toBe("paperboy: unknown command 'rebiuld'; the commands are status, rebuild (see paperboy index --help)\n");
  });

  it('refuses an unknown command with a hint, hostile text included', async () => {
    const { status, out, err } = await run('help', 'fr\u202eobnicate\u0007');
    expect(status).not.toBe(0);
    expect(out).toBe('');
    expect(err).toBe(
      "paperboy: unknown command 'fr obnicate'; the commands are search, show, related, trending, cite, saved, stats, export, serve, chat, digest, ingest, index, discord, eval, help (see paperboy --help)\n",
    );
  });
});
