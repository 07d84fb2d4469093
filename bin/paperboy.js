#!/usr/bin/env node
// The installed `paperboy` command. `npm install` builds dist/ (the package's prepare step).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/adapters/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('paperboy: not built yet; run `npm install` (or `npm run build`) in the paperboy folder first\n');
  process.exit(1);
}
await import(entry.href);
