import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signSlackRequest, slashCommandBody } from '../../tests/fakes/slack/sign-request.js';
import { httpLoad } from './http-load.js';

/**
 * Slack's 3-second deadline is on the acknowledgement: does a burst of slow searches delay
 * it? Signed `/papers` commands go to the service's /slack/events while HTTP searches run
 * 8 at a time, and the acks are timed; the same commands with no searches running are the
 * yardstick. Slack's side (auth.test, response URLs) is a sink on loopback.
 */
export const BENCH_SIGNING_SECRET = '8f742231b10e8888abcd99eeef85a5aa';

export interface AckBurstReport {
  readonly acks: number;
  readonly idle: { readonly p50: number; readonly p99: number };
  readonly duringSearches: { readonly p50: number; readonly p99: number; readonly searches: number };
}

export async function slackSink(): Promise<{ url: string; close: () => void }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"user_id":"U0BOT","bot_id":"B0BOT","team_id":"T0001"}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function acks(serviceUrl: string, sinkUrl: string, count: number, concurrency: number): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const client = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const body = slashCommandBody({ text: 'help', response_url: `${sinkUrl}/respond/${i}` });
      const t = performance.now();
      const res = await fetch(`${serviceUrl}/slack/events`, { method: 'POST', headers: signSlackRequest(BENCH_SIGNING_SECRET, body), body });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`ack failed with HTTP ${res.status}`);
      times.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return times;
}

export async function ackBurst(
  serviceUrl: string,
  sinkUrl: string,
  slowQueries: readonly string[],
  options: { acks: number; percentile: (samples: readonly number[], q: number) => number },
): Promise<AckBurstReport> {
  const p = (times: number[]) => ({ p50: options.percentile(times, 0.5), p99: options.percentile(times, 0.99) });
  await acks(serviceUrl, sinkUrl, 50, 2); // warm-up
  const idle = await acks(serviceUrl, sinkUrl, options.acks, 2);
  let searching = true;
  let searches = 0;
  const burst = (async () => {
    while (searching) {
      const run = await httpLoad((i) => `${serviceUrl}/search?q=${encodeURIComponent(slowQueries[(searches + i) % slowQueries.length]!)}&limit=10`, { count: 16, concurrency: 8 });
      searches += run.times.length;
    }
  })();
  const during = await acks(serviceUrl, sinkUrl, options.acks, 2);
  searching = false;
  await burst;
  return { acks: options.acks, idle: p(idle), duringSearches: { ...p(during), searches } };
}
