import type { CommandInvocation } from '../messages/message.js';
import { fail, ok, type Result } from '../result.js';
import { canonicalTimeZone, looksLikeTimeZone, suggestTimeZone } from '../subscriptions/time-zones.js';
import { COMMANDS } from './command-definitions.js';

/**
 * `/papers …` as typed, into the same structured invocation a button or a Discord option
 * list produces. Empty text is a request for help; text that does not start with a command
 * name is a search, so `/papers diffusion transformers` just works.
 */
export const MAX_COMMAND_TEXT = 2000;

const PAGE = /\s+page:(\d+)\s*$/i;
const SUBSCRIBE_FORM = 'subscribe HH:MM [time zone] [daily|weekdays] [1-10] [topic: words, last]';

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

function subscribeOptions(rest: string): Result<Record<string, string | number>> {
  const at = rest.search(/(^|\s)topic:/i);
  const head = at < 0 ? rest : rest.slice(0, at);
  const topic =
    at < 0
      ? ''
      : rest
          .slice(at)
          .replace(/^\s*topic:\s*/i, '')
          .trim();
  if (at >= 0 && !topic) return fail('bad_argument', `${EMPTY_TOPIC} The form is: ${SUBSCRIBE_FORM}`);
  const options: Record<string, string | number> = topic ? { topic } : {};
  const once = (key: string, value: string | number, what: string): Result<true> => {
    if (options[key] !== undefined && options[key] !== value) {
      return fail('bad_argument', `Two ${what} (${String(options[key])} and ${String(value)}); give one. The form is: ${SUBSCRIBE_FORM}`);
    }
    options[key] = value;
    return ok(true);
  };
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
      return fail('bad_argument', `I do not understand "${token.slice(0, 40)}" here. The form is: ${SUBSCRIBE_FORM}`);
    }
    if (!set.ok) return set;
  }
  if (options.time === undefined) {
    return fail('bad_argument', `Give a time for the digest, e.g. /papers subscribe 09:00 Europe/Berlin weekdays 5. The form is: ${SUBSCRIBE_FORM}`);
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
  const command = COMMANDS.find((c) => !c.hidden && c.name === first.toLowerCase());
  if (!command) return ok({ name: 'search', options: withPage(text, 'query') });
  switch (command.name) {
    case 'search':
      return ok({ name: 'search', options: rest ? withPage(rest, 'query') : {} });
    case 'show':
    case 'save':
    case 'cite':
      return ok({ name: command.name, options: rest ? { paper: rest } : {} });
    case 'related':
      return ok({ name: 'related', options: rest ? withPage(rest, 'paper') : {} });
    case 'trending': {
      const options = trendingOptions(rest);
      return options.ok ? ok({ name: 'trending', options: options.value }) : options;
    }
    case 'subscribe': {
      const options = subscribeOptions(rest);
      return options.ok ? ok({ name: 'subscribe', options: options.value }) : options;
    }
    case 'saved':
      // Anything but "bibtex" is passed on for the options check to refuse with the choices.
      return ok({ name: 'saved', options: rest ? { format: rest.toLowerCase() } : {} });
    case 'help':
      return ok({ name: 'help', options: restWords[0] ? { command: restWords[0].toLowerCase() } : {} });
    default:
      // unsubscribe, subscriptions: nothing to read.
      return ok({ name: command.name, options: {} });
  }
}
