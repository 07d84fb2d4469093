import type { Json } from './discord-wire.js';

/**
 * Public threads as Discord keeps them: a thread started from a message has the message's id (so a message has at
 * most one), lives under the message's channel, and is archived after `auto_archive_duration` minutes of quiet (a
 * test archives it on demand). A post reopens an archived thread unless a moderator locked it (then 50083).
 */

export interface FakeThread {
  id: string;
  parentId: string;
  guildId: string;
  name: string;
  ownerId: string;
  autoArchiveDuration: number;
  archived: boolean;
  locked: boolean;
  createdAt: string;
  messageCount: number;
}

/** The two thread permissions a test can take away from the bot in a channel. */
export type ThreadPermission = 'CreatePublicThreads' | 'SendMessagesInThreads';

export const THREAD_ERRORS = {
  alreadyHasThread: { status: 400, code: 160_004, message: 'A thread has already been created for this message' },
  archived: { status: 400, code: 50_083, message: 'Thread is archived' },
} as const;

/** Minutes Discord accepts for auto_archive_duration. */
export const AUTO_ARCHIVE_DURATIONS = new Set([60, 1440, 4320, 10_080]);
const PUBLIC_THREAD = 11;

export class ThreadStore {
  private readonly threads = new Map<string, FakeThread>();
  private readonly revoked = new Map<string, Set<ThreadPermission>>();

  get(id: string): FakeThread | undefined {
    return this.threads.get(id);
  }

  add(thread: FakeThread): void {
    this.threads.set(thread.id, thread);
  }

  /** Threads started in a channel, oldest first. */
  in(channelId: string): FakeThread[] {
    return [...this.threads.values()].filter((t) => t.parentId === channelId);
  }

  /** Threads that are not archived, per guild: what GUILD_CREATE carries. */
  active(guildId: string): FakeThread[] {
    return [...this.threads.values()].filter((t) => t.guildId === guildId && !t.archived);
  }

  revoke(channelId: string, permission: ThreadPermission): void {
    this.revoked.set(channelId, new Set([...(this.revoked.get(channelId) ?? []), permission]));
  }

  lacks(channelId: string, permission: ThreadPermission): boolean {
    return this.revoked.get(channelId)?.has(permission) ?? false;
  }
}

/** A thread channel object, as REST answers and THREAD_CREATE/THREAD_UPDATE carry it. */
export function threadObject(thread: FakeThread, extra: Json = {}): Json {
  return {
    id: thread.id,
    type: PUBLIC_THREAD,
    guild_id: thread.guildId,
    parent_id: thread.parentId,
    name: thread.name,
    owner_id: thread.ownerId,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    message_count: thread.messageCount,
    member_count: 1,
    total_message_sent: thread.messageCount,
    thread_metadata: {
      archived: thread.archived,
      auto_archive_duration: thread.autoArchiveDuration,
      archive_timestamp: thread.createdAt,
      locked: thread.locked,
      create_timestamp: thread.createdAt,
    },
    ...extra,
  };
}
