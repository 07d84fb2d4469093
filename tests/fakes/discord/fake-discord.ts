import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommandRegistry } from './command-registry.js';
import type { DirectMessageArrangement } from './direct-messages.js';
import { isObject, type Json } from './discord-wire.js';
import type { FaultResponse, RateLimitOptions } from './faults.js';
import { FakeGateway } from './fake-gateway.js';
import { autocompletePayload, buttonPayload, chatInputPayload, type AutocompleteInput, type ButtonInput, type ChatInputInput, type PayloadContext } from './interaction-payloads.js';
import { InteractionStore, type InteractionRecord } from './interactions.js';
import { PingLog, type Ping } from './mentions.js';
import { DEFAULT_GUILD, DEFAULT_USER, botUser, guildCreate, messageObject, personUser, readyPayload, type FakeGuild, type FakeMessage } from './payloads.js';
import { DiscordRestApi, INTENTS, type RecordedCall } from './rest-api.js';
import { threadObject, type FakeThread, type ThreadPermission } from './threads.js';

/**
 * Discord on one loopback port, for a real discord.js Client: REST under `/api`, the gateway WebSocket at `/`.
 *   const fake = await FakeDiscord.start();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
 *   client.on('error', …); await client.login(fake.botToken);
 * It enforces the limits discord.js leaves to the server, records every call, and fails on request.
 * One bot session at a time: a second IDENTIFY replaces the first session.
 */

export interface FakeDiscordOptions {
  /** Default '1100000000000000001'. */
  applicationId?: string;
  /** Default: the application id (as for real bots). */
  botUserId?: string;
  /** Default: one guild '300000000000000001' with text channels '200000000000000001' and '200000000000000002'. */
  guilds?: FakeGuild[];
  /** Default 1000 ms; discord.js heartbeats at this interval (first beat at a random fraction of it). */
  heartbeatIntervalMs?: number;
  /** How long after dispatch an interaction accepts its first callback (Discord: 3000 ms, then 10062). */
  interactionDeadlineMs?: number;
  /** Let IDENTIFY ask for privileged intents; otherwise the gateway closes with 4014 as Discord does. */
  privilegedIntents?: boolean;
}

/** Shaped like a real bot token (three dot-separated parts), so it also passes the service's configuration check. */
const BOT_TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAx.GfakeT.loopback-fake-discord-bot-token';

export class FakeDiscord {
  /** What discord.js takes as `rest: { api }`. */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly botToken = BOT_TOKEN;
  readonly guilds: FakeGuild[];
  private readonly rest: DiscordRestApi;
  private readonly gateway: FakeGateway;
  private readonly interactions: InteractionStore;
  private readonly commands: CommandRegistry;
  private readonly pingLog = new PingLog();
  private readonly payloadContext: PayloadContext;

  private constructor(
    private readonly server: Server,
    origin: string,
    options: FakeDiscordOptions,
  ) {
    this.apiUrl = `${origin}/api`;
    this.gatewayUrl = origin.replace(/^http/, 'ws');
    this.applicationId = options.applicationId ?? '1100000000000000001';
    this.botUserId = options.botUserId ?? this.applicationId;
    this.guilds = options.guilds ?? [DEFAULT_GUILD];
    const author = botUser(this.botUserId);
    this.commands = new CommandRegistry(this.applicationId);
    this.interactions = new InteractionStore({
      applicationId: this.applicationId,
      author,
      deadlineMs: options.interactionDeadlineMs ?? 3000,
      onMessage: (body, path) => this.pingLog.record(body, 'interaction', path),
    });
    this.rest = new DiscordRestApi({
      applicationId: this.applicationId,
      botToken: BOT_TOKEN,
      botUser: author,
      guilds: this.guilds,
      gatewayUrl: () => this.gatewayUrl,
      interactions: this.interactions,
      commands: this.commands,
      pings: this.pingLog,
      dispatch: (t, d, intent) => this.gateway.emitIf(intent, t, (intents) => forSession(t, d, intents, this.botUserId)),
    });
    const joinedAt = new Date().toISOString();
    this.gateway = new FakeGateway({
      botToken: BOT_TOKEN,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
      privilegedIntents: options.privilegedIntents ?? false,
      ready: (sessionId) =>
        readyPayload({
          sessionId,
          resumeUrl: this.gatewayUrl,
          applicationId: this.applicationId,
          botUserId: this.botUserId,
          guilds: this.guilds,
        }),
      guildCreates: () =>
        this.guilds.map((g) =>
          guildCreate(
            g,
            joinedAt,
            this.rest.threads.active(g.id).map((t) => threadObject(t)),
          ),
        ),
    });
    this.payloadContext = {
      applicationId: this.applicationId,
      botUserId: this.botUserId,
      defaultGuildId: this.guilds[0]?.id ?? DEFAULT_GUILD.id,
      commandId: (name) => this.findCommandId(name),
      message: (id) => this.rest.findMessage(id) ?? this.interactions.findMessage(id),
      channel: (id) => this.rest.channelData(id),
    };
    server.on('request', (req, res) => void this.rest.handle(req, res));
    server.on('upgrade', (req, socket, head: Buffer) => this.gateway.handleUpgrade(req, socket, head));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    return new FakeDiscord(server, `http://127.0.0.1:${port}`, options);
  }

  // ---- what the bot did

  /** Every REST request, in arrival order. */
  get calls(): RecordedCall[] {
    return this.rest.calls;
  }

  /** Calls `listener` with every REST call as it is answered; returns the unsubscribe. */
  onCall(listener: (call: RecordedCall) => void): () => void {
    this.rest.listeners.add(listener);
    return () => this.rest.listeners.delete(listener);
  }

  messagesIn(channelId: string): FakeMessage[] {
    return this.rest.messagesIn(channelId);
  }

  /** Everything answered to one interaction (built by this fake or passed to dispatchInteraction). */
  interaction(interactionId: string): InteractionRecord {
    return this.interactions.record(interactionId);
  }

  /**
   * The messages a person sees for an interaction: the original response (once a type 4/5/7 callback or an edit
   * made it visible, as it stands after edits), then the follow-ups.
   */
  replyMessages(interactionId: string): FakeMessage[] {
    return this.interactions.visibleMessages(interactionId);
  }

  /** Their text, one piece per line: content, embed author/title/description/fields/footer, button labels. '' if none yet. */
  replyText(interactionId: string): string {
    return this.interactions.text(interactionId);
  }

  /** Every mention in an accepted message that would notify someone; expect `[]`. */
  pings(): Ping[] {
    return [...this.pingLog.list];
  }

  registeredCommands(guildId?: string): unknown[] {
    return [...this.commands.list(guildId)];
  }

  get commandWrites(): number {
    return this.commands.writes;
  }

  /** Polls `probe` every ~5 ms until it returns something other than undefined/false. Errors it throws propagate. */
  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) {
        throw new Error(`FakeDiscord.waitFor: condition not met within ${timeoutMs} ms: ${probe.toString().replace(/\s+/g, ' ').slice(0, 160)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  // ---- gateway

  /** Sends INTERACTION_CREATE once a client is ready; the interaction's 3 s callback deadline starts then. */
  async dispatchInteraction(d: Record<string, unknown>): Promise<void> {
    if (!isObject(d) || typeof d.id !== 'string' || typeof d.token !== 'string') throw new Error('FakeDiscord: an interaction needs string id and token');
    this.interactions.register(d);
    await this.gateway.dispatch('INTERACTION_CREATE', d, 5000, () => this.interactions.register(d));
  }

  /**
   * Closes the client's socket from the server side and resolves once it is back: 4000 (default) and most 4xxx codes
   * make discord.js resume (~0.5 s); 1000 makes it identify again, which its identify throttle can delay by ~5 s.
   * 1006 drops the connection without a close frame.
   */
  /** Closes the client's socket with a code discord.js does not recover from (4004 bad token, 4014 disallowed intents). */
  closeConnection(code: number): void {
    this.gateway.closeFor(code);
  }

  async dropConnection(options: { code?: number } = {}): Promise<void> {
    await this.gateway.drop(options.code ?? 4000);
  }

  get identifies(): number {
    return this.gateway.identifies;
  }

  get resumes(): number {
    return this.gateway.resumes;
  }

  get connected(): boolean {
    return this.gateway.connected;
  }

  /** Gateway payloads the client sent (IDENTIFY, heartbeats, RESUME, …), parsed. */
  get gatewayReceived(): Json[] {
    return this.gateway.received;
  }

  /** The intents the bot's session asked for in IDENTIFY (0 before it did). */
  get intents(): number {
    return this.gateway.intents;
  }

  // ---- threads

  /** The thread started from `messageId` (threads have their message's id), as the fake keeps it. */
  thread(messageId: string): Readonly<FakeThread> | undefined {
    const thread = this.rest.threads.get(messageId);
    return thread && { ...thread };
  }

  /** The threads started from messages in a channel, oldest first. */
  threadsIn(channelId: string): Array<Readonly<FakeThread>> {
    return this.rest.threads.in(channelId).map((t) => ({ ...t }));
  }

  /** Archives a thread (Discord does after its auto-archive time); `locked` as a moderator would, so posts fail with 50083. */
  archiveThread(threadId: string, options: { locked?: boolean } = {}): void {
    this.rest.archiveThread(threadId, options.locked ?? false);
  }

  /** Takes one of the thread permissions away from the bot in a channel (its threads included). */
  revokePermission(channelId: string, permission: ThreadPermission): void {
    this.rest.threads.revoke(channelId, permission);
  }

  /** Deletes a channel or thread message, as its author or a moderator would (a thread started from it stays). */
  deleteMessage(messageId: string): void {
    this.rest.deleteMessage(messageId);
  }

  /**
   * Someone else posts in a channel or thread: a person (default alice), another bot, or a system message (`type`,
   * e.g. 6 for "pinned a message"). Discord sends MESSAGE_CREATE only to a bot that asked for GuildMessages, with
   * the text blanked unless it asked for the privileged MessageContent; resolves with the message and whether it was sent.
   */
  async postAs(input: { channelId: string; user?: { id: string; username: string }; bot?: boolean; type?: number; content?: string }): Promise<{ message: FakeMessage; dispatched: boolean }> {
    const guildId = this.rest.guildOf(input.channelId);
    if (!guildId) throw new Error(`FakeDiscord.postAs: no channel or thread ${input.channelId}`);
    await this.waitFor(() => this.gateway.connected, 5000);
    const author = input.bot ? { ...personUser(input.user ?? { id: '400000000000000099', username: 'otherbot' }), bot: true } : personUser(input.user ?? DEFAULT_USER);
    const message = messageObject({ content: input.content ?? 'a reply in the thread' }, input.channelId, author, { guild_id: guildId, type: input.type ?? 0 });
    const dispatched = (this.gateway.intents & INTENTS.guildMessages) !== 0;
    return { message: this.rest.store(message), dispatched };
  }

  // ---- direct messages

  /** What paperboy sent a user by direct message, oldest first ([] when it never opened a DM with them). */
  directMessagesTo(userId: string): FakeMessage[] {
    const channel = this.rest.direct.channelWith(userId);
    return channel ? this.rest.messagesIn(channel.id) : [];
  }

  /** The id of the DM channel the bot opened with a user, if it did. */
  dmChannelWith(userId: string): string | undefined {
    return this.rest.direct.channelWith(userId)?.id;
  }

  /**
   * How a user answers direct messages from now on: `closed` (DMs from server members off, or the bot blocked: posts
   * fail with 50007), `no-mutual-server` (50278), `unknown-user` (opening the DM fails with 10013), `deleted-user`
   * (50033 Invalid Recipient(s)), or `open` again. `username` names them in the DM channel's recipients.
   */
  arrangeDirectMessages(userId: string, arrangement: DirectMessageArrangement, username?: string): void {
    this.rest.direct.arrange(userId, arrangement, username);
  }

  // ---- faults

  /** The next `times` REST calls whose `METHOD /path` matches get this response instead. */
  failNext(match: RegExp, response: FaultResponse, times = 1): void {
    this.rest.faults.add(match, response, times);
  }

  rateLimitNext(match: RegExp, options: RateLimitOptions): void {
    this.rest.faults.addRateLimit(match, options);
  }

  /** From now on the channel is gone: GET and POST answer 404 10003 Unknown Channel (a DM channel: opening the DM again gives a new one). */
  deleteChannel(channelId: string): void {
    this.rest.deleteChannel(channelId);
  }

  /** 50001 Missing Access (GET and POST refused) or 50013 Missing Permissions (visible, but posts refused). */
  denyAccess(channelId: string, code: 50001 | 50013 = 50001): void {
    this.rest.denyAccess(channelId, code);
  }

  // ---- INTERACTION_CREATE payloads (fresh id and token each; pass to dispatchInteraction)

  chatInput(input: ChatInputInput): Record<string, unknown> {
    return this.built(chatInputPayload(this.payloadContext, input));
  }

  autocomplete(input: AutocompleteInput): Record<string, unknown> {
    return this.built(autocompletePayload(this.payloadContext, input));
  }

  button(input: ButtonInput): Record<string, unknown> {
    return this.built(buttonPayload(this.payloadContext, input));
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private built(d: Json): Json {
    this.interactions.register(d);
    return d;
  }

  private findCommandId(name: string): string | undefined {
    const lists = [this.commands.list(), ...this.guilds.map((g) => this.commands.list(g.id))];
    const found = lists.flat().find((c) => c.name === name);
    return typeof found?.id === 'string' ? found.id : undefined;
  }
}

/** A dispatch as one session receives it: others' message text needs the privileged MessageContent intent. */
function forSession(t: string, d: Json, intents: number, botUserId: string): Json {
  const author = isObject(d.author) ? d.author : undefined;
  if (t !== 'MESSAGE_CREATE' || author?.id === botUserId || (intents & INTENTS.messageContent) !== 0) return d;
  return { ...d, content: '', embeds: [], attachments: [], components: [] };
}
