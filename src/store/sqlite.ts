// The SQLite store (better-sqlite3): one file, WAL, versioned migrations, one transaction per turn, and
// secure_delete so that "forget me" leaves nothing readable behind in the file.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ItemStat, LearnerState } from '../dialogue/state.ts';
import { learnerExport, learnerFromRows, modelStatsFromRow, turnFromRow, type CallGroupRow, type AttemptRow, type ConceptRow, type LearnerRow, type TurnRow } from './rows.ts';
import { LEARNER_TABLES, migrationsFor } from './schema.ts';
import type { Sql, SqlValue } from './sql.ts';
import { StoreBusyError, type Store, type TurnCommit } from './store.ts';

export { StoreBusyError };

/** The SQL of each schema version, in order (schema.ts). */
export const MIGRATIONS: readonly string[] = migrationsFor('sqlite');

/** How often the write-ahead log is folded into the database file, outside any turn. */
const CHECKPOINT_MS = 1000;
/** Commits after which a checkpoint runs inside a turn, if the timer has not run one (see afterCommit). */
const COMMITS_BEFORE_INLINE_CHECKPOINT = 4000;
/** How often a pending erasure tries to empty the write-ahead log again. */
const ERASURE_RETRY_MS = 250;

export interface SqliteStoreOptions {
  /** "full" also survives a power cut; "normal" (default) survives a process crash. */
  synchronous?: 'normal' | 'full';
  /**
   * How long a write keeps retrying while another connection holds the database's write lock (default 10 s),
   * before it fails with code STORE_BUSY and nothing written.
   */
  busyBudgetMs?: number;
}

const isBusy = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
};

/**
 * Runs a write, retrying while the database is locked: each try waits only briefly inside SQLite (the call
 * blocks the process), and the waits between tries are asynchronous, so other learners' turns go on meanwhile.
 */
async function whenNotBusy<T>(write: () => T, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 400)) {
    try {
      return write();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() + pause > deadline) throw new StoreBusyError();
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/**
 * Brings the schema up to date, one version per transaction. Each reads the version inside its own write
 * transaction, so processes opening the same file at once never apply a migration twice.
 */
export function migrateSqlite(db: Database.Database): { from: number; to: number } {
  const versionNow = () => db.pragma('user_version', { simple: true }) as number;
  const from = versionNow();
  if (from > MIGRATIONS.length) {
    throw Object.assign(new Error(`The database was written by a newer Ponder (schema ${from}, this one knows ${MIGRATIONS.length}). Upgrade Ponder or use another --db file.`), { code: 'DB_TOO_NEW' });
  }
  const step = db.transaction(() => {
    const v = versionNow();
    if (v >= MIGRATIONS.length) return false;
    db.exec(MIGRATIONS[v] ?? '');
    db.pragma(`user_version = ${v + 1}`);
    return true;
  });
  while (step.immediate()) {
    // one version applied; go on to the next
  }
  return { from, to: MIGRATIONS.length };
}

export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // Small pages for a new database: a turn changes a few small rows in several tables, and every changed page is
  // written whole to the log and again at the checkpoint, so 1 KB pages write 0.44 of what 4 KB pages do
  // (npm run bench). An existing database keeps its page size.
  db.pragma('page_size = 1024');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  // Processes starting together on one file take turns to migrate it.
  db.pragma('busy_timeout = 5000');
  migrateSqlite(db);
  // Short: a write that finds the database locked is retried asynchronously (whenNotBusy), not held here.
  db.pragma('busy_timeout = 100');
  const busyBudgetMs = options.busyBudgetMs ?? 10_000;

  const q = {
    learnerFor: db.prepare<[string], { learner_id: string }>('SELECT learner_id FROM identities WHERE identity = ?'),
    learner: db.prepare<[string], LearnerRow>(
      'SELECT id, created_at, profile, packs, styles, conversation FROM learners WHERE id = ?',
    ),
    concepts: db.prepare<[string], ConceptRow>('SELECT * FROM concept_states WHERE learner_id = ?'),
    insertLearner: db.prepare('INSERT INTO learners (id, created_at, updated_at, profile, packs, styles, conversation) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    updateLearner: db.prepare('UPDATE learners SET updated_at = ?, profile = ?, packs = ?, styles = ?, conversation = ? WHERE id = ?'),
    insertIdentity: db.prepare('INSERT OR IGNORE INTO identities (identity, learner_id, created_at) VALUES (?, ?, ?)'),
    upsertConcept: db.prepare(
      `INSERT INTO concept_states (learner_id, pack_id, concept_id, p_known, evidence, correct, wrong, hints, recent, streak, free_correct, last_practiced, mastered_at, review)
       VALUES (@learner, @pack, @concept, @p, @evidence, @correct, @wrong, @hints, @recent, @streak, @free, @last, @mastered, @review)
       ON CONFLICT (learner_id, pack_id, concept_id) DO UPDATE SET p_known = excluded.p_known, evidence = excluded.evidence,
         correct = excluded.correct, wrong = excluded.wrong, hints = excluded.hints, recent = excluded.recent, streak = excluded.streak, free_correct = excluded.free_correct,
         last_practiced = excluded.last_practiced,
         mastered_at = excluded.mastered_at, review = excluded.review`,
    ),
    insertAttempt: db.prepare(
      `INSERT INTO attempts (learner_id, at, pack_id, item_id, concept_id, answer, verdict, hints_used, response_ms, counted, misconception)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertTurn: db.prepare('INSERT INTO turns (learner_id, at, text, choice, model, replies) VALUES (?, ?, ?, ?, ?, ?)'),
    insertKey: db.prepare('INSERT OR IGNORE INTO turn_keys (key, learner_id, at, events) VALUES (?, ?, ?, ?)'),
    turnByKey: db.prepare<[string], { events: string }>('SELECT events FROM turn_keys WHERE key = ?'),
    insertThread: db.prepare('INSERT OR IGNORE INTO threads (place, learner_id, at) VALUES (?, ?, ?)'),
    threadOwner: db.prepare<[string], { learner_id: string }>('SELECT learner_id FROM threads WHERE place = ?'),
    threadsOf: db.prepare<[string], { place: string }>('SELECT place FROM threads WHERE learner_id = ? ORDER BY at, place'),
    upsertItem: db.prepare(
      `INSERT INTO item_stats (pack_id, item_id, difficulty, attempts) VALUES (?, ?, ?, ?)
       ON CONFLICT (pack_id, item_id) DO UPDATE SET difficulty = excluded.difficulty, attempts = item_stats.attempts + 1`,
    ),
    items: db.prepare<[], { pack_id: string; item_id: string; difficulty: number; attempts: number }>('SELECT * FROM item_stats'),
    insertCall: db.prepare(
      `INSERT INTO model_calls (learner_id, turn_id, at, model, purpose, input_tokens, cached_tokens, cache_write_tokens, output_tokens, latency_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    callGroups: db.prepare<[], CallGroupRow>(
      `SELECT model, purpose, count(*) AS calls, count(DISTINCT turn_id) AS turns, sum(input_tokens) AS input,
              sum(cached_tokens) AS cached, sum(output_tokens) AS output
       FROM model_calls GROUP BY model, purpose ORDER BY model, purpose`,
    ),
    callLatencies: db.prepare<[string, string], { latency_ms: number }>('SELECT latency_ms FROM model_calls WHERE model = ? AND purpose = ? ORDER BY latency_ms'),
    identitiesOf: db.prepare<[string], { identity: string }>('SELECT identity FROM identities WHERE learner_id = ? ORDER BY identity'),
    attemptsOf: db.prepare<[string], AttemptRow>('SELECT * FROM attempts WHERE learner_id = ? ORDER BY id'),
    recentTurns: db.prepare<[string, number], TurnRow>(
      'SELECT at, text, choice, replies FROM (SELECT id, at, text, choice, replies FROM turns WHERE learner_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
    ),
    turnsOf: db.prepare<[string], TurnRow>('SELECT at, text, choice, replies FROM turns WHERE learner_id = ? ORDER BY id'),
  };
  const deletes = LEARNER_TABLES.map((table) => db.prepare(`DELETE FROM ${table} WHERE ${table === 'learners' ? 'id' : 'learner_id'} = ?`)).reverse();
  const counts = LEARNER_TABLES.map((table) => [table, db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${table === 'learners' ? 'id' : 'learner_id'} = ?`)] as const);

  // Statements of the features beside the turn, prepared once each.
  const prepared = new Map<string, Database.Statement>();
  const statement = (text: string) => {
    let s = prepared.get(text);
    if (!s) prepared.set(text, (s = db.prepare(text)));
    return s;
  };

  const loadSync = (learnerId: string): LearnerState | undefined => {
    const row = q.learner.get(learnerId);
    if (!row) return undefined;
    return learnerFromRows(row, q.concepts.all(learnerId));
  };

  const commitSync = db.transaction((c: TurnCommit) => {
    const s = c.state;
    const id = s.learnerId;
    // A turn already stored under its key (sent twice, by two processes) is stored once.
    if (c.key && q.turnByKey.get(c.key)) return;
    if (c.created) {
      q.insertLearner.run(id, s.createdAt, c.at, JSON.stringify(s.profile), JSON.stringify(s.packs), JSON.stringify(s.styles), JSON.stringify(s.conversation));
      // An identity belongs to one learner, whatever races: if another turn made it first, this turn is undone
      // whole (no learner row without an identity) and the channel sends it again, to find that learner.
      if (q.insertIdentity.run(c.identity, id, c.at).changes === 0) throw new StoreBusyError();
    } else {
      q.updateLearner.run(c.at, JSON.stringify(s.profile), JSON.stringify(s.packs), JSON.stringify(s.styles), JSON.stringify(s.conversation), id);
    }
    for (const k of c.concepts) {
      q.upsertConcept.run({
        learner: id,
        pack: k.packId,
        concept: k.conceptId,
        p: k.pKnown,
        evidence: k.evidence,
        correct: k.correct,
        wrong: k.wrong,
        hints: k.hints,
        recent: k.recent ?? null,
        streak: k.streak ?? 0,
        free: k.freeCorrect ?? 0,
        last: k.lastPracticed ?? null,
        mastered: k.masteredAt ?? null,
        review: k.review ? JSON.stringify(k.review) : null,
      });
    }
    for (const a of c.attempts) {
      q.insertAttempt.run(id, a.at, a.packId, a.itemId, a.conceptId, a.answer, a.verdict, a.hintsUsed, a.responseMs, a.counted ? 1 : 0, a.misconception ?? null);
    }
    const turnId = q.insertTurn.run(id, c.at, c.text, c.choice ?? null, c.model, JSON.stringify(c.replies)).lastInsertRowid;
    if (c.key) q.insertKey.run(c.key, id, c.at, JSON.stringify(c.events ?? []));
    if (c.thread) q.insertThread.run(c.thread, id, c.at);
    for (const [text, params] of c.statements ?? []) statement(text).run(...params);
    for (const call of c.modelCalls ?? []) {
      q.insertCall.run(id, turnId, c.at, call.model, call.purpose, call.inputTokens, call.cachedTokens, call.cacheWriteTokens, call.outputTokens, Math.round(call.latencyMs));
    }
    for (const item of c.items) q.upsertItem.run(item.packId, item.itemId, item.difficulty, item.attempts);
    // The turn is stored: its hold on the learner goes in the same transaction, one write fewer per turn.
    const holder = heldLocks.get(c.identity);
    if (holder) lockStatements.drop.run(c.identity, holder);
  });

  /** Locks this store holds, by identity: a commit for that identity releases its lock (see commitSync). */
  const heldLocks = new Map<string, string>();
  const lockStatements = {
    get: db.prepare<[string], { holder: string; expires: number }>('SELECT holder, expires FROM learner_locks WHERE identity = ?'),
    put: db.prepare('INSERT OR REPLACE INTO learner_locks (identity, holder, expires) VALUES (?, ?, ?)'),
    drop: db.prepare('DELETE FROM learner_locks WHERE identity = ? AND holder = ?'),
  };
  /** Takes the learner's lock when it is free or its holder's time is up; false when another holds it. */
  const takeLock = db.transaction((identity: string, holder: string, now: number, ttlMs: number): boolean => {
    const current = lockStatements.get.get(identity);
    if (current && current.holder !== holder && current.expires > now) return false;
    lockStatements.put.run(identity, holder, now + ttlMs);
    return true;
  });

  const forgetSync = db.transaction((learnerId: string, before: ReadonlyArray<readonly [string, readonly SqlValue[]]>) => {
    for (const [text, params] of before) statement(text).run(...params);
    for (const del of deletes) del.run(learnerId);
  });

  /** Checkpoints and empties the write-ahead log; false when a reader kept part of it from being folded in. */
  const walEmptied = (): boolean => {
    try {
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      return result !== undefined && result.busy === 0 && result.log <= 0 && result.checkpointed <= 0;
    } catch {
      return false;
    }
  };
  let erasurePending = false;
  let erasureTimer: NodeJS.Timeout | undefined;
  const scheduleErasure = () => {
    erasurePending = true;
    if (erasureTimer) return;
    erasureTimer = setInterval(() => {
      if (!walEmptied()) return;
      erasurePending = false;
      clearInterval(erasureTimer);
      erasureTimer = undefined;
    }, ERASURE_RETRY_MS);
    // A pending erasure must not keep a finished process alive; close() makes a last attempt.
    erasureTimer.unref();
  };
  // Copies an earlier process could not erase (a reader held the log) go as soon as the store opens again.
  walEmptied();
  // SQLite folds the log into the file inside whichever commit crosses 1,000 pages, and that turn waits for it.
  // Here the fold happens between turns instead, once a second when the log has grown, without waiting on readers.
  db.pragma('wal_autocheckpoint = 0');
  let commitsSinceCheckpoint = 0;
  const checkpoint = () => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
      commitsSinceCheckpoint = 0;
    } catch {
      // Busy or closing: the next tick tries again.
    }
  };
  const checkpointer = setInterval(checkpoint, CHECKPOINT_MS);
  checkpointer.unref();
  /**
   * A process so busy that its timers never run (a loop of turns that never yields to the event loop) would let
   * the log grow without bound, and every read slow down with it: past this many commits, one folds it in.
   */
  const afterCommit = () => {
    commitsSinceCheckpoint += 1;
    if (commitsSinceCheckpoint >= COMMITS_BEFORE_INLINE_CHECKPOINT) checkpoint();
  };

  const sql: Sql = {
    async all<T extends object>(text: string, params: readonly SqlValue[] = []) {
      return statement(text).all(...params) as T[];
    },
    async write(statements) {
      return whenNotBusy(() => db.transaction(() => statements.map(([text, params]) => statement(text).run(...params).changes)).immediate(), busyBudgetMs);
    },
  };

  return {
    ready: async () => undefined,
    sql,
    async learnerFor(identity) {
      return q.learnerFor.get(identity)?.learner_id;
    },
    async load(learnerId) {
      return loadSync(learnerId);
    },
    async commit(c) {
      await whenNotBusy(() => commitSync.immediate(c), busyBudgetMs);
      heldLocks.delete(c.identity);
      afterCommit();
    },
    async itemStats() {
      return q.items.all().map((r) => ({ packId: r.pack_id, itemId: r.item_id, difficulty: r.difficulty, attempts: r.attempts }));
    },
    async exportLearner(learnerId) {
      const state = loadSync(learnerId);
      if (!state) return undefined;
      return learnerExport(state, q.identitiesOf.all(learnerId).map((r) => r.identity), q.threadsOf.all(learnerId).map((r) => r.place), q.attemptsOf.all(learnerId), q.turnsOf.all(learnerId));
    },
    async forget(learnerId, before = []) {
      await whenNotBusy(() => forgetSync.immediate(learnerId, before), busyBudgetMs);
      // Deleted pages linger in the write-ahead log until a checkpoint folds it in and empties it. A reader on an
      // old snapshot (a backup, a report, another process) can stop that: then the erasure is pending, retried
      // until it succeeds, and never reported done before it is.
      const complete = walEmptied();
      if (!complete) scheduleErasure();
      return { complete };
    },
    async threadOwner(place) {
      return q.threadOwner.get(place)?.learner_id;
    },
    async turnByKey(key) {
      const row = q.turnByKey.get(key);
      return row ? (JSON.parse(row.events) as unknown[]) : undefined;
    },
    async lockLearner(identity, ttlMs) {
      const holder = randomUUID();
      const deadline = Date.now() + ttlMs;
      for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
        if (await whenNotBusy(() => takeLock.immediate(identity, holder, Date.now(), ttlMs), busyBudgetMs)) {
          heldLocks.set(identity, holder);
          break;
        }
        if (Date.now() + pause > deadline) throw new StoreBusyError();
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
      return async () => {
        // Already let go by the turn's commit: nothing to write.
        if (heldLocks.get(identity) !== holder) return;
        heldLocks.delete(identity);
        await whenNotBusy(() => lockStatements.drop.run(identity, holder), busyBudgetMs).catch(() => {
          // Left behind, the lock expires on its own after ttlMs.
        });
      };
    },
    async erasureSettled(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (erasurePending) {
        if (Date.now() >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return true;
    },
    async countRows(learnerId) {
      return Object.fromEntries(counts.map(([table, stmt]) => [table, stmt.get(learnerId)?.n ?? 0]));
    },
    async recentTurns(learnerId, limit) {
      return q.recentTurns.all(learnerId, limit).map(turnFromRow);
    },
    async modelStats() {
      return q.callGroups.all().map((g) => {
        const latencies = q.callLatencies.all(g.model, g.purpose).map((r) => r.latency_ms);
        const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
        return modelStatsFromRow(g, { p50: at(0.5), p95: at(0.95) });
      });
    },
    async close() {
      clearInterval(checkpointer);
      if (erasureTimer) clearInterval(erasureTimer);
      walEmptied();
      db.close();
    },
  };
}

export type { ItemStat };
