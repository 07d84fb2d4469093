import { type FormErrors, isObject, type Json } from './discord-wire.js';

/**
 * Message limits Discord enforces server-side (discord.com/developers/docs/resources/message, …/components).
 * discord.js builders check some of them, raw JSON none, and nothing checks the 6000-character embed total, so
 * the fake must. Lengths count code points, as Discord's Python-side validation does.
 */

export const MESSAGE_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowButtons: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  choices: 25,
  choiceText: 100,
} as const;

/** `flags` bit that switches a message to Components V2 (no content or embeds; layout components instead). */
const IS_COMPONENTS_V2 = 1 << 15;
const LINK_STYLE = 5;
const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

type Path = ReadonlyArray<string | number>;
const chars = (value: unknown): number => (typeof value === 'string' ? [...value].length : 0);

function url(errors: FormErrors, value: unknown, path: Path, allowAttachment: boolean): void {
  if (value === undefined || value === null) return;
  const ok = typeof value === 'string' && (/^https?:\/\/[^\s/]+/i.test(value) || (allowAttachment && value.startsWith('attachment://')));
  if (!ok) errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
}

/** Checks one embed and returns the characters it counts towards the 6000 total. */
function embed(errors: FormErrors, value: unknown, path: Path): number {
  if (!isObject(value)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return 0;
  }
  errors.maxLength(value.title, MESSAGE_LIMITS.embedTitle, [...path, 'title']);
  errors.maxLength(value.description, MESSAGE_LIMITS.embedDescription, [...path, 'description']);
  url(errors, value.url, [...path, 'url'], false);
  let total = chars(value.title) + chars(value.description);
  const { footer, author, image, thumbnail, fields } = value;
  if (isObject(footer)) {
    errors.maxLength(footer.text, MESSAGE_LIMITS.footerText, [...path, 'footer', 'text']);
    url(errors, footer.icon_url, [...path, 'footer', 'icon_url'], true);
    total += chars(footer.text);
  }
  if (isObject(author)) {
    errors.maxLength(author.name, MESSAGE_LIMITS.authorName, [...path, 'author', 'name']);
    url(errors, author.url, [...path, 'author', 'url'], false);
    url(errors, author.icon_url, [...path, 'author', 'icon_url'], true);
    total += chars(author.name);
  }
  if (isObject(image)) url(errors, image.url, [...path, 'image', 'url'], true);
  if (isObject(thumbnail)) url(errors, thumbnail.url, [...path, 'thumbnail', 'url'], true);
  if (Array.isArray(fields)) {
    errors.maxItems(fields, MESSAGE_LIMITS.embedFields, [...path, 'fields']);
    fields.forEach((field: unknown, i) => {
      const at = [...path, 'fields', i];
      const f = isObject(field) ? field : {};
      errors.length(f.name, 1, MESSAGE_LIMITS.fieldName, [...at, 'name']);
      errors.length(f.value, 1, MESSAGE_LIMITS.fieldValue, [...at, 'value']);
      total += chars(f.name) + chars(f.value);
    });
  }
  return total;
}

function button(errors: FormErrors, value: Json, path: Path, customIds: Set<string>): void {
  errors.maxLength(value.label, MESSAGE_LIMITS.buttonLabel, [...path, 'label']);
  if (value.label === undefined && value.emoji === undefined) errors.add(path, 'BUTTON_COMPONENT_MISSING_LABEL', 'A label or an emoji is required');
  if (value.style === LINK_STYLE) {
    if (value.custom_id !== undefined) errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A link button cannot have a custom id');
    if (value.url === undefined) errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_REQUIRED', 'A link button needs a url');
    url(errors, value.url, [...path, 'url'], false);
    return;
  }
  if (value.url !== undefined) errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'Only link buttons can have a url');
  customId(errors, value.custom_id, [...path, 'custom_id'], customIds);
}

function customId(errors: FormErrors, value: unknown, path: Path, seen: Set<string>): void {
  errors.length(value, 1, MESSAGE_LIMITS.customId, path);
  if (typeof value !== 'string') return;
  if (seen.has(value)) errors.add(path, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  seen.add(value);
}

/** Classic components: up to 5 action rows, each 1–5 buttons or exactly one select menu. */
function components(errors: FormErrors, value: unknown, path: Path): void {
  if (!Array.isArray(value)) return;
  errors.maxItems(value, MESSAGE_LIMITS.actionRows, path);
  const customIds = new Set<string>();
  value.forEach((row: unknown, r) => {
    const rowPath = [...path, r];
    if (!isObject(row) || row.type !== 1 || !Array.isArray(row.components)) {
      errors.add(rowPath, 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'Top-level components must be action rows with a components array');
      return;
    }
    const children = row.components as unknown[];
    if (children.length === 0) errors.add([...rowPath, 'components'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
    errors.maxItems(children, MESSAGE_LIMITS.rowButtons, [...rowPath, 'components']);
    children.forEach((child, c) => {
      const at = [...rowPath, 'components', c];
      if (!isObject(child)) {
        errors.add(at, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
        return;
      }
      if (child.type === 2) {
        button(errors, child, at, customIds);
        return;
      }
      if (SELECT_TYPES.has(child.type as number)) {
        if (children.length > 1) errors.add(at, 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'A select menu must be alone in its row');
        customId(errors, child.custom_id, [...at, 'custom_id'], customIds);
        errors.maxItems(child.options, MESSAGE_LIMITS.selectOptions, [...at, 'options']);
        return;
      }
      errors.add([...at, 'type'], 'COMPONENT_TYPE_INVALID', `Component type ${String(child.type)} is not allowed in an action row`);
    });
  });
}

export const isEmptyMessage = (body: Json, files = 0): boolean =>
  !(typeof body.content === 'string' && body.content.length > 0) &&
  !(Array.isArray(body.embeds) && body.embeds.length > 0) &&
  !(Array.isArray(body.components) && body.components.length > 0) &&
  !(Array.isArray(body.attachments) && body.attachments.length > 0) &&
  !(Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0) &&
  body.poll === undefined &&
  files === 0;

/**
 * Adds every limit `body` breaks to `errors`, under `prefix` (e.g. `['data']` for an interaction callback).
 * Emptiness is the caller's call: edits and updates may legitimately send only some fields.
 */
export function checkMessageLimits(body: Json, errors: FormErrors, prefix: Path = []): void {
  errors.maxLength(body.content, MESSAGE_LIMITS.content, [...prefix, 'content']);
  const v2 = typeof body.flags === 'number' && (body.flags & IS_COMPONENTS_V2) !== 0;
  if (v2 && ((typeof body.content === 'string' && body.content !== '') || (Array.isArray(body.embeds) && body.embeds.length > 0))) {
    errors.add([...prefix, 'content'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The content and embeds fields cannot be used with IS_COMPONENTS_V2');
  }
  if (Array.isArray(body.embeds)) {
    errors.maxItems(body.embeds, MESSAGE_LIMITS.embeds, [...prefix, 'embeds']);
    const total = body.embeds.reduce((sum: number, e: unknown, i) => sum + embed(errors, e, [...prefix, 'embeds', i]), 0);
    if (total > MESSAGE_LIMITS.embedTotal) {
      errors.add([...prefix, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${MESSAGE_LIMITS.embedTotal}`);
    }
  }
  // Components V2 layouts (containers, text displays, …) are not modelled; classic rows are.
  if (!v2) components(errors, body.components, [...prefix, 'components']);
}

/** Autocomplete results (callback type 8): ≤ 25 choices, each name 1–100 characters, string values ≤ 100. */
export function checkChoices(data: unknown, errors: FormErrors): void {
  const choices = isObject(data) ? data.choices : undefined;
  if (!Array.isArray(choices)) return errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
  errors.maxItems(choices, MESSAGE_LIMITS.choices, ['data', 'choices']);
  choices.forEach((choice: unknown, i) => {
    const c = isObject(choice) ? choice : {};
    errors.length(c.name, 1, MESSAGE_LIMITS.choiceText, ['data', 'choices', i, 'name']);
    if (typeof c.value === 'string') errors.maxLength(c.value, MESSAGE_LIMITS.choiceText, ['data', 'choices', i, 'value']);
    else if (typeof c.value !== 'number') errors.add(['data', 'choices', i, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
  });
}

/** Modals (callback type 9): custom_id 1–100, title 1–45, 1–5 rows. */
export function checkModal(data: unknown, errors: FormErrors): void {
  const d = isObject(data) ? data : {};
  errors.length(d.custom_id, 1, MESSAGE_LIMITS.customId, ['data', 'custom_id']);
  errors.length(d.title, 1, 45, ['data', 'title']);
  if (!Array.isArray(d.components) || d.components.length === 0) errors.add(['data', 'components'], 'BASE_TYPE_REQUIRED', 'This field is required');
  else errors.maxItems(d.components, 5, ['data', 'components']);
}
