import { FormErrors, isObject, json, noContent, apiError, snowflake, type Json, type Reply } from './discord-wire.js';

/**
 * Application commands, global and per guild, validated as Discord does (docs: interactions/application-commands).
 * A PUT replaces the whole list; commands keep their id when a command of the same name existed before.
 */

const CHAT_INPUT = 1;
const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const MAX_COMMANDS = 100;
const MAX_OPTIONS = 25;
const MAX_COMMAND_CHARS = 8000;

type Path = Array<string | number>;
const count = (value: unknown): number => (typeof value === 'string' ? [...value].length : 0);

function checkName(name: unknown, errors: FormErrors, path: Path, chatInput: boolean): void {
  if (typeof name !== 'string') return errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
  if (!chatInput) return errors.length(name, 1, 32, path);
  if (!NAME.test(name) || name !== name.toLowerCase()) errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
}

function uniqueNames(items: unknown[], errors: FormErrors, path: Path): void {
  const names = items.map((item) => (isObject(item) ? item.name : undefined));
  if (new Set(names).size !== names.length) errors.add(path, 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
}

/** Checks one level of options and returns the characters it counts towards the 8000 limit. */
function checkOptions(options: unknown, errors: FormErrors, path: Path, depth: number): number {
  if (options === undefined || options === null) return 0;
  if (!Array.isArray(options)) {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'Must be an array');
    return 0;
  }
  errors.maxItems(options, MAX_OPTIONS, path);
  uniqueNames(options, errors, path);
  const kinds = new Set(options.map((o) => (isObject(o) && (o.type === SUB_COMMAND || o.type === SUB_COMMAND_GROUP) ? 'sub' : 'value')));
  if (kinds.size > 1) errors.add(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Subcommands cannot be mixed with other options');
  let seenOptional = false;
  let total = 0;
  options.forEach((option: unknown, i) => {
    const at = [...path, i];
    const o = isObject(option) ? option : {};
    checkName(o.name, errors, [...at, 'name'], true);
    errors.length(o.description, 1, 100, [...at, 'description']);
    total += count(o.name) + count(o.description);
    if (typeof o.type !== 'number' || o.type < 1 || o.type > 11) errors.add([...at, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of 1..11.');
    if (o.type === SUB_COMMAND_GROUP) {
      if (depth > 0) errors.add([...at, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Subcommand groups cannot be nested');
      const children: unknown[] = Array.isArray(o.options) ? o.options : [];
      if (children.some((c) => !isObject(c) || c.type !== SUB_COMMAND)) {
        errors.add([...at, 'options'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'A group may only hold subcommands');
      }
      total += checkOptions(o.options, errors, [...at, 'options'], depth + 1);
      return;
    }
    if (o.type === SUB_COMMAND) {
      total += checkOptions(o.options, errors, [...at, 'options'], depth + 1);
      return;
    }
    if (o.options !== undefined) errors.add([...at, 'options'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Only subcommands and groups have options');
    if (o.required === true && seenOptional) {
      errors.add(at, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    }
    if (o.required !== true) seenOptional = true;
    if (Array.isArray(o.choices)) {
      errors.maxItems(o.choices, MAX_OPTIONS, [...at, 'choices']);
      if (o.autocomplete === true) errors.add([...at, 'autocomplete'], 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID', 'Autocomplete cannot be used with choices');
      o.choices.forEach((choice: unknown, c) => {
        const ch = isObject(choice) ? choice : {};
        errors.length(ch.name, 1, 100, [...at, 'choices', c, 'name']);
        if (typeof ch.value === 'string') errors.length(ch.value, 1, 100, [...at, 'choices', c, 'value']);
        total += count(ch.name) + count(ch.value);
      });
    }
  });
  return total;
}

export function checkCommand(command: unknown, errors: FormErrors, path: Path): void {
  if (!isObject(command)) return errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
  const chatInput = (command.type ?? CHAT_INPUT) === CHAT_INPUT;
  checkName(command.name, errors, [...path, 'name'], chatInput);
  // User and message commands have no description; chat input commands need 1–100 characters.
  if (chatInput) errors.length(command.description, 1, 100, [...path, 'description']);
  else if (command.description !== undefined && command.description !== '') errors.add([...path, 'description'], 'BASE_TYPE_MAX_LENGTH', 'Must be 0 or fewer in length.');
  const total = count(command.name) + count(command.description) + checkOptions(command.options, errors, [...path, 'options'], 0);
  if (total > MAX_COMMAND_CHARS) errors.add(path, 'APPLICATION_COMMAND_TOO_LARGE', `Command exceeds maximum size (${MAX_COMMAND_CHARS})`);
}

export class CommandRegistry {
  /** PUT/POST/PATCH/DELETE calls that reached the store (rejected ones included: they still cost a request). */
  writes = 0;
  private readonly lists = new Map<string, Json[]>();

  constructor(private readonly applicationId: string) {}

  /** Stored commands, global (no guildId) or for one guild. */
  list(guildId?: string): Json[] {
    return this.lists.get(guildId ?? '') ?? [];
  }

  get(guildId: string | undefined, commandId: string): Reply {
    const found = this.list(guildId).find((c) => c.id === commandId);
    return found ? json(found) : apiError(404, 10063, 'Unknown application command');
  }

  put(guildId: string | undefined, body: unknown): Reply {
    this.writes += 1;
    const errors = new FormErrors();
    if (!Array.isArray(body)) errors.add([], 'BASE_TYPE_REQUIRED', 'Must be an array');
    const commands: unknown[] = Array.isArray(body) ? body : [];
    if (commands.length > MAX_COMMANDS) errors.add([], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_COMMANDS} or fewer in length.`);
    for (const [i, command] of commands.entries()) checkCommand(command, errors, [i]);
    uniqueNames(commands, errors, []);
    const rejected = errors.reply();
    if (rejected) return rejected;
    const previous = this.list(guildId);
    const idOf = (name: unknown): string | undefined => previous.find((p) => p.name === name)?.id as string | undefined;
    const stored = commands.map((c) => this.stored(c as Json, guildId, idOf((c as Json).name)));
    this.lists.set(guildId ?? '', stored);
    return json(stored);
  }

  /** POST: create, or overwrite the command with the same name (Discord's upsert). */
  create(guildId: string | undefined, body: unknown): Reply {
    this.writes += 1;
    const errors = new FormErrors();
    checkCommand(body, errors, []);
    const rejected = errors.reply();
    if (rejected) return rejected;
    const list = this.list(guildId);
    const existing = list.find((c) => c.name === (body as Json).name);
    const command = this.stored(body as Json, guildId, existing?.id as string | undefined);
    this.lists.set(guildId ?? '', [...list.filter((c) => c !== existing), command]);
    return json(command, existing ? 200 : 201);
  }

  edit(guildId: string | undefined, commandId: string, body: unknown): Reply {
    this.writes += 1;
    const list = this.list(guildId);
    const existing = list.find((c) => c.id === commandId);
    if (!existing) return apiError(404, 10063, 'Unknown application command');
    const merged = { ...existing, ...(isObject(body) ? body : {}) };
    const errors = new FormErrors();
    checkCommand(merged, errors, []);
    const rejected = errors.reply();
    if (rejected) return rejected;
    const command = this.stored(merged, guildId, commandId);
    this.lists.set(
      guildId ?? '',
      list.map((c) => (c === existing ? command : c)),
    );
    return json(command);
  }

  remove(guildId: string | undefined, commandId: string): Reply {
    this.writes += 1;
    const list = this.list(guildId);
    if (!list.some((c) => c.id === commandId)) return apiError(404, 10063, 'Unknown application command');
    this.lists.set(
      guildId ?? '',
      list.filter((c) => c.id !== commandId),
    );
    return noContent();
  }

  private stored(command: Json, guildId: string | undefined, id: string | undefined): Json {
    return {
      type: CHAT_INPUT,
      default_member_permissions: null,
      nsfw: false,
      ...command,
      id: id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      ...(guildId !== undefined && { guild_id: guildId }),
    };
  }
}
