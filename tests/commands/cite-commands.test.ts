import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/index.js';
import { parseBibtex, parseOneEntry } from '../helpers/bibtex-parse.js';
import { commandHarness, textOf, type CommandHarness } from '../helpers/command-harness.js';

let h: CommandHarness;
beforeEach(() => {
  h = commandHarness();
});
afterEach(async () => {
  await h.close();
});

const codeOf = (m: Message): string => m.blocks.flatMap((b) => (b.type === 'code' ? [b.text] : [])).join('\n');
const NOPROP = 'noprop-training-neural-networks-without';

describe('cite', () => {
  it('answers privately with the paper’s BibTeX entry in a code block, the same key every time', async () => {
    const reply = await h.commands.runText(`cite ${NOPROP}`, h.ctx());
    expect(reply.visibility).toBe('private');
    expect(reply.file).toBeUndefined();
    const entry = parseOneEntry(codeOf(reply));
    expect(entry.key).toBe('anon2026noprop');
    expect(entry.fields.title).toBe('NoProp: Training Neural Networks without Back-propagation or Forward-propagation');
    expect(textOf(reply)).toMatch(/BibTeX for “NoProp: Training.*”, key anon2026noprop:/);
    expect(codeOf(await h.commands.runText(`cite ${NOPROP}`, h.ctx({ user: { id: 'U2', name: 'Bob' } })))).toBe(codeOf(reply));
  });

  it('finds the paper by title words, like show, and by the Cite button’s structured form', async () => {
    expect(parseOneEntry(codeOf(await h.commands.runText('cite NoProp', h.ctx()))).key).toBe('anon2026noprop');
    expect(parseOneEntry(codeOf(await h.commands.run({ name: 'cite', options: { paper: NOPROP } }, h.ctx()))).key).toBe('anon2026noprop');
  });

  it('suggests the closest titles for an unknown paper, typos included', async () => {
    const typo = textOf(await h.commands.runText('cite mixtrue of expers merging', h.ctx()));
    expect(typo).toMatch(/Closest/);
    expect(typo).toMatch(/merging-multi-task-models-via-weight \(Merging Multi-Task Models via Weight-Ensembling/);
    expect(codeOf(await h.commands.runText('cite mixtrue of expers merging', h.ctx()))).toBe('');
    // Too short a prefix for any search to find, but the start of a title.
    expect(textOf(await h.commands.runText('cite nrt', h.ctx()))).toMatch(/^No paper matches "nrt"\. Closest titles: nrtr-a-no-recurrence-sequence \(NRTR: A No-Recurrence/);
    expect(textOf(await h.commands.runText('cite zzqxv', h.ctx()))).toMatch(/^No paper matches "zzqxv"\. Try a search first/);
  });

  it('meets empty, huge, hostile and unicode input with a clear answer', async () => {
    expect(textOf(await h.commands.runText('cite', h.ctx()))).toMatch(/paper/i);
    expect(textOf(await h.commands.runText(`cite ${'x'.repeat(5000)}`, h.ctx()))).toMatch(/at most 2000|characters/);
    expect(textOf(await h.commands.runText('cite <!channel> @everyone </script>', h.ctx()))).toMatch(/No paper (matches|title has all of) "<!channel> @everyone <\/script>"/);
    expect(textOf(await h.commands.runText('cite 深度学习 🚀', h.ctx()))).toMatch(/No paper matches "深度学习 🚀"/);
  });

  it('is listed in help, with an example', async () => {
    expect(textOf(await h.commands.runText('help', h.ctx()))).toMatch(/\/papers cite <paper>: A BibTeX entry for a paper/);
    expect(textOf(await h.commands.runText('help cite', h.ctx()))).toMatch(/\/papers cite noprop/);
  });
});

describe('saved bibtex', () => {
  it('returns the reading list as a .bib file, every entry parsed, keys unique, in the order saved', async () => {
    for (const paper of [NOPROP, 'theoretical-guarantees-of-learning']) await h.commands.runText(`save ${paper}`, h.ctx());
    const reply = await h.commands.runText('saved bibtex', h.ctx());
    expect(reply.visibility).toBe('private');
    expect(textOf(reply)).toMatch(/Your saved papers as BibTeX: paperboy-saved\.bib, 2 entries\./);
    expect(reply.file).toMatchObject({ name: 'paperboy-saved.bib', mediaType: 'application/x-bibtex' });
    const { entries, errors } = parseBibtex(reply.file!.content);
    expect(errors).toEqual([]);
    expect(entries.map((e) => e.key)).toEqual(['anon2026noprop', 'anon2026theoretical']);
    // Someone else's list is their own.
    expect((await h.commands.runText('saved bibtex', h.ctx({ user: { id: 'U2', name: 'Bob' } }))).file).toBeUndefined();
  });

  it('answers an empty reading list with text and no file', async () => {
    const reply = await h.commands.runText('saved bibtex', h.ctx());
    expect(reply.file).toBeUndefined();
    expect(textOf(reply)).toMatch(/^You have no saved papers yet, so there is nothing to cite/);
  });

  it('takes BIBTEX in any case, and refuses other formats with the choice', async () => {
    await h.commands.runText(`save ${NOPROP}`, h.ctx());
    expect((await h.commands.runText('saved BibTeX', h.ctx())).file?.name).toBe('paperboy-saved.bib');
    const refused = await h.commands.runText('saved <!channel> pdf', h.ctx());
    expect(refused.file).toBeUndefined();
    expect(textOf(refused)).toMatch(/bibtex/);
    expect((await h.commands.runText('saved', h.ctx())).file).toBeUndefined();
  });
});
