import { titleKey, titleSlug, shortHash } from '../ids/slug.js';
import { parseArxivId } from '../ids/arxiv-id.js';
import { PaperSchema, type Paper } from '../model/paper.js';
import { draftPaper } from './draft-paper.js';
import { mergePapers, samePaper } from './merge-papers.js';
import type { PaperDraft } from './load-result.js';

export type AddStatus = 'added' | 'updated' | 'unchanged';

/**
 * The corpus: papers by id, with the identity rules that make loading the same paper
 * twice a merge. Identity is, in order: an explicit id, the unversioned arXiv id, the
 * title's words. New ids are the arXiv id when known, else a title slug (with a short
 * hash of the title only when another paper already holds that slug), so ids come out
 * the same on every restart and re-ingest of the same data.
 */
export class PaperCollection {
  readonly #byId = new Map<string, Paper>();
  readonly #byArxivId = new Map<string, string>();
  readonly #byTitle = new Map<string, string>();

  get size(): number {
    return this.#byId.size;
  }

  /** All papers in insertion order (the order of the first sighting). */
  all(): IterableIterator<Paper> {
    return this.#byId.values();
  }

  /** A paper by id, arXiv id (any wrapper or version) or exact title. */
  get(ref: string): Paper | undefined {
    const direct = this.#byId.get(ref.trim());
    if (direct) return direct;
    const arxiv = parseArxivId(ref);
    const viaArxiv = arxiv && this.#byArxivId.get(arxiv.id);
    if (viaArxiv) return this.#byId.get(viaArxiv);
    const viaTitle = this.#byTitle.get(titleKey(ref));
    return viaTitle === undefined ? undefined : this.#byId.get(viaTitle);
  }

  add(draft: PaperDraft): { paper: Paper; status: AddStatus } {
    // Drafts from loaders are already clean; drafting again is cheap and idempotent, and it
    // makes any caller's draft obey the same rules (canonical arXiv id, links from the abstract).
    const drafted = draftPaper(draft);
    if (!drafted.ok) throw new Error(`invalid paper draft "${String(draft.title).slice(0, 60)}": ${drafted.reason}; validate input with a loader first`);
    const { line: _line, id: explicitId, ...fields } = drafted.draft;
    const body = PaperSchema.omit({ id: true }).parse(fields);
    const existingId = this.#findExisting(explicitId, body.arxivId, body.title);
    if (existingId !== undefined) {
      const before = this.#byId.get(existingId)!;
      const after = mergePapers(before, body);
      if (samePaper(before, after)) return { paper: before, status: 'unchanged' };
      this.#store(after);
      return { paper: after, status: 'updated' };
    }
    const paper: Paper = { id: explicitId ?? this.#newId(body.arxivId, body.title), ...body };
    this.#store(paper);
    return { paper, status: 'added' };
  }

  addAll(drafts: Iterable<PaperDraft>): Record<AddStatus, number> {
    const counts: Record<AddStatus, number> = { added: 0, updated: 0, unchanged: 0 };
    for (const draft of drafts) counts[this.add(draft).status] += 1;
    return counts;
  }

  #findExisting(explicitId: string | undefined, arxivId: string | undefined, title: string): string | undefined {
    if (explicitId !== undefined) {
      // An explicit id is authoritative: a different id is a different paper, even with the same title.
      if (this.#byId.has(explicitId)) return explicitId;
      return arxivId === undefined ? undefined : this.#byArxivId.get(arxivId);
    }
    if (arxivId !== undefined) {
      const known = this.#byArxivId.get(arxivId);
      if (known !== undefined) return known;
      // A paper first seen without its arXiv id (a page export) gains it now.
      const sameTitle = this.#byTitle.get(titleKey(title));
      return sameTitle !== undefined && this.#byId.get(sameTitle)?.arxivId === undefined ? sameTitle : undefined;
    }
    return this.#byTitle.get(titleKey(title));
  }

  #newId(arxivId: string | undefined, title: string): string {
    if (arxivId !== undefined && !this.#byId.has(arxivId)) return arxivId;
    const slug = titleSlug(title);
    if (!this.#byId.has(slug)) return slug;
    let candidate = `${slug}-${shortHash(titleKey(title))}`;
    for (let n = 2; this.#byId.has(candidate); n += 1) candidate = `${slug}-${shortHash(`${titleKey(title)}#${n}`)}`;
    return candidate;
  }

  #store(paper: Paper): void {
    this.#byId.set(paper.id, paper);
    if (paper.arxivId !== undefined) this.#byArxivId.set(paper.arxivId, paper.id);
    const key = titleKey(paper.title);
    if (!this.#byTitle.has(key)) this.#byTitle.set(key, paper.id);
  }
}
