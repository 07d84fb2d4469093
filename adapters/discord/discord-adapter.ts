import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message as DiscordMessage,
} from 'discord.js';
import type { ChannelRef, Clock, CommandContext, CommandInvocation, CommandService, Logger, Message, MessageOrigin, Paperboy, PersonRef } from '../../src/index.js';
import { changesChannel } from '../../src/index.js';
import type { AdapterConnection, ChatAdapter, DeliveryReceipt, DigestThread, ThreadCard } from '../chat-adapter.js';
import type { DiscordConfig } from '../service/config.js';
import { paperSuggestions, timeZoneSuggestions } from './autocomplete.js';
import { ButtonStash } from './button-stash.js';
import { invocationFromOptions } from './command-tree.js';
import { decodeButton } from './custom-ids.js';
import { sendDirect } from './discord-direct.js';
import { deliveryErrorFrom } from './discord-errors.js';
import { DiscordThreads, sendRendered } from './discord-threads.js';
import { renderDiscordMessage, type DiscordPayload } from './render-message.js';
import { SeenInteractions } from './seen-interactions.js';

/**
 * paperboy in Discord, on discord.js over the gateway: `/papers` subcommands (answered at
 * once, or deferred when the answer is slow), autocomplete for papers and time zones,
 * buttons, and daily digests sent over REST. Reconnects are discord.js's job; an
 * interaction delivered twice across a resume is answered once. Nothing a user or Discord
 * does can throw out of a handler: errors are logged with a reference and the user is told.
 */
export interface DiscordAdapterDeps {
  readonly config: DiscordConfig;
  readonly commands: CommandService;
  readonly paperboy: Paperboy;
  readonly logger: Logger;
  readonly clock: Clock;
  /** REST retries for 5xx and timeouts, and the per-request timeout; tests shorten them. */
  readonly rest?: { readonly retries?: number; readonly timeoutMs?: number };
  /** An answer slower than this is deferred ("paperboy is thinking…") and edited in; Discord allows 3 s. 0: always defer. */
  readonly deferAfterMs?: number;
}

const COMMAND = 'papers';
const DEFAULT_DEFER_AFTER_MS = 1_500;
/** How long a click waits to learn whether its channel is a thread discord.js has not cached. */
const CHANNEL_LOOKUP_MS = 1_000;
const READY_TIMEOUT_MS = 30_000;
/** How long stop() lets answers in flight finish before the client goes. */
const DRAIN_MS = 5_000;
/** A rate limit longer than this fails the call instead of waiting inside discord.js: the scheduler then owns the retry (and its Retry-After). */
const LONGEST_RATE_LIMIT_WAIT_MS = 10_000;
/** Close codes after which discord.js gives up on the gateway, and what to do about each. */
const FATAL_CLOSE: Record<number, string> = {
  4004: 'Discord refused the bot token; check DISCORD_TOKEN and restart',
  4010: 'invalid shard; restart paperboy',
  4011: 'the bot is in too many servers for one connection (sharding is not supported yet)',
  4012: 'invalid gateway version; update paperboy',
  4013: 'invalid intents; update paperboy',
  4014: 'Discord refused an intent paperboy asked for; paperboy needs no privileged intents, so update it',
};

/** A file goes as an attachment of the reply itself (ephemeral replies may carry files). */
const attachments = (payload: DiscordPayload) => (payload.files.length > 0 ? { files: payload.files.map((f) => ({ attachment: f.data, name: f.name })) } : {});

function replyOptions(payload: DiscordPayload) {
  return {
    ...(payload.content ? { content: payload.content } : {}),
    embeds: payload.embeds,
    components: payload.components,
    allowedMentions: payload.allowedMentions,
    ...attachments(payload),
    ...(payload.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}),
  };
}

function editOptions(payload: DiscordPayload) {
  return { content: payload.content, embeds: payload.embeds, components: payload.components, allowedMentions: payload.allowedMentions, ...attachments(payload) };
}

/** What a command run from a button on a posted message also gets (a direct message's button: the server it is for). */
type MessageContext = Pick<CommandContext, 'origin' | 'threads'> & { readonly workspace?: string };

const delay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref());

export class DiscordAdapter implements ChatAdapter {
  readonly id = 'discord';
  readonly #deps: DiscordAdapterDeps;
  readonly #client: Client;
  readonly #stash = new ButtonStash();
  readonly #seen = new SeenInteractions();
  readonly #inFlight = new Set<Promise<void>>();
  #started = false;
  /** The gateway as last seen, from discord.js's events (for /readyz). */
  #link: AdapterConnection = { state: 'disconnected', detail: 'not started' };

  constructor(deps: DiscordAdapterDeps) {
    this.#deps = deps;
    this.#client = new Client({
      // No privileged intents, no message content. Guilds: slash commands, channels and threads. GuildMessages:
      // that a reply was posted in a discussion thread (its text stays blank without MessageContent; it is only counted).
      // Direct messages need no intent: sending is REST, and paperboy reads nothing in DMs (see discord-direct.ts).
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
      allowedMentions: { parse: [] },
      rest: {
        ...(deps.config.apiUrl ? { api: deps.config.apiUrl } : {}),
        retries: deps.rest?.retries ?? 3,
        timeout: deps.rest?.timeoutMs ?? 15_000,
        rejectOnRateLimit: (limit) => limit.retryAfter > LONGEST_RATE_LIMIT_WAIT_MS,
      },
    });
    this.#register();
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#link = { state: 'connecting', detail: 'logging in to the gateway' };
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error('Discord did not finish connecting within 30 s')), READY_TIMEOUT_MS);
    // Listening before login: READY can arrive before login() resolves.
    const ready = once(this.#client, Events.ClientReady, { signal: timeout.signal });
    ready.catch(() => undefined); // awaited below, or abandoned when login fails
    try {
      await this.#client.login(this.#deps.config.token);
      await ready;
    } catch (error) {
      this.#link = { state: 'disconnected', detail: 'could not connect' };
      await this.#client.destroy().catch(() => undefined);
      const cause = timeout.signal.aborted ? (timeout.signal.reason as Error) : error;
      const text = cause instanceof Error ? cause.message : String(cause);
      const refused = /token|401|4004|Unauthorized/i.test(`${text} ${(cause as { code?: unknown }).code ?? ''}`);
      throw new Error(refused ? `Discord refused the bot token (${text}); check DISCORD_TOKEN` : `cannot reach Discord (${text}); check the network or DISCORD_API_URL`, { cause });
    } finally {
      clearTimeout(timer);
      timeout.abort();
    }
    this.#started = true;
    this.#link = { state: 'connected' };
    this.#deps.logger.info({ source: 'discord', user: this.#client.user?.tag, guilds: this.#client.guilds.cache.size }, 'Discord connected');
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#link = { state: 'disconnected', detail: 'stopped' };
    // Let answers in flight land (a deferred search still editing its reply), within reason.
    await Promise.race([Promise.allSettled([...this.#inFlight]), delay(DRAIN_MS)]);
    await this.#client.destroy();
  }

  connection(): AdapterConnection {
    return this.#link;
  }

  async postDigest(destination: ChannelRef, message: Message, threadCards?: readonly ThreadCard[]): Promise<DeliveryReceipt> {
    let messageId: string;
    try {
      messageId = await sendRendered(this.#client, destination.channel, message);
    } catch (error) {
      throw deliveryErrorFrom(error);
    }
    if (!threadCards) return { messageId };
    // The header is out, so the digest is not lost: from here failures are reported in the receipt, never thrown.
    return { messageId, thread: await this.#postThreadCards(destination, messageId, message, threadCards) };
  }

  /** Alerts and personal digests: the person's DM channel, opened (or reused) and posted to; see discord-direct.ts. */
  postDirect(person: PersonRef, message: Message): Promise<DeliveryReceipt> {
    return sendDirect(this.#client, person, message);
  }

  /** A `threads: on` digest's cards, in order, in the thread started from its header; the first failure stops the rest. */
  async #postThreadCards(destination: ChannelRef, headerId: string, header: Message, cards: readonly ThreadCard[]): Promise<DigestThread> {
    const threads = new DiscordThreads(this.#client, destination.workspace, destination.channel);
    const heading = header.blocks.find((b) => b.type === 'heading');
    const posted: Array<{ paperId: string; messageId: string }> = [];
    let threadId = headerId; // a thread started from a message has the message's id
    try {
      threadId = await threads.open(headerId, heading?.type === 'heading' ? heading.text : header.fallback);
      for (const card of cards) posted.push({ paperId: card.paperId, messageId: await threads.post(threadId, card.message) });
      return { threadId, cards: posted };
    } catch (error) {
      return { threadId, cards: posted, error: error instanceof Error ? error.message : String(error) };
    }
  }

  #context(interaction: ChatInputCommandInteraction | ButtonInteraction, fromMessage: MessageContext = {}): CommandContext {
    const member = interaction.member;
    const name = (member && 'displayName' in member ? member.displayName : undefined) ?? interaction.user.globalName ?? interaction.user.username;
    return {
      platform: 'discord',
      workspace: interaction.guildId ?? 'dm',
      channel: interaction.channelId,
      user: { id: interaction.user.id, name },
      now: this.#deps.clock(),
      // Discord computes the member's permissions in this channel, overwrites included; checked on every run,
      // because /papers as a whole stays open to everyone (see command-tree.ts).
      canManageChannel: interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
      ...fromMessage,
    };
  }

  /** Where a clicked button sits (its message, and the thread that message is in) and the threads Discuss can use there. */
  async #messageContext(interaction: ButtonInteraction, workspace: string | undefined): Promise<MessageContext> {
    if (!interaction.guildId) {
      // A click in a DM has no server: the button names the one its alert was for, if paperboy is still on it.
      const known = workspace !== undefined && this.#client.guilds.cache.has(workspace);
      return { origin: { messageId: interaction.message.id }, ...(known ? { workspace } : {}) };
    }
    // Active threads are cached from the gateway; an archived one may not be (after a restart), so ask once,
    // briefly: the answer is due within 3 s, and without it the click only loses knowing its thread.
    const fetched = () => this.#client.channels.fetch(interaction.channelId).catch(() => null);
    const channel = interaction.channel ?? (await Promise.race([fetched(), delay(CHANNEL_LOOKUP_MS)])) ?? null;
    const thread = channel?.isThread() ? channel : undefined;
    const origin: MessageOrigin = { messageId: interaction.message.id, ...(thread ? { threadId: thread.id } : {}) };
    return { origin, threads: new DiscordThreads(this.#client, interaction.guildId, thread?.parentId ?? interaction.channelId) };
  }

  /** A reply someone posted in a thread: counted for trending (core ignores threads it did not open); its text is never read. */
  #threadMessage(message: DiscordMessage): void {
    if (!message.inGuild() || !message.channel.isThread() || message.author.bot || message.system) return;
    const counted = this.#deps.commands
      .threadReply({
        platform: 'discord',
        workspace: message.guildId,
        channel: message.channel.parentId ?? '',
        threadId: message.channelId,
        messageId: message.id,
        at: this.#deps.clock().getTime(),
      })
      .catch((error: unknown) =>
        this.#deps.logger.warn({ source: 'discord', thread: message.channelId, error: error instanceof Error ? error.message : String(error) }, 'Discord thread reply not counted'),
      );
    this.#inFlight.add(counted);
    void counted.finally(() => this.#inFlight.delete(counted));
  }

  #register(): void {
    const { logger } = this.#deps;
    this.#client.on(Events.InteractionCreate, (interaction) => {
      const handled = this.#dispatch(interaction);
      this.#inFlight.add(handled);
      void handled.finally(() => this.#inFlight.delete(handled));
    });
    this.#client.on(Events.MessageCreate, (message) => this.#threadMessage(message));
    // discord.js emits handler rejections and socket trouble here; without a listener the process would die.
    this.#client.on(Events.Error, (error) => logger.error({ source: 'discord', error: error.message }, 'Discord client error'));
    this.#client.on(Events.ShardReconnecting, () => {
      // destroy() on stop closes the socket too; that is not news.
      if (!this.#started) return;
      this.#link = { state: 'connecting', detail: 'gateway connection lost; reconnecting' };
      logger.warn({ source: 'discord' }, 'Discord gateway connection lost; reconnecting');
    });
    this.#client.on(Events.ShardResume, () => {
      if (this.#started) this.#link = { state: 'connected' };
      logger.info({ source: 'discord' }, 'Discord gateway resumed');
    });
    // A reconnect that could not resume identifies anew and ends here rather than in ShardResume.
    this.#client.on(Events.ShardReady, () => {
      if (this.#started) this.#link = { state: 'connected' };
    });
    // discord.js emits this only when it will not reconnect: commands stop working until someone acts.
    this.#client.on(Events.ShardDisconnect, (event) => {
      const fix = FATAL_CLOSE[event.code] ?? 'restart paperboy';
      if (this.#started) this.#link = { state: 'disconnected', detail: `gateway closed for good (code ${event.code}): ${fix}` };
      logger.error({ source: 'discord', code: event.code }, `Discord gateway closed for good (code ${event.code}): ${fix}; /papers will not answer until then, and /readyz answers 503`);
    });
    this.#client.rest.on('rateLimited', (info) => logger.warn({ source: 'discord', route: info.route, global: info.global, retryAfterMs: info.retryAfter }, 'Discord rate limit; waiting'));
  }

  async #dispatch(interaction: Interaction): Promise<void> {
    if (!this.#seen.first(interaction.id)) return;
    try {
      if (interaction.isAutocomplete()) await this.#autocomplete(interaction);
      else if (interaction.isChatInputCommand()) await this.#command(interaction);
      else if (interaction.isButton()) await this.#button(interaction);
    } catch (error) {
      const reference = randomBytes(4).toString('hex');
      this.#deps.logger.error({ source: 'discord', reference, interaction: interaction.type, error: error instanceof Error ? error.message : String(error) }, 'Discord interaction failed');
      if (interaction.isRepliable()) {
        const sorry = { content: `Sorry, that went wrong on our side (reference ${reference}); please try again in a moment.`, allowedMentions: { parse: [] }, flags: MessageFlags.Ephemeral as const };
        // Whatever was or was not said already, a private follow-up always reaches the asker.
        await (interaction.replied || interaction.deferred ? interaction.followUp(sorry) : interaction.reply(sorry)).catch(() => undefined);
      }
    }
  }

  async #command(interaction: ChatInputCommandInteraction): Promise<void> {
    if (interaction.commandName !== COMMAND) {
      await interaction.reply({ content: `paperboy only answers /${COMMAND}; run \`npx paperboy discord register\` to refresh its commands.`, flags: MessageFlags.Ephemeral });
      return;
    }
    const subcommand = interaction.options.getSubcommand(false) ?? 'help';
    const invocation = invocationFromOptions(subcommand, interaction.options.data[0]?.options ?? []);
    await this.#answer(interaction, invocation);
  }

  async #button(interaction: ButtonInteraction): Promise<void> {
    const decoded = decodeButton(interaction.customId);
    const invocation = decoded?.invocation ?? this.#stash.get(interaction.customId);
    if (!invocation) {
      await interaction.reply({ content: 'That button has expired (paperboy restarted since); run the command again.', flags: MessageFlags.Ephemeral });
      return;
    }
    // Turning a page of private results replaces them; any other click answers beside its message (a digest stays as posted).
    const turnsPage = typeof invocation.options.page === 'number' && interaction.message.flags.has(MessageFlags.Ephemeral);
    await this.#answer(interaction, invocation, turnsPage, await this.#messageContext(interaction, decoded?.workspace));
  }

  /** Runs a command and answers within Discord's 3 s: directly when quick, else deferred and edited in. */
  async #answer(interaction: ChatInputCommandInteraction | ButtonInteraction, invocation: CommandInvocation, inPlace = false, fromMessage: MessageContext = {}): Promise<void> {
    const running = this.#deps.commands.run(invocation, this.#context(interaction, fromMessage));
    running.catch(() => undefined); // run() never rejects; this keeps it so while a deferral is awaited
    const render = (message: Message) => renderDiscordMessage(message, { stash: (i: CommandInvocation) => this.#stash.put(i) });
    const deferAfterMs = this.#deps.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
    const quick = deferAfterMs > 0 ? await Promise.race([running, delay(deferAfterMs)]) : undefined;
    const button = inPlace && interaction.isButton() ? interaction : undefined;
    if (quick) {
      const payload = render(quick);
      if (button && payload.ephemeral) await button.update(editOptions(payload));
      else await interaction.reply(replyOptions(payload));
      return;
    }
    if (button) {
      await button.deferUpdate();
      const payload = render(await running);
      if (payload.ephemeral) await button.editReply(editOptions(payload));
      else await button.followUp(replyOptions(payload));
      return;
    }
    // Only channel-changing commands (not `subscribe me`) and shares answer publicly; the "thinking…" placeholder guesses from the invocation.
    const expectPublic = changesChannel(invocation) || invocation.name === 'share';
    await interaction.deferReply(expectPublic ? {} : { flags: MessageFlags.Ephemeral });
    const payload = render(await running);
    if (payload.ephemeral !== expectPublic) {
      await interaction.editReply(editOptions(payload));
      return;
    }
    // The placeholder's visibility was wrong (usually a refusal to a channel-changing command): answer
    // with the right one first, then remove the placeholder, so a failure never leaves the asker with nothing.
    await interaction.followUp(replyOptions(payload));
    await interaction.deleteReply().catch(() => undefined);
  }

  async #autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value ?? '');
    const choices = focused.name === 'timezone' ? timeZoneSuggestions(typed) : focused.name === 'paper' ? await paperSuggestions(this.#deps.paperboy, typed) : [];
    await interaction.respond(choices.map((c) => ({ name: c.name, value: c.value })));
  }
}
