import type { FakeSlackApi } from '../../tests/fakes/slack/fake-slack-api.js';

/**
 * What the channels saw: per subscribed channel, how many digests the fake Slack accepted
 * (a post answered 429 or 5xx was not posted and does not count). Every channel has exactly
 * one slot due in a scenario, so one post each is the only right answer.
 */
export interface Tally {
  readonly channels: number;
  readonly got0: number;
  readonly got1: number;
  readonly got2plus: number;
  /** Posts beyond the first, summed over channels. */
  readonly duplicates: number;
  /** Accepted posts to channels nobody subscribed (should stay 0). */
  readonly strays: number;
}

export function tally(fake: FakeSlackApi, channels: readonly string[]): Tally {
  const counts = new Map(channels.map((c) => [c, 0]));
  let strays = 0;
  for (const call of fake.callsTo('chat.postMessage')) {
    if (!call.ok) continue;
    const channel = String(call.args.channel);
    const seen = counts.get(channel);
    if (seen === undefined) strays += 1;
    else counts.set(channel, seen + 1);
  }
  const values = [...counts.values()];
  return {
    channels: channels.length,
    got0: values.filter((n) => n === 0).length,
    got1: values.filter((n) => n === 1).length,
    got2plus: values.filter((n) => n >= 2).length,
    duplicates: values.reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    strays,
  };
}

export interface ScenarioResult {
  readonly name: string;
  readonly tally: Tally;
  /** Duplicates the documented window allows in this scenario (kill -9: the delivery concurrency per kill). */
  readonly allowedDuplicates: number;
  /** Whether every slot was recorded as posted before the scenario's time ran out. */
  readonly settled: boolean;
  readonly seconds: number;
  readonly notes: readonly string[];
}

export function passed(result: ScenarioResult): boolean {
  return result.settled && result.tally.got0 === 0 && result.tally.strays === 0 && result.tally.duplicates <= result.allowedDuplicates;
}

/** The README's table: scenario | channels | got 0 | got 1 | got 2+ | notes. */
export function resultTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) => {
    const verdict = passed(r) ? 'pass' : 'FAIL';
    const extra = r.tally.duplicates > 0 ? `${r.tally.duplicates} duplicate(s), ${r.allowedDuplicates} allowed` : '';
    const notes = [verdict, extra, ...r.notes, `${r.seconds} s`].filter(Boolean).join('; ');
    return `| ${r.name} | ${r.tally.channels} | ${r.tally.got0} | ${r.tally.got1} | ${r.tally.got2plus} | ${notes} |`;
  });
  return ['| scenario | channels | got 0 | got 1 | got 2+ | notes |', '|---|---:|---:|---:|---:|---|', ...rows].join('\n');
}
