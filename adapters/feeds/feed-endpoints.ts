/** Where each feed lives; configuration overrides them for mirrors, proxies and tests. */
export interface FeedEndpoints {
  /** Hugging Face's `/api/daily_papers`. */
  readonly hfDailyPapers: string;
  /** arXiv's API `/api/query`. */
  readonly arxivApi: string;
  /** arXiv's announcement feeds, `/rss/` (the category is appended). */
  readonly arxivRss: string;
}

export const DEFAULT_ENDPOINTS: FeedEndpoints = {
  hfDailyPapers: 'https://huggingface.co/api/daily_papers',
  arxivApi: 'https://export.arxiv.org/api/query',
  arxivRss: 'https://rss.arxiv.org/rss/',
};
