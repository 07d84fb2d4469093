import type { Message } from '../messages/message.js';
import { forgottenTotal, type ForgetReport } from '../personal/preferences.js';
import { askerOf, type CommandContext, type CommandServices } from './command-context.js';

/**
 * `/papers forget me`: deletes what paperboy stores about the asker in this workspace (one
 * storage transaction) and says, privately and in words, how much that was. Channel digests
 * they set up stay for their channels, with their id replaced.
 */
const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "3 follows, 12 saves and 👍 and 1 personal digest". */
function deletedParts(report: ForgetReport): string[] {
  const parts: Array<[number, string, string]> = [
    [report.follows, 'follow', 'follows'],
    [report.signals, 'save or 👍', 'saves and 👍'],
    [report.subscriptions, 'personal digest', 'personal digests'],
    [report.postLog, 'post log entry of your digests', 'post log entries of your digests'],
    [report.alerts, 'alert', 'alerts'],
    [report.preferences, 'settings record (quiet hours, delivery state)', 'settings records (quiet hours, delivery state)'],
  ];
  return parts.filter(([n]) => n > 0).map(([n, one, many]) => count(n, one, many));
}

function inWords(parts: readonly string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export async function forgetCommand(services: CommandServices, ctx: CommandContext): Promise<Message> {
  const report = await services.storage.forgetPerson(askerOf(ctx));
  const total = forgottenTotal(report);
  // Logged without the person's id: they asked to be forgotten.
  services.logger.info({ platform: ctx.platform, workspace: ctx.workspace, records: total }, 'a person asked to be forgotten');
  if (total === 0) {
    const text = 'paperboy had nothing stored about you in this workspace (no follows, saves, 👍, personal digests, alerts or settings), so nothing was deleted.';
    return { visibility: 'private', fallback: text, blocks: [{ type: 'text', text }] };
  }
  const deleted = deletedParts(report);
  const sentences = [
    deleted.length > 0 ? `Deleted ${inWords(deleted)}.` : '',
    report.anonymized > 0
      ? `${count(report.anonymized, 'channel digest you set up keeps', 'channel digests you set up keep')} going for ${report.anonymized === 1 ? 'its channel' : 'their channels'}, with your id removed from ${report.anonymized === 1 ? 'it' : 'them'}.`
      : '',
  ].filter(Boolean);
  const text = `paperboy forgot you in this workspace: ${count(total, 'record', 'records')} in all. ${sentences.join(' ')}`;
  return {
    visibility: 'private',
    fallback: text,
    blocks: [
      { type: 'text', text },
      { type: 'note', text: 'Messages already posted in channels (cards you shared, digests) belong to those channels; delete them there if you wish. Using paperboy again starts afresh.' },
    ],
  };
}
