import { join } from 'node:path';
import { RecordingAdapter } from '../../../adapters/recording/recording-adapter.js';
import { SqliteStorage } from '../../../adapters/storage/sqlite-storage.js';
import { LINK_TTL_MS } from '../../../adapters/web/web-settings.js';
import type { CommandContext, Message, Paper } from '../../../src/index.js';
import { startServiceHarness, type ServiceHarness } from '../../helpers/service-harness.js';
import { shippedCollection } from '../../helpers/shipped-corpus.js';

/**
 * The real service on loopback for a browser to visit: the shipped corpus (plus, when
 * asked, papers of the test's own: hostile titles, every kind of link), SQLite in a temp directory, a clock the test moves and
 * a ticker it fires, and a Slack recording adapter through which "people" type commands
 * (`/papers web` for a sign-in link, save, subscribe) exactly as they would in chat.
 */
export const HOSTILE_IMG = '<img src=x onerror=alert(1)>';
export const HOSTILE_SCRIPT = '</script><script>window.__pwned=1</script>';
/** A word only the hostile papers' abstracts hold, to find them by search. */
export const HOSTILE_WORD = 'quokkarouting';

export const START = '2026-11-27T06:00:00Z';
/** A long secret, as PAPERBOY_SECRET asks for (≥ 32 characters). */
export const TEST_SECRET = 'browser-tests-secret-0123456789abcdef0123456789abcdef';

export interface TeamSite {
  readonly harness: ServiceHarness;
  readonly slack: RecordingAdapter;
  /** The service's base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Moves the service's clock (and the time people type commands at). */
  at(iso: string): void;
  /** What `text` typed in Slack by `user` of `workspace` (channel C1) answers. */
  command(text: string, who?: Person): Promise<Message>;
  /** Subscribes #C1 of team T1 to a daily digest of 5 at 09:00 UTC and lets the scheduler post Friday 27 November's: the papers, in order. */
  postDigest(): Promise<string[]>;
  /** The personal link `/papers web` hands `who`, taken from the reply as a person would copy it. */
  signInLink(who?: Person): Promise<string>;
  close(): Promise<void>;
}

export interface Person {
  readonly workspace: string;
  readonly user: string;
  readonly channel?: string;
}

export const ADA: Person = { workspace: 'T1', user: 'U1' };
export const BOB: Person = { workspace: 'T1', user: 'U2' };
/** Someone of another team (another Slack workspace). */
export const EVE: Person = { workspace: 'T2', user: 'U9' };

/** The shipped corpus' top paper: papers added for a test copy its feed listings, so they trend too. */
function trendingModel(): Paper {
  return [...shippedCollection().all()].find((p) => p.appearances.length > 0)!;
}

/** Papers whose title, authors and abstract try to run script if a page interpolates them as HTML. */
export function hostilePapers(): Paper[] {
  const model = trendingModel();
  const abstract = (n: number) =>
    `A study of ${HOSTILE_WORD} in graphs <img src=x onerror=alert(${n})> <script>window.__pwned=${n}</script> </style><b>bold?</b> @everyone <!channel> \u202Efdp.exe 日本語の論文 🚀`;
  return [
    { ...model, id: 'hostile-img', arxivId: undefined, title: HOSTILE_IMG, authors: ['<script>alert(2)</script>', 'Eve \u202Eresu'], abstract: abstract(3), codeUrls: [] },
    { ...model, id: 'hostile-script', arxivId: undefined, title: HOSTILE_SCRIPT, authors: ['"><svg onload=alert(4)>'], abstract: abstract(5), codeUrls: [] },
  ].map(({ arxivId: _, ...paper }) => paper as Paper);
}

/** An arXiv paper with every link a card can have (the shipped page export has none of them). */
export function linkedPaper(): Paper {
  return {
    ...trendingModel(),
    id: '2411.01234',
    arxivId: '2411.01234',
    title: 'Sparse Routing Without Back-propagation for Mixtures of Experts',
    authors: ['Ada Lovelace', 'Grace Hopper'],
    url: 'https://arxiv.org/abs/2411.01234',
    pdfUrl: 'https://arxiv.org/pdf/2411.01234',
    codeUrls: ['https://github.com/example/sparse-routing'],
  };
}

export async function startTeamSite(options: { papers?: readonly Paper[] } = {}): Promise<TeamSite> {
  let slack: RecordingAdapter | undefined;
  const harness = await startServiceHarness({
    start: START,
    // As PAPERBOY_SECRET configures it; no PAPERBOY_PUBLIC_URL, so links use the service's own address.
    config: { web: { secret: TEST_SECRET, ephemeralSecret: false, linkTtlMs: LINK_TTL_MS } },
    adapters: ({ commands }) => {
      slack = new RecordingAdapter({ id: 'slack', commands });
      return [slack];
    },
    before: async (dataDir) => {
      if (!options.papers?.length) return;
      const storage = SqliteStorage.open(join(dataDir, 'paperboy.sqlite'));
      await storage.savePapers(options.papers, 0);
      await storage.close();
    },
  });
  const recording = slack!;
  let now = new Date(START);
  const ctx = (who: Person): CommandContext => ({
    platform: 'slack',
    workspace: who.workspace,
    channel: who.channel ?? 'C1',
    user: { id: who.user, name: who.user },
    now,
    canManageChannel: true,
  });
  const command = (text: string, who: Person = ADA) => recording.command(text, ctx(who));
  const at = (iso: string) => {
    now = new Date(iso);
    harness.at(iso);
  };
  return {
    harness,
    slack: recording,
    url: harness.service.url,
    at,
    command,
    async postDigest() {
      at(START);
      await command('subscribe 09:00 UTC daily 5');
      at('2026-11-27T09:00:00Z');
      await harness.tick();
      const post = recording.postsTo('C1').at(-1);
      return post ? post.message.blocks.flatMap((b) => (b.type === 'paper' ? [b.card.paperId] : [])) : [];
    },
    async signInLink(who = ADA) {
      const reply = await command('web', who);
      const link = reply.fallback.match(/https?:\/\/\S+?\?token=[\w-]+(?:\.[\w-]+)*/)?.[0];
      if (!link) throw new Error(`/papers web answered without a link: ${reply.fallback}`);
      return link;
    },
    close: () => harness.close(),
  };
}
