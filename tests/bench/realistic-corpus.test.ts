import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorPool } from '../../bench/realistic/author-names.js';
import { trainCorpusModel, type CorpusModel } from '../../bench/realistic/corpus-model.js';
import { draftJsonLine, realisticPapers } from '../../bench/realistic/realistic-corpus.js';
import { mulberry32 } from '../../bench/synthetic-corpus.js';
import { countChunk, heapsBeta, TextStatsCollector } from '../../bench/realistic/text-stats.js';
import { parseArxivId, parsePaperJsonLines, type PaperDraft } from '../../src/index.js';
import { acronymForm, findLongForm } from '../../src/search/acronyms.js';
import { isStopWord } from '../../src/text/analyzer.js';

// The shipped corpus alone: fast, and the same on every machine (SciFact may be missing).
let model: CorpusModel;
let sample: PaperDraft[];
beforeAll(() => {
  model = trainCorpusModel({ sourcePath: null });
  sample = [...realisticPapers(2000, { model, seed: 11 })];
});

const words = (text: string): number => text.split(' ').length;

describe('realistic corpus', () => {
  it('is the same for the same seed, different for another, and paper i is the same in any run', () => {
    const again = [...realisticPapers(300, { model, seed: 11 })];
    expect(again).toEqual(sample.slice(0, 300));
    const other = [...realisticPapers(300, { model, seed: 12 })];
    expect(other.filter((p, i) => p.title === again[i]!.title).length).toBeLessThan(5);
    expect([...realisticPapers(50, { model, seed: 11, first: 1200 })]).toEqual(sample.slice(1200, 1250));
  });

  it('writes JSON Lines that paperboy reads back without a single problem, links included', () => {
    const text = sample.map(draftJsonLine).join('');
    const { papers, problems } = parsePaperJsonLines(text);
    expect(problems).toEqual([]);
    expect(papers).toHaveLength(sample.length);
    papers.forEach((paper, i) => {
      // The links paperboy finds in the abstract are exactly the ones the generator recorded.
      expect(paper.codeUrls).toEqual(sample[i]!.codeUrls);
      expect(paper.links).toEqual(sample[i]!.links);
      expect(paper.title).toBe(sample[i]!.title);
    });
  });

  it('draws abstract and title lengths like arXiv papers', () => {
    const lengths = sample.map((p) => words(p.abstract!)).sort((a, b) => a - b);
    const median = lengths[lengths.length >> 1]!;
    expect(median).toBeGreaterThanOrEqual(170);
    expect(median).toBeLessThanOrEqual(220);
    expect(lengths.filter((n) => n >= 150 && n <= 250).length / lengths.length).toBeGreaterThan(0.55);
    expect(lengths.filter((n) => n < 150).length).toBeGreaterThan(50); // some short ones
    expect(lengths.filter((n) => n > 250).length).toBeGreaterThan(50); // some long ones
    expect(lengths[0]).toBeGreaterThanOrEqual(35);
    expect(lengths.at(-1)).toBeLessThanOrEqual(520);
    for (const paper of sample) {
      expect(words(paper.title)).toBeGreaterThanOrEqual(5);
      expect(words(paper.title)).toBeLessThanOrEqual(16);
    }
  });

  it('keeps adding words as the corpus grows (Heaps), with names reused Zipf-like', () => {
    const stats = new TextStatsCollector([2000, 20_000]);
    const chunk: PaperDraft[] = [];
    for (const paper of realisticPapers(20_000, { model, seed: 11 })) {
      chunk.push(paper);
      if (chunk.length === 1000) stats.merge(countChunk(chunk.splice(0)));
    }
    const [at2k, at20k] = stats.result().checkpoints;
    expect(at2k!.papers).toBe(2000);
    expect(at20k!.papers).toBe(20_000);
    const beta = heapsBeta(at2k!, at20k!);
    expect(beta).toBeGreaterThan(0.4);
    expect(beta).toBeLessThan(0.8);
    expect(stats.result().onceShare).toBeGreaterThan(0.3);
  }, 60_000);

  it('restates most of a title in its abstract, as real papers do', () => {
    // Three quarters of a real title's content words are in its abstract (shipped corpus and SciFact alike).
    const words = (text: string): string[] =>
      text
        .toLowerCase()
        .split(/[^\p{L}\p{N}-]+/u)
        .filter((w) => w.length >= 4 && !isStopWord(w));
    let found = 0;
    let all = 0;
    for (const paper of sample) {
      const inAbstract = new Set(words(paper.abstract!));
      for (const word of words(paper.title)) {
        all += 1;
        if (inAbstract.has(word)) found += 1;
      }
    }
    expect(found / all).toBeGreaterThan(0.6);
    expect(found / all).toBeLessThan(0.9);
  });

  it('numbers arXiv ids within their month, unique, newest first, 500-1500 papers a day', () => {
    const ids = sample.map((p) => p.arxivId!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const paper of sample) {
      expect(parseArxivId(paper.arxivId!)?.id).toBe(paper.arxivId);
      expect(paper.url).toBe(`https://arxiv.org/abs/${paper.arxivId}`);
      expect(paper.arxivId!.slice(0, 4)).toBe(paper.publishedAt!.slice(2, 4) + paper.publishedAt!.slice(5, 7));
    }
    const perDay = new Map<string, number>();
    for (const paper of sample) perDay.set(paper.publishedAt!, (perDay.get(paper.publishedAt!) ?? 0) + 1);
    const fullDays = [...perDay.values()].slice(0, -1); // the oldest day is cut off by the sample size
    expect(fullDays.every((n) => n >= 500 && n <= 1500)).toBe(true);
    expect([...perDay.keys()][0]).toBe('2026-11-26');
    // Newest first: within a month the numbers count down without gaps.
    const numbers = ids.map((id) => Number(id.slice(5)));
    for (let i = 1; i < ids.length; i += 1) {
      if (ids[i]!.slice(0, 4) === ids[i - 1]!.slice(0, 4)) expect(numbers[i]).toBe(numbers[i - 1]! - 1);
    }
  });

  it('puts 5-10% of papers on the trending feed, some for two days, ranked', () => {
    const shown = sample.filter((p) => p.appearances!.length > 0);
    // Each day shows 5-10% of its papers (rounded).
    expect(shown.length / sample.length).toBeGreaterThan(0.045);
    expect(shown.length / sample.length).toBeLessThan(0.105);
    expect(shown.some((p) => p.appearances!.length === 2)).toBe(true);
    for (const appearance of shown.flatMap((p) => p.appearances!)) {
      expect(appearance.source).toBe('hf-daily');
      expect(appearance.rank).toBeGreaterThanOrEqual(1);
      expect(appearance.upvotes).toBeGreaterThanOrEqual(0);
    }
  });

  it('links code in 20-30% of abstracts', () => {
    const withCode = sample.filter((p) => p.codeUrls!.length > 0).length / sample.length;
    expect(withCode).toBeGreaterThan(0.2);
    expect(withCode).toBeLessThan(0.3);
  });

  it('has 1-12 distinct authors a paper, accented names among them', () => {
    const papersOf = new Map<string, number>();
    for (const paper of sample) {
      const authors = paper.authors!;
      expect(authors.length).toBeGreaterThanOrEqual(1);
      expect(authors.length).toBeLessThanOrEqual(12);
      expect(new Set(authors).size).toBe(authors.length);
      for (const a of authors) papersOf.set(a, (papersOf.get(a) ?? 0) + 1);
    }
    expect([...papersOf.keys()].some((a) => /[^\x00-\x7f]/.test(a))).toBe(true);
  });

  it('reuses authors Zipf-like: a few prolific, most seen once', () => {
    // 250k author slots, a quarter of what a million papers need.
    const pool = new AuthorPool(7);
    const rng = mulberry32(7);
    const papersOf = new Map<string, number>();
    for (let i = 0; i < 50_000; i += 1) for (const a of pool.draw(5, rng)) papersOf.set(a, (papersOf.get(a) ?? 0) + 1);
    const counts = [...papersOf.values()];
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(50);
    expect(counts.filter((n) => n === 1).length / counts.length).toBeGreaterThan(0.35);
  });

  it('defines acronyms right after the words that spell them', () => {
    let definitions = 0;
    let spelled = 0;
    for (const { abstract } of sample) {
      for (const match of abstract!.matchAll(/(?<=\s)\(([A-Za-z][A-Za-z0-9-]{1,11})\)/g)) {
        const short = acronymForm(match[1]!);
        if (!short) continue;
        definitions += 1;
        const before = abstract!.slice(Math.max(0, match.index - 200), match.index);
        // Found by paperboy's miner, or (when its substring rule objects) spelled by initials.
        const initials = short.replace(/[^A-Z]/g, '');
        const parts = before
          .trim()
          .split(/[\s-]+/)
          .slice(-initials.length);
        if (findLongForm(short, before) !== undefined || parts.map((p) => p[0]).join('') === initials) spelled += 1;
      }
    }
    expect(definitions).toBeGreaterThan(200);
    expect(spelled / definitions).toBeGreaterThan(0.99);
  });
});

describe('realistic corpus sources', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-corpus-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads SciFact-style JSON Lines next to the shipped papers', () => {
    const file = join(dir, 'corpus.jsonl');
    const record = (i: number): string => JSON.stringify({ _id: String(i), title: `Gene ${i} regulates growth.`, text: `We show that gene ${i} regulates cell growth in mice. The effect is large.` });
    writeFileSync(file, `${[1, 2, 3].map(record).join('\n')}\n`);
    const warnings: string[] = [];
    const withSource = trainCorpusModel({ sourcePath: file, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    expect(withSource.sources.filter((s) => !s.ml).map((s) => s.title)).toEqual(['Gene 1 regulates growth', 'Gene 2 regulates growth', 'Gene 3 regulates growth']);
    expect(withSource.abstracts.size).toBeGreaterThan(model.abstracts.size);
  });

  it('falls back to the shipped papers, with a warning, when the source is missing', () => {
    const warnings: string[] = [];
    const fallback = trainCorpusModel({ sourcePath: join(dir, 'missing.jsonl'), warn: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('missing.jsonl');
    expect(fallback.sources).toHaveLength(model.sources.length);
    expect([...realisticPapers(3, { model: fallback })]).toHaveLength(3);
  });
});
