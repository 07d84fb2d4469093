import { PermissionFlagsBits, REST, Routes } from 'discord.js';
import type { CommandDefinition } from '../../src/index.js';
import type { DiscordConfig } from '../service/config.js';
import { commandTreesEqual, discordCommandTree } from './command-tree.js';

/**
 * `paperboy discord register`: puts the `/papers` command tree (generated from the core's
 * command definitions) on Discord, globally or on one server. It reads first and writes only
 * when something changed, so running it on every deploy costs one GET. A write replaces
 * this application's whole list, which also removes commands an older version registered.
 */
export interface RegisterOptions {
  readonly config: DiscordConfig;
  readonly commands: readonly CommandDefinition[];
  /** One server, where changes show at once; global commands can take a while to appear everywhere. */
  readonly guildId?: string;
}

export interface RegisterResult {
  readonly changed: boolean;
  readonly where: string;
  readonly subcommands: readonly string[];
}

/**
 * Send Messages and Embed Links for digests; Create Public Threads and Send Messages in Threads
 * for Discuss (a thread started from the digest, the paper's card posted in it). Slash commands
 * need no permission at all.
 */
export const INVITE_PERMISSIONS = PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.CreatePublicThreads | PermissionFlagsBits.SendMessagesInThreads;
/** The same, as Discord's permission screens name them. */
export const INVITE_PERMISSION_NAMES = 'Send Messages, Embed Links, Create Public Threads, Send Messages in Threads';

export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({ client_id: applicationId, scope: 'bot applications.commands', permissions: INVITE_PERMISSIONS.toString() });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}

export async function registerCommands(options: RegisterOptions): Promise<RegisterResult> {
  const { config, guildId } = options;
  const rest = new REST({ ...(config.apiUrl ? { api: config.apiUrl } : {}), retries: 2, timeout: 15_000 }).setToken(config.token);
  const route = guildId ? Routes.applicationGuildCommands(config.applicationId, guildId) : Routes.applicationCommands(config.applicationId);
  const tree = discordCommandTree(options.commands);
  const where = guildId ? `server ${guildId}` : 'all servers (global)';
  const subcommands = (tree.options ?? []).map((o) => o.name);
  const registered = (await rest.get(route)) as unknown[];
  if (registered.length === 1 && commandTreesEqual(registered[0], tree)) return { changed: false, where, subcommands };
  await rest.put(route, { body: [tree] });
  return { changed: true, where, subcommands };
}
