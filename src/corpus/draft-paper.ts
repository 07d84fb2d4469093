import { z } from 'zod';
import { arxivAbsUrl, arxivPdfUrl, parseArxivId } from '../ids/arxiv-id.js';
import { MAX_ABSTRACT_LENGTH, PaperInputSchema } from '../model/paper.js';
import { cleanText, truncateAtWord } from '../text/clean-text.js';
import { cleanUrl, extractLinks } from './abstract-links.js';
import type { PaperDraft } from './load-result.js';

/** Fields as a source hands them over, before cleaning and validation. */
export interface RawPaperFields {
  readonly id?: unknown;
  readonly title?: unknown;
  readonly abstract?: unknown;
  readonly [field: string]: unknown;
}

export type DraftOutcome =
  | { readonly ok: true; readonly draft: PaperDraft; readonly warnings: string[] }
  | { readonly ok: false; readonly reason: string };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

function cleanStrings(value: unknown): unknown {
  return Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? cleanText(v) : v)).filter((v) => v !== '') : value;
}

/** Keeps the URLs that parse, so one bad link never costs the whole paper. */
function cleanUrls(value: unknown, warnings: string[]): unknown {
  if (!Array.isArray(value)) return value;
  const kept: string[] = [];
  for (const v of value) {
    const url = typeof v === 'string' ? cleanUrl(v) : undefined;
    if (url) kept.push(url);
    else warnings.push(`dropped link ${JSON.stringify(String(v).slice(0, 80))}: not an http(s) URL`);
  }
  return kept;
}

/**
 * Turns one source record into a validated draft: text cleaned, abstract capped, links
 * pulled out of the abstract, the arXiv id found in whatever field carries it.
 */
export function draftPaper(raw: RawPaperFields): DraftOutcome {
  const warnings: string[] = [];
  const fields: Record<string, unknown> = { ...raw };
  if (typeof raw.title === 'string') fields.title = cleanText(raw.title);
  if (typeof raw.abstract === 'string') {
    let abstract = cleanText(raw.abstract);
    if (abstract.length > MAX_ABSTRACT_LENGTH) {
      warnings.push(`abstract cut from ${abstract.length} to ${MAX_ABSTRACT_LENGTH} characters`);
      abstract = truncateAtWord(abstract, MAX_ABSTRACT_LENGTH);
    }
    fields.abstract = abstract;
  }
  fields.authors = cleanStrings(raw.authors);
  fields.codeUrls = cleanUrls(raw.codeUrls, warnings);
  fields.links = cleanUrls(raw.links, warnings);
  for (const key of ['url', 'pdfUrl'] as const) {
    if (typeof raw[key] !== 'string') continue;
    const url = cleanUrl(raw[key]);
    if (url) {
      fields[key] = url;
    } else {
      warnings.push(`dropped ${key} ${JSON.stringify(raw[key].slice(0, 80))}: not an http(s) URL`);
      delete fields[key];
    }
  }
  if (Array.isArray(raw.appearances)) {
    fields.appearances = raw.appearances.map((a: unknown) =>
      a !== null && typeof a === 'object' && typeof (a as { source?: unknown }).source === 'string'
        ? { ...a, source: cleanText((a as { source: string }).source) }
        : a,
    );
  }

  const arxiv = [raw.arxivId, raw.url, raw.pdfUrl]
    .map((v) => (typeof v === 'string' ? parseArxivId(v) : undefined))
    .find((v) => v !== undefined);
  if (raw.arxivId !== undefined && !(typeof raw.arxivId === 'string' && parseArxivId(raw.arxivId))) {
    warnings.push(`ignored arxivId ${JSON.stringify(String(raw.arxivId).slice(0, 40))}: not an arXiv identifier`);
    delete fields.arxivId;
  }
  if (arxiv) {
    fields.arxivId = arxiv.id;
    fields.url ??= arxivAbsUrl(arxiv.id);
    fields.pdfUrl ??= arxivPdfUrl(arxiv.id);
  }

  const parsed = PaperInputSchema.safeParse(fields);
  if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error) };
  const draft = parsed.data;
  const found = extractLinks(draft.abstract);
  const codeUrls = [...new Set([...draft.codeUrls, ...found.codeUrls])];
  const links = [...new Set([...draft.links, ...found.links])].filter((l) => !codeUrls.includes(l));
  return { ok: true, draft: { ...draft, codeUrls, links }, warnings };
}
