import { pick } from './zipf.js';

/**
 * The "Code is available at https://github.com/…" sentence a quarter of arXiv abstracts
 * carry, with the debris real ones have: a trailing full stop, a closing parenthesis,
 * LaTeX's `\url{…}`, a missing scheme. The clean link is returned too: it is what
 * paperboy's link extraction should find in the sentence.
 */
export interface CodeLink {
  readonly sentence: string;
  /** The link as paperboy normalises it. */
  readonly url: string;
  readonly isCode: boolean;
}

const LABS = [
  'microsoft',
  'google-research',
  'facebookresearch',
  'openai',
  'NVlabs',
  'THUDM',
  'OpenGVLab',
  'QwenLM',
  'deepseek-ai',
  'huggingface',
  'allenai',
  'salesforce',
  'apple',
  'amazon-science',
  'IBM',
  'baaivision',
  'OpenBMB',
  'mit-han-lab',
  'stanford-crfm',
  'princeton-nlp',
  'tatsu-lab',
  'LeapLabTHU',
  'hustvl',
  'PKU-YuanGroup',
  'alibaba',
  'bytedance',
  'tencent-ailab',
  'kaist-ai',
  'snap-research',
  'sail-sg',
  'ucbdrive',
  'CompVis',
  'Stability-AI',
  'EleutherAI',
  'lm-sys',
];

const CODE_SENTENCES: ReadonlyArray<(url: string) => string> = [
  (u) => `Code is available at ${u}.`,
  (u) => `Our code is publicly available at ${u}`,
  (u) => `The code and models are available at ${u}.`,
  (u) => `Code: ${u}`,
  (u) => `Code and data are released at ${u}.`,
  (u) => `We release our implementation at ${u} to facilitate future research.`,
  (u) => `Project page and code: ${u}.`,
  (u) => `Our code will be made publicly available (${u}).`,
  (u) => `The source code is available at \\url{${u}}.`,
  (u) => `Code and pretrained models: ${u};`,
];

/** Latin letters and digits only: "Müller" → "muller", for user names and repositories. */
function ascii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '');
}

/** A GitHub-style user name from an author: "jwang42", "lukas-schafer". */
function handleOf(author: string, rng: () => number): string {
  const parts = author.split(' ').map(ascii).filter(Boolean);
  const given = (parts[0] ?? 'dev').toLowerCase();
  const family = (parts.at(-1) ?? 'lab').toLowerCase();
  const u = rng();
  if (u < 0.4) return `${given[0]}${family}${u < 0.2 ? Math.floor(rng() * 100) : ''}`;
  if (u < 0.7) return `${given}-${family}`;
  return `${given}${family}`;
}

/** A repository name: the paper's own name ("FlashMoE", "DiT-XL-2") or words of its title. */
function repoOf(name: string | undefined, title: string, rng: () => number): string {
  if (name !== undefined && rng() < 0.85) return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/[.-]+$/, '');
  const words = title
    .split(/\s+/)
    .map(ascii)
    .filter((w) => w.length > 3)
    .slice(0, 2 + Math.floor(rng() * 2));
  if (words.length === 0) return 'code';
  return rng() < 0.5 ? words.join('-').toLowerCase() : words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

export function codeLink(name: string | undefined, title: string, firstAuthor: string, rng: () => number): CodeLink {
  const owner = rng() < 0.4 ? pick(LABS, rng) : handleOf(firstAuthor, rng);
  const repo = repoOf(name, title, rng);
  const u = rng();
  if (u < 0.04) {
    const url = `https://${owner.toLowerCase()}.github.io/${repo}`;
    return { sentence: `Project page: ${url}.`, url, isCode: false };
  }
  if (u < 0.09) {
    const url = `https://huggingface.co/${owner}/${repo}`;
    return { sentence: `Models are available at ${url}.`, url, isCode: true };
  }
  const url = `https://github.com/${owner}/${repo}`;
  // Some authors leave the scheme out; paperboy still finds the link.
  const written = u < 0.12 ? url.slice('https://'.length) : url;
  return { sentence: pick(CODE_SENTENCES, rng)(written), url, isCode: true };
}
