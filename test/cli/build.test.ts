// The prebuilt CLI (bin/build.js → dist/cli/): it answers like the sources, and bin/ponder.js never runs it once
// a file it was built from has changed.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DIST_DIR, ENTRY, STAMP, STAMP_VERSION, fingerprint, freshEntry, staleReason, type Stamp } from '../../bin/freshness.js';
import { isCoreCommand } from '../../bin/cli.ts';
import { buildProgram } from '../../src/cli/main.ts';
import { webCommands } from '../../adapters/web/cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TMP = mkdtempSync(join(tmpdir(), 'ponder-build-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** A whole second, so that setting it again gives the very time recorded. */
const BUILT_FROM = new Date(2026, 0, 5, 9, 0, 0);

/** A repository of one source file with a build stamped from it. */
function builtRepo(): { root: string; source: string } {
  const root = mkdtempSync(join(TMP, 'repo-'));
  mkdirSync(join(root, 'src'));
  const source = join(root, 'src', 'a.ts');
  writeFileSync(source, 'export const a = 1;\n');
  utimesSync(source, BUILT_FROM, BUILT_FROM);
  const dist = join(root, DIST_DIR);
  mkdirSync(dist, { recursive: true });
  const stamp: Stamp = { version: STAMP_VERSION, inputs: { 'src/a.ts': fingerprint(source)! } };
  writeFileSync(join(dist, STAMP), JSON.stringify(stamp));
  return { root, source };
}

describe('whether dist/ may run', () => {
  it('runs the build while every source it read is as it was', () => {
    const { root } = builtRepo();
    expect(staleReason(root)).toBeUndefined();
    expect(freshEntry(root)).toBe(join(root, DIST_DIR, ENTRY));
  });

  it('falls back to the sources when one is newer than the build', () => {
    const { root, source } = builtRepo();
    const later = new Date(BUILT_FROM.getTime() + 1000);
    utimesSync(source, later, later);
    expect(staleReason(root)).toBe('src/a.ts changed since the build');
    expect(freshEntry(root)).toBeUndefined();
  });

  it('falls back when a source is put back to an older time, or edited within the same time', () => {
    const older = builtRepo();
    utimesSync(older.source, new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(staleReason(older.root)).toBe('src/a.ts changed since the build');

    const same = builtRepo();
    writeFileSync(same.source, 'export const a = 12;\n');
    utimesSync(same.source, BUILT_FROM, BUILT_FROM);
    expect(staleReason(same.root)).toBe('src/a.ts changed since the build');
  });

  it('falls back when a source is gone, or when there is no build', () => {
    const { root, source } = builtRepo();
    unlinkSync(source);
    expect(staleReason(root)).toBe('src/a.ts is gone');
    expect(staleReason(mkdtempSync(join(TMP, 'bare-')))).toBe('no build');
  });
});

describe('the web adapter, loaded only for its own commands', () => {
  /** Every command's help, by its path: what a learner or an operator can see of the command line. */
  function helps(program: Command, prefix = ''): Map<string, string> {
    const all = new Map<string, string>();
    for (const command of program.commands) {
      const path = `${prefix}${command.name()}`;
      all.set(path, command.helpInformation());
      for (const [sub, help] of helps(command, `${path} `)) all.set(sub, help);
    }
    return all;
  }

  it('adds commands of its own and changes none of the core\'s, so that a core command may run without it', () => {
    const silent = () => undefined;
    const core = helps(buildProgram(silent, silent));
    const composed = helps(buildProgram(silent, silent, [webCommands]));
    for (const [path, help] of core) expect(composed.get(path), path).toBe(help);
    expect([...composed.keys()].filter((path) => !core.has(path))).toEqual(expect.arrayContaining(['start', 'token']));
  });

  it('is loaded for its commands, for help and for anything unknown', () => {
    expect(isCoreCommand('chat')).toBe(true);
    expect(isCoreCommand('curriculum')).toBe(true);
    for (const name of ['start', 'token', 'help', '--help', 'strat', undefined]) expect(isCoreCommand(name), String(name)).toBe(false);
  });
});

// Fails any import of a TypeScript file: proof that the child ran dist/, not the sources through tsx.
const NO_TYPESCRIPT = `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (/\\.[cm]?tsx?$/.test(new URL(result.url).pathname)) throw new Error('TypeScript loaded: ' + result.url);
  return result;
}`;
const PRELOAD = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(NO_TYPESCRIPT)}`)});`;

describe('the built CLI', { timeout: 90_000 }, () => {
  it('answers chat --jsonl from dist/, without loading any TypeScript', () => {
    if (staleReason(ROOT) !== undefined) {
      const build = spawnSync(process.execPath, ['bin/build.js'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(build.status, build.stderr).toBe(0);
    }
    expect(staleReason(ROOT)).toBeUndefined();

    const env: NodeJS.ProcessEnv = { ...process.env, PONDER_LOG_LEVEL: 'error' };
    for (const name of ['PONDER_DB', 'PONDER_CURRICULUM', 'PONDER_MODEL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL']) delete env[name];
    const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(PRELOAD)}`, 'bin/ponder.js', 'chat', '--jsonl', '--db', join(TMP, 'built.db')], {
      cwd: ROOT,
      input: '{"text": "hi"}\n',
      encoding: 'utf8',
      env,
      timeout: 30_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { replies?: Array<{ move: string; text: string }> });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.replies?.[0]).toMatchObject({ move: 'welcome', text: expect.stringMatching(/Ponder/) });
  });
});
