import type { InventedName } from './model-names.js';
import { pick } from './zipf.js';

/**
 * Real abstracts restate their title ("In this paper, we propose FlashMoE, sparse experts
 * for ..."): three quarters of a real title's content words are in its abstract. Title and
 * abstract come from separate Markov chains here, which share a fifth at most, so a search
 * for a title's words would find its abstract far less often than in a real corpus. An
 * echo sentence near the start of most abstracts restores that.
 */
const NAMED: ReadonlyArray<(name: string, rest: string) => string> = [
  (n, r) => `We introduce ${n}, ${r}.`,
  (n, r) => `In this paper, we propose ${n}: ${r}.`,
  (n, r) => `To this end, we present ${n}, ${r}.`,
  (n, r) => `We call our approach ${n}: ${r}.`,
  (n, r) => `This paper presents ${n}, ${r}.`,
];
const PLAIN: ReadonlyArray<(title: string) => string> = [
  (t) => `In this paper, we study ${t}.`,
  (t) => `This paper presents ${t}.`,
  (t) => `We investigate ${t}.`,
  (t) => `Here we address ${t}.`,
  (t) => `This work is about ${t}.`,
];
/** Share of abstracts that echo their title. */
const ECHO_SHARE = 0.65;

/** "Sparse Experts for X" → "sparse Experts for X"; names ("Tayol-1K", "GPT-4") and acronyms keep their case. */
function inSentence(text: string): string {
  const core = text.replace(/[?.!]+$/, '');
  return /^[A-Z][a-z]+(?=[\s,:;]|$)/.test(core) ? core[0]!.toLowerCase() + core.slice(1) : core;
}

export function withTitleEcho(abstract: string, title: string, own: InventedName | undefined, rng: () => number): string {
  if (rng() >= ECHO_SHARE) return abstract;
  const named = own && title.startsWith(`${own.short}: `) ? title.slice(own.short.length + 2) : undefined;
  let text = abstract;
  let sentence: string;
  if (own && named !== undefined) {
    // The echo is now the name's first use: a definition further on moves here.
    const definition = own.longForm === undefined ? undefined : `${own.longForm} (${own.short})`;
    const defined = definition !== undefined && text.includes(definition);
    if (defined) text = text.replace(definition, own.short);
    sentence = pick(NAMED, rng)(defined ? definition : own.short, inSentence(named));
  } else {
    sentence = pick(PLAIN, rng)(inSentence(title));
  }
  // After the first sentence mostly; sometimes the abstract opens with it.
  const cut = text.search(/[.!?] (?=[A-Z])/);
  if (cut < 0 || rng() < 0.3) return `${sentence} ${text}`;
  return `${text.slice(0, cut + 1)} ${sentence}${text.slice(cut + 1)}`;
}
