// One contract for every store: the same tests run on SQLite (a file) and on PostgreSQL (a private server started
// by test/global-setup.ts). Two store objects on one database stand for two processes.
import Database from 'better-sqlite3';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freshLearner, type AttemptRecord, type LearnerState } from '../../src/dialogue/state.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { migrationsFor } from '../../src/store/schema.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Store, TurnCommit } from '../../src/store/store.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { tempDb } from '../helpers/session.ts';

interface Harness {
  /** Opens another store on the same database: another process. */
  open(options?: { busyBudgetMs?: number }): Store;
  /** Another connection reading the database with a snapshot from now, until the returned function is called. */
  holdSnapshot(): Promise<() => Promise<void>>;
  /** Another connection holding the write lock on the learner's row (or the whole file), until released. */
  holdWrite(learnerId: string): Promise<() => Promise<void>>;
  /** Sets the stored schema version, as a newer Ponder would have. */
  setVersion(version: number): Promise<void>;
  cleanup(): Promise<void>;
}

const postgresUrl = inject('postgresUrl');

const kinds: Array<{ name: string; available: boolean; make: () => Promise<Harness> }> = [
  {
    name: 'SQLite',
    available: true,
    make: async () => {
      const temp = tempDb();
      return {
        open: (options = {}) => openSqliteStore(temp.dbPath, options),
        async holdSnapshot() {
          const reader = new Database(temp.dbPath);
          reader.exec('BEGIN');
          reader.prepare('SELECT count(*) FROM learners').get();
          return async () => {
            reader.exec('COMMIT');
            reader.close();
          };
        },
        async holdWrite() {
          const writer = new Database(temp.dbPath);
          writer.exec('BEGIN IMMEDIATE');
          return async () => {
            writer.exec('ROLLBACK');
            writer.close();
          };
        },
        async setVersion(version) {
          const db = new Database(temp.dbPath);
          db.pragma(`user_version = ${version}`);
          db.close();
        },
        cleanup: async () => temp.cleanup(),
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgresUrl !== '',
    make: async () => {
      const db = await freshDatabase(postgresUrl);
      const client = async () => {
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        return c;
      };
      const opened: Store[] = [];
      return {
        open: (options = {}) => {
          const store = openPostgresStore(db.url, options);
          opened.push(store);
          return store;
        },
        async holdSnapshot() {
          const c = await client();
          await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
          await c.query('SELECT count(*) FROM learners');
          return async () => {
            await c.query('COMMIT');
            await c.end();
          };
        },
        async holdWrite(learnerId) {
          const c = await client();
          await c.query('BEGIN');
          await c.query('SELECT * FROM learners WHERE id = $1 FOR UPDATE', [learnerId]);
          return async () => {
            await c.query('ROLLBACK');
            await c.end();
          };
        },
        async setVersion(version) {
          const c = await client();
          await c.query('UPDATE ponder_schema SET version = $1', [version]);
          await c.end();
        },
        cleanup: async () => {
          for (const store of opened) await store.close().catch(() => undefined);
          await db.drop();
        },
      };
    },
  },
];

let at = Date.UTC(2026, 2, 1, 9);

function attempt(itemId: string, verdict: AttemptRecord['verdict']): AttemptRecord {
  return { packId: 'mini', itemId, conceptId: 'halves', at, answer: verdict === 'correct' ? '4' : '5', verdict, hintsUsed: 0, responseMs: 4200, counted: true };
}

/** A turn's commit for a learner: the first one creates them. */
function turnFor(state: LearnerState, identity: string, options: { created?: boolean; text?: string; key?: string; attempts?: AttemptRecord[] } = {}): TurnCommit {
  at += 1000;
  state.conversation.turns += 1;
  const concept = { packId: 'mini', conceptId: 'halves', pKnown: 0.3 + state.conversation.turns / 100, evidence: state.conversation.turns, correct: 1, wrong: 0, hints: 0, streak: 1, freeCorrect: 1, recent: 0.5 };
  state.concepts['mini/halves'] = concept;
  return {
    identity,
    created: options.created ?? false,
    at,
    text: options.text ?? `turn ${state.conversation.turns}`,
    model: 'offline',
    replies: [{ text: 'What is half of 8?', why: 'a first question', move: 'pose' }],
    state,
    concepts: [concept],
    attempts: options.attempts ?? [],
    items: [{ packId: 'mini', itemId: 'half-of-8', difficulty: 0.2, attempts: 1 }],
    ...(options.key ? { key: options.key, events: [{ type: 'reply', text: 'What is half of 8?' }] } : {}),
  };
}

for (const kind of kinds) {
  describe.skipIf(!kind.available)(`the ${kind.name} store`, () => {
    const harnesses: Harness[] = [];
    const harness = async () => {
      const h = await kind.make();
      harnesses.push(h);
      return h;
    };
    afterAll(async () => {
      for (const h of harnesses) await h.cleanup();
    });

    it('gives back what a turn stored: the learner, their identity, concepts, attempts and turns', async () => {
      const h = await harness();
      const store = h.open();
      await store.ready();
      const state = freshLearner('learner-a', at);
      await store.commit(turnFor(state, 'web:demo/anon:a', { created: true, attempts: [attempt('half-of-8', 'wrong')] }));
      await store.commit(turnFor(state, 'web:demo/anon:a', { text: 'second', attempts: [attempt('half-of-8', 'correct')] }));

      expect(await store.learnerFor('web:demo/anon:a')).toBe('learner-a');
      expect(await store.learnerFor('web:demo/anon:nobody')).toBeUndefined();
      const loaded = await store.load('learner-a');
      expect(loaded?.conversation.turns).toBe(2);
      expect(loaded?.concepts['mini/halves']).toMatchObject({ evidence: 2, streak: 1, freeCorrect: 1, recent: 0.5 });
      expect((await store.recentTurns('learner-a', 1)).map((t) => t.text)).toEqual(['second']);
      expect((await store.recentTurns('learner-a', 5)).map((t) => t.text)).toEqual(['turn 1', 'second']);

      const exported = await store.exportLearner('learner-a');
      expect(exported?.identities).toEqual(['web:demo/anon:a']);
      expect(exported?.attempts.map((a) => [a.verdict, a.counted])).toEqual([
        ['wrong', true],
        ['correct', true],
      ]);
      expect(exported?.turns[0]?.replies[0]?.text).toBe('What is half of 8?');
      expect(await store.exportLearner('someone-else')).toBeUndefined();
    });

    it('counts item attempts in the database, so two processes with stale copies never lose one', async () => {
      const h = await harness();
      const [one, two] = [h.open(), h.open()];
      const a = freshLearner('learner-b', at);
      const b = freshLearner('learner-c', at);
      await one.commit(turnFor(a, 'test:b', { created: true }));
      await two.commit(turnFor(b, 'test:c', { created: true }));
      await Promise.all([one.commit(turnFor(a, 'test:b')), two.commit(turnFor(b, 'test:c'))]);
      // Each commit claimed attempts: 1 (its stale copy); the database still counts all four.
      expect((await one.itemStats()).find((s) => s.itemId === 'half-of-8')?.attempts).toBe(4);
    });

    it('stores a turn sent twice once, and gives back what it sent', async () => {
      const h = await harness();
      const [one, two] = [h.open(), h.open()];
      const state = freshLearner('learner-d', at);
      await one.commit(turnFor(state, 'test:d', { created: true, key: 'test:turn-1' }));
      const again = turnFor(structuredClone(state), 'test:d', { key: 'test:turn-1', text: 'the same turn, run again elsewhere' });
      await two.commit(again);
      expect(await two.turnByKey('test:turn-1')).toEqual([{ type: 'reply', text: 'What is half of 8?' }]);
      expect(await one.turnByKey('test:turn-2')).toBeUndefined();
      expect((await one.countRows('learner-d'))['turns']).toBe(1);
      expect((await two.load('learner-d'))?.conversation.turns).toBe(1);
    });

    it('creates a learner once for one identity, whatever races: no learner row without an identity', async () => {
      const h = await harness();
      const [one, two] = [h.open(), h.open()];
      const results = await Promise.allSettled([
        one.commit(turnFor(freshLearner('learner-e1', at), 'test:e', { created: true })),
        two.commit(turnFor(freshLearner('learner-e2', at), 'test:e', { created: true })),
      ]);
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'STORE_BUSY', retryable: true });
      const owner = await one.learnerFor('test:e');
      const loser = owner === 'learner-e1' ? 'learner-e2' : 'learner-e1';
      expect(await one.load(owner ?? '')).toBeDefined();
      expect(await one.load(loser)).toBeUndefined();
    });

    it('keeps a tutoring thread with the learner who opened it, seen from every process', async () => {
      const h = await harness();
      const [one, two] = [h.open(), h.open()];
      const opener = freshLearner('learner-t1', at);
      const classmate = freshLearner('learner-t2', at);
      expect(await two.threadOwner('test:room/7')).toBeUndefined();
      await one.commit({ ...turnFor(opener, 'test:t1', { created: true }), thread: 'test:room/7' });
      // A classmate's turn naming the same thread does not take it over.
      await two.commit({ ...turnFor(classmate, 'test:t2', { created: true }), thread: 'test:room/7' });
      expect(await two.threadOwner('test:room/7')).toBe('learner-t1');
      expect((await one.exportLearner('learner-t1'))?.threads).toEqual(['test:room/7']);
      expect((await one.exportLearner('learner-t2'))?.threads).toEqual([]);
    });

    it('lets one turn of a learner run at a time across processes, and takes over a lock whose holder died', async () => {
      const h = await harness();
      const [one, two] = [h.open(), h.open()];
      const order: string[] = [];
      const release = await one.lockLearner('test:f', 5_000);
      const waiting = two.lockLearner('test:f', 5_000).then((unlock) => {
        order.push('second got it');
        return unlock;
      });
      await new Promise((r) => setTimeout(r, 150));
      order.push('first lets go');
      await release();
      await (await waiting)();
      expect(order).toEqual(['first lets go', 'second got it']);

      // A process that dies holding a lock: after its time is up, another process takes the learner over.
      await one.lockLearner('test:g', 300);
      const started = Date.now();
      const unlock = await two.lockLearner('test:g', 2_000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      await unlock();
      // Held for longer than the caller can wait: a plain, retryable refusal.
      await one.lockLearner('test:h', 5_000);
      await expect(two.lockLearner('test:h', 200)).rejects.toMatchObject({ code: 'STORE_BUSY' });
    });

    it('forgets a learner: every row gone, from every process, and verified gone once no reader can see it', async () => {
      const h = await harness();
      const [one, two] = [h.open(), h.open()];
      const state = freshLearner('learner-i', at);
      await one.commit({ ...turnFor(state, 'test:i', { created: true, key: 'test:i-1', attempts: [attempt('half-of-8', 'correct')] }), thread: 'test:room/1' });
      await one.commit({ ...turnFor(state, 'test:i'), modelCalls: [{ model: 'm', purpose: 'say' as const, inputTokens: 10, cachedTokens: 0, cacheWriteTokens: 0, outputTokens: 5, latencyMs: 12 }] });
      // Rows that staff features keep about the learner, written through the store's plain SQL.
      expect(
        await two.sql.write([
          ['INSERT INTO class_members (class_id, learner_id, joined_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', ['class-1', 'learner-i', at]],
          ['INSERT INTO overrides (learner_id, class_id, staff_id, at, kind, data, reason) VALUES (?, ?, ?, ?, ?, ?, ?)', ['learner-i', 'class-1', 'staff-1', at, 'level', '{}', 'a test']],
          ['INSERT INTO audit (at, staff_id, class_id, action, learner_id, detail) VALUES (?, ?, ?, ?, ?, ?)', [at, 'staff-1', 'class-1', 'override', 'learner-i', 'level']],
          ['INSERT INTO class_members (class_id, learner_id, joined_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', ['class-1', 'learner-i', at]],
          ['INSERT INTO grade_reviews (learner_id, at, pack_id, item_id, concept_id, answer, points, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', ['learner-i', at, 'mini', 'half-of-8', 'halves', 'half', '[]', 0.3]],
          ['INSERT INTO rubric_examples (learner_id, at, pack_id, item_id, answer, verdict) VALUES (?, ?, ?, ?, ?, ?)', ['learner-i', at, 'mini', 'half-of-8', 'half', 'correct']],
        ]),
      ).toEqual([1, 1, 1, 0, 1, 1]);
      expect(await one.sql.all<{ n: number }>('SELECT count(*) AS n FROM class_members WHERE class_id = ?', ['class-1'])).toEqual([{ n: 1 }]);
      expect(Object.values(await two.countRows('learner-i')).every((n) => n > 0)).toBe(true);

      expect(await two.forget('learner-i')).toEqual({ complete: true });
      expect(Object.values(await one.countRows('learner-i')).every((n) => n === 0)).toBe(true);
      expect(await one.learnerFor('test:i')).toBeUndefined();
      expect(await one.turnByKey('test:i-1')).toBeUndefined();
      expect(await one.exportLearner('learner-i')).toBeUndefined();
      expect(await one.threadOwner('test:room/1')).toBeUndefined();

      // A reader holding a snapshot from before the deletion can still see the rows: not complete until it ends.
      const other = freshLearner('learner-j', at);
      await one.commit(turnFor(other, 'test:j', { created: true, text: 'a secret only j wrote' }));
      const release = await h.holdSnapshot();
      const result = await two.forget('learner-j');
      expect(result.complete).toBe(false);
      expect(await two.erasureSettled(300)).toBe(false);
      await release();
      expect(await two.erasureSettled(5_000)).toBe(true);
      expect((await one.countRows('learner-j'))['turns']).toBe(0);
    });

    it('stores a turn whose text carries a NUL character (which PostgreSQL text cannot hold) rather than losing it', async () => {
      const h = await harness();
      const store = h.open();
      const state = freshLearner('learner-n', at);
      await store.commit(turnFor(state, 'test:n\u0000x', { created: true, text: 'half\u0000of 8', key: 'k\u0000', attempts: [{ ...attempt('half-of-8', 'correct'), answer: '4\u0000' }] }));
      expect(await store.learnerFor('test:n\u0000x')).toBe('learner-n');
      expect((await store.recentTurns('learner-n', 1))[0]?.text).toMatch(/^half.of 8$/);
      expect(await store.turnByKey('k\u0000')).toBeDefined();
    });

    it('adds up model calls per model and purpose', async () => {
      const h = await harness();
      const store = h.open();
      const state = freshLearner('learner-k', at);
      const call = (latencyMs: number) => ({ model: 'claude', purpose: 'say' as const, inputTokens: 100, cachedTokens: 40, cacheWriteTokens: 0, outputTokens: 20, latencyMs });
      await store.commit({ ...turnFor(state, 'test:k', { created: true }), modelCalls: [call(100), call(300)] });
      await store.commit({ ...turnFor(state, 'test:k'), modelCalls: [call(200)] });
      expect(await store.modelStats()).toEqual([
        { model: 'claude', purpose: 'say', calls: 3, turns: 2, inputTokens: 300, cachedTokens: 120, outputTokens: 60, p50LatencyMs: 200, p95LatencyMs: 300 },
      ]);
    });

    it('refuses plainly, storing nothing, when the database stays locked longer than the budget', async () => {
      const h = await harness();
      const store = h.open({ busyBudgetMs: 600 });
      const state = freshLearner('learner-l', at);
      await store.commit(turnFor(state, 'test:l', { created: true }));
      const release = await h.holdWrite('learner-l');
      const error = await store.commit(turnFor(state, 'test:l', { text: 'not stored' })).catch((e: unknown) => e);
      await release();
      expect(error).toMatchObject({ code: 'STORE_BUSY', retryable: true });
      expect((error as Error).message).not.toMatch(/lock|SQLITE|relation|timeout/i);
      expect((await store.recentTurns('learner-l', 5)).map((t) => t.text)).toEqual(['turn 1']);
    });

    it('migrates a new database once when several processes open it together, and refuses one from a newer Ponder', async () => {
      const h = await harness();
      const stores = [h.open(), h.open(), h.open()];
      await Promise.all(stores.map((s) => s.ready()));
      expect(await stores[0]?.itemStats()).toEqual([]);
      await h.setVersion(migrationsFor('sqlite').length + 1);
      const newer = (() => {
        try {
          return h.open();
        } catch (error) {
          return error;
        }
      })();
      const failure = newer instanceof Error ? newer : await (newer as Store).ready().catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'DB_TOO_NEW' });
      expect((failure as Error).message).toMatch(/newer Ponder/);
    });
  });
}

describe.skipIf(postgresUrl === '')('a PostgreSQL database that cannot be reached', () => {
  it('fails at start-up naming PONDER_DB and the fix, without the password', async () => {
    const store = openPostgresStore('postgres://ponder:s3cret-pass@127.0.0.1:9/ponder', { busyBudgetMs: 200 });
    const error = await store.ready().catch((e: unknown) => e);
    await store.close();
    expect(error).toMatchObject({ code: 'DB_UNREACHABLE' });
    expect((error as Error).message).toMatch(/PONDER_DB/);
    expect((error as Error).message).toMatch(/Fix:/);
    expect((error as Error).message).not.toMatch(/s3cret/);
  });
});

describe.skipIf(postgresUrl === '')('PostgreSQL going away in the middle', () => {
  /** A TCP hop between the store and the server that can be cut and restored, as a network or failover would. */
  async function cuttableLink(target: URL) {
    const sockets = new Set<Socket>();
    const server = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => s.destroy());
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as AddressInfo).port;
    return {
      port,
      cut: async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          for (const s of sockets) s.destroy();
        });
      },
      restore: () => new Promise<void>((done) => server.listen(port, '127.0.0.1', done)),
      close: () => new Promise<void>((done) => server.close(() => done())),
    };
  }

  it('keeps a turn waiting while the database is unreachable, stores it once it is back, and refuses plainly if it stays away', async () => {
    const db = await freshDatabase(postgresUrl);
    const direct = new URL(db.url);
    const link = await cuttableLink(direct);
    const viaLink = new URL(db.url);
    viaLink.port = String(link.port);
    const store = openPostgresStore(viaLink.toString(), { busyBudgetMs: 4_000 });
    try {
      const state = freshLearner('learner-p', at);
      await store.commit(turnFor(state, 'test:p', { created: true }));

      await link.cut();
      const pending = store.commit(turnFor(state, 'test:p', { text: 'sent while the database was away', key: 'test:p-2' }));
      await new Promise((r) => setTimeout(r, 800));
      await link.restore();
      await pending;
      expect((await store.recentTurns('learner-p', 5)).map((t) => t.text)).toEqual(['turn 1', 'sent while the database was away']);

      await link.cut();
      const error = await store.commit(turnFor(state, 'test:p', { text: 'never stored' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'STORE_BUSY', retryable: true });
      expect((error as Error).message).not.toMatch(/ECONN|terminated|127\.0\.0\.1/);
      await link.restore();
      expect((await store.recentTurns('learner-p', 5)).map((t) => t.text)).toEqual(['turn 1', 'sent while the database was away']);
      expect(await store.turnByKey('test:p-2')).toBeDefined();
    } finally {
      await store.close();
      await link.close().catch(() => undefined);
      await db.drop();
    }
  }, 30_000);
});
