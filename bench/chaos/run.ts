import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs as nodeParseArgs } from 'node:util';
import { repoRoot } from '../corpora.js';
import { SCENARIOS, type Scenario } from './scenarios.js';
import { killAllServices } from './service-process.js';
import type { SuiteOptions } from './stage.js';
import { passed, resultTable, type ScenarioResult } from './tally.js';

/**
 * `npm run chaos`: the fault suite. Real `paperboy serve` processes post one digest to each of
 * N Slack channels (a fake Slack on loopback) while something breaks; afterwards every
 * channel must have exactly one digest, except for the documented kill -9 window. Takes
 * minutes (faults that leave claims behind are recovered only when their lease runs out),
 * so it is not part of `npm test`. Progress goes to stderr, the table to stdout; the exit
 * status is 1 when a channel got no digest or an unexpected duplicate.
 *
 *   node dist/bench/chaos/run.js [--only kill-9,db-reset,db-blackhole,slack-faults,replicas] [--channels 200]
 *                                [--lease-minutes 2] [--database-url postgres://root@127.0.0.1:5432/test] [--keep]
 *
 * PostgreSQL scenarios create a database `paperboy_chaos_*` through --database-url (default
 * PAPERBOY_TEST_DATABASE_URL, else the local trust URL) and drop it afterwards.
 */
class UsageError extends Error {}

interface Options {
  only: Scenario[];
  channels: number;
  leaseMinutes: number;
  databaseUrl: string;
  keep: boolean;
}

function parseArgs(argv: string[]): Options {
  const config = {
    only: { type: 'string' },
    channels: { type: 'string' },
    'lease-minutes': { type: 'string' },
    'database-url': { type: 'string' },
    keep: { type: 'boolean' },
  } as const;
  let parsed: ReturnType<typeof nodeParseArgs<{ args: string[]; options: typeof config }>>['values'];
  try {
    parsed = nodeParseArgs({
      args: argv,
      options: config,
    }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}; see the comment at the top of bench/chaos/run.ts`);
  }
  const whole = (name: string, raw: string | undefined, min: number, fallback: number): number => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min) throw new UsageError(`--${name} wants a whole number ≥ ${min}, not "${raw}"`);
    return Number(raw);
  };
  let only = [...SCENARIOS];
  if (parsed.only !== undefined) {
    const keys = parsed.only.split(',').filter(Boolean);
    const unknown = keys.filter((k) => !SCENARIOS.some((s) => s.key === k));
    if (unknown.length > 0 || keys.length === 0) throw new UsageError(`--only wants some of ${SCENARIOS.map((s) => s.key).join(', ')}`);
    only = SCENARIOS.filter((s) => keys.includes(s.key));
  }
  return {
    only,
    channels: whole('channels', parsed.channels, 1, 200),
    // The service's own bound: a lease must outlast one delivery (2 minutes).
    leaseMinutes: whole('lease-minutes', parsed['lease-minutes'], 2, 2),
    databaseUrl: parsed['database-url'] ?? (process.env['PAPERBOY_TEST_DATABASE_URL']?.trim() || 'postgres://root@127.0.0.1:5432/test'),
    keep: parsed.keep ?? false,
  };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  const effectiveLeaseMs = options.leaseMinutes * 60_000;
  const runDir = join(repoRoot(), 'bench-data', 'chaos', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(runDir, { recursive: true });
  const suite: SuiteOptions = { channels: options.channels, leaseMinutes: options.leaseMinutes, effectiveLeaseMs, postgresUrl: options.databaseUrl, runDir, keep: options.keep, log };

  // Ctrl+C: kill the services at once; the scenario in progress then fails fast and cleans up its database.
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log('interrupted: stopping the services and cleaning up (Ctrl+C again to leave at once)');
    killAllServices();
  });

  const results: ScenarioResult[] = [];
  for (const scenario of options.only) {
    if (interrupted) break;
    log(`── ${scenario.name}: ${scenario.what}`);
    const result = await scenario.run(suite);
    results.push(result);
    log(`── ${scenario.name}: ${passed(result) ? 'pass' : 'FAIL'} (got 0: ${result.tally.got0}, got 2+: ${result.tally.got2plus}, ${result.seconds} s)`);
  }
  const lease = `${Math.round(effectiveLeaseMs / 60_000)} min lease`;
  process.stdout.write(`\nFault suite: ${options.channels} channels per scenario, ${lease}\n\n${resultTable(results)}\n\nLogs: ${runDir}\n`);
  return interrupted ? 130 : results.every(passed) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    killAllServices();
    process.stderr.write(`chaos: ${error instanceof UsageError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
