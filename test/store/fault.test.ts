// Three real server processes on one SQLite file, the same learners hitting all of them at once, and one process
// killed with SIGKILL in the middle. Afterwards: every turn a client saw finish is stored exactly once, none
// twice (a turn resent to another process is replayed, not re-run), no orphan rows, no lock left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MINI, tempDb } from '../helpers/session.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startServer(dbPath: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/ponder.js', 'start', '--port', String(port), '--db', dbPath, '--curriculum', MINI], {
    cwd: ROOT,
    env: { ...process.env, PONDER_LOG_LEVEL: 'error', PONDER_MODEL: 'offline' },
    stdio: 'ignore',
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  // Generous: three processes compiling and loading at once on a busy two-core machine.
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(`${url}/widget.js`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the server did not start');
}

/** One turn to one server: true once its stream ended normally (the client saw it finish). */
async function turn(url: string, anonymousId: string, text: string, clientTurnId: string): Promise<boolean> {
  try {
    const start = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ site: 'demo', anonymousId }) });
    if (!start.ok) return false;
    const { sessionId } = (await start.json()) as { sessionId: string };
    const res = await fetch(`${url}/api/session/${sessionId}/turns`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ text, clientTurnId }) });
    return res.ok && (await res.text()).includes('event: end');
  } catch {
    return false;
  }
}

describe('three processes on one database, one killed mid-load', () => {
  it('keeps every finished turn once, runs none twice, and leaves no orphan rows or locks', async () => {
    const db = tempDb();
    const servers = await Promise.all([startServer(db.dbPath), startServer(db.dbPath), startServer(db.dbPath)]);
    const learners = Array.from({ length: 6 }, (_, i) => `anon-fault-learner-${i}-0123456789`);
    const texts = ['hi', 'start mini', 'skip', 'hint', 'progress', 'why', 'hint', '7', 'me', 'progress'];
    const finished = new Map<string, Set<string>>();
    let round = 0;
    const alive = () => servers.filter((s) => s.child.exitCode === null && !s.child.killed);
    await Promise.all(
      learners.map(async (learner, l) => {
        const done = new Set<string>();
        finished.set(learner, done);
        for (let t = 0; t < texts.length; t++) {
          // The same learner, two messages at once (two tabs, a double send), each to a different process; each
          // turn whose stream broke goes again, same id, to another process.
          await Promise.all(
            ['a', 'b'].map(async (tab, k) => {
              const id = `turn-${l}-${t}${tab}-abcdef`;
              for (let attempt = 0; attempt < 6 && !done.has(id); attempt++) {
                const pool = alive();
                const server = pool[(l + t + k + attempt) % pool.length];
                if (server && (await turn(server.url, learner, texts[t] ?? 'hi', id))) done.add(id);
              }
            }),
          );
          round += 1;
          if (round === 20) servers[1]?.child.kill('SIGKILL');
        }
      }),
    );
    for (const server of servers) server.child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));

    const check = new Database(db.dbPath, { readonly: true });
    const count = (sql: string, ...args: unknown[]) => (check.prepare(sql).get(...args) as { n: number }).n;
    for (const learner of learners) {
      const identity = `web:demo/anon:${learner}`;
      const learnerId = (check.prepare('SELECT learner_id FROM identities WHERE identity = ?').get(identity) as { learner_id: string }).learner_id;
      const keys = check.prepare('SELECT key FROM turn_keys WHERE learner_id = ?').all(learnerId) as Array<{ key: string }>;
      const stored = new Set(keys.map((k) => k.key.split('\u0000')[1]?.replace(/^web:/, '')));
      // Every finished turn is stored, and stored once: one turn row per key, no key twice.
      for (const id of finished.get(learner) ?? []) expect(stored.has(id), `${learner} ${id}`).toBe(true);
      expect(count('SELECT count(*) AS n FROM turns WHERE learner_id = ?', learnerId)).toBe(keys.length);
      const conversation = JSON.parse((check.prepare('SELECT conversation FROM learners WHERE id = ?').get(learnerId) as { conversation: string }).conversation) as { turns: number };
      // Each stored turn read the state the one before it wrote.
      expect(conversation.turns).toBe(keys.length);
    }
    expect(count('SELECT count(*) AS n FROM learners')).toBe(learners.length);
    expect(count('SELECT count(*) AS n FROM learners WHERE id NOT IN (SELECT learner_id FROM identities)')).toBe(0);
    expect(count('SELECT count(*) AS n FROM learner_locks WHERE expires > ?', Date.now())).toBeLessThanOrEqual(1);
    check.close();
    db.cleanup();
  }, 150_000);
});
