import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';
import { COMMANDS, type CommandDefinition, type CommandInvocation } from '../../src/index.js';
import { clip } from './discord-text.js';

/**
 * `/papers` as Discord's command data, generated from the core's command definitions: one
 * chat-input command, one subcommand per visible command, options read from each zod schema
 * (through its JSON Schema, zod's public description of itself), so a new option or limit in
 * the core shows up in Discord without anyone listing it here.
 */
export const COMMAND_NAME = 'papers';
export const COMMAND_DESCRIPTION = 'Research papers: search, related papers, trending, daily and weekly digests';
/** Options whose values come from the server as the user types (and so take no `choices`). */
export const AUTOCOMPLETE_OPTIONS: ReadonlySet<string> = new Set(['paper', 'timezone']);

/**
 * Subcommands that change what the whole channel gets. They are checked at run time (the
 * member's Manage Channels permission in that channel becomes `canManageChannel`), not with
 * `default_member_permissions`: that field applies to the whole /papers command, so setting
 * it would hide search and trending from everyone who cannot manage channels.
 */
export const SUBCOMMANDS_NEEDING_MANAGE_CHANNELS: ReadonlySet<string> = new Set(COMMANDS.filter((c) => c.changesChannel).map((c) => c.name));

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const DESCRIPTION_MAX = 100;
const OPTIONS_MAX = 25;
const STRING_LENGTH_MAX = 6000;
/** Discord's range for INTEGER and NUMBER bounds; zod's implicit safe-integer bounds are left out. */
const VALUE_LIMIT = 2 ** 53;

interface JsonProperty {
  readonly type?: string;
  readonly description?: string;
  readonly enum?: readonly unknown[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

function checkedName(name: string, where: string): string {
  // Lowercasing here would break the way back (invocationFromOptions), so a bad name is a bug.
  if (!NAME.test(name) || name !== name.toLowerCase()) throw new Error(`${where}: "${name}" is not a valid Discord name (lowercase letters, digits, - and _, at most 32)`);
  return name;
}

function description(text: string | undefined, fallback: string): string {
  return (
    clip(
      String(text ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
      DESCRIPTION_MAX,
    ) || fallback
  );
}

const bound = (value: number | undefined, min: number, max: number): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, min), max) : undefined);

const valueBound = (value: number | undefined): number | undefined => (typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER ? bound(value, -VALUE_LIMIT, VALUE_LIMIT) : undefined);

function option(name: string, prop: JsonProperty, required: boolean, where: string): APIApplicationCommandBasicOption {
  const base = { name: checkedName(name, where), description: description(prop.description, name), ...(required ? { required: true } : {}) };
  if (prop.type === 'string') {
    if (prop.enum) {
      if (prop.enum.length > OPTIONS_MAX || prop.enum.some((v) => typeof v !== 'string')) throw new Error(`${where} ${name}: Discord allows at most 25 text choices`);
      // Choices and autocomplete exclude each other; a fixed list wins.
      return { ...base, type: ApplicationCommandOptionType.String, choices: prop.enum.map((v) => ({ name: String(v), value: String(v) })) };
    }
    const minLength = bound(prop.minLength, 0, STRING_LENGTH_MAX);
    const maxLength = bound(prop.maxLength, 1, STRING_LENGTH_MAX);
    return {
      ...base,
      type: ApplicationCommandOptionType.String,
      ...(minLength !== undefined && minLength > 0 ? { min_length: minLength } : {}),
      ...(maxLength !== undefined ? { max_length: maxLength } : {}),
      ...(AUTOCOMPLETE_OPTIONS.has(name) ? { autocomplete: true } : {}),
    };
  }
  if (prop.type === 'integer' || prop.type === 'number') {
    const min = valueBound(prop.minimum);
    const max = valueBound(prop.maximum);
    const bounds = { ...(min !== undefined ? { min_value: min } : {}), ...(max !== undefined ? { max_value: max } : {}) };
    return prop.type === 'integer' ? { ...base, ...bounds, type: ApplicationCommandOptionType.Integer } : { ...base, ...bounds, type: ApplicationCommandOptionType.Number };
  }
  if (prop.type === 'boolean') return { ...base, type: ApplicationCommandOptionType.Boolean };
  throw new Error(`${where} ${name}: no Discord option type for ${String(prop.type)}`);
}

function subcommand(definition: CommandDefinition): APIApplicationCommandSubcommandOption {
  const where = `/${COMMAND_NAME} ${definition.name}`;
  const schema = z.toJSONSchema(definition.options) as { properties?: Record<string, JsonProperty>; required?: readonly string[] };
  const required = new Set(schema.required ?? []);
  const options = Object.entries(schema.properties ?? {})
    .map(([name, prop]) => option(name, prop, required.has(name), where))
    .sort((a, b) => Number(b.required === true) - Number(a.required === true)); // Discord wants required options first
  if (options.length > OPTIONS_MAX) throw new Error(`${where}: Discord allows at most 25 options`);
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: checkedName(definition.name, `/${COMMAND_NAME}`),
    description: description(definition.summary, definition.name),
    ...(options.length > 0 ? { options } : {}),
  };
}

export function discordCommandTree(commands: readonly CommandDefinition[]): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const subcommands = commands.filter((c) => !c.hidden).map(subcommand);
  if (subcommands.length > OPTIONS_MAX) throw new Error(`/${COMMAND_NAME}: Discord allows at most 25 subcommands`);
  return {
    type: ApplicationCommandType.ChatInput,
    name: COMMAND_NAME,
    description: COMMAND_DESCRIPTION,
    options: subcommands,
    // Servers only: digests belong to a channel, and saves and upvotes to a team.
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
  };
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const scalar = (v: unknown): unknown => (v === undefined || v === null ? null : v);
const sorted = (v: unknown): unknown => (Array.isArray(v) ? [...v].sort() : null);

/** An option as Discord compares it: our fields only, with Discord's defaults filled in. */
function normalOption(o: unknown): unknown {
  if (!isObject(o)) return o;
  return {
    type: scalar(o.type),
    name: scalar(o.name),
    description: scalar(o.description),
    required: o.required === true,
    autocomplete: o.autocomplete === true,
    min_length: scalar(o.min_length),
    max_length: scalar(o.max_length),
    min_value: scalar(o.min_value),
    max_value: scalar(o.max_value),
    choices: list(o.choices).map((c) => (isObject(c) ? { name: scalar(c.name), value: scalar(c.value) } : c)),
    options: list(o.options).map(normalOption),
  };
}

function normalCommand(c: Loose): unknown {
  return {
    type: c.type ?? ApplicationCommandType.ChatInput,
    name: scalar(c.name),
    description: scalar(c.description),
    options: list(c.options).map(normalOption),
    contexts: sorted(c.contexts),
    integration_types: sorted(c.integration_types),
    // Not set by us, so anything else (set by hand in the server settings) is a difference to undo.
    default_member_permissions: scalar(c.default_member_permissions),
    nsfw: c.nsfw === true,
  };
}

/**
 * Whether what Discord has registered (one command, or the application's whole list, which
 * must then hold only this command, since registering replaces the list) is `wanted`.
 * Only the fields a command body can set are compared, with Discord's defaults for those
 * left out (`required: false`, `nsfw: false`, no choices); what Discord adds (id, version,
 * application_id, dm_permission, localizations) is ignored.
 */
export function commandTreesEqual(registered: unknown, wanted: RESTPostAPIChatInputApplicationCommandsJSONBody): boolean {
  const match: unknown = Array.isArray(registered) ? (registered.length === 1 ? registered[0] : undefined) : registered;
  if (!isObject(match)) return false;
  return JSON.stringify(normalCommand(match)) === JSON.stringify(normalCommand(wanted as unknown as Loose));
}

/** A chat-input interaction's subcommand and options as the core's structured invocation. */
export function invocationFromOptions(subcommand: string, options: ReadonlyArray<{ name: string; value?: string | number | boolean }>): CommandInvocation {
  const entries: Array<[string, string | number]> = [];
  for (const o of options) {
    if (o.value === undefined || o.value === null) continue; // a subcommand group or an empty focused option
    entries.push([o.name, typeof o.value === 'boolean' ? String(o.value) : o.value]);
  }
  return { name: subcommand, options: Object.fromEntries(entries) };
}
