import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../src/index.js';

/** The manifests a team pastes into api.slack.com: valid by Slack's schema rules, and enough for every feature. */
interface Manifest {
  display_information: { name: string; description?: string };
  features: {
    bot_user: { display_name: string };
    app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean; messages_tab_read_only_enabled?: boolean };
    slash_commands: Array<{ command: string; description: string; usage_hint?: string; url?: string }>;
    unfurl_domains: string[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[]; request_url?: string }; interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
}

const source = (name: string): string => readFileSync(fileURLToPath(new URL(`../../adapters/slack/${name}`, import.meta.url)), 'utf8');
const load = (name: string): Manifest => parse(source(name)) as Manifest;

describe.each([
  ['manifest.yml', true],
  ['manifest-http.yml', false],
])('%s', (file, socket) => {
  const manifest = load(file);

  it('declares /papers, the scopes, the events and interactivity paperboy uses', () => {
    expect(manifest.display_information.name.length).toBeGreaterThan(0);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.features.bot_user.display_name.length).toBeLessThanOrEqual(80);
    const [command] = manifest.features.slash_commands;
    expect(command?.command).toBe('/papers');
    expect(command!.description.length).toBeLessThanOrEqual(2000);
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'links:read', 'links:write', 'files:write', 'im:write']));
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['link_shared', 'message.channels', 'message.groups']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.unfurl_domains).toEqual(['arxiv.org', 'huggingface.co']);
    // The usage hint names real commands.
    for (const name of command!.usage_hint!.split('|').map((part) => part.trim().split(' ')[0])) expect(COMMANDS.map((c) => c.name)).toContain(name);
  });

  it('asks for the history scopes only for the message events that count Discuss replies (Slack requires each event’s scope)', () => {
    const needs: Record<string, string> = { 'message.channels': 'channels:history', 'message.groups': 'groups:history', 'message.im': 'im:history', 'message.mpim': 'mpim:history' };
    const scopes = manifest.oauth_config.scopes.bot;
    const messageEvents = manifest.settings.event_subscriptions.bot_events.filter((event) => event.startsWith('message.'));
    expect(messageEvents.map((event) => needs[event])).toEqual(scopes.filter((scope) => scope.endsWith(':history')));
  });

  it('lets the bot send direct messages (alerts, personal digests, the .bib file), and says so where the scope is asked for', () => {
    // conversations.open needs im:write; with the Messages tab off Slack refuses every DM (messages_tab_disabled).
    expect(manifest.oauth_config.scopes.bot).toContain('im:write');
    expect(manifest.features.app_home?.messages_tab_enabled).toBe(true);
    const why = /^\s*- im:write # (.+)$/m.exec(source(file))?.[1] ?? '';
    expect(why).toMatch(/alerts/);
    expect(why).toMatch(/personal digests/);
  });

  it(socket ? 'uses Socket Mode and no request URLs' : 'points every request URL at /slack/events', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(socket);
    const urls = [manifest.features.slash_commands[0]!.url, manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url];
    if (socket) expect(urls).toEqual([undefined, undefined, undefined]);
    else for (const url of urls) expect(url).toMatch(/^https:\/\/YOUR-HOST\/slack\/events$/);
  });
});
