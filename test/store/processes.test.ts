// Two tutors over one database file, each with its own connection, stand for two server processes: the same
// learner served by both at once loses no turn, and a learner's first turns, racing, create one learner.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../src/curriculum/load.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { createTutor, type Tutor } from '../../src/tutor.ts';
import type { Store } from '../../src/store/store.ts';
import { MINI, tempDb } from '../helpers/session.ts';

const { curriculum } = loadCurriculum(MINI);
let stores: Store[] = [];
let cleanup: (() => void) | undefined;
afterEach(async () => {
  for (const store of stores) await store.close();
  stores = [];
  cleanup?.();
});

function twoProcesses(): { tutors: Tutor[]; dbPath: string } {
  const db = tempDb();
  cleanup = db.cleanup;
  stores = [openSqliteStore(db.dbPath), openSqliteStore(db.dbPath)];
  let clock = Date.UTC(2026, 0, 5, 9);
  const now = () => (clock += 1000);
  return { tutors: stores.map((store) => createTutor({ curriculum, store, now })), dbPath: db.dbPath };
}

describe('several processes on one database', () => {
  it('serves one learner from two processes at once without losing a turn', async () => {
    const { tutors, dbPath } = twoProcesses();
    await tutors[0]?.reply({ identity: 'test:ana', text: 'start mini' });
    const n = 16;
    await Promise.all(Array.from({ length: n }, (_, i) => tutors[i % 2]?.reply({ identity: 'test:ana', text: i % 3 === 0 ? 'progress' : 'why' })));
    const db = new Database(dbPath, { readonly: true });
    const turns = db.prepare("SELECT count(*) AS n FROM turns").get() as { n: number };
    const conversation = JSON.parse((db.prepare('SELECT conversation FROM learners').get() as { conversation: string }).conversation) as { turns: number };
    db.close();
    expect(turns.n).toBe(n + 1);
    // Every turn read the state the one before it wrote: the conversation counted all of them.
    expect(conversation.turns).toBe(n + 1);
  });

  it('creates one learner per identity when first turns race on two processes', async () => {
    const { tutors, dbPath } = twoProcesses();
    const identities = Array.from({ length: 8 }, (_, i) => `test:new-${i}`);
    await Promise.all(identities.flatMap((identity) => tutors.map((tutor) => tutor.reply({ identity, text: 'hi' }))));
    const db = new Database(dbPath, { readonly: true });
    const learners = db.prepare('SELECT count(*) AS n FROM learners').get() as { n: number };
    const orphans = db.prepare('SELECT count(*) AS n FROM learners WHERE id NOT IN (SELECT learner_id FROM identities)').get() as { n: number };
    const locks = db.prepare('SELECT count(*) AS n FROM learner_locks').get() as { n: number };
    db.close();
    expect(learners.n).toBe(identities.length);
    expect(orphans.n).toBe(0);
    expect(locks.n).toBe(0);
  });
});
