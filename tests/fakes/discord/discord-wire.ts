import type { IncomingMessage, ServerResponse } from 'node:http';

/** How Discord's REST API speaks on the wire: JSON errors with numeric codes, `errors` trees, snowflake ids. */

export type Json = Record<string, unknown>;
export interface Reply {
  status: number;
  /** Omitted for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const json = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });
export const apiError = (status: number, code: number, message: string, errors?: Json): Reply => ({
  status,
  body: { message, code, ...(errors !== undefined && { errors }) },
});

export const UNAUTHORIZED = (): Reply => apiError(401, 0, '401: Unauthorized');
export const NOT_FOUND = (): Reply => apiError(404, 0, '404: Not Found');
export const UNKNOWN_CHANNEL = (): Reply => apiError(404, 10003, 'Unknown Channel');
export const UNKNOWN_MESSAGE = (): Reply => apiError(404, 10008, 'Unknown Message');
export const UNKNOWN_WEBHOOK = (): Reply => apiError(404, 10015, 'Unknown Webhook');
export const UNKNOWN_INTERACTION = (): Reply => apiError(404, 10062, 'Unknown interaction');
export const EMPTY_MESSAGE = (): Reply => apiError(400, 50006, 'Cannot send an empty message');
export const ALREADY_ACKNOWLEDGED = (): Reply => apiError(400, 40060, 'Interaction has already been acknowledged.');

/**
 * Discord's `errors` tree for 400 50035: nested by the field path, each leaf `{_errors: [{code, message}]}`.
 * discord.js flattens it into the DiscordAPIError message, e.g. `embeds[0].description[BASE_TYPE_MAX_LENGTH]: …`.
 */
export class FormErrors {
  private readonly root: Json = {};
  count = 0;

  add(path: ReadonlyArray<string | number>, code: string, message: string): void {
    let node = this.root;
    for (const key of path) {
      const next = node[String(key)];
      node = isObject(next) ? next : ((node[String(key)] = {}) as Json);
    }
    const list = (node._errors ??= []) as Json[];
    list.push({ code, message });
    this.count += 1;
  }

  maxLength(value: unknown, max: number, path: ReadonlyArray<string | number>): void {
    if (typeof value === 'string' && [...value].length > max) this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }

  /** A required string of min..max characters. */
  length(value: unknown, min: number, max: number, path: ReadonlyArray<string | number>): void {
    if (typeof value !== 'string') return this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    const n = [...value].length;
    if (n < min || n > max) this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  }

  maxItems(value: unknown, max: number, path: ReadonlyArray<string | number>): void {
    if (Array.isArray(value) && value.length > max) this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }

  get empty(): boolean {
    return this.count === 0;
  }

  /** 400 Invalid Form Body, or undefined when nothing was added. */
  reply(): Reply | undefined {
    return this.empty ? undefined : apiError(400, 50035, 'Invalid Form Body', this.root);
  }
}

/** Discord epoch (2015-01-01). Ids carry their creation time, which discord.js reads (`createdTimestamp`). */
const DISCORD_EPOCH = 1_420_070_400_000n;
let lastSnowflake = 0n;

/** A fresh snowflake, strictly increasing across the process. */
export function snowflake(): string {
  const candidate = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
  lastSnowflake = candidate > lastSnowflake ? candidate : lastSnowflake + 1n;
  return lastSnowflake.toString();
}

export interface UploadedFile {
  field: string;
  filename: string;
  size: number;
  /** The bytes as sent, for tests that read an attachment back. */
  content: Buffer;
}

export interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
}

/** JSON bodies, or the multipart form discord.js sends with files (`payload_json` plus `files[n]` parts). */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { body: undefined, files: [] };
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  if (contentType?.startsWith('multipart/form-data') && boundary) return parseMultipart(raw.toString('latin1'), boundary[1] ?? boundary[2] ?? '');
  return { body: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
}

function parseMultipart(text: string, boundary: string): ParsedBody {
  let body: unknown;
  const files: UploadedFile[] = [];
  for (const part of text.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const content = part.slice(split + 4).replace(/\r\n$/, '');
    const field = /name="([^"]*)"/.exec(head)?.[1] ?? '';
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    if (filename !== undefined) files.push({ field, filename, size: content.length, content: Buffer.from(content, 'latin1') });
    else if (field === 'payload_json') body = JSON.parse(Buffer.from(content, 'latin1').toString('utf8')) as unknown;
  }
  return { body, files };
}

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** discord.js only parses bodies labelled application/json; anything else reaches it as an ArrayBuffer. */
export function writeReply(res: ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status, reply.headers);
    res.end();
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

/** Discord's attachment limits for a bot: at most 10 files a message, 10 MiB each (without server boosts). */
export function attachmentRefusal(files: readonly UploadedFile[]): Reply | undefined {
  if (files.length > 10) return apiError(400, 50035, 'Invalid Form Body', { files: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' }] } });
  if (files.some((f) => f.size > 10 * 1024 * 1024)) return apiError(413, 40005, 'Request entity too large');
  return undefined;
}

/** Segment by segment, so `%40original` reads `@original` and a stray `%` cannot throw. */
export function decodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}
