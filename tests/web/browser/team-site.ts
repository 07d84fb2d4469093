import { join } from 'node:path';
import { RecordingAdapter } from '../../../adapters/recording/recording-adapter.js';
import { SqliteStorage } from '../../../adapters/storage/sqlite-storage.js';
import type { CommandContext, Message, Paper } from '../../../src/index.js';
import { startServiceHarness, type ServiceHarness } from '../../helpers/service-harness.js';
import { shippedCollection } from '../../helpers/shipped-corpus.js';

/**
 * The real service on loopback for a browser to visit: the shipped corpus (plus, when
 * asked, papers with hostile titles), SQLite in a temp directory, a clock the test moves and
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

/** Papers whose title, authors and abstract try to run script if a page interpolates them as HTML. */
export function hostilePapers(): Paper[] {
  // Copies of a trending paper, so they rank on the trending page too.
  const model = [...shippedCollection().all()].find((p) => p.appearances.length > 0)!;
  const abstract = (n: number) =>
    `A study of ${HOSTILE_WORD} in graphs <img src=x onerror=alert(${n})> <script>window.__pwned=${n}</script> </style><b>bold?</b> @everyone <!channel> \u202Efdp.exe 日本語の論文 🚀`;
  return [
    { ...model, id: 'hostile-img', arxivId: undefined, title: HOSTILE_IMG, authors: ['<script>alert(2)</script>', 'Eve \u202Eresu'], abstract: abstract(3), codeUrls: [] },
    { ...model, id: 'hostile-script', arxivId: undefined, title: HOSTILE_SCRIPT, authors: ['"><svg onload=alert(4)>'], abstract: abstract(5), codeUrls: [] },
  ].map(({ arxivId: _, ...paper }) => paper as Paper);
}

export async function startTeamSite(options: { hostile?: boolean; publicUrl?: string } = {}): Promise<TeamSite> {
  let slack: RecordingAdapter | undefined;
  const harness = await startServiceHarness({
    start: START,
    adapters: ({ commands }) => {
      slack = new RecordingAdapter({ id: 'slack', commands });
      return [slack];
    },
    before: async (dataDir) => {
      if (!options.hostile) return;
      const storage = SqliteStorage.open(join(dataDir, 'paperboy.sqlite'));
      await storage.savePapers(hostilePapers(), 0);
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
  return {
    harness,
    slack: recording,
    url: harness.service.url,
    at(iso) {
      now = new Date(iso);
      harness.at(iso);
    },
    command,
    async signInLink(who = ADA) {
      const reply = await command('web', who);
      const link = reply.fallback.match(/https?:\/\/\S+?\?token=[\w-]+(?:\.[\w-]+)*/)?.[0];
      if (!link) throw new Error(`/papers web answered without a link: ${reply.fallback}`);
      return link;
    },
    close: () => harness.close(),
  };
}
