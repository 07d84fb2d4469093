import { snowflake, type Json } from './discord-wire.js';
import { botUser, personUser, DEFAULT_USER } from './payloads.js';

/**
 * INTERACTION_CREATE `d` builders. discord.js throws without `entitlements` and `authorizing_integration_owners`,
 * drops chat input without `data.type: 1`, takes `channelId` from `channel.id`, and needs `message` on buttons
 * (platform-notes 2.2). Every call gets a fresh id and token.
 */

export interface InteractionUser {
  id: string;
  username: string;
}

export interface InteractionInput {
  /** Default: the fake's first guild. Ignored in a DM channel the bot opened (the interaction then has no guild). */
  guildId?: string;
  channelId: string;
  /** Default: alice (400000000000000001). */
  user?: InteractionUser;
  /** The member's permission bitfield, decimal. Default '0'. */
  permissions?: string;
  /** The bot's permissions in the channel, decimal. Default: View Channel, Send Messages, Embed Links, Read Message History. */
  appPermissions?: string;
}

export interface CommandOption {
  name: string;
  type: number;
  value: string | number | boolean;
}

export interface ChatInputInput extends InteractionInput {
  subcommand: string;
  /** A subcommand group around the subcommand, if the command has one. */
  group?: string;
  options?: CommandOption[];
  /** Default 'papers'. */
  command?: string;
}

export interface AutocompleteInput extends ChatInputInput {
  /** Name of the option being typed in; it must be in `options` (added as an empty string if not). */
  focused: string;
}

export interface ButtonInput extends InteractionInput {
  customId: string;
  /** The message the button is on; a message the fake stored is used as is, otherwise one is made up holding the button. */
  messageId?: string;
  ephemeralMessage?: boolean;
}

export interface PayloadContext {
  applicationId: string;
  botUserId: string;
  defaultGuildId: string;
  /** The id of a registered command with this name, so `commandId` matches what the bot registered. */
  commandId(name: string): string | undefined;
  message(messageId: string): Json | undefined;
  /** The channel or thread object the fake knows by this id. */
  channel(channelId: string): Json | undefined;
}

const INTERACTION_TYPE = { command: 2, component: 3, autocomplete: 4 } as const;
const DM_CHANNEL = 1;
// 1024 View Channel | 2048 Send Messages | 16384 Embed Links | 65536 Read Message History
const DEFAULT_APP_PERMISSIONS = String(1024 + 2048 + 16384 + 65536);
let tokens = 0;

/** A click in the bot's DM with a person: no guild or member, the `user` instead, and context 1 (BOT_DM). */
function inDirectMessage(ctx: PayloadContext, input: InteractionInput, channel: Json, type: number): Json {
  return {
    id: snowflake(),
    application_id: ctx.applicationId,
    type,
    token: nextToken(),
    version: 1,
    channel_id: input.channelId,
    channel,
    user: personUser(input.user ?? DEFAULT_USER),
    app_permissions: input.appPermissions ?? DEFAULT_APP_PERMISSIONS,
    locale: 'en-US',
    entitlements: [],
    // A guild-installed app's key 0 holds "0" when the interaction happens in the bot's DM.
    authorizing_integration_owners: { '0': '0' },
    context: 1,
    attachment_size_limit: 10_485_760,
  };
}

function nextToken(): string {
  tokens += 1;
  return `fake-interaction-token-${tokens}-${Math.random().toString(36).slice(2, 10)}`;
}

function base(ctx: PayloadContext, input: InteractionInput, type: number): Json {
  const known = ctx.channel(input.channelId);
  if (known?.type === DM_CHANNEL) return inDirectMessage(ctx, input, known, type);
  const guildId = input.guildId ?? ctx.defaultGuildId;
  const user = input.user ?? DEFAULT_USER;
  return {
    id: snowflake(),
    application_id: ctx.applicationId,
    type,
    token: nextToken(),
    version: 1,
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    channel_id: input.channelId,
    channel: known ?? { id: input.channelId, type: 0, guild_id: guildId },
    member: {
      user: personUser(user),
      roles: [],
      permissions: input.permissions ?? '0',
      joined_at: new Date(0).toISOString(),
      nick: null,
      avatar: null,
      deaf: false,
      mute: false,
      pending: false,
      flags: 0,
    },
    app_permissions: input.appPermissions ?? DEFAULT_APP_PERMISSIONS,
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    attachment_size_limit: 10_485_760,
  };
}

function commandData(ctx: PayloadContext, input: ChatInputInput, focused?: string): Json {
  const name = input.command ?? 'papers';
  const options: Json[] = (input.options ?? []).map((o) => ({ ...o, ...(o.name === focused && { focused: true }) }));
  if (focused !== undefined && !options.some((o) => o.name === focused)) options.push({ name: focused, type: 3, value: '', focused: true });
  const sub = { name: input.subcommand, type: 1, options };
  return {
    id: ctx.commandId(name) ?? '1200000000000000001',
    name,
    type: 1,
    options: [input.group === undefined ? sub : { name: input.group, type: 2, options: [sub] }],
  };
}

export function chatInputPayload(ctx: PayloadContext, input: ChatInputInput): Json {
  return { ...base(ctx, input, INTERACTION_TYPE.command), data: commandData(ctx, input) };
}

export function autocompletePayload(ctx: PayloadContext, input: AutocompleteInput): Json {
  return { ...base(ctx, input, INTERACTION_TYPE.autocomplete), data: commandData(ctx, input, input.focused) };
}

export function buttonPayload(ctx: PayloadContext, input: ButtonInput): Json {
  const stored = input.messageId === undefined ? undefined : ctx.message(input.messageId);
  const message = stored ?? {
    id: input.messageId ?? snowflake(),
    channel_id: input.channelId,
    author: botUser(ctx.botUserId),
    content: '',
    embeds: [],
    components: [{ type: 1, components: [{ type: 2, style: 1, label: input.customId.slice(0, 80), custom_id: input.customId }] }],
    attachments: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    type: 0,
    flags: input.ephemeralMessage === true ? 64 : 0,
    application_id: ctx.applicationId,
  };
  return { ...base(ctx, input, INTERACTION_TYPE.component), data: { custom_id: input.customId, component_type: 2 }, message };
}
