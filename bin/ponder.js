#!/usr/bin/env node
// Runs the TypeScript sources directly: no build step between a clone and a working tutor.
// This is the composition root: the core's commands plus those of the adapters.
import { existsSync } from 'node:fs';
import { register } from 'tsx/esm/api';

// Settings may live in ./.env (see .env.example); variables already set in the environment win.
if (existsSync('.env')) process.loadEnvFile('.env');
register();
const { main } = await import('../src/cli/main.ts');
const { webCommands } = await import('../adapters/web/cli.ts');
process.exitCode = await main(process.argv.slice(2), [webCommands]);
