import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { renderMessage as renderConsole } from '../../adapters/console/render-message.js';
import { renderDiscordMessage, type DiscordPayload } from '../../adapters/discord/render-message.js';
import { renderMessage as renderSlack, renderUnfurl, type SlackMessage } from '../../adapters/slack/render-blocks.js';
import { paperPath, withPaperPages, type Block, type PaperCard } from '../../src/index.js';
import { checkMessage, findMentions } from '../fakes/slack/block-kit-limits.js';
import { HOSTILE, leaks } from '../helpers/discord-markdown.js';
import { card, message } from '../helpers/message-fixtures.js';

/**
 * Cards that link to the team's paper page: the title leads to the page, and the source
 * (arXiv, Hugging Face, another host) keeps its own link beside the code link, on Slack,
 * Discord and the console alike. Without a page, cards look exactly as they always did.
 */
const PAGE = 'https://papers.example.org';
const pageOf = (id: string): string => `${PAGE}${paperPath(id)}`;
const ARXIV = 'https://arxiv.org/abs/1706.03762';
const CODE = 'https://github.com/tensorflow/tensor2tensor';

const paperBlocks = (cards: PaperCard[]): Block[] => cards.map((c) => ({ type: 'paper', card: c }));
const attention = (overrides: Partial<PaperCard> = {}): PaperCard =>
  card({ paperId: '1706.03762', rank: 1, url: ARXIV, codeUrl: CODE, authors: 'Vaswani et al.', summary: 'Transformers.', ...overrides });
/** The card without some of its optional parts. */
function without(c: PaperCard, ...keys: Array<'url' | 'codeUrl' | 'authors'>): PaperCard {
  const copy: Record<string, unknown> = { ...c };
  for (const key of keys) delete copy[key];
  return copy as unknown as PaperCard;
}
const linked = (cards: PaperCard[]) => withPaperPages(message(paperBlocks(cards), 'channel', 'Trending papers'), pageOf);
const unlinked = (cards: PaperCard[]) => message(paperBlocks(cards), 'channel', 'Trending papers');

type Any = Record<string, any>;

/** The mrkdwn of a Slack card: its section, then its context elements. */
function slackCard(r: SlackMessage, index = 0): { section: string; context: string[] } {
  const sections = r.blocks.filter((b) => b.type === 'section') as Any[];
  const section = sections[index]!.text.text as string;
  const after = r.blocks.slice(r.blocks.indexOf(sections[index] as never) + 1);
  const context = after.find((b) => b.type === 'context') as Any | undefined;
  return { section, context: (context?.elements ?? []).map((e: Any) => e.text as string) };
}

function assertSlackAccepts(r: SlackMessage): void {
  const args = { channel: 'C1', text: r.text, blocks: r.blocks };
  expect(checkMessage(args)).toBeUndefined();
  expect(findMentions('message', args)).toEqual([]);
}

describe('Slack cards with a paper page', () => {
  it('links the title to the page and shows arXiv as its own link, just before the code link', () => {
    const r = renderSlack(linked([attention()]));
    assertSlackAccepts(r);
    const { section, context } = slackCard(r);
    expect(section.split('\n')[0]).toBe(`*1. <${PAGE}/p/1706.03762|Attention Is All You Need>*`);
    expect(context).toEqual(['Vaswani et al.', `<${ARXIV}|arXiv>`, `code: <${CODE}|github.com/tensorflow/tensor2tensor>`]);
  });

  it('links the title to the source, with no second source link, when there is no page', () => {
    const r = renderSlack(unlinked([attention()]));
    assertSlackAccepts(r);
    const { section, context } = slackCard(r);
    expect(section.split('\n')[0]).toBe(`*1. <${ARXIV}|Attention Is All You Need>*`);
    expect(context).toEqual(['Vaswani et al.', `code: <${CODE}|github.com/tensorflow/tensor2tensor>`]);
    expect(JSON.stringify(r.blocks)).not.toContain('papers.example.org');
  });

  it.each([
    ['https://huggingface.co/papers/2503.24322', 'Hugging Face'],
    ['https://openreview.net/forum?id=abc&x=1', 'openreview.net'],
  ])('names the source %s “%s”', (url, label) => {
    const { context } = slackCard(renderSlack(linked([attention({ url })])));
    expect(context[1]).toBe(`<${url.replace('&', '&amp;')}|${label}>`);
  });

  it('links the title to the page alone when the paper has no source link', () => {
    const { section, context } = slackCard(renderSlack(linked([without(attention(), 'url', 'codeUrl', 'authors')])));
    expect(section.split('\n')[0]).toBe(`*1. <${PAGE}/p/1706.03762|Attention Is All You Need>*`);
    expect(context).toEqual([]);
  });

  it('escapes a hostile title inside the page link, and lets no mention or markup out', () => {
    const title = '<!channel> <@U123> *bold* <img src=x onerror=alert(1)> </script><script>alert(1)</script> @everyone \u202Eevil';
    const r = renderSlack(linked([attention({ title, paperId: '<script>alert(1)</script>' })]));
    assertSlackAccepts(r);
    const head = slackCard(r).section.split('\n')[0]!;
    expect(head.startsWith(`*1. <${PAGE}/p/%3Cscript%3Ealert(1)%3C%2Fscript%3E|`)).toBe(true);
    expect(head).toContain('&lt;!channel&gt;');
    expect(head).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Only the page link opens with a <: nothing in the title can open a link or a mention.
    expect(head.match(/</g)).toHaveLength(1);
  });

  it('never links to a hostile source or page, and still shows a bad source as text', () => {
    const evil = `https://evil.example/a|<!channel>`;
    const { section, context } = slackCard(renderSlack(linked([attention({ url: evil })])));
    expect(section.split('\n')[0]).toBe(`*1. <${PAGE}/p/1706.03762|Attention Is All You Need>*`);
    expect(context).toContain('link: https://evil.example/a|&lt;!channel&gt;');
    expect(context.join(' ')).not.toContain('|arXiv>');

    // A page URL that is not http(s) is never a link: the title falls back to the source, as without a page.
    const bad = message(paperBlocks([{ ...attention(), pageUrl: 'javascript:alert(1)' }]), 'channel');
    const fallback = slackCard(renderSlack(bad));
    expect(fallback.section.split('\n')[0]).toBe(`*1. <${ARXIV}|Attention Is All You Need>*`);
    expect(fallback.context.join(' ')).not.toContain('javascript');
  });

  it('keeps every Slack limit with 50 long cards that all have pages', () => {
    const long = Array.from({ length: 50 }, (_, i) => attention({ paperId: `p${i}-${'x'.repeat(300)}`, rank: i + 1, title: 'T'.repeat(400), summary: 'word '.repeat(600) }));
    const r = renderSlack(linked(long));
    assertSlackAccepts(r);
    expect(slackCard(r).section).toContain(`<${PAGE}/p/p0-`);
  });

  it('unfurls a card with the page on the title and arXiv beside the code', () => {
    const blocks = renderUnfurl({ ...attention(), pageUrl: pageOf('1706.03762') }) as Any[];
    expect(blocks[0]!.text.text.split('\n')[0]).toBe(`*1. <${PAGE}/p/1706.03762|Attention Is All You Need>*`);
    expect(blocks[1]!.elements.map((e: Any) => e.text)).toContain(`<${ARXIV}|arXiv>`);
  });
});

const embedsOf = (p: DiscordPayload): APIEmbed[] => p.embeds.filter((e) => e.title !== undefined);
/** The renderer's own masked source links, which the markdown reader would otherwise count as smuggled `[`. */
const withoutSourceLinks = (md: string): string => md.replace(/\[(?:arXiv|Hugging Face|[a-z0-9.-]+)\]\(https?:\/\/[^\s()<>]+\)/g, 'SOURCE');

function assertDiscordInert(p: DiscordPayload): void {
  expect(p.allowedMentions).toEqual({ parse: [] });
  for (const e of p.embeds) for (const md of [e.title ?? '', e.description ?? '']) expect(leaks(withoutSourceLinks(md)), md).toEqual([]);
}

describe('Discord cards with a paper page', () => {
  it('links the title to the page and shows arXiv as its own link beside the code link', () => {
    const p = renderDiscordMessage(linked([attention()]));
    assertDiscordInert(p);
    const [embed] = embedsOf(p);
    expect(embed).toMatchObject({ title: '1\\. Attention Is All You Need', url: `${PAGE}/p/1706.03762` });
    expect(embed!.description!.split('\n').at(-1)).toBe(`[arXiv](${ARXIV}) · Code: <${CODE}>`);
  });

  it('links the title to the source, with no second source link, when there is no page', () => {
    const p = renderDiscordMessage(unlinked([attention()]));
    const [embed] = embedsOf(p);
    expect(embed!.url).toBe(ARXIV);
    expect(embed!.description!.split('\n').at(-1)).toBe(`Code: <${CODE}>`);
    expect(JSON.stringify(p)).not.toContain('papers.example.org');
  });

  it.each([
    ['https://huggingface.co/papers/2503.24322', '[Hugging Face](https://huggingface.co/papers/2503.24322)'],
    ['https://proceedings.mlr.press/v1/a_b.html', '[proceedings.mlr.press](https://proceedings.mlr.press/v1/a_b.html)'],
    // Parentheses would end the link early: encoded, the same address.
    ['https://en.wikipedia.org/wiki/Transformer_(deep_learning)', '[en.wikipedia.org](https://en.wikipedia.org/wiki/Transformer_%28deep_learning%29)'],
  ])('shows the source %s as %s', (url, shown) => {
    const [embed] = embedsOf(renderDiscordMessage(linked([without(attention({ url }), 'codeUrl')])));
    expect(embed!.description!.split('\n').at(-1)).toBe(shown);
  });

  it('shows the source alone when the paper has no code link', () => {
    const [embed] = embedsOf(renderDiscordMessage(linked([without(attention(), 'codeUrl')])));
    expect(embed!.description).toBe(`Transformers.\n[arXiv](${ARXIV})`);
  });

  it('escapes a hostile title on the page link and never links a hostile source', () => {
    const p = renderDiscordMessage(linked([attention({ title: HOSTILE, url: 'javascript:alert(1)', paperId: '<@&456> @everyone' })]));
    assertDiscordInert(p);
    const [embed] = embedsOf(p);
    expect(embed!.url).toBe(`${PAGE}/p/%3C%40%26456%3E%20%40everyone`);
    expect(embed!.description).not.toContain('javascript');
    expect(embed!.description).not.toContain('[');
    expect(embed!.footer?.text).toContain('link: javascript:alert(1)');
  });

  it('falls back to the source when the page URL is not http(s)', () => {
    const [embed] = embedsOf(renderDiscordMessage(message(paperBlocks([{ ...attention(), pageUrl: 'javascript:alert(1)' }]), 'channel')));
    expect(embed!.url).toBe(ARXIV);
    expect(embed!.description).not.toContain('[arXiv]');
  });

  it('puts a source too long to link in the footer as text, by name', () => {
    const url = `https://arxiv.org/abs/1706.03762?${'q'.repeat(400)}`;
    const [embed] = embedsOf(renderDiscordMessage(linked([attention({ url })])));
    expect(embed!.url).toBe(`${PAGE}/p/1706.03762`);
    expect(embed!.description).not.toContain('[arXiv]');
    expect(embed!.footer?.text).toMatch(/^arXiv: https:\/\/arxiv\.org\/abs\/1706\.03762\?q+…$/m);
  });

  it('lists cards past the ninth with their page and source links', () => {
    const many = Array.from({ length: 12 }, (_, i) => attention({ paperId: `p${i}`, rank: i + 1, title: `Paper ${i + 1}` }));
    const p = renderDiscordMessage(linked(many));
    assertDiscordInert(p);
    const closing = p.embeds.at(-1)!.description!;
    expect(closing).toContain(`**10.** Paper 10 · <${PAGE}/p/p9> · [arXiv](${ARXIV})`);
    const total = p.embeds.reduce((n, e) => n + (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length, 0);
    expect(total).toBeLessThanOrEqual(6000);
  });
});

describe('console cards with a paper page', () => {
  const style = { color: false } as const;

  it('shows the page as the title link and arXiv beside the code link', () => {
    const text = renderConsole(linked([attention()]), style).text;
    expect(text).toContain(`   id 1706.03762 · ${PAGE}/p/1706.03762\n`);
    expect(text).toContain(`   arXiv ${ARXIV} · code ${CODE}\n`);
  });

  it('shows the source as the title link, and no second source, when there is no page', () => {
    const text = renderConsole(unlinked([attention()]), style).text;
    expect(text).toContain(`   id 1706.03762 · ${ARXIV}\n`);
    expect(text).toContain(`   code ${CODE}\n`);
    expect(text).not.toContain('arXiv http');
  });

  it('prints hostile links inert: no terminal escapes, no direction overrides', () => {
    const url = 'https://huggingface.co/papers/1\u001b]8;;https://evil\u0007x\u202E';
    const text = renderConsole(
      withPaperPages(message(paperBlocks([attention({ url })]), 'channel'), (id) => `${pageOf(id)}\u001b[2J`),
      style,
    ).text;
    expect(text).not.toMatch(/[\u001b\u0007\u202E]/);
    expect(text).toContain(`   id 1706.03762 · ${PAGE}/p/1706.03762[2J\n`);
    expect(text).toContain('   Hugging Face https://huggingface.co/papers/1]8;;https://evilx · code');
  });
});
