import type { z } from 'zod';
import type { CommandInvocation } from '../messages/message.js';
import { fail, ok, type Result } from '../result.js';
import type { CommandDefinition } from './command-definitions.js';

/**
 * Structured options (from text, a button or Discord) checked against the command's zod
 * schema, with the first problem said in words a user can act on, usage included.
 */
function describe(issue: z.core.$ZodIssue, value: unknown, definition: CommandDefinition): string {
  const name = String(issue.path[0] ?? 'input');
  const usage = `Usage: /papers ${definition.usage}`;
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) return `${name} is missing. ${usage}`;
      const expected = issue.expected === 'int' || issue.expected === 'number' ? 'a whole number' : issue.expected === 'string' ? 'text' : issue.expected;
      return `${name} should be ${expected}, not “${String(value).slice(0, 40)}”. ${usage}`;
    }
    case 'too_big':
      return typeof value === 'string' ? `${name} is ${value.length} characters; keep it under ${String(issue.maximum)}.` : `${name} can be at most ${String(issue.maximum)}${not(value)}.`;
    case 'too_small':
      return typeof value === 'string' ? `${name} is empty. ${usage}` : `${name} must be at least ${String(issue.minimum)}${not(value)}.`;
    case 'invalid_value':
      // A required choice (`forget` needs `me`) that was left out is missing, not "undefined".
      if (value === undefined) return `${name} is missing. ${usage}`;
      return `${name} must be one of ${issue.values.map(String).join(', ')}, not "${String(value).slice(0, 40)}".`;
    default:
      return `${name}: ${issue.message}. ${usage}`;
  }
}

/** ", not 15"; nothing for a number too big to print as typed (99999999999999999999 reads back as 100000000000000000000). */
function not(value: unknown): string {
  return typeof value === 'number' && !Number.isSafeInteger(value) && Number.isInteger(value) ? '' : `, not ${String(value)}`;
}

/** Zod's own "within the safe integer range" bound, which says nothing about the option's real one. */
function isSafeRangeIssue(issue: z.core.$ZodIssue): boolean {
  return (issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'int';
}

export function validateOptions<T>(definition: CommandDefinition, invocation: CommandInvocation): Result<T> {
  const parsed = definition.options.safeParse(invocation.options);
  if (parsed.success) return ok(parsed.data as T);
  const { issues } = parsed.error;
  const first = issues[0]!;
  // A huge count fails the safe-integer check and the option's own bound: say the option's.
  const issue = isSafeRangeIssue(first) ? (issues.find((i) => i.path[0] === first.path[0] && !isSafeRangeIssue(i)) ?? first) : first;
  const value = invocation.options[String(issue.path[0])];
  return fail('bad_argument', describe(issue, value, definition));
}
