import { spawn } from 'node:child_process';

/** Runs a Node script to its end, passing its stderr through (progress), and returns its stdout. */
export function runNodeScript(script: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`node ${script} ${args.join(' ')} exited with ${String(code)}`))));
  });
}
