import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlackApi, FakeSocketMode, eventBody, nowSeconds, postSigned, quietLogger, sendSigned, signSlackRequest, slashCommandBody } from './slack/index.js';

/**
 * Proves the Slack fakes against the real Bolt stack (HTTPReceiver, SocketModeReceiver, @slack/web-api), so adapter
 * tests can trust that what passes here passes against the wiring Slack itself drives.
 */

const SECRET = 'test-signing-secret';
const { ErrorCode } = webApi;
/** One retry, no backoff: enough to show a 429 or 500 being retried without slowing the suite. */
const ONE_QUICK_RETRY = { retries: 1, minTimeout: 0, maxTimeout: 1 };

describe('signing helpers', () => {
  const docsBody =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
    '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
    '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

  it("matches the test vector from Slack's docs", () => {
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', docsBody, 1531420618)).toEqual({
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'content-type': 'application/x-www-form-urlencoded',
    });
  });

  it("builds slash command bodies in Slack's field order", () => {
    const body = slashCommandBody({
      token: 'xyzz0WbapA4vBCDEFasx0q6G',
      team_id: 'T1DC2JH3J',
      team_domain: 'testteamnow',
      channel_id: 'G8PSS9T3V',
      channel_name: 'foobar',
      user_id: 'U2CERLKJA',
      user_name: 'roadrunner',
      command: '/webhook-collect',
      text: '',
      api_app_id: null,
      is_enterprise_install: null,
      response_url: 'https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN',
      trigger_id: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    });
    expect(body).toBe(docsBody);
  });
});

describe('HTTP mode: Bolt HTTPReceiver against the fake Web API', () => {
  let api: FakeSlackApi;
  let app: App;
  let endpoint: string;
  const handled: string[] = [];

  beforeAll(async () => {
    api = await FakeSlackApi.start(); // first: new App() calls auth.test at once
    app = new App({
      token: 'xoxb-test',
      logger: quietLogger(),
      receiver: new HTTPReceiver({ signingSecret: SECRET, endpoints: '/slack/events', logger: quietLogger() }),
      clientOptions: { slackApiUrl: api.url, retryConfig: ONE_QUICK_RETRY },
    });
    app.command('/papers', async ({ command, ack, respond, client }) => {
      handled.push(command.text);
      await ack();
      await respond({ response_type: 'ephemeral', text: `Searching for ${command.text}` });
      await client.chat.postMessage({ channel: command.channel_id, text: `Results for ${command.text}` });
    });
    app.event('link_shared', async ({ event, client }) => {
      const unfurls = Object.fromEntries(event.links.map((link) => [link.url, { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${link.url}*` } }] }]));
      await client.chat.unfurl({ channel: event.channel, ts: event.message_ts, unfurls });
    });
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterAll(async () => {
    await app.stop();
    await api.close();
  });

  beforeEach(() => {
    handled.length = 0;
    api.reset();
  });

  it('called auth.test at construction and answered as the bot', async () => {
    const result = await app.client.auth.test();
    expect(result).toMatchObject({ ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0001' });
    expect(api.callsTo('auth.test')[0]?.token).toBe('xoxb-test');
  });

  it('runs a signed /papers: 200 ack, respond() reaches the response_url, postMessage is recorded', async () => {
    const responseUrl = api.newResponseUrl();
    const result = await postSigned(endpoint, SECRET, slashCommandBody({ text: 'transformers', channel_id: 'C0042', response_url: responseUrl }));
    expect(result).toMatchObject({ status: 200, text: '' });
    expect(result.ms).toBeLessThan(3000);
    const [message] = await api.waitFor(() => api.messagesIn('C0042').length > 0 && api.messagesIn('C0042'));
    expect(message).toMatchObject({ channel: 'C0042', text: 'Results for transformers' });
    expect(api.responsesTo(responseUrl)).toEqual([{ response_type: 'ephemeral', text: 'Searching for transformers' }]);
    expect(handled).toEqual(['transformers']);
  });

  it('rejects a bad signature and a stale timestamp with 401 before any handler runs', async () => {
    const body = slashCommandBody({ text: 'forged', response_url: api.newResponseUrl() });
    const forged = await sendSigned(endpoint, body, signSlackRequest('not-the-secret', body));
    const stale = await postSigned(endpoint, SECRET, body, nowSeconds() - 301);
    expect([forged.status, stale.status]).toEqual([401, 401]);
    expect(handled).toEqual([]);
    expect(api.calls).toEqual([]);
  });

  it('delivers a signed link_shared event; chat.unfurl arrives with unfurls decoded', async () => {
    const url = 'https://arxiv.org/abs/1706.03762';
    const body = eventBody({ type: 'link_shared', channel: 'C0042', user: 'U0001', message_ts: '1700000000.000200', links: [{ domain: 'arxiv.org', url }], event_ts: '1700000000.000300' });
    expect((await postSigned(endpoint, SECRET, body)).status).toBe(200);
    const [call] = await api.waitFor(() => api.callsTo('chat.unfurl').length > 0 && api.callsTo('chat.unfurl'));
    expect(call).toMatchObject({ ok: true, args: { channel: 'C0042', ts: '1700000000.000200', unfurls: { [url]: { blocks: [{ type: 'section' }] } } } });
  });

  it('accepts a realistic paper card and rejects 51 blocks with invalid_blocks', async () => {
    const card = [
      { type: 'header', text: { type: 'plain_text', text: 'Attention Is All You Need' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Vaswani et al. · 2017' }, fields: [{ type: 'mrkdwn', text: '*Cited* 100k' }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'arXiv:1706.03762' }] },
      { type: 'actions', elements: [{ type: 'button', action_id: 'related', text: { type: 'plain_text', text: 'Related' }, value: '1706.03762' }] },
    ];
    await expect(app.client.chat.postMessage({ channel: 'C1', text: 'card', blocks: card })).resolves.toMatchObject({ ok: true });
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const error: unknown = await app.client.chat.postMessage({ channel: 'C1', text: 'x', blocks: tooMany }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: ErrorCode.PlatformError, data: { ok: false, error: 'invalid_blocks' } });
    expect(api.violations).toEqual([expect.stringContaining('[json-pointer:/blocks]')]);
    expect(api.messagesIn('C1')).toHaveLength(1);
  });

  const long = (n: number): string => 'x'.repeat(n);
  const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const button = (extra: Record<string, unknown>) => ({ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'Go' }, ...extra }] });
  it.each([
    ['section text > 3000', [section(long(3001))], 'invalid_blocks', '/blocks/0/text/text'],
    ['empty section text', [section('')], 'invalid_blocks', '/blocks/0/text/text'],
    ['header > 150', [{ type: 'header', text: { type: 'plain_text', text: long(151) } }], 'invalid_blocks', '/blocks/0/text/text'],
    ['context > 10 elements', [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'x' })) }], 'invalid_blocks', '/blocks/0/elements'],
    ['button text > 75', [button({ text: { type: 'plain_text', text: long(76) } })], 'invalid_blocks', '/blocks/0/elements/0/text/text'],
    ['button value > 2000', [button({ value: long(2001) })], 'invalid_blocks', '/blocks/0/elements/0/value'],
    ['action_id > 255', [button({ action_id: long(256) })], 'invalid_blocks', '/blocks/0/elements/0/action_id'],
    ['block_id > 255', [{ type: 'divider', block_id: long(256) }], 'invalid_blocks', '/blocks/0/block_id'],
    ['total block text > 13k', Array.from({ length: 5 }, () => section(long(2900))), 'msg_blocks_too_long', ''],
  ])('enforces %s', async (_name, blocks, expected, pointer) => {
    const error: unknown = await app.client.chat.postMessage({ channel: 'C1', text: 'x', blocks }).catch((e: unknown) => e);
    expect(error).toMatchObject({ data: { error: expected } });
    expect(api.violations[0]).toContain(pointer);
  });

  it('answers msg_too_long above 40,000 characters of text', async () => {
    await expect(app.client.chat.postMessage({ channel: 'C1', text: long(40_001) })).rejects.toMatchObject({ data: { error: 'msg_too_long' } });
  });

  it('retries after a 429 with Retry-After: 1 and then succeeds', async () => {
    api.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    await expect(app.client.chat.postMessage({ channel: 'C1', text: 'later' })).resolves.toMatchObject({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(api.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
  });

  it('surfaces ok:false faults as platform errors, scoped by channel and consumed in order', async () => {
    api.failNext('chat.postMessage', { ok: false, error: 'not_in_channel' }, { channel: 'C2' });
    api.failNext('chat.postMessage', { ok: false, error: 'missing_scope', needed: 'chat:write', provided: 'commands' });
    await expect(app.client.chat.postMessage({ channel: 'C2', text: 'a' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'not_in_channel' },
    });
    await expect(app.client.chat.postMessage({ channel: 'C3', text: 'b' })).rejects.toMatchObject({
      data: { error: 'missing_scope', needed: 'chat:write', provided: 'commands' },
    });
    await expect(app.client.chat.postMessage({ channel: 'C2', text: 'c' })).resolves.toMatchObject({ ok: true });
  });

  it('retries a 500 once, then gives up with an HTTP error', async () => {
    api.failNext('chat.postMessage', { status: 500 });
    await expect(app.client.chat.postMessage({ channel: 'C1', text: 'a' })).resolves.toMatchObject({ ok: true });
    api.failNext('chat.postMessage', { status: 503 }, { times: 2 });
    await expect(app.client.chat.postMessage({ channel: 'C1', text: 'b' })).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
  });

  it('fails a share of calls at random, posting nothing for them, and tells listeners about every call', async () => {
    // Draws below 0.3 get a 429, from 0.3 to 0.4 a 503, the rest go through.
    const draws = [0.1, 0.5, 0.35, 0.95];
    api.failAtRandom(
      'chat.postMessage',
      [
        { fault: { status: 429, retryAfter: 1 }, rate: 0.3 },
        { fault: { status: 503 }, rate: 0.1 },
      ],
      () => draws.shift() ?? 0.99,
    );
    const heard: Array<[string, number]> = [];
    const stop = api.onCall((call) => heard.push([call.method, call.status]));
    const post = (text: string) =>
      fetch(`${api.url}chat.postMessage`, { method: 'POST', headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/x-www-form-urlencoded' }, body: `channel=C9&text=${text}` });
    const replies = [await post('a'), await post('b'), await post('c'), await post('d')];
    expect(replies.map((r) => r.status)).toEqual([429, 200, 503, 200]);
    expect(replies[0]?.headers.get('retry-after')).toBe('1');
    expect(api.messagesIn('C9').map((m) => m.text)).toEqual(['b', 'd']);
    stop();
    await post('e');
    expect(heard).toEqual([
      ['chat.postMessage', 429],
      ['chat.postMessage', 200],
      ['chat.postMessage', 503],
      ['chat.postMessage', 200],
    ]);
  });

  it('answers from channel setup: archived, not a member, unknown', async () => {
    api.setChannel('C5', { is_archived: true });
    api.setChannel('C6', { is_member: false });
    api.setChannel('C7', null);
    const errors = await Promise.all(['C5', 'C6', 'C7'].map((channel) => app.client.chat.postMessage({ channel, text: 'x' }).catch((e: { data: { error: string } }) => e.data.error)));
    expect(errors).toEqual(['is_archived', 'not_in_channel', 'channel_not_found']);
    await expect(app.client.conversations.info({ channel: 'C6' })).resolves.toMatchObject({ channel: { id: 'C6', is_member: false } });
  });

  it('finds mentions that could ping, and not escaped ones', async () => {
    await app.client.chat.postMessage({ channel: 'C1', text: 'hey <!channel> new paper' });
    await app.client.chat.postMessage({
      channel: 'C1',
      text: 'safe &lt;!channel&gt;',
      blocks: [
        section('&lt;!here&gt; is inert'),
        { type: 'header', text: { type: 'plain_text', text: '<!everyone> is not parsed in plain_text' } },
        { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'broadcast', range: 'here' }] }] },
      ],
    });
    expect(api.findUnescapedMentions()).toEqual(['chat.postMessage#0/text: <!channel>', 'chat.postMessage#1/blocks/2/elements/0/elements/0: <!here>']);
  });

  it('serves files.uploadV2: an upload URL, the upload POST, and completion into a channel', async () => {
    const content = '@misc{a,\n  title = {{Ünïcode & more}},\n}\n';
    const result = await app.client.filesUploadV2({ channel_id: 'C3', file: Buffer.from(content), filename: 'refs.bib', title: 'refs.bib', initial_comment: 'here' });
    expect(result.ok).toBe(true);
    expect(api.uploads).toEqual([{ id: expect.stringMatching(/^F/), filename: 'refs.bib', title: 'refs.bib', channel: 'C3', initialComment: 'here', content: Buffer.from(content) }]);
    expect(api.callsTo('files.getUploadURLExternal')[0]!.args).toMatchObject({ filename: 'refs.bib', length: String(Buffer.byteLength(content)) });
    expect(api.violations).toEqual([]);
  });

  it('refuses what Slack refuses around uploads: no length, unknown upload URLs, completing before uploading, archived channels', async () => {
    await expect(app.client.files.getUploadURLExternal({ filename: 'x.bib', length: 0 })).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    expect((await fetch(`${api.origin}/upload/F404`, { method: 'POST', body: 'x' })).status).toBe(404);
    const { file_id } = await app.client.files.getUploadURLExternal({ filename: 'x.bib', length: 1 });
    await expect(app.client.files.completeUploadExternal({ files: [{ id: file_id! }], channel_id: 'C1' })).rejects.toMatchObject({ data: { error: 'file_not_found' } });
    api.setChannel('C5', { is_archived: true });
    await expect(app.client.filesUploadV2({ channel_id: 'C5', file: Buffer.from('x'), filename: 'x.bib' })).rejects.toMatchObject({ data: { error: 'is_archived' } });
    expect(api.uploads).toEqual([]);
    await expect(app.client.conversations.open({ users: 'U0042' })).resolves.toMatchObject({ channel: { id: 'D0042' } });
  });

  it('answers unknown methods like Slack, and refuses app-level tokens for bot methods', async () => {
    await expect(app.client.apiCall('papers.fetch')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    const appTokenClient = new webApi.WebClient('xapp-test', { slackApiUrl: api.url, logger: quietLogger(), retryConfig: { retries: 0 } });
    await expect(appTokenClient.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
  });
});

describe('Socket Mode: Bolt SocketModeReceiver against the fake socket server', () => {
  let api: FakeSlackApi;
  let socket: FakeSocketMode;

  beforeAll(async () => {
    socket = await FakeSocketMode.start();
    api = await FakeSlackApi.start({ socketMode: socket });
  });

  afterAll(async () => {
    await socket.close();
    await api.close();
  });

  it('connects via apps.connections.open, acks a slash command with its payload, auto-acks events', async () => {
    const app = new App({
      token: 'xoxb-test',
      appToken: 'xapp-test',
      socketMode: true,
      logger: quietLogger(),
      clientOptions: { slackApiUrl: api.url, retryConfig: { retries: 0 } },
    });
    app.command('/papers', async ({ command, ack }) => {
      await ack({ response_type: 'ephemeral', text: `Searching for ${command.text}` });
    });
    const seen: string[] = [];
    app.event('link_shared', async ({ event }) => {
      seen.push(event.links[0]?.url ?? '');
    });
    await app.start();
    try {
      expect(api.callsTo('apps.connections.open')[0]).toMatchObject({ ok: true, token: 'xapp-test' });
      expect(socket.connected).toBe(true);
      const ack = await socket.slashCommand({ text: 'diffusion', response_url: api.newResponseUrl() });
      expect(ack.payload).toEqual({ response_type: 'ephemeral', text: 'Searching for diffusion' });
      expect(ack.ms).toBeLessThan(3000);
      const eventAck = await socket.event({
        type: 'link_shared',
        channel: 'C1',
        user: 'U0001',
        message_ts: '1.2',
        links: [{ domain: 'arxiv.org', url: 'https://arxiv.org/abs/2006.11239' }],
        event_ts: '1.3',
      });
      expect(eventAck.payload).toEqual({});
      await api.waitFor(() => seen.length > 0);
      expect(seen).toEqual(['https://arxiv.org/abs/2006.11239']);
    } finally {
      await app.stop();
    }
    // The close code arrives with the socket's 'close' event, after `connected` has already turned false.
    expect(await socket.waitForClose(socket.connections.at(-1)!.id)).toBe(1000);
  });

  it('reconnects after a disconnect message (the delay is clientPingTimeout, 5 s unless set)', async () => {
    const before = socket.connections.length;
    const receiver = new SocketModeReceiver({
      appToken: 'xapp-test',
      logger: quietLogger(),
      clientPingTimeout: 300,
      installerOptions: { clientOptions: { slackApiUrl: api.url, retryConfig: { retries: 0 } } },
    });
    const app = new App({ token: 'xoxb-test', socketMode: true, receiver, logger: quietLogger(), clientOptions: { slackApiUrl: api.url } });
    app.command('/papers', async ({ ack }) => {
      await ack({ text: 'still here' });
    });
    await app.start();
    try {
      socket.disconnect('refresh_requested');
      await socket.waitForConnection(before + 2, 3000);
      expect(await socket.waitForClose(socket.connections[before]!.id)).toBe(1000);
      // The ack proves the new socket is live; it also means the client has handled `hello`. Stopping the app
      // before that leaves socket-mode's reconnect promise to reject with `undefined`, unhandled.
      await expect(socket.slashCommand({ text: 'again' })).resolves.toMatchObject({ payload: { text: 'still here' } });
    } finally {
      await app.stop();
    }
  });
});
