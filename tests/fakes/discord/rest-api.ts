import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandRegistry } from './command-registry.js';
import {
  EMPTY_MESSAGE,
  FormErrors,
  NOT_FOUND,
  UNAUTHORIZED,
  UNKNOWN_CHANNEL,
  UNKNOWN_MESSAGE,
  apiError,
  attachmentRefusal,
  decodePath,
  isObject,
  json,
  parseBody,
  readRaw,
  writeReply,
  type Json,
  type Reply,
  type UploadedFile,
} from './discord-wire.js';
import { DirectMessageStore } from './direct-messages.js';
import { FaultQueue } from './faults.js';
import type { InteractionStore } from './interactions.js';
import { checkMessageLimits, isEmptyMessage } from './message-limits.js';
import type { PingLog } from './mentions.js';
import { MESSAGE_CHANNEL_TYPES, channelObject, messageObject, type FakeGuild, type FakeMessage } from './payloads.js';
import { AUTO_ARCHIVE_DURATIONS, THREAD_ERRORS, ThreadStore, threadObject, type FakeThread } from './threads.js';

/**
 * Discord's REST API under `/api/v10` (platform-notes 2.3, 2.5): channels and their messages, interaction
 * callbacks and webhooks, application commands, and `/gateway/bot` for login. Records every request; bot routes
 * need `Authorization: Bot <token>`, interaction and webhook routes carry their token in the path instead.
 */

export interface RecordedCall {
  method: string;
  /** Decoded and relative to /api/v10, e.g. `/webhooks/1/tok/messages/@original`; other paths are kept whole. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON (for multipart, the `payload_json` part); undefined without a body. */
  body: unknown;
  /** Files of a multipart request. */
  files: UploadedFile[];
  auth: string | undefined;
  /** What the fake answered. */
  status: number;
  at: number;
}

export interface RestApiOptions {
  applicationId: string;
  botToken: string;
  botUser: Json;
  guilds: FakeGuild[];
  gatewayUrl(): string;
  interactions: InteractionStore;
  commands: CommandRegistry;
  pings: PingLog;
  /** Sends a gateway dispatch to the bot's session if it asked for `intent` (a GatewayIntentBits bit). */
  dispatch(t: string, d: Json, intent: number): void;
}

/** Gateway intent bits the fake checks before dispatching. */
export const INTENTS = { guilds: 1 << 0, guildMessages: 1 << 9, directMessages: 1 << 12, messageContent: 1 << 15 } as const;
const HAS_THREAD = 1 << 5;
const EPHEMERAL = 1 << 6;

interface Request {
  method: string;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
  /** `METHOD /path`, what faults and the ping log are keyed on. */
  label: string;
}

type Handler = (params: string[], request: Request) => Reply;
interface Route {
  pattern: RegExp;
  /** Interaction and webhook routes authenticate by the token in their path. */
  bot: boolean;
  methods: Record<string, Handler>;
}

const PREFIX = '/api/v10';
const MISSING_ACCESS = (): Reply => apiError(403, 50001, 'Missing Access');
const MISSING_PERMISSIONS = (): Reply => apiError(403, 50013, 'Missing Permissions');

export class DiscordRestApi {
  readonly calls: RecordedCall[] = [];
  private readonly byNonce = new Map<string, FakeMessage>();
  /** Told of every call as it is answered (benchmarks time replies with it; tests read `calls`). */
  readonly listeners = new Set<(call: RecordedCall) => void>();
  readonly faults = new FaultQueue();
  private readonly messages = new Map<string, FakeMessage[]>();
  private readonly deleted = new Set<string>();
  private readonly denied = new Map<string, 50001 | 50013>();
  private readonly routes: Route[];
  readonly threads = new ThreadStore();
  readonly direct: DirectMessageStore;

  constructor(private readonly options: RestApiOptions) {
    this.direct = new DirectMessageStore(String(options.botUser.id));
    const { interactions, commands } = options;
    const guildOnly = (guildId: string, run: () => Reply): Reply => (this.guild(guildId) ? run() : MISSING_ACCESS());
    const app = (appId: string | undefined, run: () => Reply): Reply => (appId === options.applicationId ? run() : MISSING_ACCESS());
    this.routes = [
      { pattern: /^\/gateway\/bot$/, bot: true, methods: { GET: () => this.gatewayBot() } },
      { pattern: /^\/gateway$/, bot: false, methods: { GET: () => json({ url: options.gatewayUrl() }) } },
      { pattern: /^\/users\/@me\/channels$/, bot: true, methods: { POST: (_, r) => this.direct.open(r.body) } },
      { pattern: /^\/channels\/([^/]+)$/, bot: true, methods: { GET: ([id]) => this.getChannel(id ?? '') } },
      { pattern: /^\/channels\/([^/]+)\/messages$/, bot: true, methods: { POST: ([id], r) => this.createMessage(id ?? '', r) } },
      { pattern: /^\/channels\/([^/]+)\/messages\/([^/]+)\/threads$/, bot: true, methods: { POST: ([c, m], r) => this.startThread(c ?? '', m ?? '', r) } },
      {
        pattern: /^\/interactions\/([^/]+)\/([^/]+)\/callback$/,
        bot: false,
        methods: { POST: ([id, token], r) => interactions.callback(id ?? '', token ?? '', r.body, r.query.get('with_response') === 'true', r.label, r.files.length) },
      },
      {
        pattern: /^\/webhooks\/([^/]+)\/([^/]+)\/messages\/([^/]+)$/,
        bot: false,
        methods: Object.fromEntries(
          ['GET', 'PATCH', 'DELETE'].map((m) => [m, ([appId, token, messageId], r: Request) => interactions.webhookMessage(m, appId ?? '', token ?? '', messageId ?? '', r.body, r.label)]),
        ),
      },
      {
        pattern: /^\/webhooks\/([^/]+)\/([^/]+)$/,
        bot: false,
        methods: { POST: ([appId, token], r) => interactions.followUp(appId ?? '', token ?? '', r.body, r.files.length, r.query.get('wait') === 'true', r.label) },
      },
      {
        pattern: /^\/applications\/([^/]+)\/commands$/,
        bot: true,
        methods: {
          GET: ([a]) => app(a, () => json(commands.list())),
          PUT: ([a], r) => app(a, () => commands.put(undefined, r.body)),
          POST: ([a], r) => app(a, () => commands.create(undefined, r.body)),
        },
      },
      {
        pattern: /^\/applications\/([^/]+)\/commands\/([^/]+)$/,
        bot: true,
        methods: {
          GET: ([a, c]) => app(a, () => commands.get(undefined, c ?? '')),
          PATCH: ([a, c], r) => app(a, () => commands.edit(undefined, c ?? '', r.body)),
          DELETE: ([a, c]) => app(a, () => commands.remove(undefined, c ?? '')),
        },
      },
      {
        pattern: /^\/applications\/([^/]+)\/guilds\/([^/]+)\/commands$/,
        bot: true,
        methods: {
          GET: ([a, g = '']) => app(a, () => guildOnly(g, () => json(commands.list(g)))),
          PUT: ([a, g = ''], r) => app(a, () => guildOnly(g, () => commands.put(g, r.body))),
          POST: ([a, g = ''], r) => app(a, () => guildOnly(g, () => commands.create(g, r.body))),
        },
      },
      {
        pattern: /^\/applications\/([^/]+)\/guilds\/([^/]+)\/commands\/([^/]+)$/,
        bot: true,
        methods: {
          GET: ([a, g = '', c = '']) => app(a, () => guildOnly(g, () => commands.get(g, c))),
          PATCH: ([a, g = '', c = ''], r) => app(a, () => guildOnly(g, () => commands.edit(g, c, r.body))),
          DELETE: ([a, g = '', c = '']) => app(a, () => guildOnly(g, () => commands.remove(g, c))),
        },
      },
    ];
  }

  /** Messages created in `channelId`, oldest first (rejected sends are not here). */
  messagesIn(channelId: string): FakeMessage[] {
    return [...(this.messages.get(channelId) ?? [])];
  }

  findMessage(messageId: string): FakeMessage | undefined {
    for (const list of this.messages.values()) {
      const found = list.find((m) => m.id === messageId);
      if (found) return found;
    }
    return undefined;
  }

  /** A DM channel is forgotten (opening it again gives a new one); a guild channel answers 10003 from now on. */
  deleteChannel(channelId: string): void {
    if (this.direct.delete(channelId)) return;
    this.deleted.add(channelId);
  }

  denyAccess(channelId: string, code: 50001 | 50013): void {
    this.denied.set(channelId, code);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readRaw(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = decodePath(url.pathname.startsWith(`${PREFIX}/`) ? url.pathname.slice(PREFIX.length) : url.pathname);
    const auth = req.headers.authorization;
    const label = `${method} ${path}`;
    let request: Request = { method, query: url.searchParams, body: undefined, files: [], label };
    let reply: Reply;
    try {
      const parsed = parseBody(raw, req.headers['content-type']);
      request = { ...request, body: parsed.body, files: parsed.files };
      const fault = this.faults.take(label);
      const routed = !fault || fault.afterWrite ? (attachmentRefusal(parsed.files) ?? this.route(url.pathname.startsWith(`${PREFIX}/`), path, auth, request)) : undefined;
      reply = fault?.reply ?? routed!;
    } catch (error) {
      reply = raw.length > 0 && error instanceof SyntaxError ? apiError(400, 50109, 'The request body contains invalid JSON.') : apiError(500, 0, `FakeDiscord failed: ${String(error)}`);
    }
    const call: RecordedCall = { method, path, query: url.searchParams, body: request.body, files: request.files, auth, status: reply.status, at: Date.now() };
    this.calls.push(call);
    for (const listener of this.listeners) listener(call);
    writeReply(res, reply);
  }

  private route(versioned: boolean, path: string, auth: string | undefined, request: Request): Reply {
    const found = versioned ? this.routes.map((r) => ({ route: r, match: r.pattern.exec(path) })).find((x) => x.match) : undefined;
    if (!found?.match) return NOT_FOUND();
    const handler = found.route.methods[request.method];
    if (!handler) return apiError(405, 0, '405: Method Not Allowed');
    if (found.route.bot && auth !== `Bot ${this.options.botToken}`) return UNAUTHORIZED();
    return handler(found.match.slice(1), request);
  }

  private gatewayBot(): Reply {
    return json({
      url: this.options.gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    });
  }

  private guild(guildId: string): FakeGuild | undefined {
    return this.options.guilds.find((g) => g.id === guildId);
  }

  /** A guild channel or a thread (gone with its parent channel). */
  private channel(channelId: string): { channel: FakeGuild['channels'][number]; guildId: string; thread?: FakeThread } | undefined {
    const thread = this.threads.get(channelId);
    if (thread) return this.channel(thread.parentId) && { channel: { id: thread.id, name: thread.name, type: 11 }, guildId: thread.guildId, thread };
    if (this.deleted.has(channelId)) return undefined;
    for (const guild of this.options.guilds) {
      const channel = guild.channels.find((c) => c.id === channelId);
      if (channel) return { channel, guildId: guild.id };
    }
    return undefined;
  }

  /** A channel or thread as GET /channels/{id} answers it, for interaction payloads; undefined when unknown. */
  channelData(channelId: string): Json | undefined {
    const dm = this.direct.get(channelId);
    if (dm) return this.direct.channelObject(dm);
    const found = this.channel(channelId);
    if (!found) return undefined;
    return found.thread ? threadObject(found.thread) : channelObject(found.channel, found.guildId);
  }

  /** Access is decided by the parent channel for a thread. */
  private accessDenied(channelId: string): 50001 | 50013 | undefined {
    return this.denied.get(this.threads.get(channelId)?.parentId ?? channelId);
  }

  /** 50001 hides the channel altogether; 50013 lets the bot see it but not post. */
  private getChannel(channelId: string): Reply {
    if (this.direct.get(channelId)) return json(this.channelData(channelId));
    const found = this.channel(channelId);
    if (!found) return UNKNOWN_CHANNEL();
    if (this.accessDenied(channelId) === 50001) return MISSING_ACCESS();
    return json(this.channelData(channelId));
  }

  private createMessage(channelId: string, request: Request): Reply {
    const dm = this.direct.get(channelId);
    if (dm) return this.direct.refusal(dm) ?? this.accept(channelId, request, {});
    const found = this.channel(channelId);
    if (!found) return UNKNOWN_CHANNEL();
    const denied = this.accessDenied(channelId);
    // Send Messages does not cover threads: Send Messages in Threads does.
    if (denied === 50001 || (denied === 50013 && !found.thread)) return denied === 50001 ? MISSING_ACCESS() : MISSING_PERMISSIONS();
    if (!MESSAGE_CHANNEL_TYPES.has(found.channel.type ?? 0)) return apiError(400, 50008, 'Cannot send messages in a non-text channel');
    const thread = found.thread;
    if (thread && this.threads.lacks(thread.parentId, 'SendMessagesInThreads')) return MISSING_PERMISSIONS();
    if (thread?.archived && thread.locked) return apiError(THREAD_ERRORS.archived.status, THREAD_ERRORS.archived.code, THREAD_ERRORS.archived.message);
    return this.accept(channelId, request, { guild_id: found.guildId });
  }

  /** A message the channel takes, if Discord's limits do: stored once per enforced nonce. */
  private accept(channelId: string, request: Request, extra: Json): Reply {
    const body = isObject(request.body) ? request.body : {};
    const errors = new FormErrors();
    checkMessageLimits(body, errors);
    const rejected = errors.reply();
    if (rejected) return rejected;
    if (isEmptyMessage(body, request.files.length)) return EMPTY_MESSAGE();
    // With enforce_nonce, Discord answers a repeated nonce (for a few minutes) with the message it already created.
    const nonceKey = body.enforce_nonce === true && (typeof body.nonce === 'string' || typeof body.nonce === 'number') ? `${channelId}:${body.nonce}` : undefined;
    const earlier = nonceKey ? this.byNonce.get(nonceKey) : undefined;
    if (earlier) return json(earlier);
    const message = this.store(messageObject(body, channelId, this.options.botUser, extra));
    if (nonceKey) this.byNonce.set(nonceKey, message);
    this.options.pings.record(body, 'channel', request.label);
    return json(message);
  }

  /** Keeps a new message (reopening an archived thread it is posted in) and tells the gateway. */
  store(message: FakeMessage): FakeMessage {
    const thread = this.threads.get(message.channel_id);
    if (thread) {
      thread.messageCount += 1;
      if (thread.archived) {
        thread.archived = false;
        this.options.dispatch('THREAD_UPDATE', threadObject(thread), INTENTS.guilds);
      }
    }
    this.messages.set(message.channel_id, [...(this.messages.get(message.channel_id) ?? []), message]);
    // Messages in DMs reach only a session that asked for Direct Messages (paperboy does not).
    const intent = this.direct.get(message.channel_id) ? INTENTS.directMessages : INTENTS.guildMessages;
    this.options.dispatch('MESSAGE_CREATE', { ...message, ...(thread && { channel_type: 11 }) }, intent);
    return message;
  }

  /** POST /channels/{channel}/messages/{message}/threads: a public thread whose id is the message's. */
  private startThread(channelId: string, messageId: string, request: Request): Reply {
    const found = this.channel(channelId);
    if (!found) return UNKNOWN_CHANNEL();
    if (this.accessDenied(channelId) === 50001) return MISSING_ACCESS();
    if (found.thread) return apiError(400, 50024, 'Cannot execute action on this channel type');
    if (this.threads.lacks(channelId, 'CreatePublicThreads')) return MISSING_PERMISSIONS();
    // Public interaction answers (a shared card) are channel messages too; ephemeral ones are not.
    const answer = this.options.interactions.findMessage(messageId);
    const parent = this.messagesIn(channelId).find((m) => m.id === messageId) ?? (answer?.channel_id === channelId && (answer.flags & EPHEMERAL) === 0 ? answer : undefined);
    if (!parent) return UNKNOWN_MESSAGE();
    if (this.threads.get(messageId)) return apiError(THREAD_ERRORS.alreadyHasThread.status, THREAD_ERRORS.alreadyHasThread.code, THREAD_ERRORS.alreadyHasThread.message);
    const body = isObject(request.body) ? request.body : {};
    const errors = new FormErrors();
    errors.length(body.name, 1, 100, ['name']);
    const duration = body.auto_archive_duration ?? 4320;
    if (typeof duration !== 'number' || !AUTO_ARCHIVE_DURATIONS.has(duration)) errors.add(['auto_archive_duration'], 'BASE_TYPE_CHOICES', 'Value must be one of {60, 1440, 4320, 10080}.');
    const rejected = errors.reply();
    if (rejected) return rejected;
    const thread: FakeThread = {
      id: messageId,
      parentId: channelId,
      guildId: found.guildId,
      name: String(body.name),
      ownerId: String(this.options.botUser.id),
      autoArchiveDuration: Number(duration),
      archived: false,
      locked: false,
      createdAt: new Date().toISOString(),
      messageCount: 0,
    };
    this.threads.add(thread);
    parent.flags |= HAS_THREAD;
    parent.thread = threadObject(thread);
    this.options.dispatch('THREAD_CREATE', threadObject(thread, { newly_created: true }), INTENTS.guilds);
    return json(threadObject(thread), 201);
  }

  /** Archives a thread as Discord does after its quiet period; `locked` as a moderator locks it (posts then fail with 50083). */
  archiveThread(threadId: string, locked: boolean): void {
    const thread = this.threads.get(threadId);
    if (!thread) throw new Error(`FakeDiscord: no thread ${threadId}`);
    thread.archived = true;
    thread.locked = locked;
    this.options.dispatch('THREAD_UPDATE', threadObject(thread), INTENTS.guilds);
  }

  /** Deletes a message (its thread, if any, stays, as on Discord). */
  deleteMessage(messageId: string): void {
    const found = this.findMessage(messageId);
    if (!found) throw new Error(`FakeDiscord: no message ${messageId}`);
    this.messages.set(
      found.channel_id,
      this.messagesIn(found.channel_id).filter((m) => m.id !== messageId),
    );
    const channel = this.channel(found.channel_id);
    this.options.dispatch('MESSAGE_DELETE', { id: messageId, channel_id: found.channel_id, ...(channel && { guild_id: channel.guildId }) }, INTENTS.guildMessages);
  }

  guildOf(channelId: string): string | undefined {
    return this.channel(channelId)?.guildId;
  }
}
