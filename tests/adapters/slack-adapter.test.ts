import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { postSigned, signSlackRequest, sendSigned, slashCommandBody, nowSeconds } from '../fakes/slack/index.js';
import { shippedCollection } from '../helpers/shipped-corpus.js';
import { SIGNING_SECRET, slackButtons, slackText, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.js';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const buttons = slackButtons;

describe('Slack, HTTP mode', () => {
  it('acks /papers at once and answers the asker only, with result buttons', async () => {
    h = await startSlackHarness('http');
    const { ack, answer } = await h.command('search training without backpropagation');
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000);
    expect(answer.response_type).toBe('ephemeral');
    expect(slackText(answer)).toMatch(/Results 1–5 of \d+ for “training without backpropagation”/);
    expect(slackText(answer)).toMatch(/NoProp/);
    expect(buttons(answer).map((b) => b.text.text)).toEqual(expect.arrayContaining(['Related', 'Save', 'Share in channel', expect.stringMatching(/^Next/)]));
    expect(h.api.findUnescapedMentions()).toEqual([]);
  });

  it('refuses a bad signature or a stale timestamp with 401, and runs nothing', async () => {
    h = await startSlackHarness('http');
    const responseUrl = h.api.newResponseUrl();
    const body = slashCommandBody({ text: 'search lora', response_url: responseUrl });
    expect((await postSigned(h.eventsUrl, 'wrong-secret-0000000000000000', body)).status).toBe(401);
    expect((await postSigned(h.eventsUrl, SIGNING_SECRET, body, nowSeconds() - 301)).status).toBe(401);
    const tampered = signSlackRequest(SIGNING_SECRET, body);
    expect((await sendSigned(h.eventsUrl, body.replace('lora', 'moe'), tampered)).status).toBe(401);
    // A good command sent after them is answered; by then the refused ones would have been too.
    await h.command('search lora');
    expect(h.api.responsesTo(responseUrl)).toEqual([]);
  });

  it('shows help for empty text, refuses a 5,000-character query clearly, and searches unknown subcommands', async () => {
    h = await startSlackHarness('http');
    expect(slackText((await h.command('')).answer)).toMatch(/\/papers subscribe HH:MM/);
    expect(slackText((await h.command(`search ${'x'.repeat(5000)}`)).answer)).toMatch(/at most 2000/);
    expect(slackText((await h.command('frobnicate merging')).answer)).toMatch(/for “frobnicate merging”/);
  });

  it('never lets a query ping: mentions in queries come back escaped', async () => {
    h = await startSlackHarness('http');
    const { answer } = await h.command('search <!channel> <!here> @everyone <@U123> merging');
    expect(slackText(answer)).toMatch(/<!channel> <!here> @everyone <@U123> merging/);
    expect(JSON.stringify(answer)).not.toMatch(/<!channel>|<!here>|<@U123>/);
    expect(h.api.findUnescapedMentions()).toEqual([]);
  });

  it('runs buttons: next page, save, and share into the channel', async () => {
    h = await startSlackHarness('http');
    const { answer } = await h.command('search mixture of experts');
    const next = buttons(answer).find((b) => b.text.text.startsWith('Next'))!;
    expect(slackText(await h.click(next.action_id, next.value))).toMatch(/Results 6–10 of 14/);
    const save = buttons(answer).find((b) => b.text.text === 'Save')!;
    expect(slackText(await h.click(save.action_id, save.value))).toMatch(/^Saved “/);
    expect(await h.service.service.storage.savedPaperIds('slack', 'T0001', 'U0001')).toHaveLength(1);
    const share = buttons(answer).find((b) => b.text.text === 'Share in channel')!;
    const shared = await h.click(share.action_id, share.value);
    expect(shared.response_type).toBe('in_channel');
    expect(shared.replace_original).toBe(false);
    expect(slackText(shared)).toMatch(/alice shared:/);
  });

  it('answers an outdated or forged button without crashing', async () => {
    h = await startSlackHarness('http');
    expect(slackText(await h.click('papers:save:0', '{not json'))).toMatch(/older version of paperboy/);
    expect(slackText(await h.click('papers:save:0', JSON.stringify({ name: 'drop-tables', options: {} })))).toMatch(/There is no command/);
  });

  it('announces a subscription in the channel, then posts the digest there once, with Save, 👍, Discuss and Cite buttons', async () => {
    h = await startSlackHarness('http');
    const { answer } = await h.command('subscribe 09:00 UTC daily 3', { channel: 'C0042' });
    expect(answer.response_type).toBe('in_channel');
    expect(slackText(answer)).toMatch(/alice subscribed this channel to 3 papers every day at 09:00 UTC/);
    h.service.at('2026-11-27T09:00:00Z');
    await h.service.tick();
    h.service.at('2026-11-27T09:01:00Z');
    await h.service.tick();
    const posts = h.api.messagesIn('C0042');
    expect(posts).toHaveLength(1);
    expect(slackText(posts[0]!)).toMatch(/Trending papers · Friday 27 November 2026/);
    expect(buttons(posts[0]!).map((b) => b.text.text)).toEqual(['Save', '👍', 'Discuss', 'Cite', 'Save', '👍', 'Discuss', 'Cite', 'Save', '👍', 'Discuss', 'Cite']);
    const ts = h.api.callsTo('chat.postMessage').find((c) => c.ok)!;
    expect((await h.service.service.storage.getSlot('slack:T0001:C0042', '2026-11-27'))?.status).toBe('posted');
    expect(ts).toBeDefined();
    // A 👍 on the digest counts for the team's trending.
    const upvote = buttons(posts[0]!).find((b) => b.text.text === '👍')!;
    expect(slackText(await h.click(upvote.action_id, upvote.value, { channel: 'C0042' }))).toMatch(/👍 counted/);
  });

  it('marks a channel the bot cannot post in as failing with what to do, and posts to the others', async () => {
    h = await startSlackHarness('http');
    for (const channel of ['C1', 'C2', 'C3']) await h.command('subscribe 09:00 UTC', { channel });
    h.api.failNext('chat.postMessage', { ok: false, error: 'not_in_channel' }, { channel: 'C2' });
    h.api.failNext('chat.postMessage', { ok: false, error: 'is_archived' }, { channel: 'C3' });
    h.service.at('2026-11-27T09:00:00Z');
    await h.service.tick();
    expect(h.api.messagesIn('C1')).toHaveLength(1);
    const storage = h.service.service.storage;
    expect((await storage.getSubscription({ platform: 'slack', workspace: 'T0001', channel: 'C2' }))?.failing).toMatch(
      /^Slack: not_in_channel: the bot is not in this channel; invite it with \/invite @paperboy/,
    );
    expect((await storage.getSubscription({ platform: 'slack', workspace: 'T0001', channel: 'C3' }))?.failing).toMatch(/is_archived/);
    expect(slackText((await h.command('subscriptions', { channel: 'C1' })).answer)).toMatch(/#C2: .*FAILING: Slack: not_in_channel/);
  });

  it('gets exactly one digest to every channel through a storm of 429s', async () => {
    h = await startSlackHarness('http');
    const channels = ['C10', 'C11', 'C12', 'C13'];
    for (const channel of channels) await h.command('subscribe 09:00 UTC 2', { channel });
    for (const channel of channels) h.api.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, { channel, times: 2 });
    h.service.at('2026-11-27T09:00:00Z');
    const report = await h.service.tick();
    expect(report.posted).toHaveLength(4);
    for (const channel of channels) expect(h.api.messagesIn(channel)).toHaveLength(1);
    expect(h.api.callsTo('chat.postMessage').filter((c) => c.status === 429).length).toBeGreaterThanOrEqual(4);
  }, 30_000);

  it('retries Slack 5xx and records the digest once it lands', async () => {
    h = await startSlackHarness('http');
    await h.command('subscribe 09:00 UTC 2', { channel: 'C7' });
    h.api.failNext('chat.postMessage', { status: 503 }, { channel: 'C7', times: 2 });
    h.service.at('2026-11-27T09:00:00Z');
    await h.service.tick();
    expect(h.api.messagesIn('C7')).toHaveLength(1);
    expect((await h.service.service.storage.getSlot('slack:T0001:C7', '2026-11-27'))?.messageId).toMatch(/^\d+\.\d+$/);
  });
});

describe('Slack link cards', () => {
  it('unfurls arXiv and Hugging Face links to papers the corpus knows, and only those', async () => {
    h = await startSlackHarness('http', {
      before: async (dataDir) => {
        const storage = SqliteStorage.open(join(dataDir, 'paperboy.sqlite'));
        const noprop = [...shippedCollection().all()][0]!;
        await storage.savePapers([{ ...noprop, id: '2503.24322', arxivId: '2503.24322' }], 0);
        await storage.close();
      },
    });
    const links = [
      { domain: 'arxiv.org', url: 'https://arxiv.org/abs/2503.24322v2' },
      { domain: 'arxiv.org', url: 'https://arxiv.org/pdf/2503.24322' },
      { domain: 'huggingface.co', url: 'https://huggingface.co/papers/2503.24322' },
      { domain: 'arxiv.org', url: 'https://arxiv.org/abs/2401.99999' },
    ];
    const sent = await h.event({ type: 'link_shared', channel: 'C0001', user: 'U0001', message_ts: '1700000009.000100', links, event_ts: '1700000009.000200' });
    expect(sent.status).toBe(200);
    const call = await h.api.waitFor(() => h!.api.callsTo('chat.unfurl')[0]);
    const unfurls = call.args.unfurls as Record<string, { blocks: unknown[] }>;
    expect(Object.keys(unfurls).sort()).toEqual(
      links
        .slice(0, 3)
        .map((l) => l.url)
        .sort(),
    );
    expect(slackText({ blocks: unfurls[links[0]!.url]!.blocks })).toMatch(/NoProp: Training Neural Networks/);
    expect(call.args).toMatchObject({ channel: 'C0001', ts: '1700000009.000100' });
  });
});

describe('Slack, Socket Mode', () => {
  it('answers /papers and buttons over the socket, and posts digests through the Web API', async () => {
    h = await startSlackHarness('socket');
    const { answer } = await h.command('search NoProp');
    expect(slackText(answer)).toMatch(/NoProp/);
    await h.command('subscribe 09:00 UTC 1', { channel: 'C9' });
    h.service.at('2026-11-27T09:00:00Z');
    await h.service.tick();
    expect(h.api.messagesIn('C9')).toHaveLength(1);
    expect(h.api.callsTo('apps.connections.open')).toHaveLength(1);
  });
});

describe('Slack start-up', () => {
  it('says plainly when Slack refuses the bot token', async () => {
    const { FakeSlackApi } = await import('../fakes/slack/index.js');
    const { SlackAdapter } = await import('../../adapters/slack/slack-adapter.js');
    const { createCommandService, silentLogger } = await import('../../src/index.js');
    const { shippedPaperboy } = await import('../helpers/shipped-corpus.js');
    const api = await FakeSlackApi.start();
    api.failNext('auth.test', { ok: false, error: 'invalid_auth' });
    const storage = SqliteStorage.open(':memory:');
    const adapter = new SlackAdapter({
      config: { mode: 'http', botToken: 'xoxb-bad', signingSecret: SIGNING_SECRET, appToken: undefined, apiUrl: api.url },
      commands: createCommandService({ paperboy: shippedPaperboy(), storage, logger: silentLogger }),
      lookup: () => undefined,
      logger: silentLogger,
      clock: () => new Date(),
      retry: { retries: 0, minTimeout: 1, maxTimeout: 1 },
    });
    await expect(adapter.start()).rejects.toThrow('Slack refused the bot token (invalid_auth); check SLACK_BOT_TOKEN');
    await storage.close();
    await api.close();
  });
});
