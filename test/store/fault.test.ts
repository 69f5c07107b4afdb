// Three real server processes on one database (a SQLite file, then PostgreSQL), the same learners hitting all of
// them at once, and one process killed with SIGKILL in the middle. Afterwards: every turn a client saw finish is
// stored exactly once, none twice (a turn resent to another process is replayed, not re-run), each learner's
// counters equal a replay of their stored attempts, shared counters only ever went up, no orphan rows, no lock
// left behind; and a turn resent after a restart is answered from the record, not run again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from '../helpers/postgres.ts';
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

async function startServer(db: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/ponder.js', 'start', '--port', String(port), '--db', db, '--curriculum', MINI], {
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

/** One turn to one server: its event stream once it ended normally (the client saw it finish), else undefined. */
async function turn(url: string, anonymousId: string, text: string, clientTurnId: string): Promise<string | undefined> {
  try {
    const start = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ site: 'demo', anonymousId }) });
    if (!start.ok) return undefined;
    const { sessionId } = (await start.json()) as { sessionId: string };
    const res = await fetch(`${url}/api/session/${sessionId}/turns`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url, 'x-ponder-learner': anonymousId }, body: JSON.stringify({ text, clientTurnId }) });
    const body = await res.text();
    return res.ok && body.includes('event: end') ? body : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the database the servers share, whichever kind it is, with PostgreSQL's $1 placeholders. */
interface Reader {
  all<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

const postgresUrl = inject('postgresUrl');

const kinds: Array<{ name: string; available: boolean; make: () => Promise<{ db: string; reader: () => Promise<Reader>; cleanup: () => Promise<void> }> }> = [
  {
    name: 'one SQLite file',
    available: true,
    make: async () => {
      const temp = tempDb();
      return {
        db: temp.dbPath,
        reader: async () => {
          const db = new Database(temp.dbPath, { readonly: true, fileMustExist: true });
          db.pragma('busy_timeout = 2000');
          return {
            all: async <T,>(sql: string, ...params: unknown[]) => db.prepare(sql.replace(/\$\d+/g, '?')).all(...params) as T[],
            close: async () => void db.close(),
          };
        },
        cleanup: async () => temp.cleanup(),
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgresUrl !== '',
    make: async () => {
      const database = await freshDatabase(postgresUrl);
      return {
        db: database.url,
        reader: async () => {
          const client = new pg.Client({ connectionString: database.url });
          await client.connect();
          return {
            all: async <T,>(sql: string, ...params: unknown[]) => (await client.query(sql, params)).rows.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) && k !== 'key' && k !== 'text' ? Number(v) : v]))) as T[],
            close: () => client.end(),
          };
        },
        cleanup: () => database.drop(),
      };
    },
  },
];

for (const kind of kinds) {
  describe.skipIf(!kind.available)(`three processes on ${kind.name}, one killed mid-load`, () => {
    it('keeps every finished turn once, runs none twice, counts every attempt, and replays a resent turn after a restart', async () => {
      const setup = await kind.make();
      const servers = await Promise.all([startServer(setup.db), startServer(setup.db), startServer(setup.db)]);
      const learners = Array.from({ length: 6 }, (_, i) => `anon-fault-learner-${i}-0123456789`);
      const texts = ['hi', 'start mini', 'skip', '4', 'hint', '5', 'progress', '8', 'why', '3'];
      const finished = new Map<string, Map<string, string>>();
      let round = 0;
      const alive = () => servers.filter((s) => s.child.exitCode === null && !s.child.killed);

      // Shared counters, read while the load runs: an item's attempt count may only ever go up.
      const sampler = await setup.reader();
      const seen = new Map<string, number>();
      const wentDown: string[] = [];
      let sampling = true;
      const sampling$ = (async () => {
        while (sampling) {
          const rows = await sampler.all<{ pack_id: string; item_id: string; attempts: number }>('SELECT pack_id, item_id, attempts FROM item_stats').catch(() => []);
          for (const row of rows) {
            const key = `${row.pack_id}/${row.item_id}`;
            if (row.attempts < (seen.get(key) ?? 0)) wentDown.push(`${key}: ${seen.get(key)} → ${row.attempts}`);
            seen.set(key, row.attempts);
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      })();

      await Promise.all(
        learners.map(async (learner, l) => {
          const done = new Map<string, string>();
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
                  const body = server ? await turn(server.url, learner, texts[t] ?? 'hi', id) : undefined;
                  if (body) done.set(id, body);
                }
              }),
            );
            round += 1;
            if (round === 20) servers[1]?.child.kill('SIGKILL');
          }
        }),
      );
      sampling = false;
      await sampling$;
      // The load really ran: (nearly) every turn got through, to one process or another, despite the kill.
      const sent = learners.length * texts.length * 2;
      const through = [...finished.values()].reduce((n, done) => n + done.size, 0);
      expect(through).toBeGreaterThanOrEqual(Math.floor(sent * 0.9));
      await sampler.close();
      for (const server of servers) server.child.kill('SIGKILL');
      await new Promise((r) => setTimeout(r, 200));

      // A restart, then a turn the client never saw finish sent again: answered from the record, not run again.
      const restarted = await startServer(setup.db);
      const [resentLearner, resentTurns] = [...finished.entries()][0] ?? ['', new Map<string, string>()];
      const [resentId, firstBody] = [...resentTurns.entries()].at(-1) ?? ['', ''];
      const check = await setup.reader();
      const turnCount = async () => (await check.all<{ n: number }>('SELECT count(*) AS n FROM turns'))[0]?.n ?? 0;
      const before = await turnCount();
      const replayed = await turn(restarted.url, resentLearner, 'a different text, sent under the same id', resentId);
      restarted.child.kill('SIGKILL');
      const replies = (body: string) => body.split('\n').filter((line) => line.startsWith('data:') && line.includes('"text"'));
      expect(replayed && replies(replayed)).toEqual(replies(firstBody));
      expect(await turnCount()).toBe(before);

      for (const learner of learners) {
        const identity = `web:demo/anon:${learner}`;
        const [owner] = await check.all<{ learner_id: string }>('SELECT learner_id FROM identities WHERE identity = $1', identity);
        const learnerId = owner?.learner_id ?? '';
        const keys = await check.all<{ key: string }>('SELECT key FROM turn_keys WHERE learner_id = $1', learnerId);
        const stored = new Set(keys.map((k) => (JSON.parse(k.key) as string[])[1]?.replace(/^web:/, '')));
        // Every finished turn is stored, and stored once: one turn row per key, no key twice.
        for (const id of finished.get(learner)?.keys() ?? []) expect(stored.has(id), `${learner} ${id}`).toBe(true);
        const [turns] = await check.all<{ n: number }>('SELECT count(*) AS n FROM turns WHERE learner_id = $1', learnerId);
        expect(turns?.n).toBe(keys.length);
        const [row] = await check.all<{ conversation: string }>('SELECT conversation FROM learners WHERE id = $1', learnerId);
        // Each stored turn read the state the one before it wrote.
        expect((JSON.parse(row?.conversation ?? '{}') as { turns: number }).turns).toBe(keys.length);
        // The learner's counters are a replay of their stored attempts: no answer lost, none counted twice.
        const replay = await check.all<{ concept_id: string; correct: number; wrong: number }>(
          `SELECT concept_id, sum(CASE WHEN verdict = 'correct' THEN 1 ELSE 0 END) AS correct, sum(CASE WHEN verdict = 'incorrect' THEN 1 ELSE 0 END) AS wrong
           FROM attempts WHERE learner_id = $1 AND counted = 1 GROUP BY concept_id`,
          learnerId,
        );
        const concepts = await check.all<{ concept_id: string; correct: number; wrong: number }>('SELECT concept_id, correct, wrong FROM concept_states WHERE learner_id = $1', learnerId);
        for (const c of replay) {
          expect(concepts.find((k) => k.concept_id === c.concept_id), `${learner} ${c.concept_id}`).toMatchObject({ correct: Number(c.correct), wrong: Number(c.wrong) });
        }
      }
      const count = async (sql: string, ...params: unknown[]) => Number((await check.all<{ n: number }>(sql, ...params))[0]?.n ?? 0);
      expect(await count('SELECT count(*) AS n FROM learners')).toBe(learners.length);
      expect(await count('SELECT count(*) AS n FROM learners WHERE id NOT IN (SELECT learner_id FROM identities)')).toBe(0);
      expect(await count('SELECT count(*) AS n FROM learner_locks WHERE expires > $1', Date.now())).toBeLessThanOrEqual(1);
      // Shared counters: never went down, and count at least every unaided answer that fed them.
      expect(wentDown).toEqual([]);
      expect(seen.size).toBeGreaterThan(0);
      const fed = await check.all<{ pack_id: string; item_id: string; n: number }>('SELECT pack_id, item_id, count(*) AS n FROM attempts WHERE counted = 1 AND hints_used = 0 GROUP BY pack_id, item_id');
      const stats = await check.all<{ pack_id: string; item_id: string; attempts: number }>('SELECT pack_id, item_id, attempts FROM item_stats');
      for (const f of fed) {
        expect(stats.find((s) => s.pack_id === f.pack_id && s.item_id === f.item_id)?.attempts ?? 0, `${f.pack_id}/${f.item_id}`).toBeGreaterThanOrEqual(Number(f.n));
      }
      await check.close();
      await setup.cleanup();
    }, 150_000);
  });
}
