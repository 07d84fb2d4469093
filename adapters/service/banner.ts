import type { IndexReport } from '../search/search-host.js';
import type { ServiceConfig } from './config.js';
import { redactUrl } from './config.js';

/** What a person sees when the service starts: what runs, where, and how to use or extend it. */
export interface BannerFacts {
  readonly version: string;
  readonly url: string;
  readonly index: IndexReport;
  readonly subscriptions: number;
  readonly adapters: readonly string[];
  readonly consoleOn: boolean;
}

function corpusLine(index: IndexReport): string {
  const count = (n: number): string => n.toLocaleString('en-US');
  const engine = index.engine === 'disk' ? 'SQLite FTS5 index on disk' : 'MiniSearch index in memory';
  if (index.state === 'ready') return `${count(index.papers)} papers, ${engine} (PAPERBOY_SEARCH)`;
  const progress = index.progress && index.progress.total > 0 ? `${count(index.progress.done)} of ${count(index.progress.total)} papers` : 'the papers';
  return `indexing ${progress} (${engine}); searches answer "try again in a minute" until it is done, /healthz shows progress`;
}

export function startBanner(config: ServiceConfig, facts: BannerFacts): string {
  const base = facts.url.replace('0.0.0.0', '127.0.0.1');
  const storage = config.databaseUrl ? `PostgreSQL ${redactUrl(config.databaseUrl)}` : `SQLite ${config.dataDir}/paperboy.sqlite`;
  const slack = config.slack
    ? `on, ${config.slack.mode === 'socket' ? 'Socket Mode' : `HTTP: point the app's request URLs at https://<this host>/slack/events (port ${config.port})`}`
    : 'off: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP); README "Slack" has the steps';
  const discord = config.discord
    ? 'on, over the gateway; register /papers once with `npx paperboy discord register`'
    : 'off: set DISCORD_TOKEN and DISCORD_APPLICATION_ID; README "Discord" has the steps';
  return [
    `paperboy ${facts.version} is running (instance ${config.instance}).`,
    `  corpus    ${corpusLine(facts.index)}`,
    `  storage   ${storage}`,
    `  HTTP API  ${base}/search?q=diffusion  ·  ${base}/trending  ·  ${base}/papers/<id>  ·  ${base}/trending.atom (feed readers)  ·  described at ${base}/openapi.json`,
    `  team page open ${config.web.publicUrl ?? base}/ in a browser; /papers web in chat gives you a sign-in link${config.web.ephemeralSecret ? ' (set PAPERBOY_SECRET so links survive restarts)' : ''}`,
    `  operate   ${base}/healthz (alive)  ·  ${base}/readyz (ready for traffic)  ·  ${base}/metrics (Prometheus)`,
    `  digests   ${facts.subscriptions} subscription${facts.subscriptions === 1 ? '' : 's'}; checked every minute, missed ones caught up within ${config.catchUpMs / 3_600_000} h`,
    `  feeds     ${config.feedList.length > 0 ? `${config.feedList.join(', ')}: read within a minute, then every 2 h, into the live corpus (PAPERBOY_FEEDS)` : 'off: set PAPERBOY_FEEDS=hf,arxiv:cs.LG to keep the corpus fresh'}`,
    `  slack     ${slack}`,
    `  discord   ${discord}`,
    facts.consoleOn
      ? '  console   on: type /papers help below (subscribe here to see a digest arrive in this terminal)'
      : '  console   off: run `npx paperboy chat` in another terminal to try commands',
    'Stop with Ctrl+C; SIGTERM also stops cleanly, within 8 seconds.',
    '',
  ].join('\n');
}
