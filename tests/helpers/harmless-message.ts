import { expect } from 'vitest';
import { renderDiscordMessage } from '../../adapters/discord/render-message.js';
import { renderMessage as renderSlack } from '../../adapters/slack/render-blocks.js';
import type { Message } from '../../src/index.js';
import { textOf } from './command-harness.js';

/**
 * A reply to hostile input is a real answer (not the apology for a bug, not empty), private,
 * and pings nobody once Slack and Discord render it: Slack's output holds no live
 * `<!channel>`, `<!everyone>`, `<!here>` or `<@user>`, and Discord's allows no mentions.
 */
export function expectHarmless(message: Message): void {
  expect(message.visibility).toBe('private');
  expect(textOf(message).trim()).not.toBe('');
  expect(textOf(message)).not.toMatch(/went wrong on our side/);
  expect(JSON.stringify(renderSlack(message))).not.toMatch(/<!(channel|everyone|here)|<@/);
  expect(renderDiscordMessage(message).allowedMentions).toEqual({ parse: [] });
}

/** A test title for typed input: long input as its start and its length, so reports stay readable. */
export function titled<T extends readonly unknown[]>(rows: ReadonlyArray<readonly [string, ...T]>): Array<[string, string, ...T]> {
  return rows.map(([text, ...rest]) => [text.length > 60 ? `${JSON.stringify(text.slice(0, 30))}… (${text.length} characters)` : JSON.stringify(text), text, ...rest]);
}
