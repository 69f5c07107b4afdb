// /teach/classes/:id/grades: answers a model graded without confidence, graded by staff through the page.
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED } from '../helpers/session.ts';
import { openTeach, type Teach } from './teach-harness.ts';

const LLM_PACK = resolve(import.meta.dirname, '../fixtures/curriculum-llm');
let teach: Teach | undefined;
afterEach(async () => {
  await teach?.close();
  teach = undefined;
});

describe('the answers-to-grade page', () => {
  it('shows a queued answer as text with the model\'s reading, takes a grade with a reason, and the learner hears it', async () => {
    teach = openTeach(LLM_PACK);
    const ada = await teach.staff('ada@school.example', 'Year 6');
    const ana = teach.learner('cli:ana');
    await ana.say(`join ${ada.cls.joinCode}`);
    await ana.say('start llm');
    const learnerId = (await teach.ponder.store.learnerFor('cli:ana')) ?? '';
    // As a turn stores an answer the model graded with low confidence (test/classes/grades.test.ts goes the whole way).
    await teach.ponder.store.sql.write([
      [
        'INSERT INTO grade_reviews (learner_id, at, pack_id, item_id, concept_id, answer, points, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [learnerId, teach.clock.now, 'llm', 'div-why', 'dividing', 'it is about <b>halves</b> i think', '["how-many"]', 0.3],
      ],
    ]);
    const overview = await (await ada.get(`/teach/classes/${ada.cls.id}`)).text();
    expect(overview).toMatch(/Answers to grade \(1\)/);
    const page = await (await ada.get(`/teach/classes/${ada.cls.id}/grades`)).text();
    expect(page).toContain('it is about &lt;b&gt;halves&lt;/b&gt; i think');
    expect(page).toContain('✓ shows: dividing asks how many halves fit');
    expect(page).toContain('✗ does not show: each whole holds two halves');
    expect(page).toMatch(/30% confidence/);
    const id = /action="[^"]*\/grades\/(\d+)"/.exec(page)?.[1] ?? '';

    // Without the CSRF token nothing is graded.
    expect((await ada.post(`/teach/classes/${ada.cls.id}/grades/${id}`, { verdict: 'correct', reason: 'x', csrf: 'forged' })).status).toBe(403);
    expect((await ada.post(`/teach/classes/${ada.cls.id}/grades/${id}`, { verdict: 'correct', reason: '' })).status).toBe(400);
    const saved = await ada.post(`/teach/classes/${ada.cls.id}/grades/${id}`, { verdict: 'correct', reason: 'halves fitting is the key idea' });
    expect(saved.status).toBe(303);
    const after = await (await ada.get(saved.headers.get('location') ?? '')).text();
    expect(after).toMatch(/Nothing waiting/);
    expect(after).toMatch(/Saved\. The learner hears your grade/);
    // The same answer graded again (a second tab): nothing is saved, and the page does not say it was.
    const twice = await ada.post(`/teach/classes/${ada.cls.id}/grades/${id}`, { verdict: 'incorrect', reason: 'second thoughts' });
    const told = await (await ada.get(twice.headers.get('location') ?? '')).text();
    expect(told).toMatch(/Not saved: this answer was graded already/);
    expect(told).not.toMatch(/Saved\. The learner hears/);

    const next = await ana.say('ok');
    expect(next.replies.find((r) => r.move === 'teacher-override')?.text).toMatch(/marked it right: "halves fitting is the key idea"/);
    // Another class's staff cannot see or grade the queue.
    const bo = await teach.staff('bo@school.example', 'Year 7');
    expect((await bo.get(`/teach/classes/${ada.cls.id}/grades`)).status).toBe(404);
  });
});

describe('worked solutions for a whole class', () => {
  it('are kept back through the overview\'s form, and every learner in the class is told why', async () => {
    teach = openTeach();
    const ada = await teach.staff('ada@school.example', 'Year 8');
    const cy = teach.learner('cli:cy');
    await cy.say(`join ${ada.cls.joinCode}`);
    expect((await ada.post(`/teach/classes/${ada.cls.id}/solutions`, { solutions: 'hidden', reason: 'test week', csrf: 'forged' })).status).toBe(403);
    const saved = await ada.post(`/teach/classes/${ada.cls.id}/solutions`, { solutions: 'hidden', reason: 'test week' });
    expect(saved.status).toBe(303);
    const told = await cy.say('hi');
    expect(told.replies.map((r) => r.text).join('\n')).toMatch(/not to show worked solutions for now: "test week"/);
  });
});

describe('moving a learner on to a topic they have not started', () => {
  it('offers every topic\'s concepts, and the learner is taken there at their next turn', async () => {
    teach = openTeach(BUNDLED);
    const ada = await teach.staff('ada@school.example', 'Analysts');
    const dee = teach.learner('cli:dee');
    await dee.say(`join ${ada.cls.joinCode}`);
    await dee.say('start fractions');
    const learnerId = (await teach.ponder.store.learnerFor('cli:dee')) ?? '';
    const page = await (await ada.get(`/teach/classes/${ada.cls.id}/learners/${learnerId}`)).text();
    const option = /<option value="(sql-basics\/[\w-]+)">/.exec(page)?.[1];
    expect(option).toBeDefined();
    const saved = await ada.post(`/teach/classes/${ada.cls.id}/learners/${learnerId}/overrides`, { kind: 'next', concept: option ?? '', reason: 'your team needs SQL first' });
    expect(saved.status).toBe(303);
    const next = await dee.say('ok');
    expect(next.replies.map((r) => r.text).join('\n')).toMatch(/Your teacher moved you on to .*: "your team needs SQL first"/);
    expect((await teach.ponder.tutor.status('cli:dee')).open?.concept).toBe(option?.split('/')[1]);
  });
});
