// The SQLite store folds its write-ahead log into the database between turns, on a timer. A process so busy that
// its timers never run must not let the log (and every read that has to search it) grow without bound.
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { freshLearner } from '../../src/dialogue/state.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { TurnCommit } from '../../src/store/store.ts';
import { tempDb } from '../helpers/session.ts';

const temp = tempDb();
afterEach(() => temp.cleanup());

describe('the SQLite write-ahead log', () => {
  it('stops growing when turns come back to back and the checkpoint timer never gets to run', async () => {
    const store = openSqliteStore(temp.dbPath);
    const state = freshLearner('learner-busy', Date.UTC(2026, 2, 1));
    const commit = (n: number): TurnCommit => {
      state.conversation.turns = n;
      return { identity: 'test:busy', created: n === 0, at: Date.UTC(2026, 2, 1) + n, text: `turn ${n} ${'x'.repeat(200)}`, model: 'offline', replies: [], state, concepts: [], attempts: [], items: [] };
    };
    const logSize = () => statSync(`${temp.dbPath}-wal`).size;
    // No await that reaches the event loop's timers: each commit resolves in the same tick of microtasks.
    let n = 0;
    for (; n < 4_500; n++) await store.commit(commit(n));
    const early = logSize();
    for (; n < 12_000; n++) await store.commit(commit(n));
    const late = logSize();
    await store.close();
    // Without a checkpoint the log would be about 2.7 times as long by now; folded in, it is reused from its start.
    expect(late).toBeLessThan(early * 1.3);
  }, 60_000);
});
