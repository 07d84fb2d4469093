/**
 * arXiv identifiers in every wrapper people paste: `2401.01234v2`, `arXiv:2401.01234`,
 * `https://arxiv.org/abs/…`, `/pdf/….pdf`, `/html/…`, `oai:arXiv.org:…`,
 * `https://huggingface.co/papers/…` (HF pages are keyed by the arXiv id), and old-style
 * `hep-th/9901001` or `math.GT/0309136` (subject class dropped, archive kept whole).
 * The dedup key is the unversioned canonical id; the version travels beside it.
 */
export interface ArxivId {
  /** Canonical, unversioned: `2401.01234`, `hep-th/9901001`. */
  readonly id: string;
  readonly version?: number;
}

const NEW_STYLE = /^(\d{2})(\d{2})\.(\d{4,5})(?:v([1-9]\d{0,3}))?$/;
const OLD_STYLE = /^([a-z][a-z-]*[a-z])(?:\.[A-Z]{2})?\/(\d{2})(\d{2})(\d{3})(?:v([1-9]\d{0,3}))?$/;
const WRAPPER = /^(?:https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html|format)\/|https?:\/\/(?:www\.)?huggingface\.co\/papers\/|arxiv:|oai:arxiv\.org:)/i;

function validMonth(mm: string): boolean {
  const m = Number(mm);
  return m >= 1 && m <= 12;
}

function versionOf(v: string | undefined): { version?: number } {
  return v === undefined ? {} : { version: Number(v) };
}

/** Parses one identifier (possibly wrapped); `undefined` when the text is not an arXiv id. */
export function parseArxivId(text: string): ArxivId | undefined {
  let s = text.trim();
  if (s.length === 0 || s.length > 200) return undefined;
  s = s
    .replace(WRAPPER, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .replace(/\.pdf$/i, '');
  const n = NEW_STYLE.exec(s);
  if (n) {
    const [, yy, mm, num, v] = n as unknown as [string, string, string, string, string | undefined];
    if (!validMonth(mm)) return undefined;
    // Four-digit numbers ran from 0704 to 1412; five digits from 1501 on.
    const yymm = Number(yy + mm);
    if (num.length === 4 && (yymm < 704 || yymm > 1412)) return undefined;
    if (num.length === 5 && yymm < 1501) return undefined;
    return { id: `${yy}${mm}.${num}`, ...versionOf(v) };
  }
  const o = OLD_STYLE.exec(s);
  if (o) {
    const [, archive, yy, mm, num, v] = o as unknown as [string, string, string, string, string, string | undefined];
    if (!validMonth(mm)) return undefined;
    return { id: `${archive}/${yy}${mm}${num}`, ...versionOf(v) };
  }
  return undefined;
}

/** The abstract page of an arXiv paper. */
export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}

/** The PDF of an arXiv paper (latest version). */
export function arxivPdfUrl(id: string): string {
  return `https://arxiv.org/pdf/${id}`;
}
