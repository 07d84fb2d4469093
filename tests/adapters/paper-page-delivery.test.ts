import { afterEach, describe, expect, it } from 'vitest';
import { paperPath, type PaperDraft } from '../../src/index.js';
import { CHANNEL_1, GUILD, startDiscordHarness, type DiscordHarness } from '../helpers/discord-harness.js';
import type { ServiceHarness } from '../helpers/service-harness.js';
import { startSlackHarness, type SlackHarness } from '../helpers/slack-harness.js';

/**
 * A digest from the running service through the real clients against the fake platforms
 * (Bolt and Slack's Web API, discord.js and Discord's REST API): with PAPERBOY_PUBLIC_URL its
 * cards' titles lead to the team's paper pages and the arXiv link stays on each card; without
 * it, titles lead to arXiv as before.
 */
const PAGE = 'https://papers.example.org';
/** How the service builds page URLs (adapters/web/team-links.ts). */
const pageOf = (id: string): string => `${PAGE}${paperPath(id)}`;
const DAY = '2026-11-27';

/** Three papers trending on the digest's day, each with its arXiv page, and one hostile title. */
const TRENDING: PaperDraft[] = [
  { arxivId: '2611.50001', title: 'Paged Attention for Everyone', url: 'https://arxiv.org/abs/2611.50001' },
  { arxivId: '2611.50002', title: '<img src=x onerror=alert(1)> <!channel> @everyone **bold**', url: 'https://arxiv.org/abs/2611.50002' },
  { arxivId: '2611.50003', title: 'Diffusion Without Tears', url: 'https://arxiv.org/abs/2611.50003' },
].map((p, i) => ({ ...p, abstract: 'We show a thing. It works.', authors: ['Ada Lovelace'], appearances: [{ source: 'hf-trending', date: DAY, rank: i + 1, upvotes: 900 - i }] }));

/**
 * The channel's digest for DAY, as the running service posts it: the papers join the corpus,
 * the channel subscribes, and the scheduler's minute comes.
 */
async function postDigest(harness: ServiceHarness, platform: string, workspace: string, channel: string, threads = false): Promise<void> {
  const { service } = harness;
  service.paperboy.papers.addAll(TRENDING);
  await service.storage.saveSubscription({ platform, workspace, channel }, { time: '09:00', timezone: 'UTC', days: 'daily', count: 3, threads }, 'U1', 0);
  harness.at(`${DAY}T09:00:00Z`);
  const report = await harness.tick();
  expect(report.posted).toHaveLength(1);
}

const ids = TRENDING.map((p) => p.arxivId!);

/** Every harness a test started, closed after it. */
const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const h of started.splice(0)) await h.close();
});
const slackHarness = async (options: { publicUrl?: string } = {}): Promise<SlackHarness> => {
  const h = await startSlackHarness('http', options);
  started.push(h);
  return h;
};
const discordHarness = async (options: { publicUrl?: string } = {}): Promise<DiscordHarness> => {
  const h = await startDiscordHarness(options);
  started.push(h);
  return h;
};

type Any = Record<string, any>;

/** Each card of a Slack message as its title line and its context elements. */
function slackCards(blocks: Any[]): Array<{ title: string; context: string[] }> {
  const cards: Array<{ title: string; context: string[] }> = [];
  for (const [i, block] of blocks.entries()) {
    if (block.type !== 'section' || !/^\*(?:\d+\. )?</.test(block.text.text)) continue;
    const next = blocks[i + 1];
    cards.push({ title: block.text.text.split('\n')[0], context: next?.type === 'context' ? next.elements.map((e: Any) => e.text) : [] });
  }
  return cards;
}

describe('a digest through Bolt to the fake Slack', () => {
  it('links each title to the paper page and keeps the arXiv link on the card', async () => {
    const slack = await slackHarness({ publicUrl: PAGE });
    await postDigest(slack.service, 'slack', 'T0001', 'C0500');
    const [posted] = slack.api.messagesIn('C0500');
    const cards = slackCards(posted!.blocks as Any[]);
    expect(cards.map((c) => c.title.match(/^\*\d+\. <([^|]+)\|/)?.[1])).toEqual(ids.map(pageOf));
    expect(cards.map((c) => c.context.find((t) => t.endsWith('|arXiv>')))).toEqual(ids.map((id) => `<https://arxiv.org/abs/${id}|arXiv>`));
    // The hostile title is text inside the page link: escaped, no ping.
    expect(cards[1]!.title).toBe(`*2. <${pageOf(ids[1]!)}|&lt;img src=x onerror=alert(1)&gt; &lt;!channel&gt; @\u2060everyone \u2217\u2217bold\u2217\u2217>*`);
  });

  it('links each title to arXiv, with no page link anywhere, when there is no public URL', async () => {
    const slack = await slackHarness();
    await postDigest(slack.service, 'slack', 'T0001', 'C0500');
    const [posted] = slack.api.messagesIn('C0500');
    const cards = slackCards(posted!.blocks as Any[]);
    expect(cards.map((c) => c.title.match(/^\*\d+\. <([^|]+)\|/)?.[1])).toEqual(ids.map((id) => `https://arxiv.org/abs/${id}`));
    expect(cards.flatMap((c) => c.context).filter((t) => t.includes('|arXiv>'))).toEqual([]);
    expect(JSON.stringify(posted)).not.toContain(PAGE);
  });

  it('links the cards in a threads: on digest’s thread to the paper pages too', async () => {
    const slack = await slackHarness({ publicUrl: PAGE });
    await postDigest(slack.service, 'slack', 'T0001', 'C0500', true);
    const [header] = slack.api.callsTo('chat.postMessage').filter((c) => c.ok && c.args.thread_ts === undefined);
    const replies = slack.api.threadIn('C0500', header!.ts!);
    const titles = replies.flatMap((r) => slackCards(r.blocks as Any[])).map((c) => c.title.match(/<([^|]+)\|/)?.[1]);
    expect(titles).toEqual(ids.map(pageOf));
  });
});

describe('a command answered through Bolt', () => {
  it('links the card of /papers show to the paper page', async () => {
    const slack = await slackHarness({ publicUrl: PAGE });
    const { answer } = await slack.command('show noprop-training-neural-networks-without');
    const [card] = slackCards(answer.blocks as Any[]);
    expect(card!.title).toMatch(new RegExp(`^\\*<${PAGE}/p/noprop-training-neural-networks-without\\|NoProp`));
  });
});

describe('a shared arXiv link unfurled in Slack', () => {
  const share = async (h: SlackHarness) => {
    h.service.service.paperboy.papers.addAll(TRENDING);
    const url = 'https://arxiv.org/abs/2611.50001v2';
    await h.event({ type: 'link_shared', channel: 'C0001', user: 'U0001', message_ts: '1700000009.000100', links: [{ domain: 'arxiv.org', url }], event_ts: '1700000009.000200' });
    const call = await h.api.waitFor(() => h.api.callsTo('chat.unfurl')[0]);
    return slackCards((call.args.unfurls as Record<string, { blocks: Any[] }>)[url]!.blocks)[0]!;
  };

  it('links the title to the paper page and keeps the arXiv link beside it', async () => {
    const slack = await slackHarness({ publicUrl: PAGE });
    const card = await share(slack);
    expect(card.title).toBe(`*<${pageOf(ids[0]!)}|Paged Attention for Everyone>*`);
    expect(card.context).toContain(`<https://arxiv.org/abs/${ids[0]}|arXiv>`);
  });

  it('links the title to arXiv without a public URL', async () => {
    const slack = await slackHarness();
    const card = await share(slack);
    expect(card.title).toBe(`*<https://arxiv.org/abs/${ids[0]}|Paged Attention for Everyone>*`);
    expect(card.context.join(' ')).not.toContain('arXiv>');
  });
});

describe('a digest through discord.js to the fake Discord', () => {
  const cardEmbeds = (embeds: Any[]) => embeds.filter((e) => typeof e.title === 'string');

  it('links each title to the paper page and keeps the arXiv link on the card', async () => {
    const discord = await discordHarness({ publicUrl: PAGE });
    await postDigest(discord.service, 'discord', GUILD, CHANNEL_1);
    const [posted] = discord.fake.messagesIn(CHANNEL_1);
    const embeds = cardEmbeds(posted!.embeds as Any[]);
    expect(embeds.map((e) => e.url)).toEqual(ids.map(pageOf));
    expect(embeds.map((e) => e.description.split('\n').at(-1))).toEqual(ids.map((id) => `[arXiv](https://arxiv.org/abs/${id})`));
    expect(embeds[1]!.title).toBe('2\\. \\<img src=x onerror=alert(1)> \\<!channel> @everyone \\*\\*bold\\*\\*');
    expect(posted!.allowed_mentions).toEqual({ parse: [] });
  });

  it('links each title to arXiv, with no page link anywhere, when there is no public URL', async () => {
    const discord = await discordHarness();
    await postDigest(discord.service, 'discord', GUILD, CHANNEL_1);
    const [posted] = discord.fake.messagesIn(CHANNEL_1);
    const embeds = cardEmbeds(posted!.embeds as Any[]);
    expect(embeds.map((e) => e.url)).toEqual(ids.map((id) => `https://arxiv.org/abs/${id}`));
    expect(JSON.stringify(posted)).not.toContain(PAGE);
    expect(JSON.stringify(posted)).not.toContain('[arXiv]');
  });
});
