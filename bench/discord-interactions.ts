import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';
import { DiscordAdapter } from '../adapters/discord/discord-adapter.js';
import { createCommandService, createPaperboy, PaperCollection, silentLogger, type PaperDraft } from '../src/index.js';
import { SqliteStorage } from '../adapters/storage/sqlite-storage.js';
import { FakeDiscord } from '../tests/fakes/discord/index.js';
import { ratio, throughputAndLatency } from './stats.js';

/**
 * Discord interactions: how many `/papers` commands paperboy's Discord adapter answers a
 * second over a loopback gateway, and how long from INTERACTION_CREATE to the reply
 * callback, side by side with a bare discord.js client whose handler only replies "ok"
 * (the framework floor). Each runs against its own fake Discord, with the same payloads.
 */
export interface InteractionReport {
  readonly interactions: number;
  readonly concurrency: number;
  readonly paperboy: { readonly perSecond: number; readonly p50: number; readonly p99: number };
  readonly bare: { readonly perSecond: number; readonly p50: number; readonly p99: number };
  readonly ratioP50: number;
  readonly ratioP99: number;
  readonly ratioThroughput: number;
}

type Sub = { subcommand: string; options: Array<{ name: string; type: number; value: string | number }> };
const COMMANDS: Sub[] = [
  { subcommand: 'search', options: [{ name: 'query', type: 3, value: 'diffusion transformers' }] },
  { subcommand: 'search', options: [{ name: 'query', type: 3, value: 'mixture of experts' }] },
  { subcommand: 'trending', options: [] },
  { subcommand: 'search', options: [{ name: 'query', type: 3, value: 'lora -survey' }] },
  { subcommand: 'show', options: [{ name: 'paper', type: 3, value: 'noprop' }] },
  { subcommand: 'help', options: [] },
];

/** Sends `count` interactions, `concurrency` at a time; each one's time runs from dispatch to its reply callback. */
async function fire(fake: FakeDiscord, count: number, concurrency: number): Promise<{ times: number[]; seconds: number }> {
  const waiting = new Map<string, () => void>();
  const stop = fake.onCall((call) => {
    const id = /^\/interactions\/(\d+)\//.exec(call.path)?.[1];
    if (id && call.status < 300) waiting.get(id)?.();
  });
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < count; i = next++) {
      const { subcommand, options } = COMMANDS[i % COMMANDS.length]!;
      const d = fake.chatInput({ channelId: fake.guilds[0]!.channels[0]!.id, subcommand, options });
      const answered = new Promise<void>((resolve) => waiting.set(String(d.id), resolve));
      const t = performance.now();
      await fake.dispatchInteraction(d);
      await answered;
      times.push(performance.now() - t);
      waiting.delete(String(d.id));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  stop();
  return { times, seconds: (performance.now() - started) / 1000 };
}

export async function benchDiscordInteractions(drafts: PaperDraft[], options: { interactions: number; concurrency: number; log: (line: string) => void }): Promise<InteractionReport> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-discord-bench-'));
  const storage = SqliteStorage.open(join(dir, 'bench.sqlite'));
  // Deadline generous: a loaded machine must not turn a slow answer into a refused one mid-benchmark.
  const oursFake = await FakeDiscord.start({ interactionDeadlineMs: 60_000, heartbeatIntervalMs: 30_000 });
  const bareFake = await FakeDiscord.start({ interactionDeadlineMs: 60_000, heartbeatIntervalMs: 30_000 });
  const bare = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: bareFake.apiUrl } });
  try {
    const papers = new PaperCollection();
    papers.addAll(drafts);
    const paperboy = createPaperboy({ papers });
    const adapter = new DiscordAdapter({
      config: { token: oursFake.botToken, applicationId: oursFake.applicationId, apiUrl: oursFake.apiUrl },
      commands: createCommandService({ paperboy, storage, logger: silentLogger }),
      paperboy,
      logger: silentLogger,
      clock: () => new Date(),
    });
    await adapter.start();

    // The floor: discord.js itself, a handler that only replies, on the same kind of fake.
    bare.on(Events.Error, () => undefined);
    bare.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) void interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral }).catch(() => undefined);
    });
    await bare.login(bareFake.botToken);

    options.log(`[discord] ${options.interactions} /papers interactions, ${options.concurrency} at a time, to each client…`);
    await fire(bareFake, 60, options.concurrency); // warm-up
    await fire(oursFake, 60, options.concurrency);
    const b = await fire(bareFake, options.interactions, options.concurrency);
    const p = await fire(oursFake, options.interactions, options.concurrency);
    await adapter.stop();

    const pb = throughputAndLatency(p);
    const fl = throughputAndLatency(b);
    return {
      interactions: options.interactions,
      concurrency: options.concurrency,
      paperboy: pb,
      bare: fl,
      ratioP50: ratio(pb.p50, fl.p50),
      ratioP99: ratio(pb.p99, fl.p99),
      ratioThroughput: ratio(pb.perSecond, fl.perSecond),
    };
  } finally {
    await bare.destroy();
    await oursFake.close();
    await bareFake.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function interactionTable(r: InteractionReport): string {
  return [
    `\nDiscord interactions: ${r.interactions} /papers commands over a loopback gateway, ${r.concurrency} at a time, dispatch to reply`,
    `  paperboy        ${r.paperboy.perSecond} /s, p50 ${r.paperboy.p50} ms, p99 ${r.paperboy.p99} ms (search, trending, show, help: full answers)`,
    `  bare discord.js ${r.bare.perSecond} /s, p50 ${r.bare.p50} ms, p99 ${r.bare.p99} ms (handler only replies "ok": the framework floor)`,
    `  paperboy ÷ bare: p50 ${r.ratioP50}×, p99 ${r.ratioP99}×, throughput ${r.ratioThroughput}×`,
  ].join('\n');
}
