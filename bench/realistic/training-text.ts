import { existsSync, readFileSync } from 'node:fs';
import { acronymForm, findLongForm } from '../../src/search/acronyms.js';
import { shippedDrafts } from '../corpora.js';
import type { TrainingDocument } from './markov-text.js';

/**
 * Real titles and abstracts, turned into Markov chain training tokens. What the generator
 * puts in itself is taken out of the real text:
 * - rare names ("NoProp", "BossNAS") become slots, filled with invented names at
 *   generation time; common ones ("MNIST", "LLMs", "DNA") stay ordinary words;
 * - names in parentheses are glued to their long form when they are common acronyms that
 *   paperboy's miner can expand ("magnetic resonance imaging (MRI)" becomes one token),
 *   and dropped otherwise, so "(MRI)" never follows random words;
 * - sentences with links go, since the generator writes its own code links;
 * - structured-abstract headings ("BACKGROUND", "CONCLUSIONS") go: arXiv has none.
 */
export interface SourcePaper {
  readonly title: string;
  readonly abstract: string;
  /** From the shipped ML corpus (weighted up), not the biomedical source. */
  readonly ml: boolean;
}

/** Marks a name slot inside a token; the punctuation around it stays. */
export const SLOT = '\uE000';
/** A name in this many source documents is common vocabulary, not a slot. */
const COMMON_DF = 3;

/** The shipped ML papers, plus SciFact-style `{title, text}` JSON Lines when the file exists. */
export function loadSourcePapers(sourcePath: string | null, warn: (message: string) => void): SourcePaper[] {
  const papers: SourcePaper[] = shippedDrafts().map((d) => ({ title: d.title, abstract: d.abstract ?? '', ml: true }));
  if (sourcePath === null) return papers;
  if (!existsSync(sourcePath)) {
    warn(`${sourcePath} is missing: training on the ${papers.length} shipped papers alone, so the text will repeat more`);
    return papers;
  }
  let skipped = 0;
  for (const line of readFileSync(sourcePath, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = parsed(line);
    if (typeof record?.title !== 'string' || typeof record.text !== 'string') {
      skipped += 1;
      continue;
    }
    papers.push({ title: record.title.replace(/\.\s*$/, ''), abstract: record.text, ml: false });
  }
  if (skipped > 0) warn(`${sourcePath}: skipped ${skipped} lines without a JSON title and text`);
  return papers;
}

function parsed(line: string): { title?: unknown; text?: unknown } | undefined {
  try {
    return JSON.parse(line) as { title?: unknown; text?: unknown };
  } catch {
    return undefined;
  }
}

const LINKS = /https?:\/\/|www\.|github\.com|\.github\.io|\.ms\//i;
const SENTENCES = /(?<=[.!?])\s+(?=[A-Z([])/;

function withoutLinks(text: string): string {
  return text
    .split(SENTENCES)
    .filter((s) => !LINKS.test(s))
    .join(' ');
}

const DEFINITION = /^\(([A-Za-z][A-Za-z0-9-]{1,11})\)([.,;:]?)$/;
const AROUND = /^([(["'\u201c\u2018]*)(.*?)((?:['\u2019]s)?[)\]"'\u201d\u2019.,;:!?]*)$/su;

/** "NoProp", "CIFAR-10", "GPT-4", "T5", "IL-6"; not "Multi-Task", "3D" or "We". */
export function isNameLike(core: string): boolean {
  if (!/^\p{L}/u.test(core)) return false;
  return core.split(/[-/]/).some((part) => /^\p{L}[\p{L}\p{N}]*\p{Lu}/u.test(part) || /^\p{Lu}\p{L}*\p{N}/u.test(part));
}

function upperCount(text: string): number {
  return (text.match(/[A-Z]/g) ?? []).length;
}

/** The name in a whitespace token, without the punctuation around it. */
function nameIn(token: string): { before: string; core: string; after: string } | undefined {
  const m = AROUND.exec(token);
  if (!m || !isNameLike(m[2]!)) return undefined;
  return { before: m[1]!, core: m[2]!, after: m[3]! };
}

/**
 * Headings of structured medical abstracts ("BACKGROUND", "MAIN OUTCOME MEASURES") and
 * runs of dots: arXiv cs abstracts have neither.
 */
const NOISE =
  /^(?:(?:BACKGROUND|OBJECTIVES?|METHODS?|METHODOLOGY|RESULTS?|CONCLUSIONS?|DESIGN|SETTINGS?|PARTICIPANTS|PATIENTS|INTERVENTIONS?|MEASUREMENTS?|MAIN|OUTCOMES?|MEASURES?|AND|FINDINGS|INTERPRETATION|CONTEXT|PURPOSE|AIMS?|SIGNIFICANCE|RATIONALE|IMPORTANCE|EXPOSURES?|INTRODUCTION|DISCUSSION|SUMMARY|ABSTRACT|FUNDING|PRINCIPAL|LIMITATIONS|RELEVANCE|OF|THE|STUDY|SUBJECTS|MATERIALS|TRIAL|REGISTRATION|EVIDENCE|SYNTHESIS|DATA|SOURCES|SELECTION|EXTRACTION|REVIEW|QUESTION|HYPOTHESIS|GOALS?)[:.]?|[.\u2026\u00b7\u2022]+)$/;

function tokensOf(text: string, common: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const token of text.split(/\s+/)) {
    if (token === '' || NOISE.test(token)) continue;
    const name = nameIn(token);
    if (name?.before.includes('(') && name.after.includes(')')) {
      // A name in parentheses, "(MRI)," or "(PGE(2))": glued to its long form when paperboy's
      // miner finds one, else dropped. A slot here would put an invented acronym in
      // parentheses after words that do not spell it.
      const definition = DEFINITION.exec(token);
      const short = definition && upperCount(definition[1]!) >= 2 ? (acronymForm(definition[1]!) ?? definition[1]!) : undefined;
      const longForm = short !== undefined && common.has(definition![1]!) ? findLongForm(short, out.slice(-12).join(' ')) : undefined;
      const n = longForm?.split(/\s+/).length ?? 0;
      const glued = out.slice(-n);
      if (n > 0 && n <= out.length && glued.every((t) => !t.includes(SLOT) && !t.includes(' ') && !/[.,;:]$/.test(t))) {
        out.splice(-n, n, `${glued.join(' ')} ${token}`);
      } else {
        // Keep the comma or full stop the dropped parenthesis carried.
        const punctuation = name.after.replace(/[^.,;:]/g, '').slice(-1);
        if (punctuation && out.length > 0 && !/[.,;:]$/.test(out.at(-1)!)) out[out.length - 1] += punctuation;
      }
      continue;
    }
    out.push(name && !common.has(name.core) ? name.before + SLOT + name.after : token);
  }
  return out;
}

/**
 * A title's "Sequencer:" or "Gestalt:" names the paper's method even without capitals
 * inside: a slot too, or the few hundred ML titles would open with the same names again
 * and again.
 */
function titleTokens(title: string, common: ReadonlySet<string>): string[] {
  const tokens = tokensOf(title, common);
  if (tokens.length > 1 && /^\p{Lu}[\p{L}\p{N}-]*:$/u.test(tokens[0]!) && !common.has(tokens[0]!.slice(0, -1))) tokens[0] = `${SLOT}:`;
  return tokens;
}

export interface TrainingSet {
  readonly titles: Iterable<TrainingDocument>;
  readonly abstracts: Iterable<TrainingDocument>;
}

/** Chain domains: the shipped ML papers and everything else. */
export const ML_DOMAIN = 0;
export const OTHER_DOMAIN = 1;
export const DOMAINS = 2;

/** Training documents, tokenized as the chain reads them, so a million tokens are never all held as strings at once. */
export function trainingSet(papers: readonly SourcePaper[]): TrainingSet {
  const df = new Map<string, number>();
  for (const paper of papers) {
    const names = new Set<string>();
    for (const token of `${paper.title} ${paper.abstract}`.split(/\s+/)) {
      const name = nameIn(token);
      if (name) names.add(name.core);
      const definition = DEFINITION.exec(token);
      if (definition) names.add(definition[1]!);
    }
    for (const name of names) df.set(name, (df.get(name) ?? 0) + 1);
  }
  const common = new Set([...df].filter(([, n]) => n >= COMMON_DF).map(([name]) => name));
  const domain = (paper: SourcePaper): number => (paper.ml ? ML_DOMAIN : OTHER_DOMAIN);
  return {
    titles: {
      *[Symbol.iterator]() {
        for (const paper of papers) yield { tokens: titleTokens(paper.title, common), domain: domain(paper) };
      },
    },
    abstracts: {
      *[Symbol.iterator]() {
        for (const paper of papers) {
          const abstract = withoutLinks(paper.abstract);
          if (abstract.trim() !== '') yield { tokens: tokensOf(abstract, common), domain: domain(paper) };
        }
      },
    },
  };
}
