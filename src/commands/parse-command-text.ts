import type { CommandInvocation } from '../messages/message.js';
import { fail, ok, type Result } from '../result.js';
import { isWeekday, WEEKDAYS, type Weekday } from '../subscriptions/subscription.js';
import { canonicalTimeZone, looksLikeTimeZone, suggestTimeZone } from '../subscriptions/time-zones.js';
import { COMMANDS } from './command-definitions.js';
import { audienceOf, parsePersonalText } from './parse-personal-text.js';

/**
 * `/papers …` as typed, into the same structured invocation a button or a Discord option
 * list produces. Empty text is a request for help; text that does not start with a command
 * name is a search, so `/papers diffusion transformers` just works.
 */
export const MAX_COMMAND_TEXT = 2000;

const PAGE = /\s+page:(\d+)\s*$/i;
const SUBSCRIBE_FORM = 'subscribe HH:MM [time zone] [daily|weekdays|weekly <day>] [1-10] [threads: on|off] [topic: words, last]';
const SUBSCRIBE_ME_FORM = 'subscribe me HH:MM [time zone] [daily|weekdays|weekly <day>] [1-10]';
const UNSUBSCRIBE_FORM = 'unsubscribe (the daily digest) or unsubscribe weekly; unsubscribe me [weekly] for your own';

/** Monday, mondays, mon: a day of the week, as a weekly digest's day. */
const WEEKDAY_WORDS = new Map<string, Weekday>(
  WEEKDAYS.flatMap((day) => [
    [day, day],
    [`${day}s`, day],
    [day.slice(0, 3), day],
  ]),
);
for (const [word, day] of [
  ['tues', 'tuesday'],
  ['thur', 'thursday'],
  ['thurs', 'thursday'],
] as const) {
  WEEKDAY_WORDS.set(word, day);
}
/** Hidden commands that are still read when typed: `discuss x` answers where its button is, rather than searching for "discuss x". */
const TYPED_HIDDEN = new Set(['discuss']);

function withPage(rest: string, key: string): Record<string, string | number> {
  const m = PAGE.exec(` ${rest}`);
  if (!m) return { [key]: rest };
  return { [key]: ` ${rest}`.slice(0, m.index).trim(), page: Number(m[1]) };
}

/** `topic:` with nothing after it would quietly mean "no topic". */
const EMPTY_TOPIC = 'topic: needs words after it, e.g. topic: model merging.';

function trendingOptions(rest: string): Result<Record<string, string | number>> {
  // A leading number is the count, whatever its size: "trending 1000" is a count to refuse, not a topic.
  const m = /^(\d+(?:\.\d+)?)(?:\s+|$)(.*)$/s.exec(rest);
  const count = m ? Number(m[1]) : undefined;
  const words = m ? m[2]! : rest;
  const topic = words.replace(/^topic:\s*/i, '').trim();
  if (!topic && /^topic:/i.test(words)) return fail('bad_argument', `${EMPTY_TOPIC} Usage: /papers trending [count] [topic: words]`);
  return ok({ ...(count !== undefined ? { count } : {}), ...(topic ? { topic } : {}) });
}

const FILLER = new Set(['at', 'on', 'every', 'in']);

const THREADS = /(^|\s)threads:\s*(\S*)/i;

/** `threads: on|off`, anywhere before the topic; the rest of the head is left for the other settings. */
function threadsOption(head: string, form: string): Result<{ head: string; threads?: string }> {
  const m = THREADS.exec(head);
  if (!m) return ok({ head });
  const value = m[2]!.toLowerCase();
  const rest = `${head.slice(0, m.index)} ${head.slice(m.index + m[0].length)}`;
  if (value !== 'on' && value !== 'off') {
    const shown = m[2] ? `“${m[2].slice(0, 20)}”` : 'nothing';
    return fail('bad_argument', `threads: takes on or off, not ${shown}: threads: on posts a short digest with each paper as a reply in its thread. The form is: ${form}`);
  }
  if (THREADS.test(rest)) return fail('bad_argument', `threads: is given twice; give it once. The form is: ${form}`);
  return ok({ head: rest, threads: value });
}

function subscribeOptions(rest: string, me: boolean): Result<Record<string, string | number>> {
  const form = me ? SUBSCRIBE_ME_FORM : SUBSCRIBE_FORM;
  const at = rest.search(/(^|\s)topic:/i);
  const threads = threadsOption(at < 0 ? rest : rest.slice(0, at), form);
  if (!threads.ok) return threads;
  const { head } = threads.value;
  const topic =
    at < 0
      ? ''
      : rest
          .slice(at)
          .replace(/^\s*topic:\s*/i, '')
          .trim();
  if (at >= 0 && !topic) return fail('bad_argument', `${EMPTY_TOPIC} The form is: ${form}`);
  const options: Record<string, string | number> = { ...(topic ? { topic } : {}), ...(threads.value.threads ? { threads: threads.value.threads } : {}) };
  const once = (key: string, value: string | number, what: string): Result<true> => {
    if (options[key] !== undefined && options[key] !== value) {
      return fail('bad_argument', `Two ${what} (${String(options[key])} and ${String(value)}); give one. The form is: ${form}`);
    }
    options[key] = value;
    return ok(true);
  };
  let weekly = false;
  const tokens = head.split(/\s+/).filter(Boolean);
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const word = token.toLowerCase();
    const next = tokens[i + 1];
    let set: Result<true> = ok(true);
    if (/^\d{1,2}[:.h]\d{2}$/.test(token) || /^\d{1,2}:\d{2}:\d{2}$/.test(token) || /^\d{3,}:/.test(token)) {
      set = once('time', token.replace(/[.h]/, ':'), 'times');
    } else if (/^\d+$/.test(token)) {
      set = once('count', Number(token), 'paper counts');
    } else if (word === 'daily' || word === 'everyday') {
      set = once('days', 'daily', 'day settings');
    } else if (word === 'weekdays' || word === 'weekday' || word === 'mon-fri') {
      set = once('days', 'weekdays', 'day settings');
    } else if (word === 'weekly') {
      weekly = true;
    } else if (WEEKDAY_WORDS.has(word)) {
      set = once('days', WEEKDAY_WORDS.get(word)!, 'day settings');
    } else if (FILLER.has(word)) {
      continue;
    } else if (next !== undefined && canonicalTimeZone(`${token} ${next}`)) {
      // A city of two words: "New York", "Buenos Aires".
      set = once('timezone', `${token}_${next}`, 'time zones');
      i += 1;
    } else if (looksLikeTimeZone(token) || suggestTimeZone(token)) {
      // A zone, or close enough to one that the reply can suggest the right spelling.
      set = once('timezone', token, 'time zones');
    } else {
      return fail('bad_argument', `I do not understand "${token.slice(0, 40)}" here. The form is: ${form}`);
    }
    if (!set.ok) return set;
  }
  if (weekly && (options.days === 'daily' || options.days === 'weekdays')) {
    return fail('bad_argument', `A digest is weekly (on one day) or ${String(options.days)}, not both; a channel can have one of each. The form is: ${form}`);
  }
  if (weekly && options.days === undefined) options.days = 'weekly';
  if (options.time === undefined) {
    const example = weekly || isWeekday(String(options.days)) ? 'weekly monday 09:00 Europe/Berlin' : '09:00 Europe/Berlin weekdays 5';
    return fail('bad_argument', `Give a time for the digest, e.g. /papers ${me ? 'subscribe me' : 'subscribe'} ${example}. The form is: ${form}`);
  }
  return ok(options);
}

export function parseCommandText(input: string): Result<CommandInvocation> {
  const text = input.replace(/^\s*\/papers\b/i, '').trim();
  if (text.length > MAX_COMMAND_TEXT) {
    return fail('query_too_long', `That is ${text.length} characters; a command is at most ${MAX_COMMAND_TEXT}.`);
  }
  if (text === '') return ok({ name: 'help', options: {} });
  const [first = '', ...restWords] = text.split(/\s+/);
  const rest = text.slice(first.length).trim();
  const command = COMMANDS.find((c) => (!c.hidden || TYPED_HIDDEN.has(c.name)) && c.name === first.toLowerCase());
  if (!command) return ok({ name: 'search', options: withPage(text, 'query') });
  switch (command.name) {
    case 'search':
      return ok({ name: 'search', options: rest ? withPage(rest, 'query') : {} });
    case 'show':
    case 'save':
    case 'discuss':
    case 'cite':
      return ok({ name: command.name, options: rest ? { paper: rest } : {} });
    case 'related':
      return ok({ name: 'related', options: rest ? withPage(rest, 'paper') : {} });
    case 'trending': {
      const options = trendingOptions(rest);
      return options.ok ? ok({ name: 'trending', options: options.value }) : options;
    }
    case 'subscribe': {
      const { me, rest: settings } = audienceOf(rest);
      const options = subscribeOptions(settings, me);
      return options.ok ? ok({ name: 'subscribe', options: { ...options.value, ...(me ? { audience: 'me' } : {}) } }) : options;
    }
    case 'unsubscribe': {
      const { me, rest: which } = audienceOf(rest.toLowerCase());
      const audience = me ? { audience: 'me' } : {};
      if (which === '') return ok({ name: 'unsubscribe', options: audience });
      if (which === 'weekly' || which === 'daily') return ok({ name: 'unsubscribe', options: { digest: which, ...audience } });
      return fail('bad_argument', `I do not understand "${rest.slice(0, 40)}" here. The form is: ${UNSUBSCRIBE_FORM}`);
    }
    case 'saved':
      // Anything but "bibtex" is passed on for the options check to refuse with the choices.
      return ok({ name: 'saved', options: rest ? { format: rest.toLowerCase() } : {} });
    case 'web':
      // Only `web` alone asks for the sign-in link: "/papers web agents" is still a search for web agents.
      return ok(rest ? { name: 'search', options: withPage(text, 'query') } : { name: 'web', options: {} });
    case 'help':
      return ok({ name: 'help', options: restWords[0] ? { command: restWords[0].toLowerCase() } : {} });
    default:
      // The personal commands have their own grammar; subscriptions has nothing to read.
      return parsePersonalText(command.name, rest) ?? ok({ name: command.name, options: {} });
  }
}
