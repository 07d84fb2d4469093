import { isObject } from './discord-wire.js';

/**
 * Discord's mention rules, as a pure function: which mentions in a message body would notify someone.
 * Only `content` is parsed (embeds never ping). Without `allowed_mentions`, channel messages parse everyone, users
 * and roles, while interaction responses and webhooks parse users only (platform-notes 2.6). With it, a type pings
 * if `parse` names it or its id is listed in `users`/`roles`. Code spans are not exempted: a test that wants zero
 * pings is better served by a conservative answer.
 */

export type MentionWhere = 'channel' | 'interaction';

export interface Ping {
  where: MentionWhere;
  /** The mention as written (`@everyone`, `<@123>`, `<@&456>`) or `replied_user` for a reply that notifies its author. */
  mention: string;
  /** `METHOD /path` of the request that carried it. */
  path: string;
}

const MENTION = /@everyone|@here|<@!?(\d+)>|<@&(\d+)>/g;

const stringList = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);

export function mentionsThatWouldPing(body: unknown, where: MentionWhere): string[] {
  if (!isObject(body)) return [];
  const allowed = isObject(body.allowed_mentions) ? body.allowed_mentions : undefined;
  const parse = new Set(allowed ? (stringList(allowed.parse) ?? []) : where === 'channel' ? ['everyone', 'users', 'roles'] : ['users']);
  const users = new Set(stringList(allowed?.users) ?? []);
  const roles = new Set(stringList(allowed?.roles) ?? []);
  const found: string[] = [];
  const content = typeof body.content === 'string' ? body.content : '';
  for (const match of content.matchAll(MENTION)) {
    const [text, userId, roleId] = match;
    const pings = userId !== undefined ? parse.has('users') || users.has(userId) : roleId !== undefined ? parse.has('roles') || roles.has(roleId) : parse.has('everyone');
    if (pings && !found.includes(text)) found.push(text);
  }
  // A reply notifies the author of the message it answers unless allowed_mentions turns replied_user off.
  if (where === 'channel' && isObject(body.message_reference) && (allowed === undefined || allowed.replied_user === true)) {
    found.push('replied_user');
  }
  return found;
}

/** Every mention that would have pinged, across all messages the fake accepted. */
export class PingLog {
  readonly list: Ping[] = [];

  record(body: unknown, where: MentionWhere, path: string): void {
    for (const mention of mentionsThatWouldPing(body, where)) this.list.push({ where, mention, path });
  }
}
