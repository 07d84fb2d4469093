import { describe, expect, it } from 'vitest';
import { paperPath, sourceLabel, withPaperPages, type Block, type Message } from '../../../src/index.js';
import { card, message } from '../../helpers/message-fixtures.js';

/** How the service builds page URLs (adapters/web/team-links.ts): the public URL, then the encoded paper path. */
const pageOf = (id: string): string => `https://papers.example.org${paperPath(id)}`;

const others: Block[] = [
  { type: 'heading', text: 'Trending papers' },
  { type: 'text', text: 'https://arxiv.org/abs/1706.03762 is a link in text, not a card' },
  { type: 'note', text: 'small print' },
  { type: 'code', text: '@article{p1, title={A}}' },
  { type: 'actions', actions: [{ kind: 'next-page', label: 'Next page', invocation: { name: 'search', options: { query: 'x', page: 2 } } }] },
];

describe('withPaperPages', () => {
  it('links every card to its paper page and keeps its source link and everything else on it', () => {
    const first = card({ paperId: '1706.03762', codeUrl: 'https://github.com/a/b', why: '#1 on hf-trending' });
    const second = card({ paperId: 'noprop-training', title: 'NoProp', url: 'https://huggingface.co/papers/2503.24322' });
    const linked = withPaperPages(
      message([
        { type: 'paper', card: first },
        { type: 'paper', card: second },
      ]),
      pageOf,
    );
    expect(linked.blocks).toEqual([
      { type: 'paper', card: { ...first, pageUrl: 'https://papers.example.org/p/1706.03762' } },
      { type: 'paper', card: { ...second, pageUrl: 'https://papers.example.org/p/noprop-training' } },
    ]);
  });

  it('leaves every block that is not a card exactly as it was, in order, and the rest of the message too', () => {
    const original: Message = { ...message([others[0]!, { type: 'paper', card: card() }, ...others.slice(1)], 'channel', 'Trending'), file: { name: 'a.bib', mediaType: 'text/plain', content: 'x' } };
    const linked = withPaperPages(original, pageOf);
    expect(linked.blocks.filter((b) => b.type !== 'paper')).toEqual(others);
    expect(linked.blocks.map((b) => b.type)).toEqual(original.blocks.map((b) => b.type));
    expect({ ...linked, blocks: [] }).toEqual({ ...original, blocks: [] });
  });

  it('returns a message without cards unchanged, and an empty one too', () => {
    const plain = message(others);
    expect(withPaperPages(plain, pageOf)).toBe(plain);
    const empty = message([]);
    expect(withPaperPages(empty, pageOf)).toEqual(empty);
  });

  it('leaves a card as it was when there is no page for it (no public URL)', () => {
    const original = message([{ type: 'paper', card: card() }]);
    const linked = withPaperPages(original, () => undefined);
    expect(linked).toEqual(original);
    expect((linked.blocks[0] as { card: object }).card).not.toHaveProperty('pageUrl');
  });

  it('asks about each card by its own id, and only cards with a page get one', () => {
    const asked: string[] = [];
    const linked = withPaperPages(
      message([
        { type: 'paper', card: card({ paperId: 'known' }) },
        { type: 'paper', card: card({ paperId: 'unknown' }) },
      ]),
      (id) => {
        asked.push(id);
        return id === 'known' ? pageOf(id) : undefined;
      },
    );
    expect(asked).toEqual(['known', 'unknown']);
    expect(linked.blocks.map((b) => (b.type === 'paper' ? b.card.pageUrl : null))).toEqual(['https://papers.example.org/p/known', undefined]);
  });

  it('never changes the message it was given', () => {
    const original = message([{ type: 'paper', card: card() }]);
    const copy = structuredClone(original);
    withPaperPages(original, pageOf);
    expect(original).toEqual(copy);
  });

  it.each([
    ['a path', '../../team/slack/T1', '..%2F..%2Fteam%2Fslack%2FT1'],
    ['markup', '<script>alert(1)</script>', '%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
    ['an image', '<img src=x onerror=alert(1)>', '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E'],
    ['a Slack broadcast', '<!channel>', '%3C!channel%3E'],
    ['a Discord ping', '@everyone', '%40everyone'],
    ['an RTL override', 'abc\u202Etxt.exe', 'abc%E2%80%AEtxt.exe'],
    ['a query and fragment', 'x?token=1#y', 'x%3Ftoken%3D1%23y'],
    ['unicode', 'réseaux-神经', 'r%C3%A9seaux-%E7%A5%9E%E7%BB%8F'],
  ])('links a hostile id (%s) to its encoded page, which stays one segment under /p/', (_what, id, encoded) => {
    const linked = withPaperPages(message([{ type: 'paper', card: card({ paperId: id }) }]), pageOf);
    const pageUrl = (linked.blocks[0] as { card: { pageUrl: string } }).card.pageUrl;
    expect(pageUrl).toBe(`https://papers.example.org/p/${encoded}`);
    const parsed = new URL(pageUrl);
    expect(parsed.origin).toBe('https://papers.example.org');
    expect(parsed.pathname.split('/')).toHaveLength(3);
    expect(parsed.search + parsed.hash).toBe('');
    expect(decodeURIComponent(parsed.pathname.slice('/p/'.length))).toBe(id);
  });

  it('handles a huge digest of cards', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ type: 'paper' as const, card: card({ paperId: `p${i}` }) }));
    const linked = withPaperPages(message(many), pageOf);
    expect(linked.blocks).toHaveLength(5000);
    expect(linked.blocks.every((b, i) => b.type === 'paper' && b.card.pageUrl === `https://papers.example.org/p/p${i}`)).toBe(true);
  });
});

describe('sourceLabel', () => {
  it.each([
    ['https://arxiv.org/abs/1706.03762', 'arXiv'],
    ['http://export.arxiv.org/abs/1706.03762v2', 'arXiv'],
    ['https://ARXIV.ORG./pdf/1706.03762', 'arXiv'],
    ['https://huggingface.co/papers/2503.24322', 'Hugging Face'],
    ['https://hf.co/papers/2503.24322', 'Hugging Face'],
    ['https://www.openreview.net/forum?id=x', 'openreview.net'],
    ['https://proceedings.mlr.press/v1/a.html', 'proceedings.mlr.press'],
    // Names a paper could use to pass for arXiv show as the host they are.
    ['https://evilarxiv.org/abs/1', 'evilarxiv.org'],
    ['https://arxiv.org.evil.example/abs/1', 'arxiv.org.evil.example'],
    ['https://arxiv.org@evil.example/abs/1', 'evil.example'],
    ['https://аrxiv.org/abs/1', 'xn--rxiv-43d.org'],
    ['http://[::1]:8080/x', '::1'],
  ])('calls %s “%s”', (url, label) => {
    expect(sourceLabel(url)).toBe(label);
  });

  it.each([undefined, '', 'not a url', 'javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'ftp://arxiv.org/x'])('has no label for %j', (url) => {
    expect(sourceLabel(url)).toBeUndefined();
  });
});
