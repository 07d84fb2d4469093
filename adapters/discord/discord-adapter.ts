import { randomBytes } from 'node:crypto';
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
} from 'discord.js';
import type { ChannelRef, Clock, CommandContext, CommandInvocation, CommandService, Logger, Message, Paperboy } from '../../src/index.js';
import { commandNamed } from '../../src/index.js';
import type { ChatAdapter, DeliveryReceipt } from '../chat-adapter.js';
import type { DiscordConfig } from '../service/config.js';
import { paperSuggestions, timeZoneSuggestions } from './autocomplete.js';
import { ButtonStash } from './button-stash.js';
import { invocationFromOptions } from './command-tree.js';
import { decodeInvocation } from './custom-ids.js';
import { deliveryErrorFrom, notATextChannel } from './discord-errors.js';
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
const READY_TIMEOUT_MS = 30_000;

function replyOptions(payload: DiscordPayload) {
  return {
    ...(payload.content ? { content: payload.content } : {}),
    embeds: payload.embeds,
    components: payload.components,
    allowedMentions: payload.allowedMentions,
    ...(payload.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {}),
  };
}

function editOptions(payload: DiscordPayload) {
  return { content: payload.content, embeds: payload.embeds, components: payload.components, allowedMentions: payload.allowedMentions };
}

const delay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref());

export class DiscordAdapter implements ChatAdapter {
  readonly id = 'discord';
  readonly #deps: DiscordAdapterDeps;
  readonly #client: Client;
  readonly #stash = new ButtonStash();
  readonly #seen = new SeenInteractions();
  #started = false;

  constructor(deps: DiscordAdapterDeps) {
    this.#deps = deps;
    this.#client = new Client({
      // Guilds alone: no privileged intents, no message content. Slash commands need nothing more.
      intents: [GatewayIntentBits.Guilds],
      allowedMentions: { parse: [] },
      rest: {
        ...(deps.config.apiUrl ? { api: deps.config.apiUrl } : {}),
        retries: deps.rest?.retries ?? 3,
        timeout: deps.rest?.timeoutMs ?? 15_000,
      },
    });
    this.#register();
  }

  async start(): Promise<void> {
    if (this.#started) return;
    const ready = new Promise<void>((resolve, reject) => {
      this.#client.once(Events.ClientReady, () => resolve());
      setTimeout(() => reject(new Error('Discord did not finish connecting within 30 s; check the network or DISCORD_API_URL')), READY_TIMEOUT_MS).unref();
    });
    try {
      await this.#client.login(this.#deps.config.token);
      await ready;
    } catch (error) {
      await this.#client.destroy().catch(() => undefined);
      const text = error instanceof Error ? error.message : String(error);
      const refused = /token|401|4004|Unauthorized/i.test(`${text} ${(error as { code?: unknown }).code ?? ''}`);
      throw new Error(refused ? `Discord refused the bot token (${text}); check DISCORD_TOKEN` : `cannot reach Discord (${text}); check the network or DISCORD_API_URL`, { cause: error });
    }
    this.#started = true;
    this.#deps.logger.info({ source: 'discord', user: this.#client.user?.tag, guilds: this.#client.guilds.cache.size }, 'Discord connected');
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.#client.destroy();
  }

  async postDigest(destination: ChannelRef, message: Message): Promise<DeliveryReceipt> {
    const payload = renderDiscordMessage(message, { stash: (invocation) => this.#stash.put(invocation) });
    try {
      const channel = await this.#client.channels.fetch(destination.channel);
      if (!channel || !channel.isSendable()) throw notATextChannel(destination.channel);
      const sent = await channel.send({ ...(payload.content ? { content: payload.content } : {}), embeds: payload.embeds, components: payload.components, allowedMentions: payload.allowedMentions });
      return { messageId: sent.id };
    } catch (error) {
      throw deliveryErrorFrom(error);
    }
  }

  #context(interaction: ChatInputCommandInteraction | ButtonInteraction): CommandContext {
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
    };
  }

  #register(): void {
    const { logger } = this.#deps;
    this.#client.on(Events.InteractionCreate, (interaction) => void this.#dispatch(interaction));
    // discord.js emits handler rejections and socket trouble here; without a listener the process would die.
    this.#client.on(Events.Error, (error) => logger.error({ source: 'discord', error: error.message }, 'Discord client error'));
    this.#client.on(Events.ShardDisconnect, (event) => logger.warn({ source: 'discord', code: event.code }, 'Discord gateway disconnected; reconnecting'));
    this.#client.on(Events.ShardResume, () => logger.info({ source: 'discord' }, 'Discord gateway resumed'));
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
      if (interaction.isRepliable() && !interaction.replied) {
        const sorry = { content: `Sorry, that went wrong on our side (reference ${reference}); please try again in a moment.`, allowedMentions: { parse: [] } };
        await (interaction.deferred ? interaction.editReply(sorry) : interaction.reply({ ...sorry, flags: MessageFlags.Ephemeral })).catch(() => undefined);
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
    const invocation = decodeInvocation(interaction.customId) ?? this.#stash.get(interaction.customId);
    if (!invocation) {
      await interaction.reply({ content: 'That button has expired (paperboy restarted since); run the command again.', flags: MessageFlags.Ephemeral });
      return;
    }
    // A click answers beside the message it came from, never over it: a digest stays as posted.
    await this.#answer(interaction, invocation);
  }

  /** Runs a command and answers within Discord's 3 s: directly when quick, else deferred and edited in. */
  async #answer(interaction: ChatInputCommandInteraction | ButtonInteraction, invocation: CommandInvocation): Promise<void> {
    const running = this.#deps.commands.run(invocation, this.#context(interaction));
    const stash = { stash: (i: CommandInvocation) => this.#stash.put(i) };
    const deferAfterMs = this.#deps.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
    const quick = deferAfterMs > 0 ? await Promise.race([running, delay(deferAfterMs)]) : undefined;
    if (quick) {
      await interaction.reply(replyOptions(renderDiscordMessage(quick, stash)));
      return;
    }
    // Only channel-changing commands and shares answer publicly; guess so for the "thinking…" placeholder.
    const definition = commandNamed(invocation.name);
    const expectPublic = Boolean(definition?.changesChannel) || invocation.name === 'share';
    await interaction.deferReply(expectPublic ? {} : { flags: MessageFlags.Ephemeral });
    const payload = renderDiscordMessage(await running, stash);
    if (payload.ephemeral === !expectPublic) {
      await interaction.editReply(editOptions(payload));
    } else if (!payload.ephemeral) {
      // A private placeholder cannot become public: say where the answer went, and post it.
      await interaction.editReply({ content: 'Posted in the channel.', embeds: [], components: [] });
      await interaction.followUp(replyOptions(payload));
    } else {
      // A public placeholder for a private answer (usually a refusal): keep the answer private.
      await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp(replyOptions(payload));
    }
  }

  async #autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const typed = String(focused.value ?? '');
    const choices = focused.name === 'timezone' ? timeZoneSuggestions(typed) : focused.name === 'paper' ? paperSuggestions(this.#deps.paperboy, typed) : [];
    await interaction.respond(choices.map((c) => ({ name: c.name, value: c.value })));
  }
}
