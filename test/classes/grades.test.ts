// A free-text answer the model graded without confidence goes to the learner's teacher, who confirms or corrects
// it: the learner hears the grade and its reason at their next turn, their mastery takes it in, and the answer
// is kept as a labelled example of the item's rubric. The real Anthropic SDK against the local fake.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPonder, type Ponder } from '../../src/app.ts';
import { useFakeAnthropic } from '../helpers/anthropic.ts';
import { tempDb } from '../helpers/session.ts';

const CURRICULUM = resolve(import.meta.dirname, '../fixtures/curriculum-llm');
const suite = useFakeAnthropic();
const clock = { now: Date.UTC(2026, 2, 2, 9) };

function start(): Ponder {
  const db = tempDb();
  const model = suite.model();
  return suite.keep(openPonder({ curriculumDir: CURRICULUM, dbPath: db.dbPath, model, now: () => clock.now, modelBudgetMs: 3000 }), db.cleanup);
}

const say = async (p: Ponder, identity: string, text: string) => {
  clock.now += 20_000;
  return p.tutor.reply({ identity, text });
};

describe("a teacher's grade of an answer the model was unsure of", () => {
  it('is queued for the teacher, told to the learner with the reason, taken into mastery, and kept as an example', async () => {
    suite.fake.setHandler((body) =>
      body.tools?.some((t) => t.name === 'grade_answer')
        ? { toolUse: { name: 'grade_answer', input: { points: [{ id: 'how-many', met: true, evidence: 'halves' }, { id: 'more-halves', met: false, evidence: '' }], score: 0.5, confidence: 0.3 } } }
        : { text: 'Okay.' },
    );
    const p = start();
    const cls = await p.classroom.createClass('Year 6');
    const ada = await p.classroom.addStaff('ada@school.example', 'Year 6');
    const other = await p.classroom.addStaff('bo@school.example', 'Year 7');
    await say(p, 'cli:ana', `join ${cls.joinCode}`);
    await say(p, 'cli:ana', 'start llm');
    let open = (await say(p, 'cli:ana', 'skip')).open;
    while (open?.id !== 'div-why') open = (await say(p, 'cli:ana', 'skip')).open;
    expect((await say(p, 'cli:ana', 'it is about halves i think')).replies.map((r) => r.move)).toEqual(['follow-up']);

    const queue = (await p.classroom.gradeQueue(ada.staffId, cls.id)) ?? [];
    expect(queue).toEqual([
      expect.objectContaining({ itemId: 'div-why', answer: 'it is about halves i think', confidence: 0.3, points: [expect.objectContaining({ met: true }), expect.objectContaining({ met: false })] }),
    ]);
    // Another class's staff see none of it and cannot grade it.
    expect(await p.classroom.gradeQueue(other.staffId, cls.id)).toBeUndefined();
    expect(await p.classroom.resolveGrade(other.staffId, cls.id, queue[0]?.id ?? 0, 'correct', 'x')).toBe(false);

    const before = (await p.tutor.status('cli:ana')).mastery['dividing'] ?? 0;
    const levelBefore = (await p.tutor.status('cli:ana')).level ?? NaN;
    expect(await p.classroom.resolveGrade(ada.staffId, cls.id, queue[0]?.id ?? 0, 'correct', 'halves fitting is the key idea')).toBe(true);
    // Graded once: a second grade of the same answer changes nothing.
    expect(await p.classroom.resolveGrade(ada.staffId, cls.id, queue[0]?.id ?? 0, 'incorrect', 'no')).toBe(false);
    expect(await p.classroom.gradeQueue(ada.staffId, cls.id)).toEqual([]);

    const next = await say(p, 'cli:ana', 'ok');
    const told = next.replies.find((r) => r.move === 'teacher-override');
    expect(told?.text).toMatch(/Your teacher read your answer to "In your own words, why does dividing by 1\/2 give a bigger number\?" and marked it right: "halves fitting is the key idea"/);
    expect((await p.tutor.status('cli:ana')).mastery['dividing'] ?? 0).toBeGreaterThan(before);
    // It counts as an answer graded at once would: the working level moves with it too.
    expect((await p.tutor.status('cli:ana')).level ?? NaN).toBeGreaterThan(levelBefore);
    const examples = await p.store.sql.all<{ answer: string; verdict: string }>('SELECT answer, verdict FROM rubric_examples WHERE item_id = ?', ['div-why']);
    expect(examples).toEqual([{ answer: 'it is about halves i think', verdict: 'correct' }]);
    expect((await p.classroom.audit(ada.staffId, cls.id))?.map((a) => a.action)).toContain('grade');

    // The same answer from another learner now takes the teacher's grade, and no model is asked for it.
    const gradings = () => suite.fake.requests.filter((r) => r.body.tools?.some((t) => t.name === 'grade_answer')).length;
    await say(p, 'cli:cat', 'start llm');
    let theirs = (await say(p, 'cli:cat', 'skip')).open;
    while (theirs?.id !== 'div-why') theirs = (await say(p, 'cli:cat', 'skip')).open;
    const asked = gradings();
    const same = await say(p, 'cli:cat', 'It is about halves, I think.');
    expect(same.replies[0]?.move).toBe('correct');
    expect(gradings()).toBe(asked);

    // The learner's words go when they do.
    await p.tutor.forget('cli:ana');
    expect(await p.store.sql.all('SELECT 1 AS one FROM rubric_examples')).toEqual([]);
    expect(await p.store.sql.all('SELECT 1 AS one FROM grade_reviews')).toEqual([]);
  });

  it('queues nothing for a learner in no class: there is no teacher to ask', async () => {
    suite.fake.setHandler((body) =>
      body.tools?.some((t) => t.name === 'grade_answer')
        ? { toolUse: { name: 'grade_answer', input: { points: [{ id: 'how-many', met: true, evidence: 'halves' }, { id: 'more-halves', met: false, evidence: '' }], score: 0.5, confidence: 0.3 } } }
        : { text: 'Okay.' },
    );
    const p = start();
    await say(p, 'cli:bo', 'start llm');
    let open = (await say(p, 'cli:bo', 'skip')).open;
    while (open?.id !== 'div-why') open = (await say(p, 'cli:bo', 'skip')).open;
    await say(p, 'cli:bo', 'it is about halves i think');
    expect(await p.store.sql.all('SELECT 1 AS one FROM grade_reviews')).toEqual([]);
  });
});
