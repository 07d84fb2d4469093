import { describe, expect, it } from 'vitest';
import { acronymAliases } from '../../../src/search/acronym-aliases.js';
import { AcronymMiner, findLongForm } from '../../../src/search/acronyms.js';
import { analyze } from '../../../src/text/analyzer.js';

function tableOf(...texts: string[]) {
  const miner = new AcronymMiner();
  for (const text of texts) miner.addText(text);
  return miner.table();
}

describe('acronym definitions mined from text', () => {
  it.each([
    ['Low-Rank Adaptation', 'LoRA', 'low-rank adaptation'],
    ['we use a mixture of experts', 'MoE', 'mixture of experts'],
    ['deep state space models', 'SSMs', 'state space models'],
    ['the ﬁrst Low-Rank Adaptation', 'LoRA', 'low-rank adaptation'],
    ['convolutional neural networks', 'CNNs', 'convolutional neural networks'],
  ])('reads "%s (%s)"', (before, short, expected) => {
    expect(findLongForm(short.replace(/s$/, ''), before)).toBe(expected);
  });

  it('refuses chance alignments across long phrases', () => {
    expect(findLongForm('MNIST', 'minimal LSTM simple handwritten digit recognition')).toBeUndefined();
    expect(findLongForm('IT', 'it')).toBeUndefined();
  });

  it('keeps the common expansions of an acronym, most frequent first', () => {
    const table = tableOf('multi-layer perceptron (MLP)', 'a multi-layer perceptron (MLP)', 'multilayer perceptron (MLP)', 'Maximum Likelihood Principle (MLP)');
    // Ties in frequency go alphabetically, so the table does not depend on corpus order.
    expect(table.expansions.get('mlp')).toEqual([analyze('multi layer perceptron'), analyze('maximum likelihood principle'), analyze('multilayer perceptron')]);
  });
});

describe('acronymAliases', () => {
  const table = tableOf('Low-Rank Adaptation (LoRA) is popular.', 'Mixture of Experts (MoE) layers.');

  it('indexes a paper that only spells out a long form under the acronym', () => {
    expect(acronymAliases(analyze('We study low-rank adaptation of large models.'), table)).toEqual(['lora']);
  });

  it('adds nothing to a paper that writes both forms, or only the acronym', () => {
    expect(acronymAliases(analyze('Low-rank adaptation (LoRA) of models.'), table)).toEqual([]);
    expect(acronymAliases(analyze('LoRA adapters everywhere.'), table)).toEqual([]);
  });

  it('needs the whole long form, in order', () => {
    expect(acronymAliases(analyze('adaptation of low rank matrices'), table)).toEqual([]);
  });
});

describe('acronymAliases over long forms that start alike', () => {
  const table = tableOf(
    'Large Language Models (LLMs) write text.',
    'Large Vision Models (LVMs) see images.',
    'large language model agents (LLMAs) act.',
    'Deep Reinforcement Learning (DRL) plays games.',
  );

  it('finds each long form among many sharing a first word, and every one a text spells out', () => {
    expect(acronymAliases(analyze('We fine-tune large vision models.'), table)).toEqual(['lvm']);
    expect(acronymAliases(analyze('Large language model agents use tools.'), table).sort()).toEqual(['llm', 'llma']);
    expect(acronymAliases(analyze('Large vision models meet deep reinforcement learning.'), table).sort()).toEqual(['drl', 'lvm']);
  });

  it('finds a long form at the very end of a text, and none in a text that stops half-way through one', () => {
    expect(acronymAliases(analyze('we study large language models'), table)).toEqual(['llm']);
    expect(acronymAliases(analyze('we study the large'), table)).toEqual([]);
    expect(acronymAliases([], table)).toEqual([]);
  });
});
