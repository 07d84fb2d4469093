import { afterEach, describe, expect, it } from 'vitest';
import { parseBibtex, parseOneEntry } from '../helpers/bibtex-parse.js';
import { discordButtons, startDiscordHarness, type DiscordHarness } from '../helpers/discord-harness.js';

/** Cite in Discord, real discord.js against the fake: the Cite button, and the reading list as an attachment. */
let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const NOPROP = 'noprop-training-neural-networks-without';
const entryIn = (text: string): string => /```\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '';
/** The .bib files attached to replies to interactions, as uploaded. */
const attachments = (harness: DiscordHarness) => harness.fake.calls.flatMap((c) => c.files.map((f) => ({ path: c.path, name: f.filename, text: f.content.toString('utf8') })));

describe('Discord cite', () => {
  it('answers the Cite button on a result privately with the entry in a code block', async () => {
    h = await startDiscordHarness();
    const found = await h.command('search', [{ name: 'query', type: 3, value: 'NoProp' }]);
    const cite = discordButtons(found.body).find((b) => b.label === 'Cite 1')!;
    const answer = await h.click(cite.customId);
    expect(answer.ephemeral).toBe(true);
    expect(answer.body.allowed_mentions).toEqual({ parse: [] });
    expect(parseOneEntry(entryIn(String(answer.body.content))).key).toBe('anon2026noprop');
  });

  it('attaches the reading list as paperboy-saved.bib to the private reply', async () => {
    h = await startDiscordHarness();
    for (const paper of [NOPROP, 'theoretical-guarantees-of-learning']) await h.command('save', [{ name: 'paper', type: 3, value: paper }]);
    const answer = await h.command('saved', [{ name: 'format', type: 3, value: 'bibtex' }]);
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toMatch(/Your saved papers as BibTeX: paperboy-saved\.bib, 2 entries\./);
    const [file] = attachments(h);
    expect(file).toMatchObject({ name: 'paperboy-saved.bib', path: expect.stringMatching(/^\/interactions\/.+\/callback$/) });
    const { entries, errors } = parseBibtex(file!.text);
    expect(errors).toEqual([]);
    expect(entries.map((e) => e.key)).toEqual(['anon2026noprop', 'anon2026theoretical']);
  });

  it('attaches it to the edited reply when the answer was deferred', async () => {
    h = await startDiscordHarness({ deferAfterMs: 0 });
    await h.command('save', [{ name: 'paper', type: 3, value: NOPROP }]);
    const answer = await h.command('saved', [{ name: 'format', type: 3, value: 'bibtex' }]);
    expect(answer.callbackTypes).toEqual([5]);
    const uploads = attachments(h);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.path).toMatch(/^\/webhooks\/.+\/messages\/@original$/);
    expect(parseBibtex(uploads[0]!.text).entries.map((e) => e.key)).toEqual(['anon2026noprop']);
  });

  it('answers an empty reading list with text and attaches nothing', async () => {
    h = await startDiscordHarness();
    const answer = await h.command('saved', [{ name: 'format', type: 3, value: 'bibtex' }]);
    expect(answer.text).toMatch(/You have no saved papers yet, so there is nothing to cite/);
    expect(attachments(h)).toEqual([]);
  });
});
