/**
 * Block Kit and message limits, checked server-side as Slack does: the SDK checks nothing client-side, so a renderer
 * bug only shows up as `ok:false` from the real API. Figures: docs.slack.dev/reference/block-kit/blocks and
 * @slack/types; the total-size cap (`msg_blocks_too_long`) is unpublished, ~13k characters is an approximation.
 */

export const BLOCK_LIMITS = {
  blocksPerMessage: 50,
  textObject: 3000,
  sectionFields: 10,
  sectionField: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  id: 255,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  imageUrl: 3000,
  altText: 2000,
  messageText: 40_000,
  totalBlockText: 13_000,
} as const;

export type LimitError = 'invalid_blocks' | 'invalid_blocks_format' | 'msg_too_long' | 'msg_blocks_too_long';

export interface Rejection {
  error: LimitError;
  /** Slack-style `[ERROR] … [json-pointer:/blocks/3/text/text]` lines, as in `response_metadata.messages`. */
  messages: string[];
}

const KNOWN_BLOCKS = new Set(['actions', 'context', 'divider', 'file', 'header', 'image', 'input', 'markdown', 'rich_text', 'section', 'table', 'video']);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const escapePointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

class Checker {
  readonly messages: string[] = [];
  textChars = 0;

  fail(problem: string, pointer: string): void {
    this.messages.push(`[ERROR] ${problem} [json-pointer:${pointer}]`);
  }

  max(value: unknown, limit: number, pointer: string): void {
    if (typeof value === 'string' && value.length > limit) this.fail(`must be less than ${limit + 1} characters`, pointer);
  }

  /** A text object: `{type: plain_text|mrkdwn, text}` with 1..max characters. */
  text(value: unknown, pointer: string, max: number = BLOCK_LIMITS.textObject, plainOnly = false): void {
    if (!isObject(value) || typeof value.text !== 'string') return this.fail('must provide an object', pointer);
    if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn')) {
      return this.fail('failed to match all allowed schemas', `${pointer}/type`);
    }
    this.textChars += value.text.length;
    if (value.text.length === 0) this.fail('must be more than 0 characters', `${pointer}/text`);
    this.max(value.text, max, `${pointer}/text`);
  }

  element(value: unknown, pointer: string): void {
    if (!isObject(value)) return this.fail('must provide an object', pointer);
    this.max(value.action_id, BLOCK_LIMITS.id, `${pointer}/action_id`);
    if (value.type === 'button') {
      this.text(value.text, `${pointer}/text`, BLOCK_LIMITS.buttonText, true);
      this.max(value.value, BLOCK_LIMITS.buttonValue, `${pointer}/value`);
      this.max(value.url, BLOCK_LIMITS.buttonUrl, `${pointer}/url`);
    } else if (value.type === 'image') {
      this.max(value.image_url, BLOCK_LIMITS.imageUrl, `${pointer}/image_url`);
      this.max(value.alt_text, BLOCK_LIMITS.altText, `${pointer}/alt_text`);
    }
  }

  list(value: unknown, max: number, pointer: string, each: (item: unknown, pointer: string) => void): void {
    if (!Array.isArray(value) || value.length === 0) return this.fail('must provide an array with at least one item', pointer);
    if (value.length > max) this.fail(`no more than ${max} items allowed`, pointer);
    for (const [i, item] of value.entries()) each(item, `${pointer}/${i}`);
  }

  block(block: unknown, pointer: string): void {
    if (!isObject(block) || typeof block.type !== 'string' || !KNOWN_BLOCKS.has(block.type)) {
      return this.fail('failed to match all allowed schemas', pointer);
    }
    this.max(block.block_id, BLOCK_LIMITS.id, `${pointer}/block_id`);
    switch (block.type) {
      case 'section':
        if (block.text === undefined && block.fields === undefined) this.fail('must provide either text or fields', pointer);
        if (block.text !== undefined) this.text(block.text, `${pointer}/text`);
        if (block.fields !== undefined) {
          this.list(block.fields, BLOCK_LIMITS.sectionFields, `${pointer}/fields`, (f, p) => this.text(f, p, BLOCK_LIMITS.sectionField));
        }
        if (block.accessory !== undefined) this.element(block.accessory, `${pointer}/accessory`);
        break;
      case 'header':
        this.text(block.text, `${pointer}/text`, BLOCK_LIMITS.headerText, true);
        break;
      case 'context':
        this.list(block.elements, BLOCK_LIMITS.contextElements, `${pointer}/elements`, (e, p) => (isObject(e) && e.type === 'image' ? this.element(e, p) : this.text(e, p)));
        break;
      case 'actions':
        this.list(block.elements, BLOCK_LIMITS.actionsElements, `${pointer}/elements`, (e, p) => this.element(e, p));
        break;
      case 'image':
        this.max(block.image_url, BLOCK_LIMITS.imageUrl, `${pointer}/image_url`);
        if (typeof block.alt_text !== 'string') this.fail('must provide a string', `${pointer}/alt_text`);
        this.max(block.alt_text, BLOCK_LIMITS.altText, `${pointer}/alt_text`);
        break;
      case 'markdown':
        if (typeof block.text === 'string') this.textChars += block.text.length;
        break;
    }
  }

  blocks(blocks: unknown, pointer: string): void {
    if (!Array.isArray(blocks)) return this.fail('must provide an array', pointer);
    if (blocks.length > BLOCK_LIMITS.blocksPerMessage) this.fail(`no more than ${BLOCK_LIMITS.blocksPerMessage} items allowed`, pointer);
    for (const [i, block] of blocks.entries()) this.block(block, `${pointer}/${i}`);
  }
}

/**
 * Checks the args of chat.postMessage / postEphemeral / update / unfurl, or a response_url body, and returns the
 * `ok:false` Slack would answer, or undefined when the message is acceptable.
 */
export function checkMessage(args: Json, maxBlockText: number = BLOCK_LIMITS.totalBlockText): Rejection | undefined {
  if (typeof args.text === 'string' && args.text.length > BLOCK_LIMITS.messageText) {
    return { error: 'msg_too_long', messages: [`[ERROR] text is ${args.text.length} characters, the limit is ${BLOCK_LIMITS.messageText}`] };
  }
  // A field that was sent but did not decode as JSON reaches us as a raw string.
  for (const key of ['blocks', 'attachments', 'unfurls'] as const) {
    if (typeof args[key] === 'string') return { error: 'invalid_blocks_format', messages: [`[ERROR] ${key} is not valid JSON`] };
  }
  const checker = new Checker();
  if (args.blocks !== undefined) checker.blocks(args.blocks, '/blocks');
  if (Array.isArray(args.attachments)) {
    for (const [i, a] of args.attachments.entries()) if (isObject(a) && a.blocks !== undefined) checker.blocks(a.blocks, `/attachments/${i}/blocks`);
  }
  if (isObject(args.unfurls)) {
    for (const [url, unfurl] of Object.entries(args.unfurls)) {
      if (isObject(unfurl) && unfurl.blocks !== undefined) checker.blocks(unfurl.blocks, `/unfurls/${escapePointer(url)}/blocks`);
    }
  }
  if (checker.messages.length > 0) return { error: 'invalid_blocks', messages: checker.messages };
  if (checker.textChars > maxBlockText) {
    return { error: 'msg_blocks_too_long', messages: [`[ERROR] blocks hold ${checker.textChars} characters of text, above ${maxBlockText}`] };
  }
  return undefined;
}

/** Mention syntax that notifies people: broadcasts, user mentions and user groups. `&lt;!channel&gt;` is inert. */
const MENTION = /<(?:!channel|!here|!everyone|!subteam\^[^>]*|@[^>]*)>/g;
/** With `link_names`/`parse: full`, Slack also turns bare `@channel` etc. into pings. */
const BARE_BROADCAST = /(?:^|[^\w&;])@(?:channel|here|everyone)\b/g;
const TEXT_KEYS = new Set(['text', 'pretext', 'fallback', 'title', 'footer', 'author_name']);

/**
 * Every place in a message that could ping someone, as `<where>: <token>`. Walks `text`, blocks, attachments and
 * unfurls; skips `plain_text` objects (Slack parses mention markup only in mrkdwn) and reports rich_text
 * `broadcast`/`user`/`usergroup` elements, which ping without any markup.
 */
export function findMentions(where: string, args: Json): string[] {
  const found: string[] = [];
  const bareToo = args.link_names === true || args.link_names === 'true' || args.link_names === '1' || args.parse === 'full';
  const scan = (text: string, pointer: string): void => {
    for (const m of text.matchAll(MENTION)) found.push(`${where}${pointer}: ${m[0]}`);
    if (bareToo) for (const m of text.matchAll(BARE_BROADCAST)) found.push(`${where}${pointer}: ${m[0].trim()}`);
  };
  const walk = (value: unknown, pointer: string): void => {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, `${pointer}/${i}`);
      return;
    }
    if (!isObject(value) || value.type === 'plain_text') return;
    if (value.type === 'broadcast') found.push(`${where}${pointer}: <!${String(value.range)}>`);
    if (value.type === 'user' && typeof value.user_id === 'string') found.push(`${where}${pointer}: <@${value.user_id}>`);
    if (value.type === 'usergroup') found.push(`${where}${pointer}: <!subteam^${String(value.usergroup_id)}>`);
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === 'string' && TEXT_KEYS.has(key)) scan(child, `${pointer}/${key}`);
      else if (typeof child === 'object') walk(child, `${pointer}/${escapePointer(key)}`);
    }
  };
  if (typeof args.text === 'string') scan(args.text, '/text');
  for (const key of ['blocks', 'attachments', 'unfurls'] as const) walk(args[key], `/${key}`);
  return found;
}
