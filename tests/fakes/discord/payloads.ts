import { isObject, snowflake, type Json } from './discord-wire.js';

/**
 * Discord objects as the API and gateway send them: users, channels, guilds, messages. Each carries the fields
 * discord.js reads without a guard; extra nullable fields are included where Discord always sends them.
 */

export interface FakeGuild {
  id: string;
  name?: string;
  channels: Array<{ id: string; name?: string; type?: number /* 0 text */ }>;
}

/** A message as the fake stored and returned it: what was sent, plus the fields Discord adds. */
export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  timestamp: string;
  allowed_mentions?: unknown;
  [field: string]: unknown;
}

export const DEFAULT_GUILD: FakeGuild = {
  id: '300000000000000001',
  name: 'Paperboy Test Server',
  channels: [
    { id: '200000000000000001', name: 'papers', type: 0 },
    { id: '200000000000000002', name: 'digest', type: 0 },
  ],
};
export const DEFAULT_USER = { id: '400000000000000001', username: 'alice' } as const;

/** Channel types that hold messages: text, DM, voice chat, group DM, announcement, threads, stage chat. */
export const MESSAGE_CHANNEL_TYPES = new Set([0, 1, 2, 3, 5, 10, 11, 12, 13]);

export function botUser(id: string): Json {
  return { id, username: 'paperboy', discriminator: '0', global_name: null, avatar: null, bot: true };
}

export function personUser(user: { id: string; username: string }): Json {
  return { id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null };
}

export function channelObject(channel: FakeGuild['channels'][number], guildId: string): Json {
  return {
    id: channel.id,
    type: channel.type ?? 0,
    name: channel.name ?? `channel-${channel.id.slice(-4)}`,
    guild_id: guildId,
    position: 0,
    permission_overwrites: [],
    parent_id: null,
    nsfw: false,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

/** GUILD_CREATE `d`: every collection discord.js iterates must be present (an absent one throws). */
/** `threads`: the guild's active threads, which Discord includes so a client knows them after a restart. */
export function guildCreate(guild: FakeGuild, joinedAt: string, threads: Json[] = []): Json {
  return {
    id: guild.id,
    name: guild.name ?? `guild-${guild.id.slice(-4)}`,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: DEFAULT_USER.id,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    preferred_locale: 'en-US',
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    nsfw_level: 0,
    application_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    max_members: 500_000,
    max_video_channel_users: 25,
    unavailable: false,
    large: false,
    member_count: 1,
    joined_at: joinedAt,
    features: [],
    roles: [{ id: guild.id, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    members: [],
    channels: guild.channels.map((c) => {
      const { guild_id: _omitted, ...rest } = channelObject(c, guild.id);
      return rest; // channels inside GUILD_CREATE carry no guild_id
    }),
    threads,
    emojis: [],
    stickers: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    incidents_data: null,
  };
}

export interface ReadyInput {
  sessionId: string;
  resumeUrl: string;
  applicationId: string;
  botUserId: string;
  guilds: FakeGuild[];
}

export function readyPayload(input: ReadyInput): Json {
  return {
    v: 10,
    user: { ...botUser(input.botUserId), verified: true, mfa_enabled: false, flags: 0 },
    guilds: input.guilds.map((g) => ({ id: g.id, unavailable: true })),
    session_id: input.sessionId,
    session_type: 'normal',
    resume_gateway_url: input.resumeUrl,
    shard: [0, 1],
    application: { id: input.applicationId, flags: 0 },
    private_channels: [],
    relationships: [],
    presences: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: [],
    user_settings: {},
    _trace: ['["fake-discord-gateway",{"micros":0}]'],
  };
}

/** A full message object around the fields that were sent (`content`, `embeds`, `components`, `flags`, …). */
export function messageObject(sent: Json, channelId: string, author: Json, extra: Json = {}): FakeMessage {
  const message: FakeMessage = {
    ...sent,
    id: snowflake(),
    channel_id: channelId,
    author,
    content: typeof sent.content === 'string' ? sent.content : '',
    embeds: Array.isArray(sent.embeds) ? sent.embeds : [],
    components: Array.isArray(sent.components) ? sent.components : [],
    attachments: Array.isArray(sent.attachments) ? sent.attachments : [],
    flags: typeof sent.flags === 'number' ? sent.flags : 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    type: 0,
    tts: sent.tts === true,
    pinned: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    ...extra,
  };
  delete message.nonce;
  delete message.enforce_nonce;
  return message;
}

/** What a person reads in a message: content, embed texts, then button labels, one piece per line. */
export function visibleText(message: Json): string {
  const parts: unknown[] = [message.content];
  for (const embed of Array.isArray(message.embeds) ? message.embeds : []) {
    if (!isObject(embed)) continue;
    parts.push(isObject(embed.author) ? embed.author.name : undefined, embed.title, embed.description);
    for (const field of Array.isArray(embed.fields) ? embed.fields : []) {
      if (isObject(field)) parts.push(field.name, field.value);
    }
    parts.push(isObject(embed.footer) ? embed.footer.text : undefined);
  }
  for (const row of Array.isArray(message.components) ? message.components : []) {
    for (const child of isObject(row) && Array.isArray(row.components) ? row.components : []) {
      if (isObject(child)) parts.push(child.label);
    }
  }
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('\n');
}
