import { once } from 'node:events';
import { Client, DiscordAPIError, Events, GatewayIntentBits, type SendableChannels } from 'discord.js';
import { afterEach, expect } from 'vitest';
import { FakeDiscord, type FakeDiscordOptions } from './discord/index.js';

/**
 * A real discord.js Client logged in to a fresh fake Discord, for the tests that prove the fake against the wire
 * discord.js speaks. `useFakeBots()` registers the cleanup in the calling test file and returns the starter; a
 * bot's 'error' events (a rejected interactionCreate handler lands there) must stay empty.
 */
export const GUILD = '300000000000000001';
export const TEXT_1 = '200000000000000001';
export const TEXT_2 = '200000000000000002';

export interface Bot {
  fake: FakeDiscord;
  client: Client;
  errors: Error[];
}

export function useFakeBots(): (options?: FakeDiscordOptions) => Promise<Bot> {
  const running: Bot[] = [];
  afterEach(async () => {
    const bots = running.splice(0);
    for (const { client, fake } of bots) {
      await client.destroy();
      await fake.close();
    }
    for (const { errors } of bots) expect(errors).toEqual([]);
  });
  return async (options = {}) => {
    const fake = await FakeDiscord.start(options);
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    const errors: Error[] = [];
    client.on(Events.Error, (error) => errors.push(error));
    const bot = { fake, client, errors };
    running.push(bot);
    const ready = once(client, Events.ClientReady);
    await client.login(fake.botToken);
    await ready;
    return bot;
  };
}

export async function sendable(client: Client, channelId: string): Promise<SendableChannels> {
  const channel = await client.channels.fetch(channelId);
  if (!channel?.isSendable()) throw new Error(`channel ${channelId} is not sendable`);
  return channel;
}

/** The DiscordAPIError a promise rejects with (fails the test if it resolves or rejects otherwise). */
export async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}
