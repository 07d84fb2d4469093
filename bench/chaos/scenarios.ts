import { DEFAULT_CONCURRENCY } from '../../src/scheduling/digest-scheduler.js';
import { runStage, type SuiteOptions } from './stage.js';
import type { ScenarioResult } from './tally.js';

/**
 * The fault suite's scenarios. Each fans out one digest to every subscribed channel with real
 * `paperboy serve` processes and a fake Slack, breaks something at a chosen post (an event
 * from the fake, never a timer), lets the service recover, and counts what each channel got.
 * Expected everywhere: nobody gets 0; nobody gets 2 except in the documented kill -9 window.
 */
const MINUTE = 60_000;
/** From subscribing to the first posts: the next minute's pass, with room for a busy machine. */
const FIRST_POSTS_MS = 3 * MINUTE;
/** How long the blackhole lasts: longer than a connection timeout, shorter than a lease. */
const BLACKHOLE_MS = 40_000;

/** The post at which the fault strikes: a quarter into the fan-out. */
const strikeAt = (options: SuiteOptions): number => Math.max(1, Math.floor(options.channels / 4));

/** Time to recover from a fault that leaves claims behind: the lease, a tick, a backoff retry, and room for a busy machine. */
const afterLease = (options: SuiteOptions): number => options.effectiveLeaseMs + 5 * MINUTE;

export interface Scenario {
  /** What `--only` takes, and the folder of its logs. */
  readonly key: string;
  readonly name: string;
  readonly what: string;
  run(options: SuiteOptions): Promise<ScenarioResult>;
}

const digestsPosted = (logs: readonly { msg: string }[]): number => logs.filter((e) => e.msg === 'digest posted').length;

export const SCENARIOS: readonly Scenario[] = [
  {
    key: 'kill-9',
    name: 'kill -9',
    what: 'SQLite; replica a is SIGKILLed as Slack accepts post N/4; replica b starts on the same file and takes over once the lease has run out',
    run: (options) =>
      runStage('kill-9', 'kill -9', options, { database: 'sqlite' }, async (stage) => {
        const k = strikeAt(options);
        const a = stage.start('a');
        await stage.ready(a);
        await stage.subscribe();
        await stage.atPost(k, () => a.kill9(), FIRST_POSTS_MS);
        await a.exited;
        stage.log(`SIGKILLed a as Slack accepted post ${k}`);
        const b = stage.start('b');
        await stage.settle(afterLease(options));
        stage.notes.push(`a killed at post ${k}; b posted ${digestsPosted(b.logs)} after the ${Math.round(options.effectiveLeaseMs / MINUTE)} min lease`);
        return { allowedDuplicates: DEFAULT_CONCURRENCY };
      }),
  },
  {
    key: 'db-reset',
    name: 'database reset',
    what: 'PostgreSQL through a TCP proxy; every database connection is dropped as Slack accepts post N/4',
    run: (options) =>
      runStage('db-reset', 'database reset', options, { database: 'postgres', proxy: true }, async (stage) => {
        const k = strikeAt(options);
        await stage.ready(stage.start('a', { proxy: true }));
        await stage.subscribe();
        let dropped = 0;
        await stage.atPost(k, () => (dropped = stage.proxy!.reset()), FIRST_POSTS_MS);
        stage.log(`reset ${dropped} database connections at post ${k}`);
        await stage.settle(afterLease(options));
        stage.notes.push(`${dropped} connections reset at post ${k}`);
        return { allowedDuplicates: 0 };
      }),
  },
  {
    key: 'db-blackhole',
    name: 'database blackhole',
    what: `PostgreSQL through a TCP proxy; no bytes either way for ${BLACKHOLE_MS / 1000} s from post N/4, connections left open`,
    run: (options) =>
      runStage('db-blackhole', 'database blackhole', options, { database: 'postgres', proxy: true }, async (stage) => {
        const k = strikeAt(options);
        await stage.ready(stage.start('a', { proxy: true }));
        await stage.subscribe();
        let stall: Promise<void> | undefined;
        await stage.atPost(k, () => (stall = stage.proxy!.blackhole(BLACKHOLE_MS)), FIRST_POSTS_MS);
        stage.log(`database blackholed for ${BLACKHOLE_MS / 1000} s at post ${k}`);
        await stall;
        stage.log('database reachable again');
        await stage.settle(afterLease(options));
        stage.notes.push(`${BLACKHOLE_MS / 1000} s blackhole at post ${k}`);
        return { allowedDuplicates: 0 };
      }),
  },
  {
    key: 'slack-faults',
    name: 'Slack 30% 429 + 10% 5xx',
    what: 'SQLite; chat.postMessage answers 429 (Retry-After: 1) to 30% of calls and 500 to 10%, posting nothing for them',
    run: (options) =>
      runStage('slack-faults', 'Slack 30% 429 + 10% 5xx', options, { database: 'sqlite' }, async (stage) => {
        stage.fake.failAtRandom('chat.postMessage', [
          { fault: { status: 429, retryAfter: 1 }, rate: 0.3 },
          { fault: { status: 500 }, rate: 0.1 },
        ]);
        await stage.ready(stage.start('a'));
        await stage.subscribe();
        await stage.settle(15 * MINUTE);
        const calls = stage.fake.callsTo('chat.postMessage');
        stage.notes.push(`${calls.filter((c) => c.status === 429).length}× 429 and ${calls.filter((c) => c.status >= 500).length}× 5xx answered`);
        return { allowedDuplicates: 0 };
      }),
  },
  {
    key: 'replicas',
    name: 'two replicas, one database',
    what: 'PostgreSQL; replicas a and b start at the same moment and fan out the same due digests',
    run: (options) =>
      runStage('replicas', 'two replicas, one database', options, { database: 'postgres' }, async (stage) => {
        const a = stage.start('a');
        const b = stage.start('b');
        await Promise.all([stage.ready(a), stage.ready(b)]);
        await stage.subscribe();
        await stage.settle(10 * MINUTE);
        stage.notes.push(`a posted ${digestsPosted(a.logs)}, b posted ${digestsPosted(b.logs)}`);
        return { allowedDuplicates: 0 };
      }),
  },
];
