import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { Action, ActionKind, CommandInvocation } from '../../src/index.js';
import { CUSTOM_ID_MAX, encodeButton } from './custom-ids.js';
import { clip, oneLine } from './discord-text.js';

/**
 * A message's buttons in Discord's 5 rows of 5. Cards' buttons are grouped by kind, one row
 * per kind ("Save 1" … "Save 5", a sixth card spilling to a second row), in the order the
 * kinds first appear; message-level actions (next page) come last. When rows would exceed
 * five, groups keep rows in this order of importance, the rest losing theirs from the last
 * card up: message-level actions (paging has no other way in), save and upvote (they feed
 * the team's trending), discuss, share, related, cite (also a command away), then any other
 * kind. A ten-paper digest thus has Discuss on its first five cards and Cite on none
 * (`threads: on` gives every card its own buttons).
 */
export const ROWS_MAX = 5;
export const BUTTONS_PER_ROW = 5;
export const BUTTON_LABEL_MAX = 80;

export interface CardActions {
  /** The number the card shows ("3." in its title); undefined when the message has one unnumbered card. */
  readonly number: number | undefined;
  readonly actions: readonly Action[];
}

export interface ButtonRows {
  readonly rows: APIActionRowComponent<APIButtonComponent>[];
  /** Buttons left out: over the row limit, or with no custom_id to give them. */
  readonly dropped: number;
}

const MESSAGE_LEVEL = 'message';
const PRIORITY: readonly string[] = [MESSAGE_LEVEL, 'save', 'upvote', 'discuss', 'share', 'related', 'cite'] satisfies ReadonlyArray<ActionKind | typeof MESSAGE_LEVEL>;

interface Candidate {
  readonly label: string;
  readonly kind: string;
  readonly invocation: CommandInvocation;
}

interface Group {
  readonly key: string;
  readonly rows: Candidate[][];
  kept: number;
}

function label(action: Action, number: number | undefined): string {
  const suffix = number === undefined ? '' : ` ${number}`;
  const text = oneLine(String(action.label ?? '')) || oneLine(String(action.kind)) || 'Open';
  return clip(text, BUTTON_LABEL_MAX - suffix.length) + suffix;
}

function chunk<T>(items: readonly T[]): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += BUTTONS_PER_ROW) rows.push(items.slice(i, i + BUTTONS_PER_ROW));
  return rows;
}

const rank = (key: string): number => (PRIORITY.includes(key) ? PRIORITY.indexOf(key) : PRIORITY.length);

/** `workspace`: the server a direct message's buttons belong to (see custom-ids.ts). */
export function buttonRows(cards: readonly CardActions[], messageActions: readonly Action[], stash?: (invocation: CommandInvocation) => string | undefined, workspace?: string): ButtonRows {
  const byKind = new Map<string, Candidate[]>();
  for (const card of cards) {
    for (const action of card.actions) {
      const kind = String(action.kind);
      const list = byKind.get(kind) ?? [];
      list.push({ label: label(action, card.number), kind, invocation: action.invocation });
      byKind.set(kind, list);
    }
  }
  const message = messageActions.map((a) => ({ label: label(a, undefined), kind: String(a.kind), invocation: a.invocation }));
  const groups: Group[] = [...byKind].map(([key, list]) => ({ key, rows: chunk(list), kept: 0 }));
  groups.push({ key: MESSAGE_LEVEL, rows: chunk(message), kept: 0 });

  let free = ROWS_MAX;
  for (const group of [...groups].sort((a, b) => rank(a.key) - rank(b.key))) {
    group.kept = Math.min(group.rows.length, free);
    free -= group.kept;
  }

  const seen = new Set<string>();
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  let total = 0;
  for (const group of groups) {
    for (const row of group.rows.slice(0, group.kept)) {
      const components: APIButtonComponent[] = [];
      for (const candidate of row) {
        const id = encodeButton(candidate.invocation, workspace) ?? stash?.(candidate.invocation);
        // A duplicate would make Discord reject the whole message; the first one stays.
        if (typeof id !== 'string' || id === '' || id.length > CUSTOM_ID_MAX || seen.has(id)) continue;
        seen.add(id);
        const style = candidate.kind === 'next-page' ? ButtonStyle.Primary : ButtonStyle.Secondary;
        components.push({ type: ComponentType.Button, style, label: candidate.label, custom_id: id });
      }
      if (components.length > 0) rows.push({ type: ComponentType.ActionRow, components });
    }
    total += group.rows.flat().length;
  }
  const shown = rows.reduce((n, r) => n + r.components.length, 0);
  return { rows, dropped: total - shown };
}
