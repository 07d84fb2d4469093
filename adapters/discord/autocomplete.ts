import { canonicalTimeZone, suggestTimeZone, timeZoneNames, type Paper, type Paperboy } from '../../src/index.js';

/**
 * Suggestions while someone types a `paper` or `timezone` option. Discord shows at most 25,
 * each name and value at most 100 characters, and waits 3 s: these are cheap (the engine's
 * title index plus one search), and never fail: odd input, or a corpus still being
 * indexed, gets fewer suggestions.
 */
export interface Choice {
  readonly name: string;
  readonly value: string;
}

export const MAX_CHOICES = 25;
const MAX_CHOICE_CHARS = 100;
/** What is typed beyond this only slows the search; a title is found long before. */
const MAX_TYPED = 100;

function clipName(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_CHOICE_CHARS) return flat || '(untitled)';
  const cut = flat.slice(0, MAX_CHOICE_CHARS - 1);
  // Never leave half a surrogate pair at the end.
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

function paperChoice(paper: Paper): Choice | undefined {
  // A value Discord would refuse is better left out than sent.
  return paper.id.length <= MAX_CHOICE_CHARS ? { name: clipName(paper.title), value: paper.id } : undefined;
}

/** Titles that start like what was typed come first (it is usually the start of a title), then search hits; nothing typed: today's trending. */
export async function paperSuggestions(paperboy: Paperboy, typed: string): Promise<Choice[]> {
  const text = typed.slice(0, MAX_TYPED).trim();
  const picked = new Map<string, Choice>();
  const add = (paper: Paper): void => {
    if (picked.size >= MAX_CHOICES || picked.has(paper.id)) return;
    const choice = paperChoice(paper);
    if (choice) picked.set(paper.id, choice);
  };
  if (text === '') {
    const top = await paperboy.trending({ limit: MAX_CHOICES });
    if (top.ok) for (const entry of top.value) add(entry.paper);
    return [...picked.values()];
  }
  const exact = paperboy.status().state === 'ready' ? paperboy.papers.get(text) : undefined;
  if (exact) add(exact);
  for (const paper of await paperboy.suggestTitles(text, MAX_CHOICES)) add(paper);
  if (picked.size < MAX_CHOICES) {
    const found = await paperboy.search({ query: text, limit: MAX_CHOICES, snippets: false });
    if (found.ok) for (const hit of found.value.hits) add(hit.paper);
  }
  return [...picked.values()];
}

const zoneChoice = (zone: string): Choice => ({ name: zone.replace(/_/g, ' '), value: zone });

/** IANA zones matching what was typed, by whole name or city ("berlin", "new york", "Europe/Ber"); abbreviations and typos get their best guess first. */
export function timeZoneSuggestions(typed: string): Choice[] {
  const key = typed.slice(0, MAX_TYPED).trim().toLowerCase().replace(/ +/g, '_');
  const zones = timeZoneNames();
  if (key === '') return ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'].map(zoneChoice);
  const picked = new Set<string>();
  const guess = canonicalTimeZone(key) ?? suggestTimeZone(key);
  if (guess) picked.add(guess);
  const city = (zone: string) => zone.split('/').at(-1)!.toLowerCase();
  for (const zone of zones) if (city(zone).startsWith(key) || zone.toLowerCase().startsWith(key)) picked.add(zone);
  for (const zone of zones) if (zone.toLowerCase().includes(key)) picked.add(zone);
  return [...picked].slice(0, MAX_CHOICES).map(zoneChoice);
}
