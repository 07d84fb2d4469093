/**
 * Markdown checks shared by the Discord renderer tests: strings that try to smuggle formatting
 * and mentions in, and a reader that finds any formatting the renderer did not put there itself.
 */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const HOSTILE = '**x** __u__ *i* ~~s~~ ||spoiler|| `code` ```block``` [click](https://evil.example) @everyone @here <@123> <@&456> <#789> <:e:1> <t:0> \\*';

/**
 * Formatting that untrusted text could have smuggled in, read the way Discord reads markdown:
 * autolinked URLs and backslash escapes are inert; `**` (in pairs), `<https://…>` and a
 * leading `-# ` are the renderer's own; any other `* _ ~ | \` [`, a mention-like `<`, or a
 * line-start marker is a leak.
 */
export function leaks(md: string): string[] {
  const found: string[] = [];
  let bold = 0;
  let afterUrl = -1;
  for (let i = 0; i < md.length; ) {
    const rest = md.slice(i);
    const lineStart = i === 0 || md[i - 1] === '\n';
    const url = /^https?:\/\/[^\s<]+[^<.,:;"')\]\s]/.exec(rest);
    if (url) {
      i += url[0].length;
      i += /^[.,:;"')\]]*/.exec(md.slice(i))![0].length;
      afterUrl = i;
      continue;
    }
    if (rest[0] === '\\' && rest.length > 1 && /[^0-9A-Za-z\s]/.test(rest[1]!)) i += 2;
    else if (rest.startsWith('**')) {
      bold += 1;
      i += 2;
    } else if (/^<https?:\/\/[^\s<>]+>/.test(rest)) i += /^<[^>]+>/.exec(rest)![0].length;
    else if (lineStart && rest.startsWith('-# ')) i += 3;
    else {
      if (lineStart && /^[ \t]*([#>+-]|\d+[.)](\s|$))/.test(rest)) found.push(`line marker at ${i}`);
      if ('*_~|`['.includes(rest[0]!)) found.push(`${rest[0]} at ${i}`);
      if (/^<(@|#|:|a:|t:|\/)/.test(rest) && i !== afterUrl) found.push(`mention-like < at ${i}`);
      i += 1;
    }
  }
  if (bold % 2 !== 0) found.push('unpaired **');
  return found;
}
