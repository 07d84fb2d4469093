import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkMessage, findMentions } from './block-kit-limits.js';
import { FakeChannels, type ChannelInfo } from './fake-channels.js';
import { FakeConversations, type StoredMessage } from './fake-conversations.js';
import { directChannelOf, FakeDirects } from './fake-directs.js';
import { FakeFaults, type FaultScope, type RandomFault } from './fake-faults.js';
import { FakeUploads, type UploadedFile } from './fake-uploads.js';
import type { FakeSocketMode } from './fake-socket-mode.js';
import { ok, parseBody, pick, platformError, type Args, type Fault, type Reply } from './slack-wire.js';

export type { Fault } from './slack-wire.js';
export type { FaultScope, RandomFault } from './fake-faults.js';
export type { ChannelInfo } from './fake-channels.js';
export type { UploadedFile } from './fake-uploads.js';
export { directChannelOf, type DirectUserState } from './fake-directs.js';

/**
 * Slack's Web API on loopback, for the real @slack/web-api client (pass `url` as `clientOptions.slackApiUrl`).
 * It answers like Slack (HTTP 200 + `ok:false` for platform errors, 429 + Retry-After for rate limits), enforces
 * Block Kit limits the SDK never checks, records every call, and serves the `response_url`s that `respond()` posts to.
 */

export interface ApiCall {
  method: string;
  /** Decoded arguments; `blocks`, `attachments`, `unfurls` and `metadata` are parsed from their JSON strings. */
  args: Record<string, unknown>;
  token?: string;
  at: number;
  status: number;
  ok: boolean;
  error?: string;
  /** The posted message's ts (chat.postMessage). */
  ts?: string;
}

export interface ResponseRecord {
  url: string;
  body: Record<string, unknown>;
  at: number;
  status: number;
  /** The channel message an `in_channel` answer became. */
  ts?: string;
}

export interface FakeSlackApiOptions {
  socketMode?: FakeSocketMode;
  /** The ~13k total block text behind `msg_blocks_too_long` is unpublished; tests may tune it. */
  maxBlockText?: number;
}

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'chat.unfurl']);
export const BOT = { user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0001' } as const;

export class FakeSlackApi {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseRecord[] = [];
  /** Every limit violation, `<method>: <error> <messages>`; a test can assert it stayed empty. */
  readonly violations: string[] = [];
  /** The files.uploadV2 flow: files completed with files.completeUploadExternal, in order. */
  readonly uploadFlow = new FakeUploads(this.violations);
  /** Every channel's messages and threads, as conversations.replies sees them. */
  readonly conversations = new FakeConversations();
  /** The bot's direct messages: `directs.setUser('U0009', 'deactivated')`, `directs.setMessagesTab(false)`. */
  readonly directs = new FakeDirects();
  /** Web API base URL with trailing slash, e.g. `http://127.0.0.1:PORT/api/`. */
  readonly url: string;
  private readonly faults = new FakeFaults();
  private readonly listeners = new Set<(call: ApiCall) => void>();
  private readonly channels = new FakeChannels();
  /** Each response_url's id, and the channel it answers in (for `in_channel` answers, which Slack posts there). */
  private readonly responseIds = new Map<string, string | undefined>();
  private socketMode: FakeSocketMode | undefined;
  private tsCounter = 0;
  private revoked = false;

  private constructor(
    private readonly server: Server,
    readonly origin: string,
    private readonly options: FakeSlackApiOptions,
  ) {
    this.url = `${origin}/api/`;
    this.socketMode = options.socketMode;
    server.on('request', (req, res) => void this.handle(req, res));
  }

  static async start(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    return new FakeSlackApi(server, `http://127.0.0.1:${port}`, options);
  }

  attachSocketMode(socketMode: FakeSocketMode): void {
    this.socketMode = socketMode;
  }

  /** Queue a failure for the next matching call(s) of `method` (or `'response_url'`); queued faults apply in order. */
  failNext(method: string, fault: Fault, scope: FaultScope = {}): void {
    this.faults.failNext(method, fault, scope);
  }

  /** From now on every Web API call is refused with `token_revoked`, as after the app is uninstalled or its tokens revoked. */
  revokeTokens(): void {
    this.revoked = true;
  }

  /** Every `every`-th call of `method` gets 429 with `Retry-After: retryAfter`. */
  rateLimitEvery(method: string, every: number, retryAfter = 1): void {
    this.faults.rateLimitEvery(method, every, retryAfter);
  }

  /**
   * Each call of `method` fails with one of `faults` at random, each `rate` of the time (0.3 = 30%), after any
   * queued or every-n-th fault; a failed call posts nothing. For fault suites; `random` can be seeded.
   */
  failAtRandom(method: string, faults: readonly RandomFault[], random: () => number = Math.random): void {
    this.faults.failAtRandom(method, faults, random);
  }

  /** Calls `listener` with every Web API call once it is answered (a fault suite counts posts as they land); returns the unsubscribe. */
  onCall(listener: (call: ApiCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What `conversations.info` returns for `id`, and whether posts there fail (`null`: channel_not_found). */
  setChannel(id: string, info: Partial<ChannelInfo> | null): void {
    this.channels.set(id, info);
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Args of the successful chat.postMessage calls to `channel` that are not thread replies, in order. */
  messagesIn(channel: string): Args[] {
    return this.callsTo('chat.postMessage')
      .filter((c) => c.ok && c.args.channel === channel && c.args.thread_ts === undefined)
      .map((c) => c.args);
  }

  /** Args of the messages the bot posted in its direct message with `user`, in order. */
  directMessagesTo(user: string): Args[] {
    return this.messagesIn(directChannelOf(user));
  }

  /** The visible replies in the thread on message `ts` (the bot's and people's), oldest first. */
  threadIn(channel: string, ts: string): StoredMessage[] {
    return this.conversations.repliesTo(channel, ts);
  }

  /**
   * A person posts `text` in `channel` (in the thread on `threadTs` when given): stored like any message, and
   * returned as the `message` event Slack would send the app (deliver it with the harness's `event`).
   */
  postAsUser(channel: string, user: string, text: string, threadTs?: string): Record<string, unknown> {
    const ts = this.nextTs();
    this.conversations.add(channel, ts, { user, text, ...(threadTs !== undefined && { thread_ts: threadTs }) });
    const channelType = this.channels.info(channel)?.is_private ? 'group' : 'channel';
    return { type: 'message', channel, user, text, ts, ...(threadTs !== undefined && { thread_ts: threadTs }), team: BOT.team_id, event_ts: ts, channel_type: channelType };
  }

  /** A person deletes a message (a digest, say); false when there was none. */
  deleteMessage(channel: string, ts: string): boolean {
    return this.conversations.delete(channel, ts);
  }

  /** The channel is archived: posts there get `is_archived` from now on. */
  archiveChannel(channel: string): void {
    this.setChannel(channel, { is_archived: true });
  }

  /** A loopback response_url, to put in a slash command or interaction payload from `channel`. */
  newResponseUrl(channel?: string): string {
    const id = `r${this.responseIds.size + 1}-${Math.random().toString(36).slice(2, 8)}`;
    this.responseIds.set(id, channel);
    return `${this.origin}/respond/${id}`;
  }

  /** Bodies POSTed (successfully) to `url` by `respond()`. */
  responsesTo(url: string): Args[] {
    return this.responses.filter((r) => r.url === url && r.status === 200).map((r) => r.body);
  }

  /** Every mention that could ping, across all message calls and response_url posts: expect `[]`. */
  findUnescapedMentions(): string[] {
    return [
      ...this.calls.flatMap((call, i) => (MESSAGE_METHODS.has(call.method) ? findMentions(`${call.method}#${i}`, call.args) : [])),
      ...this.responses.flatMap((r, i) => findMentions(`response#${i}`, r.body)),
    ];
  }

  /** Polls `probe` (every 10 ms) until it returns something other than undefined/false; for work done after ack. */
  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 2000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`FakeSlackApi.waitFor: condition not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Files completed with files.completeUploadExternal, in order. */
  get uploads(): readonly UploadedFile[] {
    return this.uploadFlow.uploads;
  }

  /** Forget calls, responses, violations, faults and channel setups (the server keeps running). */
  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.uploadFlow.clear();
    this.violations.length = 0;
    this.faults.clear();
    this.channels.clear();
    this.conversations.clear();
    this.directs.clear();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const path = new URL(req.url ?? '/', this.origin).pathname;
    let reply: Reply;
    try {
      if (req.method === 'POST' && path.startsWith('/upload/')) {
        reply = await this.uploadFlow.receive(path.slice('/upload/'.length), req.headers['content-type'] ?? '', bytes);
      } else if (req.method === 'POST' && path.startsWith('/api/')) {
        reply = this.apiCall(path.slice('/api/'.length), req, raw);
      } else if (req.method === 'POST' && path.startsWith('/respond/')) {
        reply = this.respond(path, raw);
      } else {
        reply = { status: 404, body: { ok: false, error: 'not_found' } };
      }
    } catch (error) {
      // A JSON body that does not parse: Slack answers invalid_json; never let the fake itself crash the run.
      reply = { status: 200, body: { ok: false, error: 'invalid_json', detail: String(error) } };
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }

  private apiCall(method: string, req: IncomingMessage, raw: string): Reply {
    const args = parseBody(raw, req.headers['content-type']);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    const reply = this.faults.take(method, args) ?? this.dispatch(method, args, token);
    const error = typeof reply.body.error === 'string' ? reply.body.error : undefined;
    const call: ApiCall = {
      method,
      args,
      at: Date.now(),
      status: reply.status,
      ok: reply.body.ok === true,
      ...(token !== undefined && { token }),
      ...(error !== undefined && { error }),
      ...(typeof reply.body.ts === 'string' && { ts: reply.body.ts }),
    };
    this.calls.push(call);
    for (const listener of this.listeners) listener(call);
    return reply;
  }

  private dispatch(method: string, args: Args, token: string | undefined): Reply {
    if (token === undefined || token === '') return platformError('not_authed');
    if (this.revoked) return platformError('token_revoked');
    // App-level tokens (xapp-) only open sockets; bot tokens cannot. Slack answers the same way.
    if ((method === 'apps.connections.open') !== token.startsWith('xapp-')) return platformError('not_allowed_token_type');
    if (MESSAGE_METHODS.has(method)) {
      const rejected = checkMessage(args, this.options.maxBlockText);
      if (rejected !== undefined) {
        this.violations.push(`${method}: ${rejected.error} ${rejected.messages.join(' ')}`);
        return platformError(rejected.error, { response_metadata: { messages: rejected.messages } });
      }
    }
    const channel = typeof args.channel === 'string' ? args.channel : undefined;
    switch (method) {
      case 'auth.test':
        return ok({ url: 'https://paperboy-test.slack.com/', team: 'paperboy-test', user: 'paperboy', ...BOT, is_enterprise_install: false });
      case 'apps.connections.open':
        return this.socketMode ? ok({ url: this.socketMode.connectUrl() }) : platformError('socket_mode_not_attached');
      case 'conversations.info': {
        const info = this.channels.info(channel);
        return info ? ok({ channel: info }) : platformError('channel_not_found');
      }
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        const refusal = this.directs.postRefusal(channel) ?? this.channels.postRefusal(channel);
        if (refusal) return platformError(refusal);
        if (args.text === undefined && args.blocks === undefined && args.attachments === undefined) return platformError('no_text');
        if (method === 'chat.postEphemeral') {
          return typeof args.user === 'string' ? ok({ message_ts: this.nextTs() }) : platformError('user_not_in_channel');
        }
        const ts = this.nextTs();
        this.conversations.add(channel!, ts, { user: BOT.user_id, bot_id: BOT.bot_id, ...pick(args, 'text', 'blocks', 'thread_ts') });
        return ok({ channel, ts, message: { type: 'message', user: BOT.user_id, bot_id: BOT.bot_id, ...pick(args, 'text', 'blocks', 'thread_ts'), ts } });
      }
      case 'conversations.replies': {
        // Reading needs membership, even in public channels (chat:write.public only covers posting).
        const refusal = this.channels.readRefusal(channel);
        return refusal ? platformError(refusal) : this.conversations.conversationReplies(channel!, args);
      }
      case 'chat.getPermalink': {
        if (channel === undefined || this.channels.info(channel) === null) return platformError('channel_not_found');
        return this.conversations.permalink(channel, args.message_ts);
      }
      case 'chat.update': {
        const refusal = this.channels.postRefusal(channel);
        if (refusal) return platformError(refusal);
        if (typeof args.ts !== 'string') return platformError('message_not_found');
        return ok({ channel, ts: args.ts, text: args.text ?? '', message: { type: 'message', user: BOT.user_id, ...pick(args, 'text', 'blocks') } });
      }
      case 'conversations.open':
        return this.directs.open(args);
      case 'files.getUploadURLExternal':
        return this.uploadFlow.uploadUrl(args, this.origin);
      case 'files.completeUploadExternal': {
        const channel = typeof args.channel_id === 'string' ? args.channel_id : undefined;
        // A direct message (D…) is always open to the bot; a channel may refuse it.
        const refusal = channel !== undefined && !channel.startsWith('D') ? this.channels.postRefusal(channel) : undefined;
        return refusal ? platformError(refusal) : this.uploadFlow.complete(args, channel);
      }
      case 'chat.unfurl': {
        const addressed = (channel !== undefined && typeof args.ts === 'string') || (args.unfurl_id !== undefined && args.source !== undefined);
        return addressed && typeof args.unfurls === 'object' ? ok() : platformError('invalid_arguments');
      }
      default:
        return platformError('unknown_method');
    }
  }

  private respond(path: string, raw: string): Reply {
    const url = `${this.origin}${path}`;
    const id = path.slice('/respond/'.length);
    let body: Args;
    try {
      body = JSON.parse(raw) as Args;
    } catch {
      return { status: 400, body: { ok: false, error: 'invalid_payload' } };
    }
    const fault = this.faults.take('response_url', body);
    // Slack's exact response_url error statuses are undocumented; 404/400 with a JSON error is close enough for tests.
    const rejected = checkMessage(body, this.options.maxBlockText);
    if (rejected !== undefined) this.violations.push(`response_url: ${rejected.error} ${rejected.messages.join(' ')}`);
    const reply: Reply =
      fault !== undefined
        ? fault.status === 200
          ? { status: 404, body: fault.body }
          : fault
        : !this.responseIds.has(id)
          ? { status: 404, body: { ok: false, error: 'expired_url' } }
          : rejected !== undefined
            ? { status: 400, body: { ok: false, error: rejected.error } }
            : ok();
    // An in_channel answer that does not replace the original is a new message in the channel (a shared card).
    const channel = this.responseIds.get(id);
    const posted = reply.status === 200 && body.response_type === 'in_channel' && body.replace_original !== true && channel !== undefined;
    const ts = posted ? this.conversations.add(channel, this.nextTs(), { user: BOT.user_id, bot_id: BOT.bot_id, ...pick(body, 'text', 'blocks') }).ts : undefined;
    this.responses.push({ url, body, at: Date.now(), status: reply.status, ...(ts !== undefined && { ts }) });
    return reply;
  }

  /** Message timestamps: unique and increasing, in Slack's `seconds.micros` shape. */
  private nextTs(): string {
    this.tsCounter += 1;
    return `${1_700_000_000 + this.tsCounter}.000100`;
  }
}
