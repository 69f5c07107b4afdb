// The Store port: what the tutor remembers. SQLite is the embedded default; another database implements the
// same port. One commit per turn, written atomically.
import type { AttemptRecord, ItemStat, LearnerState } from '../dialogue/state.ts';
import type { ConceptState } from '../learner/types.ts';
import type { ModelUsage } from '../model/model.ts';
import type { Sql, SqlValue } from './sql.ts';

export interface StoredReply {
  text: string;
  choices?: Array<{ id: string; label: string }>;
  why: string;
  move: string;
}

export interface TurnCommit {
  identity: string;
  /** True when this turn creates the learner. */
  created: boolean;
  at: number;
  text: string;
  choice?: string;
  model: string;
  replies: StoredReply[];
  state: LearnerState;
  /** Only the concept states this turn changed. */
  concepts: ConceptState[];
  attempts: AttemptRecord[];
  items: ItemStat[];
  /** Language-model calls made for this turn: tokens and latency. */
  modelCalls?: ModelUsage[];
  /** The channel's id for this turn, stored with `events`, so that the turn sent again is replayed (turnByKey). */
  key?: string;
  /** What the turn sent back, as the channel received it. */
  events?: unknown[];
  /** A tutoring thread this turn claims for its learner (see Turn.thread); a thread claimed already keeps its owner. */
  thread?: string;
  /** More writes of the same turn (class memberships, overrides applied), in its transaction: see sql.ts. */
  statements?: ReadonlyArray<readonly [sql: string, params: readonly SqlValue[]]>;
}

export interface ModelStats {
  model: string;
  purpose: string;
  calls: number;
  turns: number;
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
}

export interface LearnerExport {
  learnerId: string;
  identities: string[];
  /** Tutoring threads the learner opened in shared channels. */
  threads: string[];
  createdAt: string;
  profile: LearnerState['profile'];
  packs: LearnerState['packs'];
  explanationStyles: LearnerState['styles'];
  concepts: ConceptState[];
  attempts: AttemptRecord[];
  turns: Array<{ at: string; text: string; choice?: string; replies: StoredReply[] }>;
  conversation: LearnerState['conversation'];
}

export interface ForgetResult {
  /** True when the learner's data is gone from every file; false while copies wait to be overwritten. */
  complete: boolean;
}

export interface Store {
  /** Resolves once the store can be used (connected, schema up to date); rejects with what is wrong and the fix. */
  ready(): Promise<void>;
  /** Plain SQL on the same database, for features beside the turn (classes, staff): see sql.ts. */
  readonly sql: Sql;
  learnerFor(identity: string): Promise<string | undefined>;
  load(learnerId: string): Promise<LearnerState | undefined>;
  commit(commit: TurnCommit): Promise<void>;
  itemStats(): Promise<ItemStat[]>;
  exportLearner(learnerId: string): Promise<LearnerExport | undefined>;
  /**
   * Deletes every row about the learner. `complete` only once no copy is left in the database's files either;
   * else the store finishes the erasure as soon as it can (a reader holding an old snapshot lets go). `before`:
   * statements (see sql.ts) run first in the same transaction, e.g. what the deletion takes out of class counts.
   */
  forget(learnerId: string, before?: ReadonlyArray<readonly [string, readonly SqlValue[]]>): Promise<ForgetResult>;
  /**
   * Holds the learner for one turn across every process sharing the store: resolves when no other turn of theirs
   * is running anywhere (or the one that was has outlived `ttlMs`, its process gone), with the function that
   * lets go. Fails with code STORE_BUSY when the wait outlasts `ttlMs`.
   */
  lockLearner(identity: string, ttlMs: number): Promise<() => Promise<void>>;
  /** The learner a tutoring thread belongs to, if it was claimed. */
  threadOwner(place: string): Promise<string | undefined>;
  /** What a turn stored under this channel id sent back, if such a turn was stored. */
  turnByKey(key: string): Promise<unknown[] | undefined>;
  /** Resolves once every erasure still pending is complete, or after `timeoutMs` with false. */
  erasureSettled(timeoutMs: number): Promise<boolean>;
  /** Row counts about one learner, table by table (for "forget me" checks and `me`). */
  countRows(learnerId: string): Promise<Record<string, number>>;
  /** The learner's last turns, oldest first. */
  recentTurns(learnerId: string, limit: number): Promise<Array<{ at: number; text: string; choice?: string; replies: StoredReply[] }>>;
  /** Token and latency figures of every language-model call, per model and purpose. */
  modelStats(): Promise<ModelStats[]>;
  close(): Promise<void>;
}

/** A write that could not get the database within its budget: nothing was written, and it may be sent again. */
export class StoreBusyError extends Error {
  readonly code = 'STORE_BUSY';
  readonly retryable = true;
  constructor() {
    super('The database is busy, so this was not saved. Please send it again.');
  }
}
