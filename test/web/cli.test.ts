// `ponder start` mistakes an operator makes: a port already taken, a port that is not a number. Each is one
// line naming the port or the option and the fix, with the start-up error exit code, never a stack trace.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { webCommands } from '../../adapters/web/cli.ts';
import { MINI, tempDb } from '../helpers/session.ts';

const ROOT = resolve(import.meta.dirname, '../..');

let busy: Server | undefined;
let cleanup = () => {};
const saved: Record<string, string | undefined> = {};
const ENV = ['HOST', 'PORT', 'PONDER_DB', 'PONDER_CURRICULUM', 'PONDER_MODEL', 'PONDER_LOG_LEVEL', 'PONDER_CONFIG'];

/** A port on 127.0.0.1 that another program is listening on. */
async function takenPort(): Promise<number> {
  busy = createServer();
  await new Promise<void>((done) => busy?.listen(0, '127.0.0.1', done));
  return (busy.address() as { port: number }).port;
}

beforeEach(() => {
  const db = tempDb();
  cleanup = db.cleanup;
  for (const name of ENV) saved[name] = process.env[name];
  Object.assign(process.env, { HOST: '127.0.0.1', PONDER_DB: db.dbPath, PONDER_CURRICULUM: MINI, PONDER_MODEL: 'offline', PONDER_LOG_LEVEL: 'silent' });
  delete process.env.PORT;
  delete process.env.PONDER_CONFIG;
});

afterEach(async () => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  process.exitCode = undefined;
  await new Promise<void>((done) => (busy ? busy.close(() => done()) : done()));
  busy = undefined;
  cleanup();
});

async function start(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['start', ...args], [webCommands], (s) => void (out += s), (s) => void (err += s));
  return { code, out, err };
}

describe('ponder start', () => {
  it('says in one line that the port is taken, and how to choose another, when a server already listens on it', async () => {
    const port = await takenPort();
    const { code, out, err } = await start(['--port', String(port)]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain(`Port ${port}`);
    expect(err).toMatch(/already in use.*Fix:.*--port \d+/);
    expect(err).not.toMatch(/EADDRINUSE|\n\s+at /);
  });

  it('reports a --port that is not a number as the --port option, not as the PORT variable', async () => {
    const { code, err } = await start(['--port', 'abc']);
    expect(code).toBe(2);
    expect(err).toContain('--port "abc": not a port');
    expect(err).not.toContain('PORT=');
  });

  it('still reports a bad PORT variable as the variable', async () => {
    process.env.PORT = 'eighty';
    const { code, err } = await start([]);
    expect(code).toBe(2);
    expect(err).toContain('PORT="eighty": not a port');
  });

  it('exits with code 2 and no stack trace from the real command, when the port is taken', async () => {
    const port = await takenPort();
    const result = await new Promise<{ code: number | null; stderr: string; stdout: string }>((done) => {
      execFile(process.execPath, [resolve(ROOT, 'bin/ponder.js'), 'start', '--port', String(port)], { cwd: ROOT, env: process.env, timeout: 15_000 }, (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(`Port ${port} on 127.0.0.1 is already in use`)]);
  }, 20_000);
});
