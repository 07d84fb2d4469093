import type { Clock } from '../../src/ports/clock.port.js';
import type { Logger } from '../../src/ports/logger.port.js';
import type { DeliverDigest, DigestDelivery, DigestJob } from '../../src/scheduling/digest-scheduler.js';
import type { TickReport } from '../../src/scheduling/tick-report.js';
import type { Sleep } from '../../src/scheduling/record-post.js';
import { zonedInstant } from '../../src/scheduling/zoned-time.js';
import type { Ticker } from '../../src/index.js';
import type { Storage } from '../../src/ports/storage.port.js';
import { type ChannelRef, digestKind, type Subscription, type SubscriptionSettings, subscriptionId } from '../../src/subscriptions/subscription.js';

/** A clock that only moves when the test says so. */
export interface ManualClock {
  readonly clock: Clock;
  now(): Date;
  set(instant: string | Date): void;
  advance(ms: number): void;
}

export function manualClock(start: string | Date): ManualClock {
  let ms = new Date(start).getTime();
  return {
    clock: () => new Date(ms),
    now: () => new Date(ms),
    set: (instant) => {
      ms = new Date(instant).getTime();
    },
    advance: (delta) => {
      ms += delta;
    },
  };
}

/**
 * The scheduler's sleep for tests: no real waiting, the manual clock moves on by the wait
 * instead (as if the time had passed), and each wait is remembered.
 */
export function clockSleep(clock: ManualClock): { readonly sleep: Sleep; readonly waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    },
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** What the test platform received: one entry per accepted post. */
export interface PlatformPost {
  readonly subscriptionId: string;
  readonly localDate: string;
  readonly attempt: number;
  /** The clock when the post was made. */
  readonly at: Date;
  readonly messageId: string;
}

/**
 * A deliver function that records every call and every accepted post. `behaviour` decides
 * per job: return nothing to post normally, throw to fail, or return a promise to hold the
 * delivery open (slow platform, hung process).
 */
export interface RecordingPlatform {
  readonly deliver: DeliverDigest;
  readonly calls: DigestJob[];
  readonly posts: PlatformPost[];
  postsFor(subscriptionId: string): PlatformPost[];
}

export function recordingPlatform(clock: Clock, behaviour?: (job: DigestJob) => void | Promise<void>): RecordingPlatform {
  const calls: DigestJob[] = [];
  const posts: PlatformPost[] = [];
  let messages = 0;
  const deliver: DeliverDigest = async (job): Promise<DigestDelivery> => {
    calls.push(job);
    await behaviour?.(job);
    const messageId = `msg-${++messages}`;
    posts.push({ subscriptionId: job.subscription.id, localDate: job.localDate, attempt: job.attempt, at: clock(), messageId });
    return { messageId, paperIds: [`paper-${job.localDate}-${job.subscription.channel}`] };
  };
  return { deliver, calls, posts, postsFor: (id) => posts.filter((p) => p.subscriptionId === id) };
}

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

export function recordingLogger(): Logger & { readonly entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (fields: Record<string, unknown>, message: string) => void entries.push({ level, fields, message });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface Deferred<T = void> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A ticker the test fires by hand; never a real timer. */
export interface ManualTicker {
  readonly ticker: Ticker;
  /** Calls the scheduler's tick callback, as cron would at the top of a minute. */
  fire(): void;
  readonly started: () => boolean;
  readonly stopped: () => boolean;
}

export function manualTicker(): ManualTicker {
  let onTick: (() => void) | undefined;
  let stopped = false;
  return {
    ticker: (callback) => {
      onTick = callback;
      return { stop: () => void (stopped = true) };
    },
    fire: () => {
      if (!onTick) throw new Error('the ticker was never started');
      if (!stopped) onTick();
    },
    started: () => onTick !== undefined,
    stopped: () => stopped,
  };
}

/** Saves a subscription for channel `channel` on the test platform. */
/**
 * A stored subscription, saved a month before `now`: the tests look at days on which the
 * subscription already stood (a slot whose time passed before the subscription was saved
 * is not due; due-slots.test.ts covers that rule on its own).
 */
export function subscribe(storage: Storage, channel: string, settings: Partial<SubscriptionSettings> & Pick<SubscriptionSettings, 'time' | 'timezone'>, now: Date): Promise<Subscription> {
  const ref: ChannelRef = { platform: 'test', workspace: 'team', channel };
  return storage.saveSubscription(ref, { days: 'daily', count: 3, ...settings }, 'tester', now.getTime() - 30 * 24 * HOUR);
}

/** A plain subscription value, for the pure functions (not stored anywhere). */
export function subscriptionValue(overrides: Partial<Omit<Subscription, 'kind'>> & Pick<Subscription, 'time' | 'timezone'>): Subscription {
  const channel = overrides.channel ?? 'c1';
  const kind = digestKind(overrides.days ?? 'daily');
  return {
    id: subscriptionId({ platform: 'test', workspace: 'team', channel, kind }),
    kind,
    platform: 'test',
    workspace: 'team',
    channel,
    days: 'daily',
    count: 3,
    createdBy: 'tester',
    enabled: true,
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

/** The slice of DigestScheduler the tick loop needs. */
interface Tickable {
  tick(): Promise<TickReport>;
}

/**
 * Sets the clock to every whole minute in [from, to) and ticks all `schedulers` at each,
 * together (Promise.all), as replicas woken by the same cron minute would. No real waiting.
 */
export async function tickEveryMinute(clock: ManualClock, schedulers: readonly Tickable[], from: string | Date, to: string | Date): Promise<TickReport[]> {
  const reports: TickReport[] = [];
  for (let at = new Date(from).getTime(); at < new Date(to).getTime(); at += MINUTE) {
    clock.set(new Date(at));
    reports.push(...(await Promise.all(schedulers.map((s) => s.tick()))));
  }
  return reports;
}

/**
 * The whole minutes of [from, to) at which a scheduler's answer can change for these
 * subscriptions: each digest's minute and the two on either side of it, each local midnight
 * and the minute on either side (where the local date turns), on every local date the range
 * touches; plus the first minute (the catch-up after a start) and a sample every
 * `sampleMinutes` (where nothing may happen). Ticking at these proves what ticking every
 * minute proves about when digests go out, with a tenth of the database round trips:
 * thousands of sequential PostgreSQL round trips take tens of seconds on a busy machine.
 */
export function minutesThatMatter(subscriptions: readonly Pick<Subscription, 'time' | 'timezone'>[], from: string | Date, to: string | Date, sampleMinutes = 15): Date[] {
  const start = new Date(from).getTime();
  const end = new Date(to).getTime();
  const minutes = new Set<number>([start]);
  for (let at = start; at < end; at += sampleMinutes * MINUTE) minutes.add(at);
  for (let day = start - 2 * 24 * HOUR; day < end + 2 * 24 * HOUR; day += 24 * HOUR) {
    const localDate = new Date(day).toISOString().slice(0, 10);
    for (const sub of subscriptions) {
      for (const [time, around] of [
        [sub.time, 2],
        ['00:00', 1],
      ] as const) {
        const instant = zonedInstant(localDate, time, sub.timezone).getTime();
        for (let k = -around; k <= around; k += 1) minutes.add(instant + k * MINUTE);
      }
    }
  }
  return [...minutes]
    .filter((at) => at >= start && at < end && at % MINUTE === 0)
    .sort((a, b) => a - b)
    .map((at) => new Date(at));
}

/** Like tickEveryMinute, at the given instants only (in order). */
export async function tickAt(clock: ManualClock, schedulers: readonly Tickable[], instants: readonly Date[]): Promise<TickReport[]> {
  const reports: TickReport[] = [];
  for (const at of instants) {
    clock.set(at);
    reports.push(...(await Promise.all(schedulers.map((s) => s.tick()))));
  }
  return reports;
}
