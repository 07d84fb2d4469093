import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeInvocation } from '../../adapters/discord/custom-ids.js';
import { unescapeMarkdown } from '../../adapters/discord/discord-text.js';
import { renderDiscordMessage, renderPlainText, type DiscordPayload } from '../../adapters/discord/render-message.js';
import { composeDigest, type Action, type Block, type CommandInvocation, type Message, type PaperCard, type Subscription } from '../../src/index.js';
import { commandHarness, type CommandHarness } from '../helpers/command-harness.js';
import { shippedPaperboy } from '../helpers/shipped-corpus.js';
import { okValue } from '../helpers/results.js';
import { HOSTILE, LONE_SURROGATE, leaks } from '../helpers/discord-markdown.js';
import { card, message } from '../helpers/message-fixtures.js';

// Discord's documented limits (platform-notes §2.6, components reference), written out again so the test does not trust the renderer's copy.
const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
  rows: 5,
  perRow: 5,
  label: 80,
  customId: 100,
  url: 2048,
};

type Any = Record<string, any>;

/** Every string Discord parses as markdown: content, titles, descriptions, fields (footers are plain text). */
function markdownFields(p: DiscordPayload): string[] {
  return [p.content, ...p.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])];
}

const buttons = (p: DiscordPayload): Any[] => p.components.flatMap((r) => r.components as Any[]);

function assertWithinDiscordLimits(p: DiscordPayload): void {
  expect(p.allowedMentions).toEqual({ parse: [] });
  expect(p.content.length).toBeLessThanOrEqual(LIMITS.content);
  expect(p.content.length > 0 || p.embeds.length > 0).toBe(true);
  expect(p.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  let total = 0;
  for (const e of p.embeds) {
    if (e.title !== undefined) expect(e.title.length).toBeGreaterThan(0);
    expect((e.title ?? '').length).toBeLessThanOrEqual(LIMITS.title);
    expect((e.description ?? '').length).toBeLessThanOrEqual(LIMITS.description);
    expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(LIMITS.footer);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
    expect(e.title || e.description || e.footer?.text).toBeTruthy(); // no empty embed
    if (e.url !== undefined) {
      expect(e.url).toMatch(/^https?:\/\/[^\s<>]+$/);
      expect(e.url.length).toBeLessThanOrEqual(LIMITS.url);
    }
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
    total += (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  }
  expect(total).toBeLessThanOrEqual(LIMITS.total);
  expect(p.components.length).toBeLessThanOrEqual(LIMITS.rows);
  const ids = new Set<string>();
  for (const row of p.components) {
    expect(row.type).toBe(1);
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(LIMITS.perRow);
    for (const b of row.components as Any[]) {
      expect(b.type).toBe(2);
      expect([1, 2]).toContain(b.style);
      expect(b.label.length).toBeGreaterThan(0);
      expect(b.label.length).toBeLessThanOrEqual(LIMITS.label);
      expect(b.custom_id.length).toBeGreaterThan(0);
      expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
      expect(ids.has(b.custom_id)).toBe(false);
      ids.add(b.custom_id);
    }
  }
}

function assertInert(p: DiscordPayload): void {
  for (const md of markdownFields(p)) expect(leaks(md), md).toEqual([]);
}

const papers = (cards: PaperCard[]): Block[] => cards.map((c) => ({ type: 'paper', card: c }));
const cardTitles = (p: DiscordPayload): string[] => p.embeds.flatMap((e) => (e.title === undefined ? [] : [unescapeMarkdown(e.title)]));

describe('renderDiscordMessage with real commands', () => {
  let h: CommandHarness;
  beforeAll(() => {
    h = commandHarness();
  });
  afterAll(async () => {
    await h.close();
  });
  const run = (invocation: CommandInvocation): Promise<Message> => h.commands.run(invocation, h.ctx({ platform: 'discord' }));

  it('shows search results as numbered, linked cards with bold matches and numbered buttons by kind', async () => {
    const m = await run({ name: 'search', options: { query: 'mixture of experts' } });
    const p = renderDiscordMessage(m);
    assertWithinDiscordLimits(p);
    assertInert(p);
    expect(p.ephemeral).toBe(true);
    expect(p.content).toBe('**Results 1–5 of 14 for “mixture of experts”**');
    const cards = m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));
    expect(cardTitles(p)).toEqual(cards.map((c, i) => `${i + 1}. ${c.title}`));
    expect(p.embeds.map((e) => e.url)).toEqual(cards.map((c) => c.url));
    expect(p.embeds[0]!.description).toMatch(/\*\*[Ee]xperts\*\*/);
    expect(renderPlainText(p)).not.toMatch(/left out|not shown/);
    // One row per kind, numbered by card, then the next page.
    expect(p.components.map((r) => (r.components as Any[]).map((b) => b.label))).toEqual([
      ['Related 1', 'Related 2', 'Related 3', 'Related 4', 'Related 5'],
      ['Save 1', 'Save 2', 'Save 3', 'Save 4', 'Save 5'],
      ['Share in channel 1', 'Share in channel 2', 'Share in channel 3', 'Share in channel 4', 'Share in channel 5'],
      ['Cite 1', 'Cite 2', 'Cite 3', 'Cite 4', 'Cite 5'],
      ['Next 5'],
    ]);
    // Each button runs exactly the command the core attached, even after a restart (no state).
    const actions = [...cards.flatMap((c) => c.actions), ...m.blocks.flatMap((b) => (b.type === 'actions' ? b.actions : []))];
    const byKind = ['related', 'save', 'share', 'cite', 'next-page'].flatMap((k) => actions.filter((a) => a.kind === k));
    expect(buttons(p).map((b) => decodeInvocation(b.custom_id))).toEqual(byKind.map((a) => a.invocation));
    expect(buttons(p).at(-1)!.style).toBe(1);
  });

  it('numbers cards and buttons by rank on later pages', async () => {
    const p = renderDiscordMessage(await run({ name: 'search', options: { query: 'mixture of experts', page: 2 } }));
    expect(cardTitles(p).map((t) => t.split('.')[0])).toEqual(['6', '7', '8', '9', '10']);
    expect((p.components[1]!.components as Any[]).map((b) => b.label)).toEqual(['Save 6', 'Save 7', 'Save 8', 'Save 9', 'Save 10']);
  });

  it('shows one paper in full, unnumbered, with authors and feeds in the footer', async () => {
    const m = await run({ name: 'show', options: { paper: 'noprop-training-neural-networks-without' } });
    const shown = m.blocks.find((b) => b.type === 'paper')!;
    if (shown.type !== 'paper') throw new Error('no card');
    const p = renderDiscordMessage(m);
    assertWithinDiscordLimits(p);
    expect(p.embeds).toHaveLength(1);
    expect(cardTitles(p)).toEqual([shown.card.title]);
    expect(renderPlainText(p)).toContain(shown.card.summary!.replace(/\s+/g, ' ').trim());
    expect(p.embeds[0]!.footer?.text).toContain(shown.card.why!);
    expect(buttons(p).map((b) => b.label)).toEqual(['Related', 'Save', 'Share in channel', 'Cite']);
  });

  it('posts a ten-paper digest with every card, the note in the content, Save/👍 rows, and Cite for the cards that still fit', async () => {
    const subscription: Subscription = {
      id: 'discord:G1:C1',
      kind: 'daily',
      platform: 'discord',
      workspace: 'G1',
      channel: 'C1',
      time: '09:00',
      timezone: 'UTC',
      days: 'daily',
      count: 10,
      createdBy: 'U1',
      enabled: true,
      createdAt: 0,
      updatedAt: 0,
    };
    const { message: m, paperIds } = okValue(await composeDigest({ paperboy: shippedPaperboy(), subscription, localDate: '2026-11-27', postedPaperIds: new Set() }));
    expect(paperIds).toHaveLength(10);
    const p = renderDiscordMessage(m);
    assertWithinDiscordLimits(p);
    assertInert(p);
    expect(p.ephemeral).toBe(false);
    expect(p.embeds).toHaveLength(10);
    expect(p.content).toMatch(/^\*\*Trending papers · .+\*\*\n-# 10 of today's trending papers not posted here before/);
    expect(p.components.map((r) => (r.components as Any[]).map((b) => b.label).join(' '))).toEqual([
      'Save 1 Save 2 Save 3 Save 4 Save 5',
      'Save 6 Save 7 Save 8 Save 9 Save 10',
      '👍 1 👍 2 👍 3 👍 4 👍 5',
      '👍 6 👍 7 👍 8 👍 9 👍 10',
      // 25 buttons a message: Discuss fits for the first five papers and Cite for none (threads: on gives each card its own).
      'Discuss 1 Discuss 2 Discuss 3 Discuss 4 Discuss 5',
    ]);
    expect(buttons(p).map((b) => decodeInvocation(b.custom_id)?.options.paper)).toEqual([...paperIds, ...paperIds, ...paperIds.slice(0, 5)]);
    expect(renderPlainText(p)).toMatch(/15 buttons left out, to fit Discord's message limits/);
    expect(renderPlainText(p)).not.toMatch(/not shown/);
  });

  it('answers help and errors as plain content', async () => {
    const help = renderDiscordMessage(await run({ name: 'help', options: {} }));
    assertWithinDiscordLimits(help);
    assertInert(help);
    expect(help.embeds).toEqual([]);
    expect(renderPlainText(help)).toContain('/papers subscribe HH:MM [time zone] [daily|weekdays|weekly <day>] [1-10] [threads: on|off] [topic: words]');
    const error = renderDiscordMessage(await run({ name: 'search', options: { query: '' } }));
    expect(error.ephemeral).toBe(true);
    expect(renderPlainText(error)).toMatch(/query/);
  });
});

describe('renderDiscordMessage limits', () => {
  it('escapes hostile text everywhere and still shows it exactly as typed', () => {
    const hostile = card({
      title: HOSTILE,
      url: 'javascript:alert(1)',
      summary: `# Title\n> quote ${HOSTILE}`,
      authors: HOSTILE,
      why: HOSTILE,
      codeUrl: 'https://github.com/a/b)<@1>',
      actions: [{ kind: 'next-page', label: HOSTILE, invocation: { name: 'search', options: { query: HOSTILE } } }],
    });
    const p = renderDiscordMessage(
      message(
        [
          { type: 'heading', text: HOSTILE },
          { type: 'text', text: HOSTILE },
          { type: 'note', text: HOSTILE },
          ...papers([hostile, card({ paperId: 'p2', title: '1. # not a list' })]),
          { type: 'note', text: HOSTILE },
        ],
        'channel',
      ),
    );
    assertWithinDiscordLimits(p);
    assertInert(p);
    expect(p.ephemeral).toBe(false);
    const plain = renderPlainText(p);
    expect(plain).toContain(HOSTILE);
    expect(cardTitles(p)).toEqual([`1. ${HOSTILE}`, '2. 1. # not a list']);
    expect(p.embeds[0]!.url).toBeUndefined(); // javascript: is never a link
    expect(p.embeds[0]!.footer?.text).toContain('link: javascript:alert(1)');
    expect(p.embeds[0]!.footer?.text).toContain('code: https://github.com/a/b)<@1>');
    expect(p.embeds[0]!.footer?.text).toContain(HOSTILE); // footers are plain text: shown as typed, no escapes
    expect(JSON.stringify(p.embeds)).not.toContain('<https://evil');
  });

  it('keeps every limit with 50 huge cards and says what it left out', () => {
    const cards = Array.from({ length: 50 }, (_, i) =>
      card({
        paperId: `p${i}`,
        rank: i + 1,
        title: `Title ${i} `.repeat(100),
        summary: `Summary${i} `.repeat(1000),
        authors: 'Ada Lovelace, '.repeat(100),
        why: 'shares: diffusion '.repeat(100),
        codeUrl: `https://github.com/org/repo${i}`,
      }),
    );
    const p = renderDiscordMessage(message([{ type: 'heading', text: 'H'.repeat(5000) }, ...papers(cards), { type: 'note', text: 'n '.repeat(5000) }]));
    assertWithinDiscordLimits(p);
    assertInert(p);
    // The first card is whole, with its summary and code link; cards stay in order.
    expect(cardTitles(p)[0]!.startsWith('1. Title 0')).toBe(true);
    expect(p.embeds[0]!.description).toMatch(/^Summary0 Summary0/);
    expect(p.embeds[0]!.description).toContain('Code: <https://github.com/org/repo0>');
    const plain = renderPlainText(p);
    const numbers = [...plain.matchAll(/^(\d+)\. Title/gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    const notShown = Number(/…and (\d+) more papers not shown/.exec(plain)?.[1]);
    expect(notShown).toBe(50 - numbers.length);
    expect(plain).toMatch(/summaries of the last \d+ papers shortened/);
  });

  it('shortens the summaries of the last cards before dropping any card', () => {
    const cards = Array.from({ length: 8 }, (_, i) => card({ paperId: `p${i}`, rank: i + 1, summary: `S${i} `.repeat(2000), authors: 'Ada Lovelace, '.repeat(15) }));
    const p = renderDiscordMessage(message(papers(cards)));
    assertWithinDiscordLimits(p);
    expect(cardTitles(p)).toHaveLength(8);
    const withSummary = p.embeds.slice(0, 8).map((e) => (e.description ?? '').startsWith(`S`));
    expect(withSummary[0]).toBe(true);
    expect(withSummary[7]).toBe(false);
    expect(withSummary).toEqual([...withSummary].sort().reverse()); // shown ones first, then the cut ones
    const plain = renderPlainText(p);
    expect(plain).toMatch(/summaries of the last \d+ papers shortened/);
    expect(plain).not.toContain('not shown');
  });

  it('lists cards past the ninth by title, and keeps buttons to five rows, least important kinds first to go', () => {
    const actions = (id: string): Action[] =>
      (['related', 'save', 'share'] as const).map((kind) => ({ kind, label: kind[0]!.toUpperCase() + kind.slice(1), invocation: { name: kind, options: { paper: id } } }));
    const cards = Array.from({ length: 20 }, (_, i) => card({ paperId: `p${i}`, rank: i + 1, title: `Paper ${i + 1}`, actions: actions(`p${i}`) }));
    const next: Action = { kind: 'next-page', label: 'Next 5', invocation: { name: 'saved', options: { page: 2 } } };
    const p = renderDiscordMessage(message([...papers(cards), { type: 'actions', actions: [next] }]));
    assertWithinDiscordLimits(p);
    expect(p.embeds).toHaveLength(10);
    expect(cardTitles(p)).toEqual(Array.from({ length: 9 }, (_, i) => `${i + 1}. Paper ${i + 1}`));
    const plain = renderPlainText(p);
    for (let i = 10; i <= 20; i += 1) expect(plain).toContain(`${i}. Paper ${i}`);
    expect(plain).toContain('11 papers listed by title only');
    // Next page and Save keep their rows; Share takes what is left; Related goes.
    const rows = p.components.map((r) => (r.components as Any[]).map((b) => b.label as string));
    expect(rows.at(-1)).toEqual(['Next 5']);
    expect(rows.slice(0, 4).map((r) => r[0])).toEqual(['Save 1', 'Save 6', 'Save 11', 'Save 16']);
    expect(rows.flat().some((l) => l.startsWith('Related') || l.startsWith('Share'))).toBe(false);
    expect(plain).toMatch(/40 buttons left out/);
  });

  it('puts buttons that cannot fit a custom_id in the stash, and drops them without one', () => {
    const query = 'q'.repeat(300);
    const next: Action = { kind: 'next-page', label: 'Next 5', invocation: { name: 'search', options: { query, page: 2 } } };
    const m = message([...papers([card()]), { type: 'actions', actions: [next] }]);
    const stashed: CommandInvocation[] = [];
    const p = renderDiscordMessage(m, {
      stash: (inv) => {
        stashed.push(inv);
        return 'pb#boot.0';
      },
    });
    expect(stashed).toEqual([next.invocation]);
    expect(buttons(p).map((b) => b.custom_id)).toEqual(['pb1|related|paper=p1', 'pb1|save|paper=p1', 'pb#boot.0']);
    expect(buttons(renderDiscordMessage(m)).map((b) => b.label)).toEqual(['Related', 'Save']);
    expect(buttons(renderDiscordMessage(m, { stash: () => 'x'.repeat(101) })).map((b) => b.label)).toEqual(['Related', 'Save']);
  });

  it('never sends two buttons with one custom_id', () => {
    const p = renderDiscordMessage(message(papers([card({ rank: 1 }), card({ rank: 2 })])));
    expect(buttons(p).map((b) => b.label)).toEqual(['Related 1', 'Save 1']);
  });

  it('says something for an empty message, and never sends an empty embed', () => {
    const empty = renderDiscordMessage(message([], 'private', 'Nothing here'));
    expect(empty.content).toBe('Nothing here');
    expect(renderDiscordMessage(message([], 'private', '')).content.length).toBeGreaterThan(0);
    const blank = renderDiscordMessage(message([{ type: 'heading', text: '  ' }, ...papers([card({ title: '', paperId: '', summary: '', authors: '', url: '' })]), { type: 'note', text: '' }]));
    assertWithinDiscordLimits(blank);
    expect(blank.embeds).toHaveLength(1);
    expect(blank.embeds[0]!.title).toBe('Untitled');
  });

  it('clips unicode titles without breaking characters, and keeps what it shows exact', () => {
    for (const title of ['日本語のタイトル'.repeat(60), '😀🚀'.repeat(200), 'עברית ועוד '.repeat(40), `a\u200bb\u200d`.repeat(150), '👩‍👩‍👧‍👦'.repeat(60)]) {
      const p = renderDiscordMessage(message(papers([card({ title, rank: 1 })])));
      assertWithinDiscordLimits(p);
      const shown = cardTitles(p)[0]!;
      expect(shown).not.toMatch(LONE_SURROGATE);
      expect(shown.endsWith('…')).toBe(true);
      expect(`1. ${title}`.startsWith(shown.slice(0, -1).trimEnd())).toBe(true);
    }
  });

  it('keeps every limit and lets no markup through, whatever the cards hold (property)', () => {
    const str = fc.string({ unit: 'grapheme', maxLength: 300 });
    const anyCard = fc.record({
      title: fc.oneof(
        str,
        fc.constant(HOSTILE),
        str.map((s) => s.repeat(30)),
      ),
      url: fc.oneof(
        str,
        fc.constant('https://arxiv.org/abs/2401.00001'),
        str.map((s) => `https://x.org/${s}`),
      ),
      summary: fc.oneof(
        str,
        str.map((s) => s.repeat(40)),
      ),
      snippetText: str,
      marks: fc.array(fc.tuple(fc.integer({ min: -5, max: 320 }), fc.integer({ min: -5, max: 320 })), { maxLength: 6 }),
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
      fc.property(fc.array(anyCard, { maxLength: 14 }), str, str, (cards, heading, note) => {
        const blocks: Block[] = [
          { type: 'heading', text: heading },
          { type: 'text', text: note },
        ];
        for (const [i, c] of cards.entries()) {
          blocks.push({
            type: 'paper',
            card: card({
              ...c,
              paperId: `p${i}`,
              snippet: { text: c.snippetText, marks: c.marks },
              actions: [{ kind: 'save', label: c.label, invocation: { name: 'search', options: { query: c.title } } }],
            }),
          });
        }
        blocks.push({ type: 'note', text: note });
        const p = renderDiscordMessage(message(blocks, 'channel', heading));
        assertWithinDiscordLimits(p);
        assertInert(p);
        expect(JSON.stringify(p)).not.toMatch(LONE_SURROGATE);
        // Every card title shown is the card's own title (or the start of it), in order, numbered
        // by rank when the ranks tell the cards apart, else by position.
        const byRank = new Set(cards.map((c) => c.rank)).size === cards.length;
        const expected = cards.map((c, i) => `${byRank ? c.rank : i + 1}. ${c.title.replace(/\s+/g, ' ').trim() || `p${i}`}`);
        cardTitles(p).forEach((shown, i) => {
          const body = shown.endsWith('…') ? shown.slice(0, -1).trimEnd() : shown;
          expect(expected[i]!.startsWith(body)).toBe(true);
        });
        for (const b of buttons(p)) expect(decodeInvocation(b.custom_id)?.name).toBe('search');
      }),
      { numRuns: 150 },
    );
  });
});
