import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { localDateOf } from '../scheduling/zoned-time.js';

/**
 * The one XML reader for arXiv payloads: fast-xml-parser configured for hostile input.
 * arXiv never sends a DOCTYPE, so entities declared in one are never expanded (a billion
 * laughs stays a few literal `&lol9;`); only the five XML entities and character
 * references are decoded. Input is validated first because the parser itself silently
 * accepts unclosed tags, and a truncated download must read as an error, not as fewer papers.
 */

/** The largest payload read, in characters. A 2000-entry API page is about 6 MB. */
export const MAX_ARXIV_FEED_LENGTH = 20 * 1024 * 1024;

/** An element as fast-xml-parser returns it: text, or attributes (`@_name`) and children. */
export type XmlValue = unknown;

const XML_ENTITIES = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);
const ENTITY_REF = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][\w.-]{0,31}));/g;

/** XML 1.0 Char production: NUL, stray controls and surrogates are not characters. */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY_REF, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return XML_ENTITIES.get(name) ?? whole;
    const cp = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
    return isXmlChar(cp) ? String.fromCodePoint(cp) : '\ufffd';
  });
}

/** Stands in for the library's decoder so DOCTYPE entities are dropped, not expanded. */
const builtInEntitiesOnly = {
  setExternalEntities: (): void => {},
  addInputEntities: (): void => {},
  reset: (): void => {},
  setXmlVersion: (): void => {},
  decode: decodeXmlEntities,
};

// The parser throws on these names rather than risk prototype pollution; renaming keeps one odd tag from failing a feed.
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const safeName = (name: string): string => (RESERVED_NAMES.has(name) ? `_${name}` : name);

/** Elements that repeat in Atom and RSS: always arrays, so one entry reads like many. */
const REPEATED = new Set(['entry', 'item', 'author', 'category', 'link', 'creator', 'day']);

const OPTIONS: X2jOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // `arxiv:`, `dc:` and `opensearch:` are matched by local name; publishers pick their own prefixes.
  removeNSPrefix: true,
  // "2202.01615" or a title like "1984" must stay text.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  entityDecoder: builtInEntitiesOnly,
  ignoreDeclaration: true,
  ignorePiTags: true,
  transformTagName: safeName,
  transformAttributeName: safeName,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
};

const parser = new XMLParser(OPTIONS);

export type XmlDocument = { readonly ok: true; readonly rootName: string; readonly root: XmlValue } | { readonly ok: false; readonly message: string };

/** Parses a whole payload, or says in one sentence why it is not a usable XML document. */
export function readXml(xml: unknown): XmlDocument {
  if (typeof xml !== 'string') return { ok: false, message: 'the response is not text' };
  if (xml.length > MAX_ARXIV_FEED_LENGTH) {
    return { ok: false, message: `the response is ${xml.length} characters, over the ${MAX_ARXIV_FEED_LENGTH}-character limit; it was not parsed` };
  }
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  if (text.trim() === '') return { ok: false, message: 'the response is empty' };
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { ok: false, message: describeInvalid(valid.err) };
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (error) {
    return { ok: false, message: `unreadable XML: ${error instanceof Error ? error.message : String(error)}` };
  }
  const rootName = isElement(doc) ? Object.keys(doc).find((key) => !key.startsWith('#') && !key.startsWith('?')) : undefined;
  if (rootName === undefined || !isElement(doc)) return { ok: false, message: 'the response has no root element' };
  return { ok: true, rootName, root: doc[rootName] };
}

const TRUNCATED = ' (a truncated or corrupted download?)';

function describeInvalid({ msg, line, col }: { msg: string; line: number; col?: number }): string {
  // Several tags left open at the end: the validator lists them as a JSON array at "line 1".
  const open = /^Invalid '(\[.*\])' found\.$/s.exec(msg)?.[1];
  if (open !== undefined) {
    let names: unknown;
    try {
      names = JSON.parse(open);
    } catch {
      names = [];
    }
    const list = Array.isArray(names)
      ? names
          .slice(0, 6)
          .map((n) => `<${String(n)}>`)
          .join(', ')
      : '';
    return `malformed XML: the document ends with ${list || 'tags'} still open${TRUNCATED}`;
  }
  const where = col === undefined ? `line ${line}` : `line ${line}, column ${col}`;
  return `malformed XML at ${where}: ${msg}${/^Unclosed tag|closing tag/.test(msg) ? TRUNCATED : ''}`;
}

function isElement(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every child element called `name` (local name), whatever the parser's shape. */
export function childrenNamed(node: XmlValue, name: string): XmlValue[] {
  if (!isElement(node) || !Object.hasOwn(node, name)) return [];
  const value = node[name];
  return Array.isArray(value) ? value : [value];
}

export function child(node: XmlValue, name: string): XmlValue {
  return childrenNamed(node, name)[0];
}

/**
 * All text inside an element. Atom and RSS text is flat; markup that arrives as real
 * elements (never from arXiv) is flattened to its words, in the parser's order.
 */
export function textOf(node: XmlValue, depth = 0): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (depth > 20) return '';
  if (Array.isArray(node)) return node.map((n) => textOf(n, depth + 1)).join(' ');
  if (!isElement(node)) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (!key.startsWith('@_')) parts.push(textOf(value, depth + 1));
  }
  return parts.filter((p) => p !== '').join(' ');
}

/** Text of the first child called `name`, or '' when there is none. */
export function childText(node: XmlValue, name: string): string {
  return textOf(child(node, name));
}

export function attr(node: XmlValue, name: string): string | undefined {
  if (!isElement(node)) return undefined;
  const value = node[`@_${name}`];
  return typeof value === 'string' ? value.trim() : undefined;
}

// Date.parse accepts nonsense ("Error 42" is 2042) and rolls 30 February over to March, so
// only ISO 8601 and RFC 822 shapes are tried, and the written day must exist.
const ISO_DAY = /^\s*(\d{4})-(\d{2})-(\d{2})(?=$|[T\s])/;
const RFC_822_DAY = /^\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The day as written, `YYYY-MM-DD`, when it is a real calendar day. */
function writtenDay(text: string): string | undefined {
  const iso = ISO_DAY.exec(text);
  const rfc = iso ? undefined : RFC_822_DAY.exec(text);
  const year = Number(iso?.[1] ?? rfc?.[3]);
  const month = iso ? Number(iso[2]) : MONTHS.indexOf(rfc?.[2]?.toLowerCase() ?? '') + 1;
  const day = Number(iso?.[3] ?? rfc?.[1]);
  if (!(year >= 1000 && month >= 1 && day >= 1)) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** The calendar day in America/New_York (arXiv's day boundary) of an ISO or RFC 822 timestamp. */
export function arxivDay(text: string): string | undefined {
  const written = writtenDay(text);
  if (written === undefined) return undefined;
  // A bare date is already a day; parsing it would make it UTC midnight, the evening before in New York.
  if (/^\s*\d{4}-\d{2}-\d{2}\s*$/.test(text)) return written;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return undefined;
  const day = localDateOf(new Date(ms), 'America/New_York');
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined;
}
