#!/usr/bin/env node
// Runs the bundle in dist/ (bin/build.js, run by `npm install`) while it matches the sources, else the TypeScript
// sources themselves through tsx: a clone works before any build, and an edited source is never shadowed by a
// stale bundle. The composition (the core's commands plus the adapters') is bin/cli.ts.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freshEntry } from './freshness.js';

// Settings may live in ./.env (see .env.example); variables already set in the environment win.
if (existsSync('.env')) process.loadEnvFile('.env');
const built = freshEntry(dirname(import.meta.dirname));
let cli;
if (built) {
  cli = await import(pathToFileURL(built).href);
} else {
  // Loaded only here: registering the TypeScript loader is most of the cost a bundle saves.
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('./cli.ts');
}
process.exitCode = await cli.run(process.argv.slice(2));
