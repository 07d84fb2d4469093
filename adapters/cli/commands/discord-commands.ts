import { CliFailure, type CliContext } from '../cli-context.js';
import { configFrom } from './service-commands.js';

/** `paperboy discord register [--guild ID]`: the one-time (and every-deploy, it is idempotent) setup step for Discord. */
export async function discordRegisterCommand(ctx: CliContext, options: { guild?: string }): Promise<void> {
  const config = await configFrom(ctx);
  if (!config.discord) throw new CliFailure('Discord is not configured: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (README, "Discord")');
  if (options.guild !== undefined && !/^\d{15,21}$/.test(options.guild)) {
    throw new CliFailure(`--guild: "${options.guild.slice(0, 40)}" is not a server id; right-click the server with Developer Mode on → Copy Server ID`);
  }
  const { COMMANDS } = await import('../../../src/index.js');
  const { registerCommands, inviteUrl, INVITE_PERMISSION_NAMES } = await import('../../discord/register-commands.js');
  let result: Awaited<ReturnType<typeof registerCommands>>;
  try {
    result = await registerCommands({ config: config.discord, commands: COMMANDS, ...(options.guild ? { guildId: options.guild } : {}) });
  } catch (error) {
    const e = error as { status?: number; code?: number; message?: string };
    if (e.status === 401) throw new CliFailure('Discord refused the bot token; check DISCORD_TOKEN');
    if (e.code === 50001 || e.status === 403)
      throw new CliFailure(`Discord denied access${options.guild ? ` to server ${options.guild}: invite the bot there first` : ''}; check DISCORD_APPLICATION_ID (${e.message ?? ''})`);
    if (e.status === 404) throw new CliFailure('Discord does not know that application or server; check DISCORD_APPLICATION_ID and --guild');
    throw new CliFailure(`cannot register with Discord: ${e.message ?? String(error)}`);
  }
  const out = ctx.io.stdout;
  out.write(result.changed ? `Registered /papers on ${result.where}: ${result.subcommands.join(', ')}.\n` : `/papers is already up to date on ${result.where}; nothing written.\n`);
  if (!options.guild && result.changed) out.write('Global commands can take up to an hour to appear; use --guild ID to test on one server at once.\n');
  out.write(`Invite the bot (${INVITE_PERMISSION_NAMES}): ${inviteUrl(config.discord.applicationId)}\n`);
}
