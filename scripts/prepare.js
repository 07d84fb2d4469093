// npm's `prepare` step (after `npm install` and `npm ci`): build dist/ when TypeScript is
// installed, as it is in a development checkout. A production install (`npm ci --omit=dev`,
// the container image's runtime) has no TypeScript: it keeps the dist/ already built instead
// of failing with `tsc: not found`. A node script rather than a shell test, so it runs alike
// on every platform.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../', import.meta.url));

let typescript = true;
try {
  require.resolve('typescript');
} catch {
  typescript = false;
}

if (!typescript) {
  const built = existsSync(join(root, 'dist', 'adapters', 'cli', 'main.js'));
  process.stderr.write(
    built
      ? 'paperboy: TypeScript is not installed (a production install): keeping the dist/ already built\n'
      : 'paperboy: warning: TypeScript is not installed and dist/ is not built; run `npm install` with dev dependencies (or `npm run build`) before `npx paperboy`\n',
  );
  process.exit(0);
}

// `npm run build` under the npm that runs this step, so the build has one definition (package.json).
const npm = process.env.npm_execpath;
const result = npm ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit', cwd: root }) : spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: root, shell: true });
process.exit(result.status ?? 1);
