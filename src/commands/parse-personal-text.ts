import type { CommandInvocation } from '../messages/message.js';
import { fail, ok, type Result } from '../result.js';

/**
 * The typed forms of the personal commands (see parse-command-text.ts for the rest):
 * `follow author: Yann LeCun`, `follow topic: diffusion transformers`, `follow <paper>`,
 * `unfollow 1,4`, `quiet 22:00-08:00 Europe/Berlin`, `quiet off`, `forget me`, and the `me`
 * of `subscribe me …` / `unsubscribe me …`. Values are passed on as typed; the commands
 * check them, so typed text and Discord's options get the same answers.
 */
type Options = Record<string, string>;

const FOLLOW_KIND = /^(author|topic|paper)\s*:\s*/i;
const ANOTHER_KIND = /(^|\s)(author|topic|paper)\s*:/i;
const FOLLOW_FORMS = '/papers follow author: Yann LeCun, /papers follow topic: diffusion transformers, or /papers follow <paper id or title>';
const FOLLOW_EXAMPLES: Record<string, string> = {
  author: 'a name after it, e.g. /papers follow author: Yann LeCun',
  topic: 'words after it, e.g. /papers follow topic: diffusion transformers',
  paper: 'a paper after it, e.g. /papers follow 2106.09685',
};

/** Quotes around the whole value: `author:"Yann LeCun"`, “Yann LeCun”, 'Yann LeCun'. */
function unquote(value: string): string {
  const m = /^["“”„«'‘’](.*)["“”»'‘’]$/s.exec(value);
  return m ? m[1]!.trim() : value;
}

function followOptions(rest: string): Result<Options> {
  if (rest === '') return ok({});
  const m = FOLLOW_KIND.exec(rest);
  const kind = m ? m[1]!.toLowerCase() : 'paper';
  const value = unquote(m ? rest.slice(m[0].length).trim() : rest);
  if (value === '') return fail('bad_argument', `${kind}: needs ${FOLLOW_EXAMPLES[kind]}.`);
  if (ANOTHER_KIND.test(value)) return fail('bad_argument', `Follow one thing at a time: ${FOLLOW_FORMS}.`);
  return ok({ [kind]: value });
}

const TIME = String.raw`\d{1,2}(?:[:.h]\d{2})?`;
/** `22:00-08:00`, `22:00 – 08:00`, `22:00 to 08:00`, then the time zone, which may be two words ("New York"). */
const RANGE = new RegExp(String.raw`^(${TIME})\s*(?:-|–|—|\bto\b)\s*(${TIME})(?:\s+(.*))?$`, 'is');

function quietOptions(rest: string): Options {
  if (rest === '') return {};
  if (/^off$/i.test(rest)) return { off: 'yes' };
  const m = RANGE.exec(rest);
  if (m) return { hours: `${m[1]}-${m[2]}`, ...(m[3]?.trim() ? { timezone: m[3].trim() } : {}) };
  // Not a range: passed on whole for the command to explain the form.
  const [hours = '', ...zone] = rest.split(/\s+/);
  return { hours, ...(zone.length > 0 ? { timezone: zone.join(' ') } : {}) };
}

function forgetOptions(rest: string): Result<Options> {
  if (/^me[.!]?$/i.test(rest)) return ok({ who: 'me' });
  // Whatever else was typed is not repeated back: it may be someone's name or a mention.
  if (rest === '') {
    return fail(
      'bad_argument',
      'To delete everything paperboy stores about you in this workspace (follows, saves and 👍, personal digests, alerts, quiet hours), type /papers forget me. It cannot be undone.',
    );
  }
  return fail('bad_argument', 'paperboy forgets only the person who asks: /papers forget me deletes what it stores about you.');
}

/** `me` first: the asker's own digest (`subscribe me 08:30 …`, `unsubscribe me weekly`), and the text after it. */
export function audienceOf(rest: string): { readonly me: boolean; readonly rest: string } {
  const m = /^me(?:\s+|$)/i.exec(rest);
  return m ? { me: true, rest: rest.slice(m[0].length).trim() } : { me: false, rest };
}

/** The invocation for a personal command's text after its name; undefined for other commands. */
export function parsePersonalText(name: string, rest: string): Result<CommandInvocation> | undefined {
  const invocation = (options: Result<Options>): Result<CommandInvocation> => (options.ok ? ok({ name, options: options.value }) : options);
  switch (name) {
    case 'follow':
      return invocation(followOptions(rest));
    case 'unfollow':
      return invocation(ok(rest ? { which: rest } : {}));
    case 'quiet':
      return invocation(ok(quietOptions(rest)));
    case 'forget':
      return invocation(forgetOptions(rest));
    case 'following':
      return invocation(ok({}));
    default:
      return undefined;
  }
}
