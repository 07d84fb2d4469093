import type { Paperboy } from '../paperboy.js';
import type { PersonRef } from '../personal/person.js';
import type { DiscussionThreads, MessageOrigin } from '../ports/discussion.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { MetricsObserver, Stopwatch } from '../ports/metrics.port.js';
import type { Storage } from '../ports/storage.port.js';
import type { TeamPageLinks } from '../ports/team-pages.port.js';
import type { ChannelRef } from '../subscriptions/subscription.js';

/** Who asked, where, and when: what an adapter knows about an incoming command. */
export interface CommandContext extends ChannelRef {
  readonly user: { readonly id: string; readonly name: string };
  readonly now: Date;
  /** Whether the user may change the channel's digest (Discord: Manage Channels; Slack: everyone). */
  readonly canManageChannel: boolean;
  /** The posted message a button was on (a digest, a card), when the command came from one. */
  readonly origin?: MessageOrigin;
  /** The platform's threads, for Discuss; absent where the platform has none. */
  readonly threads?: DiscussionThreads;
}

/** What commands run against. */
export interface CommandServices {
  readonly paperboy: Paperboy;
  readonly storage: Storage;
  readonly logger: Logger;
  /** Told how each command went and how long it took; default: nobody. */
  readonly metrics?: MetricsObserver;
  readonly stopwatch?: Stopwatch;
  /** The team page's sign-in links and paper pages; absent: /papers web says the page is off, cards link to sources. */
  readonly links?: TeamPageLinks;
}

/** The person who asked, in this workspace: whose follows, settings and personal digest a command reads. */
export function askerOf(ctx: CommandContext): PersonRef {
  return { platform: ctx.platform, workspace: ctx.workspace, user: ctx.user.id };
}
