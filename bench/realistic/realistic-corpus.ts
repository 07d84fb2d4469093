import type { PaperDraft } from '../../src/index.js';
import { AuthorPool } from './author-names.js';
import { codeLink } from './code-links.js';
import { FeedCalendar } from './feed-calendar.js';
import { isCopied, titleHash, titleWord, trainCorpusModel, type CorpusModel, type SourceOptions } from './corpus-model.js';
import { NameStream, type InventedName } from './model-names.js';
import { withTitleEcho } from './title-echo.js';
import { DEFAULT_FEED_DATE, DEFAULT_SEED, mulberry32 } from '../synthetic-corpus.js';
import type { MarkovChain } from './markov-text.js';
import { DOMAINS, ML_DOMAIN, SLOT } from './training-text.js';
import { hash32, normal, pickWeighted } from './zipf.js';
import { isStopWord } from '../../src/text/analyzer.js';

/**
 * Realistic arXiv-like papers for benchmarks at 10k-1M papers: trigram text trained on
 * real titles and abstracts, invented model names whose count grows with the corpus
 * (Heaps' law), acronyms defined where papers define them, Zipf-popular authors, code
 * links, arXiv ids and trending-feed appearances. One paper at a time: a million-paper run
 * holds the model and the name caches, never the papers.
 */
export interface RealisticOptions extends SourceOptions {
  readonly seed?: number;
  /** The newest publication day; older papers go back from it. */
  readonly newestDate?: string;
  /** How much more an ML paper's text counts than a source paper's in ML-flavoured papers, so they read like arXiv cs. */
  readonly mlWeight?: number;
  /** Share of papers written from the ML-flavoured profile; the rest lean on the source (biomedical) text. */
  readonly mlShare?: number;
  /** A model trained earlier, to skip training. */
  readonly model?: CorpusModel;
}

/** The shipped ML text is ~25 times smaller than SciFact; weighed 60 times, it leads in ML-flavoured papers. */
const DEFAULT_ML_WEIGHT = 60;
const DEFAULT_ML_SHARE = 0.8;
/** Share of papers that name their own method or model. */
const OWN_NAME_SHARE = 0.55;
const CODE_LINK_SHARE = 0.25;
/** Words just before the place a paper names its contribution. */
const INTRODUCING = /^(?:propose|proposes|introduce|introduces|present|presents|called|named|dubbed|termed|coined|namely|term)$/i;
const NUMBER = /^[([]?[<>~±]?\d+(?:[.,]\d+)*%?[)\],.;:]*$/;
const YEAR = /(?:^|\D)(?:19|20)\d\d(?:\D|$)/;
const AUTHOR_COUNTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const AUTHOR_WEIGHTS = [5, 12, 17, 17, 14, 10, 7, 5, 4, 3, 3, 3];
/** Title words that should not end a cut-off title. */
const DANGLING = /^(?:a|an|the|of|for|and|or|with|in|on|to|via|from|by|at|as|is|are|its|their|towards?|using|without)$/i;

/** Words in most ML abstracts: a title leaning on them says nothing about its own abstract. */
const COMMON_TITLE_WORDS = new Set(['learning', 'neural', 'network', 'networks', 'model', 'models', 'deep', 'data', 'training', 'based', 'using', 'large', 'language']);

/** Per chain: which tokens are name slots (and their punctuation) or numbers to re-roll. */
class Renderer {
  readonly kind: Uint8Array;
  readonly before: string[] = [];
  readonly after: string[] = [];
  /** The token as a lowercase content word without punctuation around it ('' for other words); undefined for a slot. */
  readonly word: Array<string | undefined>;
  /** The token as the title copy check sees it. */
  readonly titleWord: string[];
  constructor(readonly chain: MarkovChain) {
    this.titleWord = chain.tokens.map(titleWord);
    this.word = chain.tokens.map((t) => {
      if (t.includes(SLOT)) return undefined;
      const word = t.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      return word.length < 4 || isStopWord(word) || COMMON_TITLE_WORDS.has(word) ? '' : word;
    });
    this.kind = Uint8Array.from(chain.tokens, (t, id) => {
      const slot = t.indexOf(SLOT);
      if (slot >= 0) {
        this.before[id] = t.slice(0, slot);
        this.after[id] = t.slice(slot + 1);
        return 1;
      }
      // Measurements ("87.3%", "0.016", "1,024"), not counts or dates ("5 layers", "March 12").
      return NUMBER.test(t) && /[.,%]\d|%|\d{3}/.test(t) && !YEAR.test(t) ? 2 : 0;
    });
  }
}

/** New numbers of the same shape, so "87.3%" does not repeat verbatim across a million abstracts. */
function reroll(token: string, rng: () => number): string {
  return token.replace(/[1-9]/g, () => String(1 + Math.floor(rng() * 9)));
}

interface PaperNames {
  readonly own: InventedName | undefined;
  readonly defineOwn: boolean;
  readonly used: Set<string>;
}

/** Tokens as text, with names in the slots and fresh numbers. */
function render(renderer: Renderer, ids: readonly number[], fill: (previous: string, bare: boolean) => string, rng: () => number): string {
  const words: string[] = [];
  for (const id of ids) {
    const kind = renderer.kind[id];
    const token = renderer.chain.tokens[id]!;
    if (kind === 1) {
      const before = renderer.before[id]!;
      const after = renderer.after[id]!;
      // Only a free-standing name can take a definition: not "(X", not "X's".
      words.push(before + fill(words.at(-1) ?? '', before === '' && /^[.,;:]?$/.test(after)) + after);
    } else {
      words.push(kind === 2 && rng() < 0.7 ? reroll(token, rng) : token);
    }
  }
  return words.join(' ');
}

/**
 * Paper i as a pure function of the seed and i: a run can start anywhere (workers split
 * it) and the first n papers of every run are the same papers.
 */
export class PaperFactory {
  readonly #model: CorpusModel;
  readonly #seed: number;
  readonly #names: NameStream;
  readonly #authors: AuthorPool;
  readonly #calendar: FeedCalendar;
  readonly #mlShare: number;
  /** Domain weights for the rest (mostly biomedical) and ML-flavoured papers (ML text weighed up), for abstracts and for titles. */
  readonly #weights: readonly [readonly number[], readonly number[]];
  readonly #titleWeights: readonly [readonly number[], readonly number[]];
  readonly #titles: Renderer;
  readonly #abstracts: Renderer;
  /**
   * Content words as numbers, for the title's lean towards its abstract: abstract token →
   * word (-1 for none), title token → the same word (-1 for none, -2 for a name slot), and
   * a mark per word, set to the paper's number when its abstract has the word.
   */
  readonly #abstractWord: Int32Array;
  readonly #titleWord: Int32Array;
  readonly #marks: Float64Array;

  constructor(options: RealisticOptions = {}) {
    this.#model = options.model ?? trainCorpusModel(options);
    this.#seed = options.seed ?? DEFAULT_SEED;
    this.#names = new NameStream(hash32(this.#seed, 1));
    this.#authors = new AuthorPool(hash32(this.#seed, 2));
    this.#calendar = new FeedCalendar(hash32(this.#seed, 3), options.newestDate ?? DEFAULT_FEED_DATE);
    this.#mlShare = options.mlShare ?? DEFAULT_ML_SHARE;
    const mlWeight = options.mlWeight ?? DEFAULT_ML_WEIGHT;
    const weights = (ml: number): number[] => Array.from({ length: DOMAINS }, (_, d) => (d === ML_DOMAIN ? ml : 1));
    this.#weights = [weights(1), weights(mlWeight)];
    // A title is short: weighed like an abstract, ML titles drift into biomedical ones half the time.
    this.#titleWeights = [weights(1), weights(mlWeight * 4)];
    this.#titles = new Renderer(this.#model.titles);
    this.#abstracts = new Renderer(this.#model.abstracts);
    const words = new Map<string, number>();
    this.#abstractWord = Int32Array.from(this.#abstracts.word, (w) => (w ? (words.get(w) ?? words.set(w, words.size).get(w)!) : -1));
    this.#titleWord = Int32Array.from(this.#titles.word, (w) => (w === undefined ? -2 : w === '' ? -1 : (words.get(w) ?? -1)));
    this.#marks = new Float64Array(words.size).fill(-1);
  }

  paper(i: number): PaperDraft {
    const rng = mulberry32(hash32(this.#seed, 0x9a9e5, i));
    const own = rng() < OWN_NAME_SHARE ? this.#names.draw(rng) : undefined;
    const names: PaperNames = { own, defineOwn: own?.longForm !== undefined && rng() < 0.85, used: new Set() };
    const ml = rng() < this.#mlShare ? 1 : 0;
    const weights = this.#weights[ml];
    // Lognormal lengths aimed at 170 words (about 198 once the last sentence ends and most echo their title): most 150-250, a few short or long.
    const target = Math.round(Math.min(420, Math.max(40, Math.exp(Math.log(170) + 0.28 * normal(rng)))));
    const ids = this.#model.abstracts.generate(rng, { weights, minWords: target, maxWords: target + 60, stopAtSentenceEnd: true, backoff: 0.12 });
    let abstract = render(this.#abstracts, ids, (previous, bare) => this.#nameFor(names, previous, bare, rng), rng);
    if (!/[.!?]$/.test(abstract)) abstract = `${abstract.replace(/[\s,;:(-]+$/, '')}.`;
    // The title after the abstract, leaning towards its words, as real titles do.
    for (const id of ids) if (this.#abstractWord[id]! >= 0) this.#marks[this.#abstractWord[id]!] = i;
    const title = this.#title(names, this.#titleWeights[ml], i, rng);
    abstract = withTitleEcho(abstract, title, own, rng);

    const authors = this.#authors.draw(pickWeighted(AUTHOR_COUNTS, AUTHOR_WEIGHTS, rng), rng);
    const codeUrls: string[] = [];
    const links: string[] = [];
    if (rng() < CODE_LINK_SHARE) {
      const link = codeLink(own?.short, title, authors[0]!, rng);
      (link.isCode ? codeUrls : links).push(link.url);
      if (rng() < 0.85) {
        abstract = `${abstract} ${link.sentence}`;
      } else {
        // Sometimes in the middle, after the first sentence.
        const cut = abstract.search(/\. (?=[A-Z])/);
        abstract = cut < 0 ? `${abstract} ${link.sentence}` : `${abstract.slice(0, cut + 1)} ${link.sentence}${abstract.slice(cut + 1)}`;
      }
    }

    const slot = this.#calendar.slot(i);
    return {
      title,
      authors,
      abstract,
      url: `https://arxiv.org/abs/${slot.arxivId}`,
      pdfUrl: `https://arxiv.org/pdf/${slot.arxivId}`,
      codeUrls,
      links,
      publishedAt: slot.date,
      arxivId: slot.arxivId,
      appearances: slot.appearances,
      addedAt: slot.date,
    };
  }

  #nameFor(paper: PaperNames, previous: string, bare: boolean, rng: () => number): string {
    const intro = INTRODUCING.test(previous.replace(/[^\p{L}]/gu, ''));
    const useOwn = paper.own !== undefined && rng() < (intro ? 0.9 : 0.4);
    const name = useOwn ? paper.own! : this.#names.draw(rng);
    const first = !paper.used.has(name.short);
    paper.used.add(name.short);
    // Papers define an acronym once, at its first use: "Gated Residual Mixing (GRM)".
    if (name.longForm && first && bare && (useOwn ? paper.defineOwn : rng() < 0.15)) return `${name.longForm} (${name.short})`;
    return name.short;
  }

  /** A title for paper i, whose abstract's words are marked with i. */
  #title(paper: PaperNames, weights: readonly number[], i: number, rng: () => number): string {
    let named = false;
    // The paper's own name at most once; more slots cite other names.
    const fill = (): string => {
      const own = paper.own && !named && rng() < 0.8;
      named = true;
      return own ? paper.own!.short : this.#names.draw(rng).short;
    };
    const word = this.#titleWord;
    const marks = this.#marks;
    // Content words only: "of" and "networks" are in every abstract and would make every title "On the Role of Neural Networks".
    // A name slot is preferred when the paper has a name of its own to put there.
    const prefer = (id: number): boolean => (word[id] === -2 ? paper.own !== undefined : word[id]! >= 0 && marks[word[id]!] === i);
    for (let attempt = 0; ; attempt += 1) {
      const ids = this.#model.titles.generate(rng, { weights, minWords: 5, maxWords: 16, stopAtSentenceEnd: false, backoff: 0.5, prefer, tries: 8 });
      if (attempt < 20 && isCopied(this.#model.copiedTitles, titleHash(ids.map((id) => this.#titles.titleWord[id]!)))) continue;
      // At most 16 words (a glued "magnetic resonance imaging (MRI)" can overshoot), and a cut title should not end on "of the".
      let words = render(this.#titles, ids, fill, rng).split(' ').slice(0, 16);
      while (words.length > 5 && (DANGLING.test(words.at(-1)!) || /[:,;(-]$/.test(words.at(-1)!))) words = words.slice(0, -1);
      if (words.length < 5 && attempt < 20) continue;
      // "FlashMoE: Sparse Experts for ...", the way papers announce their own name.
      if (paper.own && !named && words.length <= 14 && !words.some((w) => w.endsWith(':')) && rng() < 0.5) {
        words = [`${paper.own.short}:`, words[0]![0]!.toUpperCase() + words[0]!.slice(1), ...words.slice(1)];
      }
      return words.join(' ').replace(/[,;:]$/, '');
    }
  }
}

/** Papers first .. first+count-1, one at a time. */
export function* realisticPapers(count: number, options: RealisticOptions & { readonly first?: number } = {}): Generator<PaperDraft> {
  const factory = new PaperFactory(options);
  const first = options.first ?? 0;
  for (let i = first; i < first + count; i += 1) yield factory.paper(i);
}

/** JSON Lines in the canonical field order (as `toPaperJsonLines` writes them); drafts have no id yet. */
const FIELD_ORDER = ['id', 'title', 'authors', 'abstract', 'url', 'pdfUrl', 'codeUrls', 'links', 'publishedAt', 'arxivId', 'appearances', 'addedAt'] as const;

export function draftJsonLine(draft: PaperDraft): string {
  const record: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) {
    const value = draft[key];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    record[key] = value;
  }
  return `${JSON.stringify(record)}\n`;
}
