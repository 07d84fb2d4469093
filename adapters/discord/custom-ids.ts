import type { CommandInvocation } from '../../src/index.js';

/**
 * A button's command, written into its custom_id so that a click hours or days later (a
 * digest's Save) still works after a restart, with no server-side state:
 *
 *   pb1|save|paper=noprop-training-neural-networks-without
 *   pb1|search|query=diffusion transformers|page=#2
 *
 * `pb1` is the format's version; then the command name and one `key=value` per option, in
 * order. A value starting with `#` is a number (strings never start with a raw `#`).
 * Only `%`, `|`, `=`, `#` and control characters are percent-encoded, so other text,
 * CJK and emoji included, costs one character each of Discord's 100.
 *
 * Decoding accepts exactly what encoding produces (it re-encodes and compares), so another
 * app's ids, garbage and edited ids all decode to undefined.
 *
 * A button on a direct message also names its server, because a click in a DM comes with
 * none (a Save there must count in the server the alert was for, and `forget me` there must
 * find it): `pb1@300000000000000001|save|paper=…`. Older decoders see another format.
 */
export const CUSTOM_ID_MAX = 100;
export const CUSTOM_ID_PREFIX = 'pb1';

const SPECIAL = /[%|=#\p{Cc}]/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function encodeText(text: string): string {
  return text.replace(SPECIAL, (c) => encodeURIComponent(c));
}

function encodeNumber(value: number): string {
  return `#${Object.is(value, -0) ? '-0' : String(value)}`;
}

/** The custom_id for `invocation`, or undefined when it cannot be one: over 100 characters, no name, a lone surrogate, a number that is not finite. */
export function encodeInvocation(invocation: CommandInvocation): string | undefined {
  const name = invocation.name;
  if (typeof name !== 'string' || name === '' || LONE_SURROGATE.test(name)) return undefined;
  const parts = [CUSTOM_ID_PREFIX, encodeText(name)];
  for (const [key, value] of Object.entries(invocation.options ?? {})) {
    if (LONE_SURROGATE.test(key)) return undefined;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return undefined;
      parts.push(`${encodeText(key)}=${encodeNumber(value)}`);
    } else if (typeof value === 'string' && !LONE_SURROGATE.test(value)) {
      parts.push(`${encodeText(key)}=${encodeText(value)}`);
    } else {
      return undefined;
    }
  }
  const id = parts.join('|');
  return id.length <= CUSTOM_ID_MAX ? id : undefined;
}

function decodeText(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The invocation a custom_id from `encodeInvocation` holds; undefined for any other string. Never throws. */
export function decodeInvocation(customId: string): CommandInvocation | undefined {
  if (typeof customId !== 'string' || customId.length > CUSTOM_ID_MAX) return undefined;
  const [prefix, rawName, ...pairs] = customId.split('|');
  if (prefix !== CUSTOM_ID_PREFIX || rawName === undefined) return undefined;
  const name = decodeText(rawName);
  if (name === undefined) return undefined;
  const entries: Array<[string, string | number]> = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 0) return undefined;
    const key = decodeText(pair.slice(0, eq));
    const raw = pair.slice(eq + 1);
    const value = raw.startsWith('#') ? Number(raw.slice(1)) : decodeText(raw);
    if (key === undefined || value === undefined) return undefined;
    entries.push([key, value]);
  }
  // Object.fromEntries makes `__proto__` an own key, never the prototype.
  const invocation: CommandInvocation = { name, options: Object.fromEntries(entries) };
  return encodeInvocation(invocation) === customId ? invocation : undefined;
}

/** Server ids are snowflakes; anything else (the console's names, 'dm') is not written into a button. */
const WORKSPACE = /^\d{1,20}$/;
const TAGGED = /^pb1@(\d{1,20})\|/;

export interface DecodedButton {
  readonly invocation: CommandInvocation;
  /** The server a button on a direct message belongs to. */
  readonly workspace?: string;
}

/** The custom_id for a button, naming `workspace` when given (buttons on direct messages); undefined when it does not fit. */
export function encodeButton(invocation: CommandInvocation, workspace?: string): string | undefined {
  const id = encodeInvocation(invocation);
  if (id === undefined || workspace === undefined || !WORKSPACE.test(workspace)) return id;
  const tagged = `${CUSTOM_ID_PREFIX}@${workspace}${id.slice(CUSTOM_ID_PREFIX.length)}`;
  return tagged.length <= CUSTOM_ID_MAX ? tagged : undefined;
}

/** The command (and server, when the button names one) of a custom_id from `encodeButton`; undefined for any other string. */
export function decodeButton(customId: string): DecodedButton | undefined {
  const workspace = typeof customId === 'string' ? TAGGED.exec(customId)?.[1] : undefined;
  if (workspace === undefined) {
    const invocation = decodeInvocation(customId);
    return invocation && { invocation };
  }
  const invocation = decodeInvocation(`${CUSTOM_ID_PREFIX}${customId.slice(CUSTOM_ID_PREFIX.length + 1 + workspace.length)}`);
  return invocation && encodeButton(invocation, workspace) === customId ? { invocation, workspace } : undefined;
}
