import { DiscordAdapter } from '../../adapters/discord/discord-adapter.js';
import { ephemeralWebSettings } from '../../adapters/web/web-settings.js';
import type { DiscordConfig } from '../../adapters/service/config.js';
import { parseCommandText } from '../../src/index.js';
import { recordingLogger } from './command-harness.js';
import { FakeDiscord } from '../fakes/discord/index.js';
import { startServiceHarness, type ServiceHarness } from './service-harness.js';

/**
 * The real service with the real Discord adapter (real discord.js) connected to a fake
 * Discord on loopback: interactions arrive over the gateway the way Discord sends them, and
 * every callback, edit, follow-up and channel message lands in the fake.
 */
export const GUILD = '300000000000000001';
export const CHANNEL_1 = '200000000000000001';
export const CHANNEL_2 = '200000000000000002';
/** Manage Channels (1 << 4), as Discord computes a member's permissions in a channel. */
export const MANAGE_CHANNELS = String(1 << 4);

export interface DiscordWhere {
  readonly channel?: string;
  readonly user?: { id: string; username: string };
  /** The member's permissions in the channel, as a decimal bitfield (default none). */
  readonly permissions?: string;
  /** For clicks: the button sits on a message only the clicker sees (search results). */
  readonly fromEphemeral?: boolean;
  /** For clicks: the posted message the button is on (a digest, a card in a thread); `channel` is where it is. */
  readonly messageId?: string;
}

export type DiscordOption = { name: string; type: number; value: string | number };

export interface DiscordAnswer {
  readonly interactionId: string;
  /** Every message body the user was shown for this interaction, in order (reply, edits, follow-ups). */
  readonly bodies: Array<Record<string, unknown>>;
  /** The last of them. */
  readonly body: Record<string, unknown>;
  /** What a person reads in the last one. */
  readonly text: string;
  /** Whether only the asker sees the last one. */
  readonly ephemeral: boolean;
  /** The callback types Discord got (4 reply, 5 deferred, 7 update, 8 autocomplete). */
  readonly callbackTypes: number[];
}

export interface DiscordHarness {
  readonly fake: FakeDiscord;
  readonly service: ServiceHarness;
  /** The adapter the service runs (for what the service would call: postDirect). */
  readonly adapter: DiscordAdapter;
  readonly logged: Array<{ level: string; fields: Record<string, unknown>; message: string }>;
  /** Runs `/papers <subcommand>` with typed options and waits for the answer. */
  command(subcommand: string, options?: DiscordOption[], where?: DiscordWhere): Promise<DiscordAnswer>;
  /** Types `/papers …` as text would be typed in Slack or the console, sent as Discord's structured options. */
  commandText(text: string, where?: DiscordWhere): Promise<DiscordAnswer>;
  click(customId: string, where?: DiscordWhere): Promise<DiscordAnswer>;
  /** The choices offered while typing `typed` into `focused`. */
  autocomplete(subcommand: string, focused: string, typed: string, where?: DiscordWhere): Promise<Array<{ name: string; value: string }>>;
  close(): Promise<void>;
}

/** Text a person reads in a Discord message body: content, then each embed; markdown escapes removed. */
export function discordText(body: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof body.content === 'string' && body.content) parts.push(body.content);
  for (const embed of (body.embeds ?? []) as Array<Record<string, any>>) {
    if (embed.author?.name) parts.push(embed.author.name);
    if (embed.title) parts.push(embed.title);
    if (embed.description) parts.push(embed.description);
    for (const field of embed.fields ?? []) parts.push(`${field.name}: ${field.value}`);
    if (embed.footer?.text) parts.push(embed.footer.text);
  }
  // Subtext lines (-# ) read as plain small print; escapes are invisible.
  return parts
    .join('\n')
    .replace(/^-# /gm, '')
    .replace(/\\([\\*_~`|>#\-[\]()<@!.:+=])/g, '$1');
}

/** Every button on a message body, with its label and custom id. */
export function discordButtons(body: Record<string, unknown>): Array<{ label: string; customId: string }> {
  const rows = (body.components ?? []) as Array<{ components: Array<{ label?: string; custom_id?: string }> }>;
  return rows.flatMap((row) => row.components.filter((b) => b.custom_id).map((b) => ({ label: b.label ?? '', customId: b.custom_id! })));
}

/** Text options as Discord's client would send them: integers as INTEGER (4), everything else STRING (3). */
export function discordOptions(options: Readonly<Record<string, string | number>>): DiscordOption[] {
  return Object.entries(options).map(([name, value]) => ({ name, type: typeof value === 'number' ? 4 : 3, value }));
}

export async function startDiscordHarness(options: { start?: string; deferAfterMs?: number; before?: (dataDir: string) => Promise<void>; publicUrl?: string } = {}): Promise<DiscordHarness> {
  const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
  const config: DiscordConfig = { token: fake.botToken, applicationId: fake.applicationId, apiUrl: fake.apiUrl };
  const logged: DiscordHarness['logged'] = [];
  let service: ServiceHarness;
  let adapter: DiscordAdapter | undefined;
  try {
    service = await startServiceHarness({
      ...(options.start ? { start: options.start } : {}),
      ...(options.before ? { before: options.before } : {}),
      // PAPERBOY_PUBLIC_URL: cards link to the team's paper pages there.
      ...(options.publicUrl ? { config: { web: ephemeralWebSettings(options.publicUrl) } } : {}),
      adapters: ({ commands, paperboy }) => [
        (adapter = new DiscordAdapter({
          config,
          commands,
          paperboy,
          logger: recordingLogger(logged),
          clock: () => new Date('2026-11-27T06:00:00Z'),
          rest: { retries: 3, timeoutMs: 5_000 },
          ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
        })),
      ],
    });
  } catch (error) {
    await fake.close();
    throw error;
  }

  const answerTo = async (interactionId: string): Promise<DiscordAnswer> => {
    const done = () => {
      const r = fake.interaction(interactionId);
      const types = r.callbacks.map((c) => c.type);
      const bodies: Array<Record<string, unknown>> = [
        ...r.callbacks.filter((c) => (c.type === 4 || c.type === 7) && c.data).map((c) => c.data as Record<string, unknown>),
        ...(r.edits as Array<Record<string, unknown>>),
        ...(r.followUps as Array<Record<string, unknown>>),
      ];
      if (bodies.length === 0) return undefined;
      const last = bodies.at(-1)!;
      // "Posted in the channel." is followed by the public post itself.
      if (typeof last.content === 'string' && last.content === 'Posted in the channel.' && r.followUps.length === 0) return undefined;
      return { bodies, types, last };
    };
    const { bodies, types, last } = await fake.waitFor(done, 5000);
    const record = fake.interaction(interactionId);
    // An edit inherits the deferred placeholder's visibility; replies and follow-ups carry their own flags.
    const deferred = record.callbacks.find((c) => c.type === 5)?.data as { flags?: number } | undefined;
    // An update (type 7, or an edit after type 6) keeps the clicked message's visibility.
    const updated = types.includes(7) || types.includes(6);
    const flags = updated && !record.followUps.includes(last) ? Number(record.original?.flags ?? 0) : record.edits.includes(last) ? Number(deferred?.flags ?? 0) : Number(last.flags ?? 0);
    return { interactionId, bodies, body: last, text: discordText(last), ephemeral: (flags & 64) === 64, callbackTypes: types };
  };
  const who = (w: DiscordWhere = {}) => ({
    guildId: GUILD,
    channelId: w.channel ?? CHANNEL_1,
    ...(w.user ? { user: w.user } : {}),
    permissions: w.permissions ?? '0',
  });

  const command: DiscordHarness['command'] = async (subcommand, opts = [], w = {}) => {
    const d = fake.chatInput({ ...who(w), subcommand, options: opts });
    await fake.dispatchInteraction(d);
    return answerTo(String(d.id));
  };

  return {
    fake,
    service,
    adapter: adapter!,
    logged,
    command,
    async commandText(text, w = {}) {
      const typed = text.replace(/^\/papers\s*/, '');
      const parsed = parseCommandText(typed);
      if (parsed.ok) return command(parsed.value.name, discordOptions(parsed.value.options), w);
      // Text too long to parse still reaches Discord as one option: the rest after the subcommand.
      const [, subcommand = 'search', rest = ''] = /^(\S+)\s+([\s\S]*)$/.exec(typed) ?? [];
      return command(subcommand, [{ name: 'query', type: 3, value: rest }], w);
    },
    async click(customId, w = {}) {
      const d = fake.button({ ...who(w), customId, ...(w.fromEphemeral ? { ephemeralMessage: true } : {}), ...(w.messageId ? { messageId: w.messageId } : {}) });
      await fake.dispatchInteraction(d);
      return answerTo(String(d.id));
    },
    async autocomplete(subcommand, focused, typed, w = {}) {
      const type = 3;
      const d = fake.autocomplete({ ...who(w), subcommand, options: [{ name: focused, type, value: typed }], focused });
      await fake.dispatchInteraction(d);
      const id = String(d.id);
      const callback = await fake.waitFor(() => fake.interaction(id).callbacks.find((c) => c.type === 8), 5000);
      return (callback.data as { choices?: Array<{ name: string; value: string }> }).choices ?? [];
    },
    async close() {
      await service.close();
      await fake.close();
    },
  };
}
