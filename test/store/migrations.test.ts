import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openSqliteStore } from '../../src/store/sqlite.ts';
import { tempDb } from '../helpers/session.ts';
import { freshLearner } from '../../src/dialogue/state.ts';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('upgrading a database', () => {
  it('keeps every learner\'s mastery when a database from before the recency columns is opened', async () => {
    const temp = tempDb();
    cleanup = temp.cleanup;
    const old = new Database(temp.dbPath);
    for (const sql of MIGRATIONS.slice(0, 2)) old.exec(sql);
    old.pragma('user_version = 2');
    old.prepare("INSERT INTO learners VALUES ('l1', 1, 1, '{}', '{\"mini\":{\"ability\":3,\"placed\":true,\"startedAt\":1}}', '{}', ?)").run(
      JSON.stringify({ greeted: true, recent: [], explainedStyles: { conceptId: '', styles: [] }, posesSinceReview: 0, correctSinceWhy: 0, lastWhy: '', turns: 3 }),
    );
    old.prepare("INSERT INTO concept_states (learner_id, pack_id, concept_id, p_known, evidence, correct, wrong, hints) VALUES ('l1', 'mini', 'halves', 0.83, 4, 3, 1, 0)").run();
    old.close();

    const store = openSqliteStore(temp.dbPath);
    const learner = await store.load('l1');
    await store.close();
    expect(learner?.concepts['mini/halves']).toMatchObject({ pKnown: 0.83, evidence: 4, correct: 3, wrong: 1, streak: 0 });
    expect(learner?.concepts['mini/halves']?.recent).toBeUndefined();
    expect(learner?.packs['mini']?.ability).toBe(3);
    const upgraded = new Database(temp.dbPath, { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    upgraded.close();
  });
});

describe('what a turn stores about a concept', () => {
  it('keeps every field mastery is decided on from one turn to the next, the count of unguessable right answers included', async () => {
    const temp = tempDb();
    cleanup = temp.cleanup;
    const store = openSqliteStore(temp.dbPath);
    const state = freshLearner('l2', 1);
    const concept = { packId: 'mini', conceptId: 'halves', pKnown: 0.9, evidence: 4, correct: 4, wrong: 0, hints: 0, recent: 0.8, streak: 4, freeCorrect: 2 };
    state.concepts['mini/halves'] = concept;
    await store.commit({ identity: 'test:l2', created: true, at: 1, text: '4', model: 'offline', replies: [], state, concepts: [concept], attempts: [], items: [] });
    const loaded = await store.load('l2');
    await store.close();
    expect(loaded?.concepts['mini/halves']).toMatchObject({ streak: 4, freeCorrect: 2, recent: 0.8 });
  });
});
