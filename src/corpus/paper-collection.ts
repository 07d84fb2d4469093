import { titleKey, titleSlug, shortHash } from '../ids/slug.js';
import { parseArxivId } from '../ids/arxiv-id.js';
import { PaperSchema, type Paper } from '../model/paper.js';
import type { PaperTable } from '../ports/paper-table.port.js';
import { draftPaper } from './draft-paper.js';
import { mergePapers, samePaper } from './merge-papers.js';
import { MemoryPaperTable } from './memory-paper-table.js';
import type { PaperDraft } from './load-result.js';

export type AddStatus = 'added' | 'updated' | 'unchanged';

export interface AddResult {
  readonly paper: Paper;
  readonly status: AddStatus;
  /** Set when the record's own id belonged to a different paper, so it got another one. */
  readonly renamedFrom?: string;
  /** For `updated`: the paper as it was, so callers can say what changed. */
  readonly previous?: Paper;
}

export interface AddSummary extends Record<AddStatus, number> {
  readonly renamed: ReadonlyArray<{ readonly from: string; readonly to: string; readonly title: string }>;
}

type PaperBody = Omit<Paper, 'id'>;
/** Built once: zod compiles a schema on first use, so a schema per paper costs 40× the parse. */
const PAPER_BODY = PaperSchema.omit({ id: true });

/** Whether an existing paper and an incoming record are the same work. */
function sameWork(existing: Paper, incoming: PaperBody): boolean {
  if (existing.arxivId !== undefined && incoming.arxivId !== undefined) return existing.arxivId === incoming.arxivId;
  return titleKey(existing.title) === titleKey(incoming.title);
}

/**
 * The corpus: papers by id, with the identity rules that make loading the same paper
 * twice a merge. Identity is, in order: the unversioned arXiv id (two papers never share
 * one), an explicit id when it names the same work (same arXiv id or title words), the
 * title's words. New ids are the arXiv id when known, else a title slug (with a short hash
 * of the title only when another paper already holds that slug). An explicit id that
 * already belongs to a different paper is not trusted: the record gets its own id and the
 * rename is reported, so one team's export never overwrites another's paper.
 *
 * The papers themselves live in a PaperTable (memory or SQLite); the rules live here.
 */
export class PaperCollection {
  readonly table: PaperTable;

  constructor(table: PaperTable = new MemoryPaperTable()) {
    this.table = table;
  }

  get size(): number {
    return this.table.size;
  }

  /** All papers in insertion order (the order of the first sighting). */
  all(): Iterable<Paper> {
    return this.table.all();
  }

  /** A paper by id (any case), arXiv id (any wrapper or version) or exact title. */
  get(ref: string): Paper | undefined {
    const wanted = ref.trim();
    if (wanted === '') return undefined;
    const direct = this.table.byId(wanted) ?? this.table.byId(this.table.idOfAlias(wanted) ?? this.table.idOfAlias(wanted.toLowerCase()) ?? wanted.toLowerCase());
    if (direct) return direct;
    const arxiv = parseArxivId(wanted);
    const viaArxiv = arxiv && this.table.idOfArxiv(arxiv.id);
    if (viaArxiv) return this.table.byId(viaArxiv);
    const viaTitle = this.table.idOfTitleKey(titleKey(wanted));
    return viaTitle === undefined ? undefined : this.table.byId(viaTitle);
  }

  add(draft: PaperDraft): AddResult {
    // Drafts from loaders are already clean; drafting again is cheap and idempotent, and it
    // makes any caller's draft obey the same rules (canonical arXiv id, links from the abstract).
    const drafted = draftPaper(draft);
    if (!drafted.ok) throw new Error(`invalid paper draft "${String(draft.title).slice(0, 60)}": ${drafted.reason}; validate input with a loader first`);
    const { line: _line, id: explicitId, ...fields } = drafted.draft;
    const body = PAPER_BODY.parse(fields);

    const knownId = this.#findExisting(explicitId, body);
    if (knownId !== undefined) {
      if (explicitId !== undefined && explicitId !== knownId && !this.table.byId(explicitId)) this.table.putAlias(explicitId, knownId);
      const before = this.table.byId(knownId)!;
      const after = mergePapers(before, body);
      if (samePaper(before, after)) return { paper: before, status: 'unchanged' };
      this.table.put(after);
      return { paper: after, status: 'updated', previous: before };
    }
    const usable = explicitId !== undefined && !this.table.byId(explicitId) ? explicitId : undefined;
    const paper: Paper = { id: usable ?? this.#newId(body.arxivId, body.title), ...body };
    this.table.put(paper);
    return explicitId !== undefined && usable === undefined ? { paper, status: 'added', renamedFrom: explicitId } : { paper, status: 'added' };
  }

  addAll(drafts: Iterable<PaperDraft>): AddSummary {
    const counts: Record<AddStatus, number> = { added: 0, updated: 0, unchanged: 0 };
    const renamed: Array<{ from: string; to: string; title: string }> = [];
    for (const draft of drafts) {
      const result = this.add(draft);
      counts[result.status] += 1;
      if (result.renamedFrom !== undefined) renamed.push({ from: result.renamedFrom, to: result.paper.id, title: result.paper.title });
    }
    return { ...counts, renamed };
  }

  #findExisting(explicitId: string | undefined, body: PaperBody): string | undefined {
    if (body.arxivId !== undefined) {
      const known = this.table.idOfArxiv(body.arxivId);
      if (known !== undefined) return known;
    }
    if (explicitId !== undefined) {
      const existing = this.table.byId(explicitId) ?? this.table.byId(this.table.idOfAlias(explicitId) ?? '');
      // A record's own id is trusted only for the same work; see the class comment.
      return existing && sameWork(existing, body) ? existing.id : undefined;
    }
    const sameTitle = this.table.idOfTitleKey(titleKey(body.title));
    if (sameTitle === undefined) return undefined;
    // A paper first seen without its arXiv id (a page export) gains it now; one with another arXiv id is another paper.
    const existing = this.table.byId(sameTitle)!;
    return body.arxivId === undefined || existing.arxivId === undefined ? sameTitle : undefined;
  }

  #newId(arxivId: string | undefined, title: string): string {
    if (arxivId !== undefined && !this.table.byId(arxivId)) return arxivId;
    const slug = titleSlug(title);
    if (!this.table.byId(slug)) return slug;
    let candidate = `${slug}-${shortHash(titleKey(title))}`;
    for (let n = 2; this.table.byId(candidate); n += 1) candidate = `${slug}-${shortHash(`${titleKey(title)}#${n}`)}`;
    return candidate;
  }
}
