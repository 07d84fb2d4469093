import type { KnownBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invocationValue, renderMessage, renderUnfurl, type SlackMessage } from '../../adapters/slack/render-blocks.js';
import { escapeSlackText, neutralizeMrkdwn } from '../../adapters/slack/slack-text.js';
import type { Action, Block, PaperCard } from '../../src/index.js';
import { makeSnippet } from '../../src/search/snippet.js';
import { termOf } from '../../src/text/analyzer.js';
import { checkMessage, findMentions } from '../fakes/slack/block-kit-limits.js';
import { card, message } from '../helpers/message-fixtures.js';

// Slack's documented limits (platform-notes §1.4), written out again so the test does not trust the renderer's copy.
const LIMITS = { blocks: 50, section: 3000, header: 150, contextElements: 10, contextText: 2000, actions: 25, buttonText: 75, value: 2000, actionId: 255, text: 3000, total: 12_000 };
const SAFE_LINK = /<(https?:\/\/[^\s|<>]+)\|([^<>]*)>/g;

type Any = Record<string, any>;

/** Every displayed text in the rendered message, the fallback first. */
function texts(r: SlackMessage): string[] {
  const out = [r.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') for (const [key, value] of Object.entries(node)) key === 'text' && typeof value === 'string' ? out.push(value) : walk(value);
  };
  walk(r.blocks);
  return out;
}

const buttons = (r: SlackMessage): Any[] => r.blocks.filter((b) => b.type === 'actions').flatMap((b) => (b as Any).elements as Any[]);

function assertWithinSlackLimits(r: SlackMessage): void {
  expect(r.text.length).toBeGreaterThan(0);
  expect(r.text.length).toBeLessThanOrEqual(LIMITS.text);
  expect(r.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  const actionIds = new Set<string>();
  for (const block of r.blocks as Any[]) {
    if (block.type === 'header') {
      expect(block.text.type).toBe('plain_text');
      expect(block.text.text.length).toBeGreaterThan(0);
      expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.header);
    } else if (block.type === 'section') {
      expect(block.text).toMatchObject({ type: 'mrkdwn', verbatim: true });
      expect(block.text.text.length).toBeGreaterThan(0);
      expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.section);
    } else if (block.type === 'context') {
      expect(block.elements.length).toBeGreaterThan(0);
      expect(block.elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
      for (const e of block.elements) {
        expect(e).toMatchObject({ type: 'mrkdwn', verbatim: true });
        expect(e.text.length).toBeGreaterThan(0);
        expect(e.text.length).toBeLessThanOrEqual(LIMITS.contextText);
      }
    } else if (block.type === 'actions') {
      expect(block.elements.length).toBeGreaterThan(0);
      expect(block.elements.length).toBeLessThanOrEqual(LIMITS.actions);
      for (const b of block.elements) {
        expect(b.type).toBe('button');
        expect(b.text.type).toBe('plain_text');
        expect(b.text.text.length).toBeGreaterThan(0);
        expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
        expect(b.action_id.length).toBeLessThanOrEqual(LIMITS.actionId);
        expect(b.action_id).toMatch(/^papers:[a-z0-9-]+:\d+$/);
        expect(actionIds.has(b.action_id)).toBe(false);
        actionIds.add(b.action_id);
        expect(b.value.length).toBeLessThanOrEqual(LIMITS.value);
        const invocation = JSON.parse(b.value);
        expect(typeof invocation.name).toBe('string');
        expect(typeof invocation.options).toBe('object');
      }
    } else {
      throw new Error(`unexpected block type ${String(block.type)}`);
    }
  }
  const total = texts(r)
    .slice(1)
    .reduce((n, t) => n + t.length, 0);
  expect(total).toBeLessThanOrEqual(LIMITS.total);
  // The Slack fake's own checks agree: accepted, and nothing in it could ping anyone.
  const args = { text: r.text, blocks: r.blocks as unknown[] };
  expect(checkMessage(args, LIMITS.total)).toBeUndefined();
  expect(findMentions('', { ...args, link_names: true })).toEqual([]);
}

/** No `<` or `>` outside links built from safe URLs, and every `&` begins one of Slack's three entities. */
function assertEscaped(r: SlackMessage): void {
  for (const text of texts(r)) {
    const links = [...text.matchAll(SAFE_LINK)];
    for (const [, url] of links) expect(url).not.toMatch(/&(?!amp;|lt;|gt;)/);
    const rest = text.replace(SAFE_LINK, (_, _url: string, label: string) => ` ${label} `);
    expect(rest).not.toMatch(/[<>]/);
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
  const json = JSON.stringify(r);
  for (const seq of ['<!', '<@', '<#']) expect(json).not.toContain(seq);
}

describe('escapeSlackText', () => {
  it('escapes & < > once, leaving everything else alone', () => {
    expect(escapeSlackText('<!channel> & <@U123>')).toBe('&lt;!channel&gt; &amp; &lt;@U123&gt;');
    expect(escapeSlackText('&amp;')).toBe('&amp;amp;');
    expect(escapeSlackText('naïve 🚀 "quotes" \'x\'')).toBe('naïve 🚀 "quotes" \'x\'');
  });

  it('neutralizes formatting characters that could open a span, keeps those inside words, keeps length', () => {
    expect(neutralizeMrkdwn('snake_case a*b')).toBe('snake_case a*b');
    for (const s of ['*bold*', '_it_', '~strike~', '`code`', 'A* search']) {
      const out = neutralizeMrkdwn(s);
      expect(out).not.toMatch(/[*_~`]/);
      expect(out.length).toBe(s.length);
    }
  });
});

describe('renderMessage', () => {
  const HOSTILE = '<!channel> <!here> <!everyone> <@U123> <#C1> <https://evil|click> &amp; *bold* @channel';

  it('escapes hostile strings in every field and builds only safe links', () => {
    const text = `Abstract ${HOSTILE} transformers end`;
    const start = text.indexOf('transformers');
    const hostile = card({
      title: HOSTILE,
      url: 'https://arxiv.org/abs/1?a=1&b=<!channel>',
      snippet: { text, marks: [[start, start + 'transformers'.length]] },
      authors: HOSTILE,
      why: HOSTILE,
      codeUrl: '<https://evil|click>',
      actions: [{ kind: 'next-page', label: HOSTILE, invocation: { name: 'search', options: { query: HOSTILE, page: 2 } } }],
    });
    const r = renderMessage(
      message(
        [
          { type: 'heading', text: `Results for ${HOSTILE}` },
          { type: 'text', text: HOSTILE },
          { type: 'paper', card: hostile },
          { type: 'paper', card: card({ title: HOSTILE, summary: HOSTILE, url: 'javascript:alert(1)', codeUrl: 'https://github.com/a/b|x' }) },
          { type: 'note', text: HOSTILE },
          { type: 'actions', actions: hostile.actions },
        ],
        'channel',
        HOSTILE,
      ),
    );
    assertWithinSlackLimits(r);
    assertEscaped(r);
    const json = JSON.stringify(r);
    expect(json).toContain('&amp;amp;');
    expect(json).not.toContain('&amp;amp;amp;');
    // Formatting is neutralized wherever Slack parses mrkdwn (plain_text headers and buttons show it as typed).
    const mrkdwnTexts = JSON.stringify(r.blocks.filter((b) => b.type === 'section' || b.type === 'context'));
    expect(mrkdwnTexts).not.toContain('*bold*');
    expect(mrkdwnTexts).toContain('\u2217bold\u2217'.replace(/\\u2217/g, '\u2217'));
    // No link but the renderer's own, and those only from safe URLs.
    const links = texts(r).flatMap((t) => [...t.matchAll(SAFE_LINK)].map((m) => m[1]));
    expect(links.every((url) => url === 'https://arxiv.org/abs/1706.03762' || !/evil|javascript|\|/.test(url!))).toBe(true);
    expect(links).not.toContain('https://evil');
    // The unsafe title URL (it holds `<`) and code URLs are shown as escaped text.
    expect(json).toContain('code: &lt;https://evil|click&gt;');
    expect(json).toContain('javascript:alert(1)');
    // The button still carries the query exactly, for the adapter's JSON.parse.
    const value = buttons(r)[0]!.value as string;
    expect(JSON.parse(value)).toEqual({ name: 'search', options: { query: HOSTILE, page: 2 } });
    expect(r.response_type).toBe('in_channel');
  });

  it('links a safe URL with & escaped inside it, and maps visibility', () => {
    const r = renderMessage(message([{ type: 'paper', card: card({ url: 'https://x.org/?a=1&b=2', rank: 3, codeUrl: 'https://www.github.com/org/repo/' }) }]));
    const section = r.blocks[0] as Any;
    expect(section.text.text).toBe('*3. <https://x.org/?a=1&amp;b=2|Attention Is All You Need>*');
    const context = r.blocks[1] as Any;
    expect(context.elements.map((e: Any) => e.text)).toContain('code: <https://www.github.com/org/repo/|github.com/org/repo>');
    expect(buttons(r).map((b) => b.action_id)).toEqual(['papers:related:0', 'papers:save:1']);
    expect(r.response_type).toBe('ephemeral');
  });

  it('keeps a URL in text exactly as written: a sign-in token with `_` beside `-`, `.` or `_` is not swapped for lookalikes', () => {
    const url = 'https://papers.example.com/team/slack/T1?token=v1._eyJ__wIjo-_ic2x.4Um_-PrKEJV_&x=1';
    const r = renderMessage(
      message([
        { type: 'text', text: `Your sign-in link (only for you): ${url}.` },
        { type: 'text', text: 'snake_case and _emphasis_ stay text' },
      ]),
    );
    assertEscaped(r);
    expect(texts(r)).toContain(`Your sign-in link (only for you): ${url.replace('&', '&amp;')}.`);
    expect(texts(r)).toContain('snake_case and \u02cdemphasis\u02cd stay text');
  });

  it('keeps every limit with 60 huge cards, long queries and 30 actions, and says what it left out', () => {
    const query = 'q'.repeat(2500) + '😀'.repeat(1250);
    const cards = Array.from({ length: 60 }, (_, i) =>
      card({
        paperId: `p${i}`,
        rank: i + 1,
        title: `Title ${i} `.repeat(100).slice(0, 1000),
        summary: `Summary${i} `.repeat(1000).slice(0, 10_000),
        authors: 'Ada Lovelace, '.repeat(100),
        why: 'shares: diffusion '.repeat(100),
        codeUrl: `https://github.com/org/repo${i}`,
        actions: [{ kind: 'related', label: 'Related '.repeat(20), invocation: { name: 'search', options: { query, page: 1 } } }],
      }),
    );
    const next: Action[] = Array.from({ length: 30 }, (_, i) => ({ kind: 'next-page', label: `Page ${i + 2}`, invocation: { name: 'search', options: { query, page: i + 2 } } }));
    const r = renderMessage(
      message([{ type: 'heading', text: `Results for ${query}` }, ...cards.map((c): Block => ({ type: 'paper', card: c })), { type: 'actions', actions: next }], 'private', query),
    );
    assertWithinSlackLimits(r);
    assertEscaped(r);
    // The first card is whole: its summary is there.
    const sections = r.blocks.filter((b) => b.type === 'section') as Any[];
    expect(sections[0]!.text.text).toContain('Summary0');
    expect(sections[0]!.text.text.startsWith('*1. <https://arxiv.org/abs/1706.03762|Title 0')).toBe(true);
    // Cards stay in order and the ones shown are the first ones.
    const ranks = sections.map((s) => Number(/^\*(\d+)\. /.exec(s.text.text)?.[1]));
    expect(ranks).toEqual(ranks.map((_, i) => i + 1));
    expect(ranks.length).toBeLessThan(60);
    // The next-page row survives, split into rows of 25 and 5.
    const rows = (r.blocks as Any[]).filter((b) => b.type === 'actions' && b.elements[0].action_id.startsWith('papers:next-page:'));
    expect(rows.map((b) => b.elements.length)).toEqual([25, 5]);
    // Long queries are cut so the value stays valid JSON, never splitting an emoji.
    for (const b of buttons(r)) {
      const parsed = JSON.parse(b.value);
      expect(query.startsWith(parsed.options.query)).toBe(true);
      expect(parsed.options.query.length).toBeGreaterThan(1000);
    }
    // The last block says what is missing.
    const last = r.blocks[r.blocks.length - 1] as Any;
    expect(last.type).toBe('context');
    expect(last.elements[0].text).toContain(`…and ${60 - ranks.length} more papers not shown`);
    expect(last.elements[0].text).toMatch(/summaries of the last \d+ papers left out/);
  });

  it('drops snippets of the last cards before any card when only text is too long', () => {
    const cards = Array.from({ length: 8 }, (_, i) => card({ paperId: `p${i}`, rank: i + 1, summary: `S${i} `.repeat(2000) }));
    const r = renderMessage(message(cards.map((c): Block => ({ type: 'paper', card: c }))));
    assertWithinSlackLimits(r);
    const sections = r.blocks.filter((b) => b.type === 'section') as Any[];
    expect(sections).toHaveLength(8);
    expect(sections[0]!.text.text).toContain('S0 S0');
    expect(sections[7]!.text.text).not.toContain('S7');
    const withSummary = sections.map((s) => s.text.text.includes('\n'));
    expect(withSummary).toEqual([...withSummary].sort().reverse()); // shown ones first, then shortened ones
    expect(JSON.stringify(r.blocks.at(-1))).toMatch(/summaries of the last \d+ papers left out/);
    expect(JSON.stringify(r.blocks.at(-1))).not.toContain('more papers not shown');
  });

  it('adds no note when everything fits', () => {
    const r = renderMessage(
      message([
        { type: 'paper', card: card() },
        { type: 'note', text: 'set by ada' },
      ]),
    );
    expect(r.blocks.map((b) => b.type)).toEqual(['section', 'actions', 'context']);
    expect(JSON.stringify(r)).not.toContain('left out');
  });

  it('never lets hostile unicode out unescaped (property)', () => {
    const str = fc.string({ unit: 'binary', maxLength: 400 });
    const anyCard = fc.record({
      title: str,
      url: fc.oneof(
        str,
        fc.constant('https://arxiv.org/abs/2401.00001'),
        str.map((s) => `https://x.org/${s}`),
      ),
      summary: str,
      snippetText: str,
      marks: fc.array(fc.tuple(fc.integer({ min: -5, max: 450 }), fc.integer({ min: -5, max: 450 })), { maxLength: 6 }),
      authors: str,
      why: str,
      codeUrl: fc.oneof(
        str,
        str.map((s) => `https://github.com/${s}`),
      ),
      rank: fc.integer({ min: 1, max: 100 }),
      label: str,
    });
    fc.assert(
      fc.property(fc.array(anyCard, { maxLength: 4 }), str, str, (cards, heading, note) => {
        const blocks: Block[] = [
          { type: 'heading', text: heading },
          { type: 'text', text: note },
          { type: 'note', text: note },
        ];
        for (const c of cards) {
          blocks.push({
            type: 'paper',
            card: card({
              ...c,
              snippet: { text: c.snippetText, marks: c.marks },
              actions: [{ kind: 'related', label: c.label, invocation: { name: 'search', options: { query: c.title } } }],
            }),
          });
        }
        const r = renderMessage(message(blocks, 'channel', heading));
        assertWithinSlackLimits(r);
        assertEscaped(r);
        for (const b of buttons(r)) expect(JSON.parse(b.value).options.query).toBe(cards[Number(b.action_id.split(':')[2])]!.title);
      }),
      { numRuns: 150 },
    );
  });
});

describe('snippet marks', () => {
  const sectionText = (c: PaperCard): string => ((renderMessage(message([{ type: 'paper', card: c }])).blocks[0] as Any).text.text as string).split('\n')[1]!;
  const at = (text: string, word: string): [number, number] => [text.indexOf(word), text.indexOf(word) + word.length];

  it('bolds the matched words in the right places after emoji and accents', () => {
    const text = '🚀🔥 Diffusion transformers scale; 😀naïve ünïcödé models (𝔘𝔫𝔦) & more';
    const s = sectionText(card({ snippet: { text, marks: [at(text, 'transformers'), at(text, 'ünïcödé'), at(text, 'naïve')] } }));
    expect(s).toBe('🚀🔥 Diffusion *transformers* scale; 😀*naïve* *ünïcödé* models (𝔘𝔫𝔦) &amp; more');
  });

  it('widens partial marks to whole words and merges touching ones', () => {
    const text = 'self-supervised pretraining of *vision* models';
    const s = sectionText(card({ snippet: { text, marks: [[text.indexOf('train'), text.indexOf('train') + 5], at(text, 'self'), at(text, 'supervised'), [-3, 0], [400, 500]] } }));
    expect(s).toBe('*self-supervised* *pretraining* of \u2217vision\u2217 models');
  });

  it('never splits a surrogate pair when a mark starts inside one', () => {
    const text = 'a 😀b c';
    const s = sectionText(card({ snippet: { text, marks: [[3, 5]] } }));
    expect(s).toBe('a 😀*b* c');
    expect(s).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('renders real snippets from makeSnippet', () => {
    const abstract = `${'Background sentence about models. '.repeat(10)}We scale 🚀 transformers for diffusion, and transformers win.`;
    const snippet = makeSnippet(abstract, new Set([termOf('transformers')!, termOf('diffusion')!]));
    const s = sectionText(card({ snippet }));
    expect(s).toContain('*transformers* for *diffusion*, and *transformers* win.');
  });
});

describe('invocationValue', () => {
  it('cuts the longest string option to fit, as valid JSON without & < >', () => {
    const value = invocationValue({ name: 'search', options: { query: '<&>'.repeat(2000), topic: 'x'.repeat(100), page: 3 } });
    expect(value.length).toBeLessThanOrEqual(2000);
    expect(value).not.toMatch(/[<>&]/);
    const parsed = JSON.parse(value);
    expect(parsed.options.topic).toBe('x'.repeat(100));
    expect(parsed.options.page).toBe(3);
    expect('<&>'.repeat(2000).startsWith(parsed.options.query)).toBe(true);
  });
});

describe('renderUnfurl', () => {
  it('is a compact linked card without buttons', () => {
    const blocks: KnownBlock[] = renderUnfurl(card({ summary: 'word '.repeat(200), codeUrl: 'https://github.com/a/b', why: '#1 on hf-trending', authors: '<!here>' }));
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context']);
    const [head, body] = ((blocks[0] as Any).text.text as string).split('\n');
    expect(head).toBe('*<https://arxiv.org/abs/1706.03762|Attention Is All You Need>*');
    expect(body!.length).toBeLessThanOrEqual(300);
    expect(body!.endsWith('…')).toBe(true);
    const lines = (blocks[1] as Any).elements.map((e: Any) => e.text);
    expect(lines).toEqual(['&lt;!here&gt;', 'code: <https://github.com/a/b|github.com/a/b>', '#1 on hf-trending']);
    assertWithinSlackLimits({ text: 'x', blocks, response_type: 'in_channel' });
  });
});
