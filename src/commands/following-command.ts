import { MAX_FOLLOWS } from '../follows/follow.js';
import type { Block, Message } from '../messages/message.js';
import { personalChannel } from '../personal/person.js';
import type { QuietHours } from '../personal/preferences.js';
import { describeWhen } from '../subscriptions/next-digest.js';
import { askerOf, type CommandContext, type CommandServices } from './command-context.js';
import { describeFollow } from './follow-commands.js';
import { describeSubscription, nextFor } from './subscription-commands.js';

/**
 * `/papers following`: everything personal paperboy keeps for the asker in one private reply:
 * their follows, numbered as unfollow takes them, quiet hours and personal digests. (When
 * direct messages to them failed, the command service adds that, as to any private reply.)
 */
const PER_BLOCK = 10;
/** Enough of a long paper title to recognise it; the list must fit a chat message. */
const LABEL_SHOWN = 120;

function clipped(text: string): string {
  return text.length > LABEL_SHOWN ? `${text.slice(0, LABEL_SHOWN - 1)}…` : text;
}

export function describeQuiet(quiet: QuietHours): string {
  return `${quiet.start}–${quiet.end} ${quiet.timezone}`;
}

export async function followingCommand(services: CommandServices, ctx: CommandContext): Promise<Message> {
  const person = askerOf(ctx);
  const mine = personalChannel(person);
  const [follows, preferences, daily, weekly] = await Promise.all([
    services.storage.listFollows(person),
    services.storage.preferences(person),
    services.storage.getSubscription({ ...mine, kind: 'daily' }),
    services.storage.getSubscription({ ...mine, kind: 'weekly' }),
  ]);
  const lines = follows.map((f, i) => `${i + 1}. ${clipped(describeFollow(f))}`);
  const heading = follows.length > 0 ? `You follow ${follows.length} of at most ${MAX_FOLLOWS}` : 'You follow nothing yet';
  const blocks: Block[] = [{ type: 'heading', text: heading }];
  for (let i = 0; i < lines.length; i += PER_BLOCK) blocks.push({ type: 'text', text: lines.slice(i, i + PER_BLOCK).join('\n') });
  if (follows.length === 0)
    blocks.push({
      type: 'text',
      text: 'Follow an author, a topic or a paper to get a direct message when a feed brings something new: /papers follow author: Yann LeCun, /papers follow topic: diffusion transformers.',
    });
  blocks.push({
    type: 'text',
    text: preferences.quiet
      ? `Quiet hours: ${describeQuiet(preferences.quiet)} (alerts wait until they end; /papers quiet off removes them).`
      : 'Quiet hours: none, alerts come at any time (/papers quiet 22:00-08:00 Europe/Berlin sets some).',
  });
  const digests = await Promise.all(
    [daily, weekly]
      .flatMap((s) => (s ? [s] : []))
      .map(async (s) => `Personal ${s.kind} digest: ${describeSubscription(s)} · next ${describeWhen((await nextFor(services, s, ctx.now)).localDate, s)}.`),
  );
  blocks.push({ type: 'text', text: digests.length > 0 ? digests.join('\n') : 'Personal digest: none (/papers subscribe me 08:30 Europe/Berlin weekdays 5 starts one).' });
  blocks.push({ type: 'note', text: `${follows.length > 0 ? '/papers unfollow 2 stops number 2; ' : ''}/papers forget me deletes all of this. Only you see it.` });
  return { visibility: 'private', fallback: lines.length > 0 ? `${heading}: ${lines.join(' · ')}` : heading, blocks };
}
