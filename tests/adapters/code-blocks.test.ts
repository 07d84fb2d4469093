import { describe, expect, it } from 'vitest';
import { renderMessage as renderConsole } from '../../adapters/console/render-message.js';
import { renderDiscordMessage, renderPlainText } from '../../adapters/discord/render-message.js';
import { renderMessage as renderSlack } from '../../adapters/slack/render-blocks.js';
import { bibtexEntry, PaperSchema, type Message } from '../../src/index.js';
import { checkMessage, findMentions } from '../fakes/slack/block-kit-limits.js';
import { parseOneEntry, typeset } from '../helpers/bibtex-parse.js';

/**
 * The code block a `cite` answer carries, in every renderer, with titles that try to end the
 * block early, ping a channel or inject markup: it stays one block, nothing pings, and what
 * a person copies out of it is the entry (only a run of three backticks is broken up).
 */
const HOSTILE_TITLES = [
  'Escaping ``` the fence ```` and ``````` more',
  '<!channel> <!here> <@U123> <#C1|general> @everyone @here',
  '</script><script>alert(1)</script> & &amp; *bold* _it_ ~s~ ||spoiler|| [x](https://evil.example)',
  'Ends with backticks ``',
];

const cite = (title: string): Message => {
  const entry = bibtexEntry(PaperSchema.parse({ id: 'p1', title, authors: ['Ada Lovelace'], publishedAt: '2024-01-01' }));
  return {
    visibility: 'private',
    fallback: `BibTeX for “${title}”`,
    blocks: [
      { type: 'note', text: `BibTeX for “${title}”:` },
      { type: 'code', text: entry },
    ],
  };
};
const codeText = (m: Message): string => m.blocks.flatMap((b) => (b.type === 'code' ? [b.text] : []))[0]!;
/** What copying the block gives: the lookalike backtick read back as one. */
const copied = (text: string): string => text.replace(/\u02cb/g, '`');
const fences = (text: string): number => text.split('```').length - 1;
const entities = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('code blocks in Slack', () => {
  for (const title of HOSTILE_TITLES) {
    it(`keep ${JSON.stringify(title.slice(0, 30))} inside one fence, escaped, pinging no one`, () => {
      const message = cite(title);
      const r = renderSlack(message);
      const sections = r.blocks.filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
      expect(sections).toHaveLength(1);
      const [code] = sections as [string];
      expect(code.startsWith('```\n') && code.endsWith('\n```')).toBe(true);
      expect(fences(code)).toBe(2);
      expect(code).not.toMatch(/<|>/);
      expect(JSON.stringify(r)).not.toMatch(/<[!@#]/);
      expect(checkMessage({ text: r.text, blocks: r.blocks as unknown[] })).toBeUndefined();
      expect(findMentions('', { text: r.text, blocks: r.blocks as unknown[], link_names: true })).toEqual([]);
      // Copied out of Slack (entities read back, the word joiner that defuses @everyone invisible), it is the entry.
      const read = copied(entities(code.slice(4, -4))).replace(/\u2060/g, '');
      expect(read).toBe(copied(codeText(message)).trimEnd());
      expect(parseOneEntry(read).fields.title).toBe(typeset(copied(title)));
    });
  }

  it('splits a block longer than a section at line ends, each piece fenced', () => {
    const authors = Array.from({ length: 300 }, (_, i) => `Author${i} Person${i}`);
    const entry = bibtexEntry(PaperSchema.parse({ id: 'p1', title: 'Big', authors }));
    const r = renderSlack({ visibility: 'private', fallback: 'x', blocks: [{ type: 'code', text: entry }] });
    const sections = r.blocks.filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) {
      expect(s.length).toBeLessThanOrEqual(3000);
      expect(fences(s)).toBe(2);
    }
    // Split at spaces and line ends only: copied piece by piece, it is the same entry to BibTeX.
    const joined = sections.map((s) => s.slice(4, -4)).join('\n');
    expect(joined.replace(/\s+/g, ' ')).toBe(entry.trim().replace(/\s+/g, ' '));
    expect(parseOneEntry(joined).fields.author).toHaveLength(300);
    expect(checkMessage({ text: r.text, blocks: r.blocks as unknown[] })).toBeUndefined();
  });
});

describe('code blocks in Discord', () => {
  for (const title of HOSTILE_TITLES) {
    it(`keep ${JSON.stringify(title.slice(0, 30))} inside one fence, with mentions off`, () => {
      const message = cite(title);
      const p = renderDiscordMessage(message);
      expect(p.allowedMentions).toEqual({ parse: [] });
      const at = p.content.indexOf('```');
      const code = p.content.slice(at);
      expect(code.startsWith('```\n') && code.endsWith('\n```')).toBe(true);
      expect(fences(p.content)).toBe(2);
      expect(copied(code.slice(4, -4))).toBe(copied(codeText(message)).trimEnd());
      expect(parseOneEntry(copied(code.slice(4, -4))).fields.title).toBe(typeset(copied(title)));
      // The note above it is escaped markdown as ever.
      expect(renderPlainText(p)).toContain(`BibTeX for “${title}”:`.replace(/\s+/g, ' '));
    });
  }

  it('cuts a block too long for a message at a line end, says so with "…", and keeps the fence closed', () => {
    const authors = Array.from({ length: 300 }, (_, i) => `Author${i} Person${i}`);
    const entry = bibtexEntry(PaperSchema.parse({ id: 'p1', title: 'Big', authors }));
    const p = renderDiscordMessage({
      visibility: 'private',
      fallback: 'x',
      blocks: [
        { type: 'note', text: 'BibTeX:' },
        { type: 'code', text: entry },
      ],
    });
    expect(p.content.length).toBeLessThanOrEqual(2000);
    expect(fences(p.content) % 2).toBe(0);
    expect(p.content).toMatch(/\n…\n```/);
  });
});

describe('code blocks on the console', () => {
  for (const title of HOSTILE_TITLES) {
    it(`print ${JSON.stringify(title.slice(0, 30))} verbatim, to copy`, () => {
      const message = cite(title);
      const { text } = renderConsole(message, { color: false });
      expect(text).toContain(codeText(message).trimEnd());
    });
  }

  it('print a file that comes with a message whole, between markers', () => {
    const { text } = renderConsole({ ...cite('T'), file: { name: 'paperboy-saved.bib', mediaType: 'application/x-bibtex', content: '@misc{a,\n}\n' } }, { color: false });
    expect(text).toMatch(/── paperboy-saved\.bib ──\n@misc\{a,\n\}\n── end of paperboy-saved\.bib ──\n\(only you see this\)/);
  });
});
