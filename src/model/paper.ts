import { z } from 'zod';

/** Hard caps that keep one hostile record from bloating the index or a chat message. */
export const MAX_TITLE_LENGTH = 500;
export const MAX_ABSTRACT_LENGTH = 20_000;
export const MAX_AUTHORS = 500;

const isoDate = z.iso.date();
/** A calendar date or a full timestamp; sources give either. */
const dateOrTimestamp = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const httpUrl = z.url({ protocol: /^https?$/ });

/** One sighting of a paper in a feed: where, on which day, at which position. */
export const FeedAppearanceSchema = z.object({
  source: z.string().min(1).max(100),
  date: isoDate,
  rank: z.number().int().min(1).optional(),
  upvotes: z.number().int().min(0).optional(),
});
export type FeedAppearance = z.infer<typeof FeedAppearanceSchema>;

export const PaperSchema = z.object({
  id: z
    .string()
    .min(1, 'must not be empty')
    .max(200, 'is longer than 200 characters')
    .regex(/^[\p{L}\p{N}][\p{L}\p{M}\p{N}._:/-]*$/u, 'may only hold letters, digits and . _ : / -'),
  title: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, 'must not be empty')
    .max(MAX_TITLE_LENGTH, `is longer than ${MAX_TITLE_LENGTH} characters`),
  abstract: z.string().max(MAX_ABSTRACT_LENGTH).default(''),
  authors: z.array(z.string().trim().min(1).max(300)).max(MAX_AUTHORS).default([]),
  url: httpUrl.optional(),
  pdfUrl: httpUrl.optional(),
  codeUrls: z.array(httpUrl).default([]),
  /** Other links the abstract mentions (project pages, datasets). */
  links: z.array(httpUrl).default([]),
  publishedAt: dateOrTimestamp.optional(),
  arxivId: z.string().min(1).max(50).optional(),
  /** The newest arXiv version seen (v2 → 2); a new version updates the paper, it never makes it new. */
  arxivVersion: z.number().int().min(1).max(9999).optional(),
  appearances: z.array(FeedAppearanceSchema).default([]),
  addedAt: dateOrTimestamp.optional(),
});

/** The canonical paper record: what the bot writes as JSON Lines and reads back. */
export type Paper = z.infer<typeof PaperSchema>;

/** What a source hands in: like a Paper, but the id may still have to be derived. */
export const PaperInputSchema = PaperSchema.extend({ id: PaperSchema.shape.id.optional() });
export type PaperInput = z.input<typeof PaperInputSchema>;

/** The day a paper counts from for `since:` filters: publication, else its first feed day. */
export function paperDate(paper: Paper): string | undefined {
  if (paper.publishedAt) return paper.publishedAt.slice(0, 10);
  let first: string | undefined;
  for (const a of paper.appearances) if (first === undefined || a.date < first) first = a.date;
  return first ?? paper.addedAt?.slice(0, 10);
}
