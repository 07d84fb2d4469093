import { afterEach, describe, expect, it } from 'vitest';
import { parseBibtex, parseOneEntry } from '../helpers/bibtex-parse.js';
import { slackText, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.js';

/**
 * Cite in Slack, real Bolt against the fake Slack: the Cite button, and the reading list as a
 * .bib file sent with files.uploadV2 (upload URL, the upload itself, completion) to the
 * asker's direct message with the bot, never to the channel.
 */
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Any = Record<string, any>;
const buttons = (body: Any): Any[] => (body.blocks as Any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Any[]);
const NOPROP = 'noprop-training-neural-networks-without';

describe('Slack cite', () => {
  it('answers the Cite button privately with the entry in a code block', async () => {
    h = await startSlackHarness('http');
    const { answer } = await h.command('search NoProp');
    const cite = buttons(answer).find((b) => b.text.text === 'Cite')!;
    const reply = await h.click(cite.action_id, cite.value);
    expect(reply.response_type).toBe('ephemeral');
    const entry = /```\n([\s\S]*?)\n```/.exec(slackText(reply))?.[1] ?? '';
    expect(parseOneEntry(entry).key).toBe('anon2026noprop');
    expect(h.api.findUnescapedMentions()).toEqual([]);
  });

  it('sends the reading list as paperboy-saved.bib to the asker’s direct message, and says so in the private reply', async () => {
    h = await startSlackHarness('http');
    for (const paper of [NOPROP, 'theoretical-guarantees-of-learning']) await h.command(`save ${paper}`, { user: 'U0042' });
    const { answer } = await h.command('saved bibtex', { user: 'U0042', channel: 'C0007' });
    expect(answer.response_type).toBe('ephemeral');
    expect(slackText(answer)).toMatch(/Your saved papers as BibTeX: paperboy-saved\.bib, 2 entries\.\nSent to you in a direct message from paperboy/);
    expect(h.api.uploads).toHaveLength(1);
    const [upload] = h.api.uploads;
    expect(upload).toMatchObject({ filename: 'paperboy-saved.bib', title: 'paperboy-saved.bib', channel: 'D0042' });
    const { entries, errors } = parseBibtex(upload!.content.toString('utf8'));
    expect(errors).toEqual([]);
    expect(entries.map((e) => e.key)).toEqual(['anon2026noprop', 'anon2026theoretical']);
    // Nothing went to the channel the command came from.
    expect(h.api.messagesIn('C0007')).toEqual([]);
    expect(h.api.violations).toEqual([]);
    expect(h.api.callsTo('files.getUploadURLExternal')[0]!.args).toMatchObject({ filename: 'paperboy-saved.bib', length: String(upload!.content.length) });
  });

  it('explains a failed upload in the reply instead of failing silently', async () => {
    h = await startSlackHarness('socket');
    await h.command(`save ${NOPROP}`);
    h.api.failNext('files.getUploadURLExternal', { ok: false, error: 'missing_scope', needed: 'files:write' });
    const { answer } = await h.command('saved bibtex');
    expect(slackText(answer)).toMatch(/Could not send paperboy-saved\.bib \(paperboy lacks the files:write and im:write permissions; a Slack admin can reinstall it/);
    expect(h.api.uploads).toEqual([]);
  });

  it('answers an empty reading list with text and uploads nothing', async () => {
    h = await startSlackHarness('http');
    const { answer } = await h.command('saved bibtex');
    expect(slackText(answer)).toMatch(/You have no saved papers yet, so there is nothing to cite/);
    expect(h.api.callsTo('files.getUploadURLExternal')).toEqual([]);
  });
});
