// The PostgreSQL store (node-postgres): for several Ponder processes on any number of machines sharing one database.
// Same port and schema as SQLite (schema.ts). Per-learner serialisation, counters, identities and idempotency all
// live in the database, so every process is stateless and any of them can serve any turn.
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { LearnerState } from '../dialogue/state.ts';
import { learnerExport, learnerFromRows, modelStatsFromRow, turnFromRow, type CallGroupRow, type AttemptRow, type ConceptRow, type LearnerRow, type TurnRow } from './rows.ts';
import { LEARNER_TABLES, migrationsFor } from './schema.ts';
import { dollarPlaceholders, type Sql, type SqlValue } from './sql.ts';
import { StoreBusyError, type Store, type TurnCommit } from './store.ts';

export interface PostgresStoreOptions {
  /** How long a call keeps retrying while the database is unreachable or a row lock is held (default 10 s). */
  busyBudgetMs?: number;
  /** Connections per process (default 10). Turns hold one only while they read or write, never while they think. */
  poolSize?: number;
}

/** How often a pending erasure tries again to vacuum the deleted rows away. */
const ERASURE_RETRY_MS = 250;
/** Any value: the key of the advisory lock that lets one process at a time migrate the schema. */
const MIGRATION_LOCK = 7_220_431_001;

/** `postgres://…` and `postgresql://…` name a PostgreSQL database; anything else is a SQLite file. */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//i.test(location);

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

// 64-bit integers (times in milliseconds, counts) come back as numbers, as they do from SQLite; every value this
// store writes is far below 2^53.
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

const TRANSIENT_CODES = new Set(['40001', '40P01', '55P03', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006']);
const TRANSIENT_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Worth trying again: the server restarting or unreachable, a lock wait or a conflict that a new try resolves. */
function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || TRANSIENT_NETWORK.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message);
}

async function retrying<T>(work: () => Promise<T>, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    try {
      return await work();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (Date.now() + pause > deadline) throw new StoreBusyError();
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** Returned by a transaction's work to end it without writing anything. */
const UNDO = Symbol('undo');

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * Every statement goes through here. PostgreSQL text cannot hold the NUL character, which SQLite stores and a
 * platform may send: it becomes U+FFFD rather than failing the learner's turn over and over.
 */
function query<R extends pg.QueryResultRow = pg.QueryResultRow>(db: Queryable, sql: string, params: readonly unknown[] = []): Promise<pg.QueryResult<R>> {
  const values = params.map((p) => (typeof p === 'string' && p.includes('\u0000') ? p.replaceAll('\u0000', '\ufffd') : p));
  // A statement with parameters is prepared once per connection and then only executed: the server parses and
  // plans each of a turn's statements once, not on every turn.
  if (values.length === 0) return db.query<R>(sql);
  return db.query<R>({ name: statementName(sql), text: sql, values });
}

const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `ponder_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** Brings the schema up to date: one process at a time (an advisory lock), each version in its own transaction. */
export async function migratePostgres(pool: pg.Pool): Promise<{ from: number; to: number }> {
  const migrations = migrationsFor('postgres');
  const client = await pool.connect();
  // A connection lost here fails this migration (and is retried); it must not also end the process.
  client.on('error', () => undefined);
  try {
    await query(client, 'SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await query(client, 'CREATE TABLE IF NOT EXISTS ponder_schema (version INTEGER NOT NULL)');
    await query(client, 'INSERT INTO ponder_schema (version) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM ponder_schema)');
    const from = (await query<{ version: number }>(client, 'SELECT version FROM ponder_schema')).rows[0]?.version ?? 0;
    if (from > migrations.length) {
      throw Object.assign(new Error(`The database was written by a newer Ponder (schema ${from}, this one knows ${migrations.length}). Upgrade Ponder or use another PONDER_DB.`), { code: 'DB_TOO_NEW' });
    }
    for (let v = from; v < migrations.length; v++) {
      await query(client, 'BEGIN');
      try {
        await query(client, migrations[v] ?? '');
        await query(client, 'UPDATE ponder_schema SET version = $1', [v + 1]);
        await query(client, 'COMMIT');
      } catch (error) {
        await query(client, 'ROLLBACK');
        throw error;
      }
    }
    return { from, to: migrations.length };
  } finally {
    await query(client, 'SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

export function createPostgresPool(url: string, options: PostgresStoreOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    application_name: 'ponder',
    connectionTimeoutMillis: 5_000,
    // A row lock held longer than this is someone else's stuck transaction: give up and retry (retrying()).
    lock_timeout: Math.min(2_000, options.busyBudgetMs ?? 10_000),
    // A transaction left open by a process that hung is ended by the server, releasing what it held.
    idle_in_transaction_session_timeout: 60_000,
  });
  // An idle connection that the server closes (a restart, a failover) must not take the process down; the pool
  // opens a new one on the next query.
  pool.on('error', () => undefined);
  return pool;
}

/** Opens the store. It connects and migrates in the background; `ready()` says whether that worked. */
export function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Store {
  const pool = createPostgresPool(url, options);
  const busyBudgetMs = options.busyBudgetMs ?? 10_000;
  // A database still starting (servers brought up together) gets the same budget as any other call.
  const ready = retrying(() => migratePostgres(pool), busyBudgetMs).then(
    () => undefined,
    (error: unknown) => {
      const code = (error as { code?: unknown }).code;
      if (code === 'DB_TOO_NEW') throw error;
      const reason = error instanceof StoreBusyError ? 'no answer within the time allowed' : error instanceof Error ? error.message : String(error);
      throw Object.assign(new Error(`Can't open the PostgreSQL database ${redactUrl(url)} (PONDER_DB): ${reason}. Fix: start the database, or correct PONDER_DB.`), {
        code: 'DB_UNREACHABLE',
      });
    },
  );
  // Nobody may be waiting yet: the failure is reported by ready() and by the first call.
  ready.catch(() => undefined);

  /** One call against the database, once the schema is ready, retried while the database is busy or away. */
  const run = async <T>(work: (db: Queryable) => Promise<T>): Promise<T> => {
    await ready;
    return retrying(() => work(pool), busyBudgetMs);
  };
  /** A transaction, retried whole from the start when it fails for a passing reason. */
  const transaction = async <T>(work: (db: pg.PoolClient) => Promise<T | typeof UNDO>): Promise<T | undefined> => {
    await ready;
    return retrying(async () => {
      const client = await pool.connect();
      // A connection lost mid-transaction is reported twice: as this query's error (handled below, retried) and
      // as an 'error' event, which would end the process if nobody listened.
      const ignore = () => undefined;
      client.on('error', ignore);
      let broken = false;
      try {
        await query(client, 'BEGIN');
        const result = await work(client);
        if (result === UNDO) {
          await query(client, 'ROLLBACK');
          return undefined;
        }
        await query(client, 'COMMIT');
        return result;
      } catch (error) {
        await query(client, 'ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        client.off('error', ignore);
        client.release(broken);
      }
    }, busyBudgetMs);
  };

  const loadWith = async (db: Queryable, learnerId: string): Promise<LearnerState | undefined> => {
    const row = (
      await query<LearnerRow>(
          db,
        'SELECT id, created_at, profile, packs, styles, conversation FROM learners WHERE id = $1',
        [learnerId],
      )
    ).rows[0];
    if (!row) return undefined;
    const concepts = await query<ConceptRow>(db, 'SELECT * FROM concept_states WHERE learner_id = $1', [learnerId]);
    return learnerFromRows(row, concepts.rows);
  };

  // Verified erasure. DELETE leaves the old row versions in the table until VACUUM removes them, and VACUUM may
  // not remove a version that some open snapshot (a long report, a backup, a replica's feedback, a prepared
  // transaction) could still see. So: vacuum, then check that no snapshot older than the deleting transaction is
  // left anywhere; until then the erasure is pending and is tried again.
  let statsVisible: boolean | undefined;
  const canSeeEveryone = async (): Promise<boolean> => {
    statsVisible ??= (
      await query<{ ok: boolean }>(
        pool,
        "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) OR pg_has_role(current_user, 'pg_read_all_stats', 'member') AS ok",
      )
    ).rows[0]?.ok === true;
    return statsVisible;
  };
  const vacuumed = async (deletingXid: string): Promise<boolean> => {
    try {
      // Without the right to see other sessions' snapshots the check would pass blindly: then never claim it.
      if (!(await canSeeEveryone())) return false;
      for (const table of LEARNER_TABLES) await query(pool, `VACUUM ${table}`);
      const older = await query<{ n: number }>(
        pool,
        `WITH horizons(x) AS (
           SELECT backend_xmin FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_xmin IS NOT NULL
           UNION ALL SELECT backend_xid FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_xid IS NOT NULL
           UNION ALL SELECT backend_xmin FROM pg_stat_replication WHERE backend_xmin IS NOT NULL
           UNION ALL SELECT xmin FROM pg_replication_slots WHERE xmin IS NOT NULL
           UNION ALL SELECT transaction FROM pg_prepared_xacts)
         SELECT count(*)::bigint AS n FROM horizons WHERE age(x) >= age($1::xid)`,
        [deletingXid],
      );
      return older.rows[0]?.n === 0;
    } catch {
      return false;
    }
  };
  const pendingErasures = new Set<string>();
  let erasureTimer: NodeJS.Timeout | undefined;
  const scheduleErasure = (xid: string) => {
    pendingErasures.add(xid);
    if (erasureTimer) return;
    erasureTimer = setInterval(() => {
      void (async () => {
        // The newest deleting transaction covers every older one: one check settles them all.
        const newest = [...pendingErasures].at(-1);
        if (!newest || !(await vacuumed(newest))) return;
        pendingErasures.clear();
        clearInterval(erasureTimer);
        erasureTimer = undefined;
      })();
    }, ERASURE_RETRY_MS);
    erasureTimer.unref();
  };

  const sql: Sql = {
    async all<T extends object>(text: string, params: readonly SqlValue[] = []) {
      return run(async (db) => (await query(db, dollarPlaceholders(text), params)).rows as T[]);
    },
    async write(statements) {
      return (
        (await transaction(async (db) => {
          const changed: number[] = [];
          for (const [text, params] of statements) changed.push((await query(db, dollarPlaceholders(text), params)).rowCount ?? 0);
          return changed;
        })) ?? []
      );
    },
  };

  return {
    ready: () => ready,
    sql,
    async learnerFor(identity) {
      return run(async (db) => (await query<{ learner_id: string }>(db, 'SELECT learner_id FROM identities WHERE identity = $1', [identity])).rows[0]?.learner_id);
    },
    async load(learnerId) {
      return run((db) => loadWith(db, learnerId));
    },
    async commit(c) {
      await transaction(async (db) => {
        const s = c.state;
        const id = s.learnerId;
        // The key first: if this turn was already stored (a commit whose answer was lost, retried), store nothing.
        if (c.key) {
          if (c.created) await insertLearner(db, c);
          const fresh = await query(db, 'INSERT INTO turn_keys (key, learner_id, at, events) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING RETURNING key', [
            c.key,
            id,
            c.at,
            JSON.stringify(c.events ?? []),
          ]);
          if (fresh.rowCount === 0) return UNDO;
          if (!c.created) await updateLearner(db, c);
        } else if (c.created) {
          await insertLearner(db, c);
        } else {
          await updateLearner(db, c);
        }
        for (const k of c.concepts) {
          await query(
          db,
            `INSERT INTO concept_states (learner_id, pack_id, concept_id, p_known, evidence, correct, wrong, hints, recent, streak, free_correct, last_practiced, mastered_at, review)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
             ON CONFLICT (learner_id, pack_id, concept_id) DO UPDATE SET p_known = excluded.p_known, evidence = excluded.evidence,
               correct = excluded.correct, wrong = excluded.wrong, hints = excluded.hints, recent = excluded.recent, streak = excluded.streak,
               free_correct = excluded.free_correct, last_practiced = excluded.last_practiced, mastered_at = excluded.mastered_at, review = excluded.review`,
            [id, k.packId, k.conceptId, k.pKnown, k.evidence, k.correct, k.wrong, k.hints, k.recent ?? null, k.streak ?? 0, k.freeCorrect ?? 0, k.lastPracticed ?? null, k.masteredAt ?? null, k.review ? JSON.stringify(k.review) : null],
          );
        }
        for (const a of c.attempts) {
          await query(
          db,
            `INSERT INTO attempts (learner_id, at, pack_id, item_id, concept_id, answer, verdict, hints_used, response_ms, counted, misconception)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [id, a.at, a.packId, a.itemId, a.conceptId, a.answer, a.verdict, a.hintsUsed, Math.round(a.responseMs), a.counted ? 1 : 0, a.misconception ?? null],
          );
        }
        const turn = await query<{ id: number }>(db, 'INSERT INTO turns (learner_id, at, text, choice, model, replies) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [
          id,
          c.at,
          c.text,
          c.choice ?? null,
          c.model,
          JSON.stringify(c.replies),
        ]);
        const turnId = turn.rows[0]?.id ?? 0;
        if (c.thread) await query(db, 'INSERT INTO threads (place, learner_id, at) VALUES ($1, $2, $3) ON CONFLICT (place) DO NOTHING', [c.thread, id, c.at]);
        for (const [text, params] of c.statements ?? []) await query(db, dollarPlaceholders(text), params);
        for (const call of c.modelCalls ?? []) {
          await query(
          db,
            `INSERT INTO model_calls (learner_id, turn_id, at, model, purpose, input_tokens, cached_tokens, cache_write_tokens, output_tokens, latency_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
            [id, turnId, c.at, call.model, call.purpose, call.inputTokens, call.cachedTokens, call.cacheWriteTokens, call.outputTokens, Math.round(call.latencyMs)],
          );
        }
        // Shared counters move in the database, in one order (so two turns never wait on each other in a circle).
        const items = [...c.items].sort((a, b) => a.packId.localeCompare(b.packId) || a.itemId.localeCompare(b.itemId));
        for (const item of items) {
          await query(
          db,
            `INSERT INTO item_stats (pack_id, item_id, difficulty, attempts) VALUES ($1, $2, $3, $4)
             ON CONFLICT (pack_id, item_id) DO UPDATE SET difficulty = excluded.difficulty, attempts = item_stats.attempts + 1`,
            [item.packId, item.itemId, item.difficulty, item.attempts],
          );
        }
      });
    },
    async itemStats() {
      return run(async (db) =>
        (await query<{ pack_id: string; item_id: string; difficulty: number; attempts: number }>(db, 'SELECT * FROM item_stats')).rows.map((r) => ({
          packId: r.pack_id,
          itemId: r.item_id,
          difficulty: r.difficulty,
          attempts: r.attempts,
        })),
      );
    },
    async exportLearner(learnerId) {
      return run(async (db) => {
        const state = await loadWith(db, learnerId);
        if (!state) return undefined;
        const identities = await query<{ identity: string }>(db, 'SELECT identity FROM identities WHERE learner_id = $1 ORDER BY identity', [learnerId]);
        const attempts = await query<AttemptRow>(db, 'SELECT * FROM attempts WHERE learner_id = $1 ORDER BY id', [learnerId]);
        const turns = await query<TurnRow>(db, 'SELECT at, text, choice, replies FROM turns WHERE learner_id = $1 ORDER BY id', [learnerId]);
        const threads = await query<{ place: string }>(db, 'SELECT place FROM threads WHERE learner_id = $1 ORDER BY at, place', [learnerId]);
        return learnerExport(state, identities.rows.map((r) => r.identity), threads.rows.map((r) => r.place), attempts.rows, turns.rows);
      });
    },
    async forget(learnerId, before = []) {
      const xid = await transaction(async (db) => {
        const current = await query<{ xid: string }>(db, 'SELECT (txid_current() % 4294967296)::text AS xid');
        for (const [text, params] of before) await query(db, dollarPlaceholders(text), params);
        for (const table of [...LEARNER_TABLES].reverse()) {
          await query(db, `DELETE FROM ${table} WHERE ${table === 'learners' ? 'id' : 'learner_id'} = $1`, [learnerId]);
        }
        return current.rows[0]?.xid ?? '0';
      }) ?? '0';
      const complete = await vacuumed(xid);
      if (!complete) scheduleErasure(xid);
      return { complete };
    },
    async threadOwner(place) {
      return run(async (db) => (await query<{ learner_id: string }>(db, 'SELECT learner_id FROM threads WHERE place = $1', [place])).rows[0]?.learner_id);
    },
    async turnByKey(key) {
      return run(async (db) => {
        const row = (await query<{ events: string }>(db, 'SELECT events FROM turn_keys WHERE key = $1', [key])).rows[0];
        return row ? (JSON.parse(row.events) as unknown[]) : undefined;
      });
    },
    async lockLearner(identity, ttlMs) {
      const holder = randomUUID();
      const deadline = Date.now() + ttlMs;
      // The database's clock decides when a lock has expired, so machines whose clocks differ still agree.
      const take = () =>
        run(async (db) => {
          const taken = await query(
          db,
            `INSERT INTO learner_locks (identity, holder, expires)
             VALUES ($1, $2, (extract(epoch FROM clock_timestamp()) * 1000)::bigint + $3)
             ON CONFLICT (identity) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
             WHERE learner_locks.expires <= (extract(epoch FROM clock_timestamp()) * 1000)::bigint OR learner_locks.holder = excluded.holder
             RETURNING holder`,
            [identity, holder, ttlMs],
          );
          return taken.rowCount === 1;
        });
      for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
        if (await take()) break;
        if (Date.now() + pause > deadline) throw new StoreBusyError();
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
      return async () => {
        await run((db) => query(db, 'DELETE FROM learner_locks WHERE identity = $1 AND holder = $2', [identity, holder])).catch(() => {
          // Left behind, the lock expires on its own after ttlMs.
        });
      };
    },
    async erasureSettled(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (pendingErasures.size > 0) {
        if (Date.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return true;
    },
    async countRows(learnerId) {
      return run(async (db) => {
        const counts: Record<string, number> = {};
        for (const table of LEARNER_TABLES) {
          const row = (await query<{ n: number }>(db, `SELECT count(*)::bigint AS n FROM ${table} WHERE ${table === 'learners' ? 'id' : 'learner_id'} = $1`, [learnerId])).rows[0];
          counts[table] = row?.n ?? 0;
        }
        return counts;
      });
    },
    async recentTurns(learnerId, limit) {
      return run(async (db) =>
        (
          await query<TurnRow>(
          db,
            'SELECT at, text, choice, replies FROM (SELECT id, at, text, choice, replies FROM turns WHERE learner_id = $1 ORDER BY id DESC LIMIT $2) recent ORDER BY id',
            [learnerId, limit],
          )
        ).rows.map(turnFromRow),
      );
    },
    async modelStats() {
      return run(async (db) => {
        const groups = await query<CallGroupRow & { p50: number | null; p95: number | null }>(
          db,
          `SELECT model, purpose, count(*)::bigint AS calls, count(DISTINCT turn_id)::bigint AS turns, sum(input_tokens)::bigint AS input,
                  sum(cached_tokens)::bigint AS cached, sum(output_tokens)::bigint AS output,
                  percentile_disc(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
           FROM model_calls GROUP BY model, purpose ORDER BY model, purpose`,
        );
        return groups.rows.map((g) => modelStatsFromRow(g, { p50: g.p50 ?? 0, p95: g.p95 ?? 0 }));
      });
    },
    async close() {
      if (erasureTimer) clearInterval(erasureTimer);
      const newest = [...pendingErasures].at(-1);
      if (newest && (await vacuumed(newest).catch(() => false))) pendingErasures.clear();
      await pool.end();
    },
  };
}

async function insertLearner(db: pg.PoolClient, c: TurnCommit): Promise<void> {
  const s = c.state;
  await query(db, 'INSERT INTO learners (id, created_at, updated_at, profile, packs, styles, conversation) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    s.learnerId,
    s.createdAt,
    c.at,
    JSON.stringify(s.profile),
    JSON.stringify(s.packs),
    JSON.stringify(s.styles),
    JSON.stringify(s.conversation),
  ]);
  // An identity belongs to one learner, whatever races: if another turn made it first, this whole turn is undone
  // (no learner row without an identity) and the channel sends it again, to find the learner that now exists.
  const identity = await query(db, 'INSERT INTO identities (identity, learner_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (identity) DO NOTHING RETURNING identity', [
    c.identity,
    s.learnerId,
    c.at,
  ]);
  if (identity.rowCount === 0) throw new StoreBusyError();
}

async function updateLearner(db: pg.PoolClient, c: TurnCommit): Promise<void> {
  const s = c.state;
  await query(db, 'UPDATE learners SET updated_at = $1, profile = $2, packs = $3, styles = $4, conversation = $5 WHERE id = $6', [
    c.at,
    JSON.stringify(s.profile),
    JSON.stringify(s.packs),
    JSON.stringify(s.styles),
    JSON.stringify(s.conversation),
    s.learnerId,
  ]);
}
