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
