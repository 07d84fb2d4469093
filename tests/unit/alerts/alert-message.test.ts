import { describe, expect, it } from 'vitest';
import { renderDiscordMessage } from '../../../adapters/discord/render-message.js';
import { renderMessage as renderSlack } from '../../../adapters/slack/render-blocks.js';
import { ALERT_HEADING, composeAlertMessage, MAX_ALERT_CARDS } from '../../../src/alerts/alert-message.js';
import type { Block, PaperCard } from '../../../src/messages/message.js';
import { PaperSchema, type Paper } from '../../../src/model/paper.js';

const paper = (id: string, title: string, extra: Partial<Paper> = {}): Paper =>
  PaperSchema.parse({ id, title, abstract: `${title} is studied here. We show it works. Third sentence.`, authors: ['Yann LeCun', 'Ada Lovelace'], url: `https://arxiv.org/abs/${id}`, ...extra });
const lookup = (papers: readonly Paper[]) => {
  const byId = new Map(papers.map((p) => [p.id, p]));
  return (id: string) => byId.get(id);
};
const cards = (blocks: readonly Block[]): PaperCard[] => blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));
const texts = (blocks: readonly Block[], type: 'text' | 'note'): string[] => blocks.flatMap((b) => (b.type === type ? [b.text] : []));

describe('composeAlertMessage', () => {
  it('shows a paper once when two of its versions waited together, with both reasons', () => {
    const message = composeAlertMessage(
      [
        { paperId: '2611.00001', reasons: ['new version v2'] },
        { paperId: '2611.00001', reasons: ['new version v3'] },
      ],
      lookup([paper('2611.00001', 'Diffusion Transformers at Scale')]),
    );
    expect(cards(message.blocks).map((c) => [c.title, c.why])).toEqual([['Diffusion Transformers at Scale', 'new version v2 · new version v3']]);
    expect(texts(message.blocks, 'note')[0]).toMatch(/^1 new paper matched/);
  });

  it('lists each match with why it matched, a link, and Save and Cite, under the heading', () => {
    const papers = [paper('2611.00001', 'Diffusion Transformers at Scale'), paper('2611.00002', 'Energy-Based Models Revisited')];
    const message = composeAlertMessage(
      [
        { paperId: '2611.00001', reasons: ['topic: diffusion transformers'] },
        { paperId: '2611.00002', reasons: ['author Yann LeCun (as “Y. LeCun”)', 'topic: energy models'] },
      ],
      lookup(papers),
    );
    expect(message.visibility).toBe('private');
    expect(message.blocks[0]).toEqual({ type: 'heading', text: ALERT_HEADING });
    const [a, b] = cards(message.blocks);
    expect(a).toMatchObject({
      paperId: '2611.00001',
      title: 'Diffusion Transformers at Scale',
      url: 'https://arxiv.org/abs/2611.00001',
      rank: 1,
      why: 'topic: diffusion transformers',
      authors: 'Yann LeCun, Ada Lovelace',
    });
    expect(b!.why).toBe('author Yann LeCun (as “Y. LeCun”) · topic: energy models');
    expect(a!.actions.map((x) => x.kind)).toEqual(['save', 'cite']);
    expect(a!.actions[0]!.invocation).toEqual({ name: 'save', options: { paper: '2611.00001' } });
    expect(message.fallback).toBe('New papers for you: 1. Diffusion Transformers at Scale 2. Energy-Based Models Revisited');
    // The last line says what to do about them.
    expect(texts(message.blocks, 'note')[0]).toMatch(/^2 new papers matched what you follow\. .*\/papers following.*\/papers unfollow.*\/papers quiet/);
  });

  it('shows a paper this server does not know yet by its id, linked to arXiv when it is an arXiv id', () => {
    const message = composeAlertMessage(
      [
        { paperId: '2611.09999', reasons: ['new version v3'] },
        { paperId: 'some-slug-paper', reasons: [] },
      ],
      () => undefined,
    );
    const [a, b] = cards(message.blocks);
    expect(a).toMatchObject({ title: '2611.09999', url: 'https://arxiv.org/abs/2611.09999', why: 'new version v3' });
    expect(b!.url).toBeUndefined();
    expect(b!.why).toBe('matches what you follow');
  });

  it('gives the first ten a card and lists the rest one line each, with their first reason and link', () => {
    const papers = Array.from({ length: 14 }, (_, i) => paper(`2611.${String(i + 1).padStart(5, '0')}`, `Paper number ${i + 1}`));
    const alerts = papers.map((p, i) => ({ paperId: p.id, reasons: i === 12 ? ['topic: graphs', 'author Ada Lovelace'] : ['topic: graphs'] }));
    const message = composeAlertMessage(alerts, lookup(papers));
    expect(cards(message.blocks)).toHaveLength(MAX_ALERT_CARDS);
    const [list] = texts(message.blocks, 'text');
    expect(list!.split('\n')).toEqual([
      '11. Paper number 11 · topic: graphs · https://arxiv.org/abs/2611.00011',
      '12. Paper number 12 · topic: graphs · https://arxiv.org/abs/2611.00012',
      '13. Paper number 13 · topic: graphs (+1) · https://arxiv.org/abs/2611.00013',
      '14. Paper number 14 · topic: graphs · https://arxiv.org/abs/2611.00014',
    ]);
    expect(texts(message.blocks, 'note')[0]).toMatch(/^14 new papers matched/);
    expect(message.fallback).toMatch(/10\. Paper number 10 and 4 more$/);
  });

  it('counts, never silently drops, matches beyond what one message shows', () => {
    const papers = Array.from({ length: 300 }, (_, i) => paper(`2611.${String(i + 1).padStart(5, '0')}`, `A rather long title about sparse mixture of experts routing, number ${i + 1}`));
    const message = composeAlertMessage(
      papers.map((p) => ({ paperId: p.id, reasons: ['topic: mixture of experts'] })),
      lookup(papers),
    );
    const [list] = texts(message.blocks, 'text');
    expect(list!.length).toBeLessThanOrEqual(1500);
    const lines = list!.split('\n');
    const shown = lines.length - 1;
    expect(lines.at(-1)).toBe(`…and ${300 - MAX_ALERT_CARDS - shown} more papers matched your follows. Too many? Narrow them with /papers following.`);
    expect(texts(message.blocks, 'note')[0]).toMatch(/^300 new papers/);
    // Within Slack's and Discord's limits as rendered.
    expect(renderSlack(message).blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(renderDiscordMessage(message).embeds).length).toBeLessThan(8000);
  });

  it('keeps hostile titles and reasons as plain text on one line each, and the renderers ping nobody', () => {
    const HOSTILE = '<!channel> @everyone <script>alert(1)</script> [click](https://evil.example) *bold*\nfake line';
    const papers = Array.from({ length: 12 }, (_, i) => paper(`2611.${String(i + 1).padStart(5, '0')}`, `${HOSTILE} ${i}`));
    const message = composeAlertMessage(
      papers.map((p) => ({ paperId: p.id, reasons: [`author ${HOSTILE}`] })),
      lookup(papers),
    );
    const [list] = texts(message.blocks, 'text');
    // A newline in a title cannot forge a line of the list.
    expect(list!.split('\n')).toHaveLength(2);
    expect(list!.split('\n')[0]).toMatch(/^11\. <!channel> @everyone <script>alert\(1\)<\/script> \[click\]\(https:\/\/evil\.example\) \*bold\* fake line 10 · author <!channel>/);
    expect(cards(message.blocks)[0]!.why).toBe('author <!channel> @everyone <script>alert(1)</script> [click](https://evil.example) *bold* fake line');
    const slack = JSON.stringify(renderSlack(message));
    expect(slack).not.toContain('<!channel>');
    expect(slack).not.toContain('<script>');
    const discord = renderDiscordMessage(message);
    expect(discord.allowedMentions).toEqual({ parse: [] });
    // Markdown is escaped wherever Discord renders it (footers are shown as they are).
    for (const text of [discord.content, ...discord.embeds.flatMap((e) => [e.title ?? '', e.description ?? ''])]) {
      expect(text).not.toMatch(/(?<!\\)\[click\]\(/);
      expect(text).not.toMatch(/(?<!\\)<!channel>/);
    }
  });

  it('clips huge titles and reasons without breaking a character, and keeps other scripts', () => {
    const long = '深度学习🚀'.repeat(200);
    const papers = Array.from({ length: 11 }, (_, i) => paper(`2611.${String(i + 1).padStart(5, '0')}`, `${long.slice(0, 400)} ${i}`));
    const message = composeAlertMessage(
      papers.map((p) => ({ paperId: p.id, reasons: [`topic: ${long}`, 'مرحبا بالعالم'] })),
      lookup(papers),
    );
    const card = cards(message.blocks)[0]!;
    expect(card.why!.length).toBeLessThanOrEqual(600);
    expect(() => encodeURIComponent(card.why!)).not.toThrow(); // a lone surrogate throws
    const [list] = texts(message.blocks, 'text');
    expect(() => encodeURIComponent(list!)).not.toThrow(); // a lone surrogate throws
    expect(list).toMatch(/^11\. 深度学习🚀/);
    expect(list).toContain('(+1)');
    expect(() => encodeURIComponent(message.fallback)).not.toThrow(); // a lone surrogate throws
    expect(cards(message.blocks)[1]!.why).toContain('مرحبا بالعالم');
  });

  it('refuses to compose a message about nothing (a caller bug)', () => {
    expect(() => composeAlertMessage([], () => undefined)).toThrow(/at least one alert/);
  });
});
