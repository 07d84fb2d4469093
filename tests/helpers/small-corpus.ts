import { createPaperboy, PaperCollection, type PaperDraft, type Paperboy } from '../../src/index.js';

/** A hand-made corpus with authors, dates, code links and edge cases the shipped page lacks. */
export const SMALL_CORPUS: PaperDraft[] = [
  {
    title: 'Sparse Mixture of Experts Routing',
    abstract: 'We route tokens to experts with a learned gate. The Mixture of Experts (MoE) layer scales capacity cheaply.',
    authors: ['Noam Shazeer', 'Geoffrey E. Hinton'],
    arxivId: '1701.06538',
    publishedAt: '2017-01-23',
    appearances: [{ source: 'hf-daily', date: '2026-11-20', rank: 4, upvotes: 12 }],
  },
  {
    title: 'Survey of Expert Routing',
    abstract: 'A survey of mixture of experts models, gating and load balancing, from 1991 to today.',
    authors: ['Jürgen Schmidhuber'],
    publishedAt: '2024-03-01',
    appearances: [{ source: 'hf-daily', date: '2026-11-25', rank: 2 }],
  },
  {
    title: 'Low-Rank Adaptation of Large Language Models',
    abstract: 'We propose Low-Rank Adaptation (LoRA): we freeze the weights and inject trainable rank decomposition matrices. Code: https://github.com/microsoft/LoRA.',
    authors: ['Edward Hu', 'Yelong Shen'],
    arxivId: '2106.09685',
    publishedAt: '2021-06-17',
    appearances: [{ source: 'hf-daily', date: '2026-11-26', rank: 1, upvotes: 300 }],
  },
  {
    title: 'Adapters Everywhere',
    abstract: 'LoRA adapters fine-tune large models with few parameters; we study where to place them.',
    authors: ['Ada Lovelace'],
    publishedAt: '2025-09-01',
    appearances: [{ source: 'hf-daily', date: '2026-11-26', rank: 2, upvotes: 5 }],
  },
  {
    title: 'Image Classification with Deep Convolutional Networks',
    abstract: 'Deep convolutional networks trained with back-propagation classify images. We report image classification results.',
    authors: ['Alex Krizhevsky', 'Geoffrey Hinton'],
    publishedAt: '2012-12-03',
  },
];

export function smallPaperboy(): Paperboy {
  const papers = new PaperCollection();
  papers.addAll(SMALL_CORPUS);
  return createPaperboy({ papers });
}
