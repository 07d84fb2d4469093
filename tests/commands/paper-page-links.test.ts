import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { createCommandService, paperPath, type CommandInvocation, type CommandService, type Message, type PaperCard, type TeamPageLinks } from '../../src/index.js';
import { recordingLogger } from '../helpers/command-harness.js';
import { shippedPaperboy } from '../helpers/shipped-corpus.js';

/**
 * With a team page, every card a command answers with leads to the paper's page: trending,
 * search, show, related, saved, share. Without one (no public URL), nothing changes.
 */
const PAGE = 'https://papers.example.org';
const NOPROP = 'noprop-training-neural-networks-without';

/** Like adapters/web/team-links.ts: the page of a paper under the public URL. */
const links: TeamPageLinks = {
  paperPage: (id) => `${PAGE}${paperPath(id)}`,
  signInLink: (person, now) => ({ url: `${PAGE}/team/${person.platform}/${person.workspace}?token=t`, expiresAt: new Date(now.getTime() + 7 * 86_400_000), ephemeral: false }),
};

const cards = (m: Message): PaperCard[] => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));

describe('command replies with and without paper pages', () => {
  let dir: string;
  let storage: SqliteStorage;
  let withPages: CommandService;
  let without: CommandService;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-page-links-'));
    storage = SqliteStorage.open(join(dir, 'paperboy.sqlite'));
    const paperboy = shippedPaperboy();
    withPages = createCommandService({ paperboy, storage, logger: recordingLogger([]), links });
    without = createCommandService({ paperboy, storage, logger: recordingLogger([]) });
  });
  afterAll(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const ctx = { platform: 'slack', workspace: 'T1', channel: 'C1', user: { id: 'U1', name: 'Ada' }, now: new Date('2026-11-27T08:00:00Z'), canManageChannel: true };

  it.each<[string, CommandInvocation]>([
    ['trending', { name: 'trending', options: { count: 5 } }],
    ['search', { name: 'search', options: { query: 'neural networks' } }],
    ['show', { name: 'show', options: { paper: NOPROP } }],
    ['related', { name: 'related', options: { paper: NOPROP } }],
    ['share', { name: 'share', options: { paper: NOPROP } }],
  ])('links every card of %s to its paper page, and none without a page', async (_name, invocation) => {
    const linked = await withPages.run(invocation, ctx);
    expect(cards(linked).length).toBeGreaterThan(0);
    expect(cards(linked).map((c) => c.pageUrl)).toEqual(cards(linked).map((c) => `${PAGE}/p/${encodeURIComponent(c.paperId)}`));
    const plain = await without.run(invocation, ctx);
    expect(cards(plain).map((c) => c.pageUrl)).toEqual(cards(plain).map(() => undefined));
    // Apart from the page links, the same answer.
    expect(cards(linked).map(({ pageUrl: _, ...c }) => c)).toEqual(cards(plain));
  });

  it('links the reading list to the paper pages', async () => {
    await withPages.run({ name: 'save', options: { paper: NOPROP } }, ctx);
    const saved = await withPages.run({ name: 'saved', options: {} }, ctx);
    expect(cards(saved).map((c) => [c.paperId, c.pageUrl])).toEqual([[NOPROP, `${PAGE}/p/${NOPROP}`]]);
  });

  it('answers messages without cards exactly as before', async () => {
    for (const text of ['help', 'subscriptions', 'following', 'quiet whenever', 'show <script>alert(1)</script>', '']) {
      const plain = await without.runText(text, ctx);
      expect(cards(plain), text).toEqual([]);
      expect(await withPages.runText(text, ctx)).toEqual(plain);
    }
  });
});
