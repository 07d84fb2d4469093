import { describe, expect, it } from 'vitest';
import { PaperCollection, analysePaper, analysisFinder, packAnalyses, unpackAnalysis, type AnalysedText, type PaperDraft } from '../../../src/index.js';

/**
 * A bulk ingest analyses papers' words in a worker thread and sends them back packed; the
 * index must receive exactly what analysing the paper itself gives, or nothing when the
 * paper the ingest kept is not the record that was analysed.
 */
const texts: AnalysedText[] = [
  { title: 'Low-Rank Adaptation of Large Language Models', abstract: 'We propose LoRA, a state-of-the-art fine-tuning method (see https://github.com/x/y).', authors: ['Edward Hu', 'Yelong Shen'] },
  { title: 'Ünïcode façade: naïve Bayes für Käse — 深度学习', abstract: '', authors: ['Zoë Ångström', 'Łukasz Kaiser'] },
  { title: 'Title only' },
  { title: 'A physics paper', abstract: 'Many authors.', authors: Array.from({ length: 120 }, (_, i) => `Author Number${i}`) },
  { title: 'Repeats repeat repeated words: multi-head multi-head attention', abstract: 'multi-head, multi-head and self-attention again and again', authors: [] },
];

describe('packed paper analyses', () => {
  it('GIVEN papers of every shape THEN unpacking gives what analysing each paper gives', () => {
    const packed = packAnalyses(texts.map(analysePaper));
    expect(packed.rows).toHaveLength(texts.length);
    for (const [i, text] of texts.entries()) expect(unpackAnalysis(packed, i)).toEqual(analysePaper(text));
  });

  it('GIVEN words shared by many papers THEN each crosses once', () => {
    const same = Array.from({ length: 50 }, () => texts[0]!);
    const packed = packAnalyses(same.map(analysePaper));
    expect(new Set(packed.words).size).toBe(packed.words.length);
    expect(packed.words.length).toBe(packAnalyses([analysePaper(texts[0]!)]).words.length);
  });

  it('GIVEN no papers THEN nothing is packed', () => {
    expect(packAnalyses([])).toEqual({ words: [], rows: [] });
  });
});

describe('finding the analysis of an ingested paper', () => {
  const paperOf = (draft: PaperDraft) => {
    const collection = new PaperCollection();
    collection.add(draft);
    return [...collection.all()][0]!;
  };

  it('GIVEN the paper came unchanged from a record THEN its analysis is that record’s', () => {
    const records: PaperDraft[] = [
      { title: 'Alpha paper', abstract: 'About alpha.', authors: ['Ann A'] },
      { title: 'Beta paper', abstract: 'About beta.', authors: ['Bob B'] },
    ];
    const find = analysisFinder(records, packAnalyses(records.map(analysePaper)));
    expect(find(paperOf(records[1]!))).toEqual(analysePaper(records[1]!));
  });

  it('GIVEN a merge kept another abstract, other authors, or the title is unknown THEN there is no analysis and the writer analyses the paper itself', () => {
    const records: PaperDraft[] = [{ title: 'Alpha paper', abstract: 'About alpha.', authors: ['Ann A'] }];
    const find = analysisFinder(records, packAnalyses(records.map(analysePaper)));
    expect(find(paperOf({ title: 'Alpha paper', abstract: 'An older, longer abstract.', authors: ['Ann A'] }))).toBeUndefined();
    expect(find(paperOf({ title: 'Alpha paper', abstract: 'About alpha.', authors: ['Ann A', 'Cy C'] }))).toBeUndefined();
    expect(find(paperOf({ title: 'Gamma paper', abstract: 'About alpha.', authors: ['Ann A'] }))).toBeUndefined();
  });

  it('GIVEN two records with one title THEN the one whose words the paper has is used', () => {
    const records: PaperDraft[] = [
      { title: 'Same title', abstract: 'First text.', authors: [] },
      { title: 'Same title', abstract: 'Second text about zebras.', authors: [] },
    ];
    const find = analysisFinder(records, packAnalyses(records.map(analysePaper)));
    expect(find(paperOf(records[1]!))?.text).toContain('zebra');
  });
});
