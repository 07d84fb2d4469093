import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { SlackAdapter } from '../adapters/slack/slack-adapter.js';
import { createCommandService, createPaperboy, PaperCollection, silentLogger, type PaperDraft } from '../src/index.js';
import { SqliteStorage } from '../adapters/storage/sqlite-storage.js';
import { signSlackRequest, slashCommandBody } from '../tests/fakes/slack/sign-request.js';
import { ratio, throughputAndLatency } from './stats.js';

/**
 * Slash-command acknowledgements: how fast paperboy's Slack adapter answers Slack's HTTP
 * request (the 3-second deadline is on this), side by side with a bare Bolt app whose
 * handler only acks: the framework floor. Both are served the same way, on loopback, with
 * the same signed requests; paperboy also answers each through the response URL.
 */
export interface AckReport {
  readonly requests: number;
  readonly concurrency: number;
  readonly paperboy: { readonly perSecond: number; readonly p50: number; readonly p99: number; readonly answered: number };
  readonly bare: { readonly perSecond: number; readonly p50: number; readonly p99: number };
  readonly ratioP50: number;
  readonly ratioP99: number;
  readonly ratioThroughput: number;
}

const SECRET = '8f742231b10e8888abcd99eeef85a5aa';
const QUERIES = ['search diffusion transformers', 'search mixture of experts', 'trending', 'search lora -survey', 'show noprop', 'help'];

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** Slack's side for both apps: auth.test and any Web API call say ok; response URLs are counted. */
async function slackSink(): Promise<{ url: string; answered: () => number; close: () => void }> {
  let answered = 0;
  const { server, url } = await listen((req, res) => {
    req.resume();
    req.on('end', () => {
      if ((req.url ?? '').startsWith('/respond/')) answered += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true,"user_id":"U0BOT","bot_id":"B0BOT","team_id":"T0001"}');
    });
  });
  return { url, answered: () => answered, close: () => server.close() };
}

async function fire(eventsUrl: string, sinkUrl: string, requests: number, concurrency: number): Promise<{ times: number[]; seconds: number }> {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < requests; i = next++) {
      const body = slashCommandBody({ text: QUERIES[i % QUERIES.length]!, response_url: `${sinkUrl}/respond/${i}` });
      const t = performance.now();
      const res = await fetch(eventsUrl, { method: 'POST', headers: signSlackRequest(SECRET, body), body });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`ack failed with HTTP ${res.status}`);
      times.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { times, seconds: (performance.now() - started) / 1000 };
}

export async function benchSlackAcks(drafts: PaperDraft[], options: { requests: number; concurrency: number; log: (line: string) => void }): Promise<AckReport> {
  const sink = await slackSink();
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-slack-bench-'));
  const storage = SqliteStorage.open(join(dir, 'bench.sqlite'));
  try {
    const papers = new PaperCollection();
    papers.addAll(drafts);
    const paperboy = createPaperboy({ papers });
    const adapter = new SlackAdapter({
      config: { mode: 'http', botToken: 'xoxb-bench', signingSecret: SECRET, appToken: undefined, apiUrl: `${sink.url}/api/` },
      commands: createCommandService({ paperboy, storage, logger: silentLogger }),
      lookup: (ref) => paperboy.papers.get(ref),
      logger: silentLogger,
      clock: () => new Date(),
    });
    await adapter.start();
    const ours = await listen((req, res) => void adapter.httpHandler(req, res));

    // The floor: Bolt itself, a handler that only acks, served the same way.
    const receiver = new HTTPReceiver({ signingSecret: SECRET, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
    const bare = new App({ token: 'xoxb-bench', receiver, clientOptions: { slackApiUrl: `${sink.url}/api/` }, logLevel: LogLevel.ERROR, deferInitialization: true });
    bare.command('/papers', async ({ ack }) => ack());
    await bare.init();
    const floor = await listen((req, res) => receiver.requestListener(req, res));

    options.log(`[slack] ${options.requests} signed /papers requests, ${options.concurrency} at a time, to each app…`);
    await fire(`${floor.url}/slack/events`, sink.url, 50, options.concurrency); // warm-up
    await fire(`${ours.url}/slack/events`, sink.url, 50, options.concurrency);
    const b = await fire(`${floor.url}/slack/events`, sink.url, options.requests, options.concurrency);
    const before = sink.answered();
    const p = await fire(`${ours.url}/slack/events`, sink.url, options.requests, options.concurrency);
    // Answers follow acks; give the last ones a moment to land before counting.
    for (let i = 0; i < 100 && sink.answered() - before < options.requests; i += 1) await new Promise((r) => setTimeout(r, 20));
    ours.server.close();
    floor.server.close();

    const pb = throughputAndLatency(p);
    const fl = throughputAndLatency(b);
    return {
      requests: options.requests,
      concurrency: options.concurrency,
      paperboy: { ...pb, answered: sink.answered() - before },
      bare: fl,
      ratioP50: ratio(pb.p50, fl.p50),
      ratioP99: ratio(pb.p99, fl.p99),
      ratioThroughput: ratio(pb.perSecond, fl.perSecond),
    };
  } finally {
    await storage.close();
    sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function ackTable(r: AckReport): string {
  return [
    `\nSlack slash-command acks: ${r.requests} signed requests over loopback, ${r.concurrency} at a time`,
    `  paperboy  ${r.paperboy.perSecond} acks/s, p50 ${r.paperboy.p50} ms, p99 ${r.paperboy.p99} ms (answered ${r.paperboy.answered}/${r.requests} through the response URL)`,
    `  bare Bolt ${r.bare.perSecond} acks/s, p50 ${r.bare.p50} ms, p99 ${r.bare.p99} ms (handler only acks: the framework floor)`,
    `  paperboy ÷ bare: p50 ${r.ratioP50}×, p99 ${r.ratioP99}×, throughput ${r.ratioThroughput}×`,
  ].join('\n');
}
