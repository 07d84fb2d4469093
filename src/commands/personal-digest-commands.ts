import type { Message } from '../messages/message.js';
import { textMessage } from '../messages/message.js';
import { personalChannel } from '../personal/person.js';
import { describeWhen } from '../subscriptions/next-digest.js';
import type { DigestKind } from '../subscriptions/subscription.js';
import { askerOf, type CommandContext, type CommandServices } from './command-context.js';
import { describeSubscription, saveDigest, type SubscribeOptions } from './subscription-commands.js';

/**
 * `subscribe me …` and `unsubscribe me [weekly]`: the asker's own digest, by direct message.
 * It is a subscription whose destination is the person (see personalChannel), so the
 * channel digests' exactly-once slots carry it; nobody needs a permission for it, and every
 * answer is private, since it is nobody else's business.
 */
const EXAMPLE = '/papers subscribe me 08:30 Europe/Berlin weekdays 5';

export async function subscribeMeCommand(services: CommandServices, ctx: CommandContext, options: SubscribeOptions): Promise<Message> {
  if (options.threads === 'on') {
    return textMessage(`A personal digest is one direct message, so it has no threads (threads: on is for a channel’s digest). Leave it out: ${EXAMPLE}.`);
  }
  if (options.topic !== undefined) {
    return textMessage(`A personal digest is made from what you follow and save, not one topic. Follow the topic instead (/papers follow topic: ${options.topic.slice(0, 60)}), then ${EXAMPLE}.`);
  }
  const digest = await saveDigest(services, ctx, personalChannel(askerOf(ctx)), { ...options, threads: 'off' });
  if (!digest.ok) return textMessage(digest.error.message);
  const { saved, before, next } = digest.value;
  const weekly = saved.kind === 'weekly' ? 'weekly ' : '';
  const text = `${before ? `Your personal ${weekly}digest is now` : `You will get a personal ${weekly}digest:`} ${describeSubscription(saved)}, by direct message. Next: ${describeWhen(next.localDate, saved)}.`;
  services.logger.info({ subscription: 'personal', kind: saved.kind }, before ? 'personal digest changed' : 'personal digest created');
  const stop = saved.kind === 'weekly' ? '/papers unsubscribe me weekly' : '/papers unsubscribe me';
  return {
    visibility: 'private',
    fallback: text,
    blocks: [
      { type: 'text', text },
      {
        type: 'note',
        text: `It starts with papers matching what you follow (/papers follow) and like the ones you save, then this team’s trending; a paper it or an alert already sent you is never repeated. ${stop} stops it. Only you see this.`,
      },
    ],
  };
}

export async function unsubscribeMeCommand(services: CommandServices, ctx: CommandContext, options: { digest?: DigestKind | undefined }): Promise<Message> {
  const kind = options.digest ?? 'daily';
  const mine = personalChannel(askerOf(ctx));
  if (await services.storage.removeSubscription({ ...mine, kind })) {
    services.logger.info({ subscription: 'personal', kind }, 'personal digest removed');
    return textMessage(`Your personal ${kind} digest is stopped. ${EXAMPLE} starts one again.`);
  }
  const other: DigestKind = kind === 'daily' ? 'weekly' : 'daily';
  if (await services.storage.getSubscription({ ...mine, kind: other })) {
    return textMessage(`You have no personal ${kind} digest; your ${other} one stops with /papers unsubscribe me${other === 'weekly' ? ' weekly' : ''}.`);
  }
  return textMessage(`You have no personal ${kind} digest to stop. ${EXAMPLE} starts one.`);
}
