import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ENV_VARIABLES } from './config.js';

/**
 * The environment with a `.env` file's values filled in underneath (the real environment
 * wins), for every command that reads settings: serve, chat and digest must agree on the
 * database. Lines that would silently misparse (no `=`) and unknown paperboy-looking keys
 * are reported rather than ignored.
 */
export function withEnvFile(env: Readonly<Record<string, string | undefined>>, file = '.env'): { env: Record<string, string | undefined>; problems: string[] } {
  if (!existsSync(file)) return { env: { ...env }, problems: [] };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { env: { ...env }, problems: [`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}); fix or remove it`] };
  }
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#') && !trimmed.includes('=')) {
      problems.push(`${file} line ${i + 1}: "${trimmed.slice(0, 40)}" has no "="; write NAME=value, e.g. PORT=3000`);
    }
  });
  const values = parseEnv(text);
  for (const key of Object.keys(values)) {
    if (key.startsWith('PAPERBOY_') && !ENV_VARIABLES.includes(key)) {
      problems.push(`${file}: unknown setting ${key}; see .env.example for the names`);
    }
  }
  return { env: { ...values, ...env }, problems };
}
