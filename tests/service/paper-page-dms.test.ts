import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingAdapter } from '../../adapters/recording/recording-adapter.js';
import { processAlerts } from '../../adapters/service/alerts.js';
import { createDeliverDigest } from '../../adapters/service/deliver-digests.js';
import { SqliteStorage } from '../../adapters/storage/sqlite-storage.js';
import { paperPath, personalChannel, type Message, type PersonRef } from '../../src/index.js';
import { recordingLogger } from '../helpers/command-harness.js';
import { shippedPaperboy } from '../helpers/shipped-corpus.js';

/**
 * Direct messages link to the team's paper pages too: an alert's cards (only for papers this
 * server knows, since another replica's new paper has no page here yet) and a personal digest.
 */
const PAGE = 'https://papers.example.org';
const pageOf = (id: string): string => `${PAGE}${paperPath(id)}`;
const NOPROP = 'noprop-training-neural-networks-without';
const ada: PersonRef = { platform: 'slack', workspace: 'T1', user: 'U-ada' };
const cards = (m: Message) => m.blocks.flatMap((b) => (b.type === 'paper' ? [b.card] : []));
const clock = () => new Date('2026-11-27T09:00:00Z');

let dir: string;
let storage: SqliteStorage;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-page-dms-'));
  storage = SqliteStorage.open(join(dir, 'paperboy.sqlite'));
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

async function alertAda(withPages: boolean): Promise<Message> {
  const adapter = new RecordingAdapter({ id: 'slack' });
  const { dispatcher } = processAlerts({
    paperboy: shippedPaperboy(),
    storage,
    adapters: new Map([['slack', adapter]]),
    clock,
    logger: recordingLogger([]),
    owner: 'test',
    ...(withPages ? { pageOf } : {}),
  });
  await storage.queueAlerts(
    [
      { ...ada, paperId: NOPROP, reasons: ['topic: backpropagation'] },
      // Read by another replica: this server has no such paper, so no page for it.
      { ...ada, paperId: '2611.99999', reasons: ['author Ada Lovelace'] },
    ],
    clock().getTime(),
  );
  await dispatcher.pass();
  const [sent] = adapter.directsTo('U-ada');
  return sent!.message;
}

describe('alert DMs', () => {
  it('link the cards of known papers to their pages, and a paper this server does not know to arXiv', async () => {
    const message = await alertAda(true);
    expect(cards(message).map((c) => [c.paperId, c.pageUrl, c.url])).toEqual(
      expect.arrayContaining([
        [NOPROP, pageOf(NOPROP), undefined],
        ['2611.99999', undefined, 'https://arxiv.org/abs/2611.99999'],
      ]),
    );
    expect(cards(message)).toHaveLength(2);
  });

  it('link nothing to a page when there is no public URL', async () => {
    const message = await alertAda(false);
    expect(cards(message).map((c) => c.pageUrl)).toEqual([undefined, undefined]);
  });
});

describe('personal digests', () => {
  it('link each card to its paper page', async () => {
    const adapter = new RecordingAdapter({ id: 'slack' });
    const deliver = createDeliverDigest({ paperboy: shippedPaperboy(), storage, adapters: new Map([['slack', adapter]]), logger: recordingLogger([]), clock, pageOf });
    const subscription = await storage.saveSubscription(personalChannel(ada), { time: '09:00', timezone: 'UTC', days: 'daily', count: 3 }, ada.user, 0);
    await deliver({ subscription, localDate: '2026-11-27', day: '2026-11-27', attempt: 1, postedPaperIds: new Set() });
    const sent = cards(adapter.directsTo('U-ada')[0]!.message);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.map((c) => c.pageUrl)).toEqual(sent.map((c) => pageOf(c.paperId)));
  });
});
