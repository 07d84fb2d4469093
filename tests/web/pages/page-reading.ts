import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStorage } from '../../../adapters/storage/sqlite-storage.js';
import { expect } from 'vitest';
import { createPaperboy, PaperCollection, type Paper, type Paperboy, type PageContext, type Storage, type WebPageDeps } from '../../../src/index.js';

/**
 * Reading a rendered page the way a reader (or an attacker) would: its tags and their
 * attributes, and its visible text. The renderer quotes every attribute value and escapes
 * every `<` in text, so a literal `<` always starts a real tag: a tag scan is exact here.
 */
export interface Tag {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
}

const TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s=>/"]+(?:="[^"]*")?)*)\s*\/?>/g;
const ATTR = /\s+([^\s=>/"]+)(?:="([^"]*)")?/g;

export function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

export function tagsOf(html: string): Tag[] {
  return [...html.matchAll(TAG)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: new Map([...m[2]!.matchAll(ATTR)].map((a) => [a[1]!.toLowerCase(), decode(a[2] ?? '')] as const)),
  }));
}

/** The tags that pass `test`, in page order. */
export function tagsWith(html: string, test: (tag: Tag) => boolean): Tag[] {
  return tagsOf(html).filter(test);
}

export const hasClass = (name: string) => (tag: Tag) => (tag.attrs.get('class') ?? '').split(/\s+/).includes(name);

/** Tags that sit inside a line of text: removed without a space. */
const INLINE_TAG = /<\/?(?:a|mark|bdi|code|strong|time|span)(?:\s[^>]*)?>/g;

/** The page's visible text, tags removed and entities decoded, whitespace collapsed. */
export function textOf(html: string): string {
  const body = html.replace(/<head>[\s\S]*?<\/head>/, '');
  return decode(body.replace(INLINE_TAG, '').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The inner source of the first element opened by `open` (e.g. '<main'), up to its matching close. */
export function sectionOf(html: string, open: string, close: string): string {
  const start = html.indexOf(open);
  expect(start, `${open} is on the page`).toBeGreaterThanOrEqual(0);
  const end = html.indexOf(close, start);
  return html.slice(start, end < 0 ? undefined : end + close.length);
}

const FORBIDDEN_TAGS = ['script', 'style', 'iframe', 'img', 'object', 'embed', 'base', 'frame'];
const SAFE_HREF = /^(?:https?:\/\/|\/(?!\/)|#|\?)/;

/**
 * What every page must hold to under the strict CSP and with hostile data: no script
 * element, no inline style or event handler, no image or frame an attacker could smuggle,
 * and every link and form target either ours or a real http(s) URL.
 */
export function expectSafePage(html: string): void {
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html.toLowerCase()).not.toContain('<script');
  for (const tag of tagsOf(html)) {
    expect(FORBIDDEN_TAGS, `no <${tag.name}> on the page`).not.toContain(tag.name);
    expect(tag.attrs.has('http-equiv'), 'no http-equiv meta').toBe(false);
    for (const [name, value] of tag.attrs) {
      expect(name, `<${tag.name}> has no event handler`).not.toMatch(/^on/);
      expect(name, `<${tag.name}> has no inline style`).not.toBe('style');
      if (name === 'href' || name === 'action' || name === 'src' || name === 'formaction') expect(value, `<${tag.name} ${name}>`).toMatch(SAFE_HREF);
    }
  }
}

/** One <h1>, first, and no heading deeper than one level below the one before it. */
export function expectHeadingsInOrder(html: string): void {
  const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
  expect(levels[0]).toBe(1);
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  for (let i = 1; i < levels.length; i += 1) expect(levels[i], `heading ${i} after h${levels[i - 1]}`).toBeLessThanOrEqual(levels[i - 1]! + 1);
}

export const NOW = new Date('2026-11-27T08:00:00Z');
export const PUBLIC: PageContext = { now: NOW };

/** A storage that must not be read: public pages never touch a team's data. */
export const NO_STORAGE = new Proxy({} as Storage, {
  get(_target, property) {
    if (property === 'then') return undefined;
    throw new Error(`a public page read storage.${String(property)}`);
  },
});

export function depsOver(paperboy: Paperboy, storage: Storage = NO_STORAGE): WebPageDeps {
  return { paperboy, storage };
}

/** A minimal paper record, as storage could hand one back (the table takes it as it is, unvalidated). */
export function record(id: string, extra: Partial<Paper> = {}): Paper {
  return { id, title: `Paper ${id}`, abstract: '', authors: [], codeUrls: [], links: [], appearances: [], ...extra };
}

/** A core over exactly these records, put straight into the table: hostile records skip the loaders' checks, as a corrupted store would. */
export function paperboyOf(papers: readonly Paper[]): Paperboy {
  const collection = new PaperCollection();
  for (const paper of papers) collection.table.put(paper);
  return createPaperboy({ papers: collection });
}

/** The paper links of a list page, in order: where each goes and the title a reader sees. */
export function paperLinksOf(html: string): Array<{ href: string; title: string }> {
  return [...html.matchAll(/<a class="paper-title" href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => ({ href: decode(m[1]!), title: decode(m[2]!) }));
}

/** The text of every element of class `name` (no nested elements of the same tag). */
export function textsOfClass(html: string, name: string): string[] {
  const re = new RegExp(`<([a-z0-9]+) class="${name}"[^>]*>([\\s\\S]*?)</\\1>`, 'g');
  return [...html.matchAll(re)].map((m) => textOf(m[2]!));
}

/** A real SQLite storage in a temporary folder, for pages that read a team's data. */
export function openTempStorage(): { storage: SqliteStorage; close(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-pages-'));
  const storage = SqliteStorage.open(join(dir, 'paperboy.sqlite'));
  return {
    storage,
    async close() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
