import { describe, expect, it } from 'vitest';
import type { MatchNode } from '../../../src/index.js';
import { termNode } from '../../../src/search/match-tree.js';
import { narrowing } from '../../../adapters/search-sqlite/common-words.js';

/**
 * At a million papers a word like "model" is in most of them, and scoring every one of
 * them takes about a second: the disk engine looks for the best papers among those with the
 * query's rarer words, or with its common words in the title.
 */
const papersWith = (term: string): number => ({ model: 800_000, cell: 500_000, monopolar: 40, learn: 60_000, lora: 900 })[term] ?? 0;
const any = (...nodes: MatchNode[]): MatchNode => ({ kind: 'any', nodes });

describe('narrowing a search with common words', () => {
  it('GIVEN no common word, or a corpus too small for any THEN the search is not narrowed', () => {
    expect(narrowing(any(termNode('monopolar'), termNode('lora')), papersWith)).toBeUndefined();
    expect(narrowing(any(termNode('model'), termNode('cell')), papersWith, 1_000_000)).toBeUndefined();
  });

  it('GIVEN a rarer word THEN the candidates have it, and else every common word in the title', () => {
    expect(narrowing(any(termNode('model'), termNode('monopolar'), termNode('cell')), papersWith)).toEqual({ rarer: '("monopolar")', common: '({title}: ("model" AND "cell"))' });
  });

  it('GIVEN only common words THEN the candidates have them all in the title; one alone, in the title', () => {
    expect(narrowing(any(termNode('model'), termNode('learn')), papersWith)).toEqual({ common: '({title}: ("model" AND "learn"))' });
    expect(narrowing(termNode('model'), papersWith)).toEqual({ common: '({title}: "model")' });
  });

  it('GIVEN a phrase or a word in one field THEN it counts as rarer, whatever its words', () => {
    const tree = any(termNode('model'), { kind: 'phrase', terms: ['model', 'cell'], weight: 1 }, termNode('model', 0.5, ['aliases']));
    expect(narrowing(tree, papersWith)).toEqual({ rarer: '({text title}: "model cell" OR {aliases}: "model")', common: '({title}: "model")' });
  });

  it('GIVEN an exclusion THEN only what it excludes from is looked at; GIVEN a required branch THEN the search is not narrowed', () => {
    const without: MatchNode = { kind: 'without', include: any(termNode('model'), termNode('monopolar')), exclude: termNode('cell') };
    expect(narrowing(without, papersWith)).toEqual({ rarer: '("monopolar")', common: '({title}: "model")' });
    expect(narrowing({ kind: 'all', nodes: [termNode('model'), termNode('cell')] }, papersWith)).toBeUndefined();
  });
});
