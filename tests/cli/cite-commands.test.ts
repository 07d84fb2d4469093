import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/program.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { parseBibtex } from '../helpers/bibtex-parse.js';
import { recordingIo } from '../helpers/recording-io.js';

/** `paperboy cite` over the shipped corpus, and `paperboy saved` over the saves a service kept in its data directory. */
async function run(env: Record<string, string> | undefined, ...argv: string[]) {
  const io = recordingIo('2026-11-27', env);
  const status = await runCli(argv, io);
  return { status, out: io.stdoutText(), err: io.stderrText() };
}

const NOPROP = 'noprop-training-neural-networks-without';
const ENSEMBLES = 'theoretical-guarantees-of-learning';

describe('paperboy cite', () => {
  it('prints one entry per paper as one .bib, keys unique', async () => {
    const { status, out, err } = await run(undefined, 'cite', NOPROP, ENSEMBLES, NOPROP);
    expect(status).toBe(0);
    expect(err).toBe('');
    const { entries, errors } = parseBibtex(out);
    expect(errors).toEqual([]);
    expect(entries.map((e) => e.key)).toEqual(['anon2026noprop', 'anon2026theoretical', 'anon2026nopropa']);
  });

  it('prints the papers it found, suggests titles for the ones it did not, and exits 1', async () => {
    const { status, out, err } = await run(undefined, 'cite', 'nrt', NOPROP, 'zzqxv');
    expect(status).toBe(1);
    expect(parseBibtex(out).entries.map((e) => e.key)).toEqual(['anon2026noprop']);
    expect(err).toMatch(/^paperboy: No paper matches "nrt"\. Closest titles: nrtr-a-no-recurrence-sequence/m);
    expect(err).toMatch(/^paperboy: No paper matches "zzqxv"/m);
  });

  it('meets hostile, unicode, huge and missing input with a clear message', async () => {
    const hostile = await run(undefined, 'cite', '<!channel> @everyone </script>', '深度学习 🚀');
    expect(hostile.status).toBe(1);
    expect(hostile.out).toBe('');
    expect(hostile.err).toMatch(/"<!channel> @everyone <\/script>"/);
    expect(hostile.err).toMatch(/"深度学习 🚀"/);
    const huge = await run(undefined, 'cite', 'x'.repeat(5000));
    expect(huge.status).toBe(1);
    expect(huge.err).toMatch(/5000 characters/);
    const none = await run(undefined, 'cite');
    expect(none.status).toBe(1);
    expect(none.err).toMatch(/missing required argument 'paper'/);
  });

  it('has help with an example', async () => {
    const { out } = await run(undefined, 'cite', '--help');
    expect(out).toMatch(/BibTeX entries for papers/);
    expect(out).toMatch(/npx paperboy cite 2106\.09685/);
  });
});

describe('paperboy saved', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'paperboy-saved-cli-'));
    env = { PAPERBOY_DATA_DIR: dataDir };
    // A service's data directory: storage with the shipped corpus (the first ingest imports it), and some saves.
    const file = join(dataDir, 'one.jsonl');
    writeFileSync(file, `${JSON.stringify({ title: 'Wombat Tunnelling at Scale', abstract: 'Wombats dig.', authors: ['Jörg Müller'], arxivId: '2611.30001' })}\n`);
    expect((await run(env, 'ingest', file)).status).toBe(0);
    const storage = SqliteStorage.open(join(dataDir, 'paperboy.sqlite'));
    const save = (user: string, paperId: string, at: number) => storage.addSignal({ platform: 'slack', workspace: 'T1', paperId, user, kind: 'save' }, at);
    await save('U1', NOPROP, 1);
    await save('U1', '2611.30001', 2);
    await save('U2', NOPROP, 3);
    await storage.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints one person's reading list as a .bib, newest first", async () => {
    const { status, out, err } = await run(env, 'saved', '--team', 'slack:T1', '--user', 'U1', '--bibtex');
    expect(err).toBe('');
    expect(status).toBe(0);
    const { entries, errors } = parseBibtex(out);
    expect(errors).toEqual([]);
    expect(entries.map((e) => e.key)).toEqual(['muller2026wombat', 'anon2026noprop']);
    expect(entries[0]!.fields).toMatchObject({ eprint: '2611.30001', doi: '10.48550/arXiv.2611.30001' });
  });

  it("prints a team's saved papers, most saved first, as text or JSON", async () => {
    const text = await run(env, 'saved', '--team', 'slack:T1');
    expect(text.status).toBe(0);
    expect(text.out).toMatch(/^ {2}1\. NoProp: .*\n {5}id noprop-training-neural-networks-without\n {2}2\. Wombat Tunnelling at Scale\n/);
    const json = JSON.parse((await run(env, 'saved', '--team', 'slack:T1', '--json')).out) as { papers: Array<{ id: string }> };
    expect(json.papers.map((p) => p.id)).toEqual([NOPROP, '2611.30001']);
  });

  it('says so when there is nothing saved, and refuses a malformed --team', async () => {
    const empty = await run(env, 'saved', '--team', 'discord:G9', '--bibtex');
    expect(empty.status).toBe(0);
    expect(empty.out).toBe('');
    expect(empty.err).toMatch(/discord:G9 has no saved papers, so there is nothing to cite/);
    for (const team of ['slack', '<!channel>:x', 'slack:T1:C1', '']) {
      const bad = await run(env, 'saved', '--team', team);
      expect(bad.status, team).toBe(1);
      expect(bad.err).toMatch(/--team takes platform:workspace/);
    }
    expect((await run(env, 'saved')).err).toMatch(/required option '--team <platform:workspace>' not specified/);
  });

  it('explains that saves live in the service’s storage when there is none', async () => {
    const { status, err } = await run(undefined, 'saved', '--team', 'slack:T1', '--bibtex');
    expect(status).toBe(1);
    expect(err).toMatch(/no storage to read saves from/);
  });
});
