#!/usr/bin/env node
// Thin launcher: `npm install` builds dist/ (the `prepare` script), so `npx drl-tui` starts compiled
// JavaScript with no TypeScript loader in the start-up path.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// React's development build doubles the cost of every frame; the console is a product, not a dev server.
process.env.NODE_ENV ??= 'production';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'drl-tui: dist/ is missing; run `npm install` (or `npm run build`) in the project folder first.\n',
  );
  process.exit(1);
}
await import(entry.href);
