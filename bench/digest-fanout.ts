import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingAdapter } from '../adapters/recording/recording-adapter.js';
import { createDeliverDigest } from '../adapters/service/deliver-digests.js';
import { composeDigest, createPaperboy, PaperCollection, silentLogger, type PaperDraft, type Storage, type Subscription } from '../src/index.js';
import { DigestScheduler } from '../src/scheduling/digest-scheduler.js';
import { openStorage } from '../adapters/storage/open-storage.js';
import { mb, ratio, round } from './stats.js';

/**
 * Digest fan-out: 1,000 subscriptions due at the same minute, one scheduler pass that
 * claims each slot, composes each digest and hands it to a recording adapter, then records
 * it. The yardstick, measured in the same run, is composing the same 1,000 digests alone:
 * the ratio is what exactly-once bookkeeping (claims, post log) costs on top.
 */
export interface FanoutReport {
  readonly subscriptions: number;
  readonly storage: string;
  readonly passMs: number;
  readonly composeOnlyMs: number;
  readonly ratio: number;
  readonly perDigestMs: number;
  readonly posted: number;
  readonly heapDeltaMb: number;
  readonly rssMb: number;
}

const TOPICS = [undefined, undefined, undefined, 'model merging', 'mixture of experts', 'LoRA', 'diffusion'];

async function subscribeMany(storage: Storage, n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    const topic = TOPICS[i % TOPICS.length];
    await storage.saveSubscription(
      { platform: 'recording', workspace: `W${i % 20}`, channel: `C${i}` },
      { time: '09:00', timezone: 'UTC', days: 'daily', count: 1 + (i % 10), ...(topic ? { topic } : {}) },
      'bench',
      0,
    );
  }
}

export async function benchFanout(drafts: PaperDraft[], options: { subscriptions: number; databaseUrl?: string; log: (line: string) => void }): Promise<FanoutReport> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-fanout-'));
  const schema = `paperboy_bench_${process.pid}`;
  const storage = await openStorage({ sqliteFile: join(dir, 'fanout.sqlite'), ...(options.databaseUrl ? { databaseUrl: options.databaseUrl, schema } : {}) });
  try {
    const papers = new PaperCollection();
    papers.addAll(drafts);
    const paperboy = createPaperboy({ papers });
    options.log(`[fanout] ${options.subscriptions} subscriptions on ${storage.kind}…`);
    await subscribeMany(storage, options.subscriptions);
    const subscriptions: Subscription[] = await storage.listSubscriptions();

    // Yardstick: the digests alone.
    let started = performance.now();
    for (const subscription of subscriptions) composeDigest({ paperboy, subscription, localDate: '2026-11-27', postedPaperIds: new Set() });
    const composeOnlyMs = performance.now() - started;

    const adapter = new RecordingAdapter({ id: 'recording' });
    const scheduler = new DigestScheduler({
      storage,
      deliver: createDeliverDigest({ paperboy, storage, adapters: new Map([['recording', adapter]]), logger: silentLogger, clock: () => new Date('2026-11-27T09:00:00Z') }),
      clock: () => new Date('2026-11-27T09:00:00Z'),
      owner: 'bench',
      logger: silentLogger,
    });
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    started = performance.now();
    await scheduler.tick();
    const passMs = performance.now() - started;
    const heapAfter = process.memoryUsage().heapUsed;
    await scheduler.stop();
    return {
      subscriptions: subscriptions.length,
      storage: storage.kind,
      passMs: round(passMs),
      composeOnlyMs: round(composeOnlyMs),
      ratio: ratio(passMs, composeOnlyMs),
      perDigestMs: round(passMs / Math.max(1, adapter.posts.length)),
      posted: adapter.posts.length,
      heapDeltaMb: mb(Math.max(0, heapAfter - heapBefore)),
      rssMb: mb(process.memoryUsage().rss),
    };
  } finally {
    if (options.databaseUrl && storage.kind === 'postgres') {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: options.databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function fanoutTable(reports: readonly FanoutReport[]): string {
  const lines = ['\nDigest fan-out: one scheduler pass, every subscription due at 09:00 UTC, recording adapter'];
  for (const r of reports) {
    lines.push(
      `  ${r.storage.padEnd(8)} ${r.posted}/${r.subscriptions} digests in ${r.passMs} ms (${r.perDigestMs} ms each); ` +
        `composing alone ${r.composeOnlyMs} ms, so claims and post log cost ${r.ratio}× that; heap +${r.heapDeltaMb} MB, RSS ${r.rssMb} MB`,
    );
  }
  return lines.join('\n');
}
