import type { Paper } from '../../src/model/paper.js';
import type { PersonRef } from '../../src/personal/person.js';
import type { ChannelRef, SubscriptionSettings } from '../../src/subscriptions/subscription.js';

/** Shared values for the storage contract tests. Times are fixed: storage never reads a clock. */
export const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);
export const MINUTE = 60_000;

export const CHANNEL: ChannelRef = { platform: 'slack', workspace: 'T01', channel: 'C-research' };
export const OTHER_CHANNEL: ChannelRef = { platform: 'slack', workspace: 'T01', channel: 'C-general' };

export const SETTINGS: SubscriptionSettings = { time: '09:00', timezone: 'Europe/Berlin', days: 'weekdays', count: 5, topic: 'model merging' };

export function channel(n: number, ref: Partial<ChannelRef> = {}): ChannelRef {
  return { platform: 'slack', workspace: 'T01', channel: `C${String(n).padStart(3, '0')}`, ...ref };
}

export function paper(id: string, extra: Partial<Paper> = {}): Paper {
  return { id, title: `Paper ${id}`, abstract: '', authors: [], codeUrls: [], links: [], appearances: [], ...extra };
}

export const ALICE: PersonRef = { platform: 'slack', workspace: 'T01', user: 'U-alice' };
export const BOB: PersonRef = { platform: 'slack', workspace: 'T01', user: 'U-bob' };

/** Someone in Slack workspace T01 unless told otherwise. */
export function person(user: string, ref: Partial<PersonRef> = {}): PersonRef {
  return { platform: 'slack', workspace: 'T01', user, ...ref };
}

/** Paper ids a team or a feed could hand paperboy: markup, mentions, a right-to-left override, quotes, emoji. */
export const HOSTILE_IDS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(2)</script>',
  '<!channel>',
  '@everyone',
  '\u202Egnp.exe',
  'O\'Brien"; DROP TABLE digest_slots; --',
  '論文-🧪-ü',
];
