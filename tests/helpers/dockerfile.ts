import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Just enough of Docker to check paperboy's image without a container engine: the Dockerfile
 * read into stages of instructions, and the build context copied through .dockerignore. What
 * the parser does not understand throws, so a new kind of step is taught here, not skipped.
 */
export interface Instruction {
  readonly keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  readonly args: string;
  /** Leading `--name=value` flags (COPY --from, RUN --mount, HEALTHCHECK --interval …). */
  readonly flags: Readonly<Record<string, string>>;
  /** The rest, after the flags. */
  readonly rest: string;
}

export interface Stage {
  readonly image: string;
  readonly name: string | undefined;
  readonly steps: readonly Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: { image: string; name: string | undefined; steps: Instruction[] }[] = [];
  for (const line of logical) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const flags: Record<string, string> = {};
    let rest = args;
    for (let m = /^--([\w-]+)=(\S+)\s+/.exec(rest); m; m = /^--([\w-]+)=(\S+)\s+/.exec(rest)) {
      flags[m[1]!] = m[2]!;
      rest = rest.slice(m[0].length);
    }
    const instruction = { keyword: keyword.toUpperCase(), args, flags, rest };
    if (instruction.keyword === 'FROM') {
      const [, image = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest) ?? [];
      stages.push({ image, name, steps: [] });
    } else if (stages.length === 0) throw new Error(`Dockerfile: ${keyword} before the first FROM`);
    else stages.at(-1)!.steps.push(instruction);
  }
  return stages;
}

/** An exec-form argument list (`["node", "bin/paperboy.js", "serve"]`). */
export function execForm(text: string): string[] {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string')) throw new Error(`Dockerfile: not an exec-form list: ${text}`);
  return parsed;
}

/** `ENV A=1 B=2` (unquoted values, the only form the Dockerfile uses). */
export function envPairs(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of args.split(/\s+/)) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || /["']/.test(pair)) throw new Error(`Dockerfile: ENV ${pair}: write NAME=value without quotes`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

/** A .dockerignore pattern as a regular expression over slash-separated context paths. */
function patternRegex(pattern: string): RegExp {
  let source = '';
  const p = pattern.replace(/^\/+|\/+$/g, '');
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      source += '.*';
      i += p[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Whether .dockerignore leaves `path` out: the last matching rule wins, and a rule matching a directory covers what is inside. */
export function dockerIgnores(rules: string, path: string): boolean {
  const parents = path.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const raw of rules.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const regex = patternRegex(negated ? line.slice(1) : line);
    if (parents.some((p) => regex.test(p))) ignored = !negated;
  }
  return ignored;
}

/**
 * The build context `docker build .` would send: the repository's files (committed, or new and
 * not git-ignored) minus what .dockerignore leaves out, copied to `into`. Returns their paths.
 */
export function copyBuildContext(repo: string, into: string): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repo, encoding: 'utf8' }).split('\0').filter(Boolean);
  const rules = existsSync(join(repo, '.dockerignore')) ? readFileSync(join(repo, '.dockerignore'), 'utf8') : '';
  const files = listed.filter((f) => !dockerIgnores(rules, f) && existsSync(join(repo, f)) && !lstatSync(join(repo, f)).isDirectory());
  for (const file of files) {
    mkdirSync(dirname(join(into, file)), { recursive: true });
    cpSync(join(repo, file), join(into, file), { verbatimSymlinks: true });
  }
  return files;
}
