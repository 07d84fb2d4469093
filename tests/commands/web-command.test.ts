import { afterEach, describe, expect, it } from 'vitest';
import { teamPageLinks } from '../../adapters/web/team-links.js';
import { SignInTokens } from '../../adapters/web/sign-in-tokens.js';
import { LINK_TTL_MS } from '../../adapters/web/web-settings.js';
import { createCommandService, type CommandService, type Message, type TeamPageLinks } from '../../src/index.js';
import { commandHarness, recordingLogger, textOf, type CommandHarness } from '../helpers/command-harness.js';
import { shippedPaperboy } from '../helpers/shipped-corpus.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

/** The command service as the service builds it: with the team page's links. */
function withLinks(h: CommandHarness, links: TeamPageLinks): CommandService {
  return createCommandService({ paperboy: shippedPaperboy(), storage: h.storage, logger: recordingLogger([]), links });
}

let harness: CommandHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const linkIn = (message: Message): string => /https?:\/\/\S+/.exec(textOf(message))?.[0] ?? '';

describe('/papers web', () => {
  it('says the page is off, and what the operator sets, where the service serves no page', async () => {
    harness = commandHarness();
    const reply = await harness.commands.runText('/papers web', harness.ctx());
    expect(reply.visibility).toBe('private');
    expect(textOf(reply)).toMatch(/team page is not served here/);
    expect(textOf(reply)).toMatch(/PAPERBOY_PUBLIC_URL/);
    expect(textOf(reply)).toMatch(/PAPERBOY_SECRET/);
  });

  it('answers only the asker with a personal link, when it expires in words, and not to share it', async () => {
    harness = commandHarness();
    const links = teamPageLinks({ settings: { secret: SECRET, ephemeralSecret: false, publicUrl: 'https://papers.example.com', linkTtlMs: LINK_TTL_MS }, serviceUrl: () => 'http://127.0.0.1:1' });
    const commands = withLinks(harness, links);
    const reply = await commands.runText('/papers web', harness.ctx({ now: new Date('2026-11-27T08:00:00Z') }));
    expect(reply.visibility).toBe('private');
    const text = textOf(reply);
    expect(text).toMatch(
      /^Your sign-in link to this Slack workspace's paperboy page \(only for you; it signs you in until Friday 4 December 2026, 08:00 UTC\): https:\/\/papers\.example\.com\/team\/slack\/T1\?token=v1\./,
    );
    expect(text).toMatch(/Don't share it/);
    expect(text).not.toMatch(/restart/);
    const token = new URL(linkIn(reply)).searchParams.get('token')!;
    expect(new SignInTokens(SECRET).verify(token, 'link', new Date('2026-12-04T07:59:59Z'))).toEqual({
      ok: true,
      value: { viewer: { team: { platform: 'slack', workspace: 'T1' }, user: 'U1' }, expiresAt: new Date('2026-12-04T08:00:00Z') },
    });
  });

  it('warns that the link dies at restart when the service has no PAPERBOY_SECRET, and links to the service itself without a public URL', async () => {
    harness = commandHarness();
    const links = teamPageLinks({ settings: { secret: SECRET, ephemeralSecret: true, linkTtlMs: LINK_TTL_MS }, serviceUrl: () => 'http://0.0.0.0:3000' });
    const commands = withLinks(harness, links);
    const reply = await commands.runText('web', harness.ctx({ platform: 'discord', workspace: '<!channel> @everyone ‮', user: { id: '42', name: 'x' } }));
    expect(textOf(reply)).toMatch(/this Discord server's paperboy page/);
    expect(textOf(reply)).toMatch(/stops working when the service restarts/);
    const url = new URL(linkIn(reply));
    expect(url.origin).toBe('http://127.0.0.1:3000');
    // The workspace id is one encoded path segment, whatever it holds.
    expect(url.pathname).toBe(`/team/discord/${encodeURIComponent('<!channel> @everyone ‮')}`);
    expect(linkIn(reply)).not.toMatch(/[<>\s@]/);
  });

  it('links to the loopback address when the service listens on every IPv6 address', async () => {
    harness = commandHarness();
    const links = teamPageLinks({ settings: { secret: SECRET, ephemeralSecret: true, linkTtlMs: LINK_TTL_MS }, serviceUrl: () => 'http://[::]:3000' });
    const reply = await withLinks(harness, links).runText('web', harness.ctx());
    expect(new URL(linkIn(reply)).origin).toBe('http://[::1]:3000');
  });

  it('is listed in help, and typed with more words it stays a search', async () => {
    harness = commandHarness();
    expect(textOf(await harness.commands.runText('/papers help', harness.ctx()))).toMatch(/\/papers web: A link that signs you in/);
    expect(textOf(await harness.commands.runText('/papers WEB', harness.ctx()))).toMatch(/team page is not served here/);
    const search = await harness.commands.runText('/papers web agents', harness.ctx());
    expect(textOf(search)).not.toMatch(/team page/);
    expect(search.blocks.some((b) => b.type === 'paper')).toBe(true);
  });
});
