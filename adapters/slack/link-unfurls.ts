import { parseArxivId, type Paper } from '../../src/index.js';

/**
 * Which shared links paperboy can show a card for: arxiv.org abs/pdf/html links (any
 * version) and huggingface.co/papers pages, when the corpus knows the paper (by arXiv id,
 * or by id for the corpus's own slugs in a huggingface.co/papers link).
 */
const SUPPORTED = /^https?:\/\/(?:www\.|export\.)?(?:arxiv\.org\/(?:abs|pdf|html)\/|huggingface\.co\/papers\/)/i;

export function paperForLink(url: string, lookup: (ref: string) => Paper | undefined): Paper | undefined {
  if (!SUPPORTED.test(url)) return undefined;
  const arxiv = parseArxivId(url);
  if (arxiv) return lookup(arxiv.id);
  return undefined;
}
