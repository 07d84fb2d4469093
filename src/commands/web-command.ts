import type { Block, Message } from '../messages/message.js';
import { textMessage } from '../messages/message.js';
import { longDate } from '../text/long-date.js';
import { askerOf, type CommandContext, type CommandServices } from './command-context.js';

/**
 * `/papers web`: the asker's personal sign-in link to their team's page, answered only to
 * them. The link is a bearer credential until it expires, so the reply says when that is
 * and not to share it; a service without PAPERBOY_SECRET signs with a key it forgets at
 * restart, and the reply says that too rather than leaving a dead link as a surprise.
 */
export const WEB_OFF =
  'The team page is not served here. It comes with the service (paperboy serve): the operator sets PAPERBOY_PUBLIC_URL to the address people open it at, and PAPERBOY_SECRET so sign-in links survive restarts.';

/** Whose page it is, in words: platforms name their teams differently. */
function teamWords(platform: string): string {
  if (platform === 'slack') return 'this Slack workspace';
  if (platform === 'discord') return 'this Discord server';
  return `this ${platform} workspace`;
}

/** "Friday 11 December 2026, 08:00 UTC": the link's expiry, in the one zone every reader can convert from. */
export function expiryInWords(at: Date): string {
  const iso = at.toISOString();
  return `${longDate(iso.slice(0, 10))}, ${iso.slice(11, 16)} UTC`;
}

export function webCommand(services: CommandServices, ctx: CommandContext): Message {
  if (!services.links) return textMessage(WEB_OFF);
  const link = services.links.signInLink(askerOf(ctx), ctx.now);
  const until = expiryInWords(link.expiresAt);
  const text = `Your sign-in link to ${teamWords(ctx.platform)}'s paperboy page (only for you; it signs you in until ${until}): ${link.url}`;
  const blocks: Block[] = [
    { type: 'text', text },
    { type: 'note', text: "Don't share it: anyone with this link can read your team's page as you until it expires. /papers web gives you a new one." },
  ];
  if (link.ephemeral) {
    blocks.push({ type: 'note', text: 'This service has no PAPERBOY_SECRET set, so the link stops working when the service restarts.' });
  }
  return { visibility: 'private', fallback: text, blocks };
}
