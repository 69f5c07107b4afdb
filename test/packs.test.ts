// The packs that ship: valid, lint-clean, big enough, and teaching as intended through the real core.
import { afterEach, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../src/curriculum/load.ts';
import { grade } from '../src/curriculum/answers.ts';
import { findLeak } from '../src/curriculum/leaks.ts';
import { BUNDLED, correctAnswer, moves, startSession, texts, type Session } from './helpers/session.ts';

const { curriculum, warnings } = loadCurriculum(BUNDLED);

describe('the bundled packs', () => {
  it('load with no errors and no lint warnings', () => {
    expect(warnings).toEqual([]);
    expect([...curriculum.packs.keys()].sort()).toEqual(['fractions', 'sql-basics']);
  });

  it.each([
    ['fractions', 6, 40],
    ['sql-basics', 5, 30],
  ])('%s has at least %i concepts and %i items across all five difficulties', (id, concepts, items) => {
    const pack = curriculum.packs.get(id)!;
    expect(pack.concepts.size).toBeGreaterThanOrEqual(concepts);
    expect(pack.items.size).toBeGreaterThanOrEqual(items);
    expect(new Set([...pack.items.values()].map((i) => i.difficulty))).toEqual(new Set([1, 2, 3, 4, 5]));
    for (const concept of pack.concepts.values()) {
      expect(new Set(concept.items.map((i) => i.difficulty)).size, concept.id).toBeGreaterThanOrEqual(3);
    }
  });

  it('accepts each item\'s own answer and rejects each listed misconception', () => {
    for (const pack of curriculum.packs.values()) {
      for (const item of pack.items.values()) {
        expect(grade(item.answer, correctAnswer(item)).verdict, item.id).toBe('correct');
        for (const m of item.misconceptions) {
          for (const wrong of m.answers ?? []) expect(grade(item.answer, String(wrong)).verdict, `${item.id} ${wrong}`).not.toBe('correct');
        }
      }
    }
  });

  it('has the misconceptions real students have in fractions', () => {
    const labels = [...curriculum.packs.get('fractions')!.items.values()].flatMap((i) => i.misconceptions.map((m) => m.label.toLowerCase()));
    expect(labels.some((l) => /denominator/.test(l) && /add/.test(l))).toBe(true);
    expect(labels.some((l) => /bigger|larger/.test(l) && /denominator/.test(l))).toBe(true);
  });
});

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('teaching fractions', () => {
  it('asks a learner who always adds denominators the question aimed at that mistake', async () => {
    session = await startSession({ curriculumDir: BUNDLED });
    await session.send('hi');
    await session.send('start fractions');
    await session.send('skip');
    let targeted = 0;
    for (let turn = 0; turn < 80 && targeted === 0; turn++) {
      const item = session.openItem();
      if (!item) break;
      const adds = item.misconceptions.find((m) => /add/i.test(m.label) && /denominator/i.test(m.label) && m.answers?.length);
      if (adds && item.conceptId === 'adding-unlike-denominators') {
        const reply = await session.send(String(adds.answers?.[0]));
        expect(moves(reply)).toEqual(['misconception']);
        expect(texts(reply)).toContain(adds.question);
        targeted += 1;
      } else {
        await session.send(correctAnswer(item), { thinkMs: 12_000 });
        if (moves(session.last).includes('ask-why')) await session.send('because the pieces must be the same size');
      }
    }
    expect(targeted).toBe(1);
  });

  it('takes a strong learner to difficulty 4+ and through several concepts in a bounded number of turns', async () => {
    session = await startSession({ curriculumDir: BUNDLED });
    await session.send('hi');
    await session.send('start fractions');
    await session.send('skip');
    const seen: Array<{ concept: string; difficulty: number }> = [];
    for (let turn = 0; turn < 60; turn++) {
      const item = session.openItem();
      if (!item) break;
      seen.push({ concept: item.conceptId, difficulty: item.difficulty });
      await session.send(correctAnswer(item), { thinkMs: 9_000 });
      if (moves(session.last).includes('ask-why')) await session.send('because both parts are cut into equal pieces');
    }
    expect(seen.findIndex((s) => s.difficulty >= 4)).toBeGreaterThan(-1);
    expect(seen.findIndex((s) => s.difficulty >= 4)).toBeLessThan(20);
    expect(new Set(seen.map((s) => s.concept)).size).toBeGreaterThanOrEqual(5);
  });

  it('brings back a mastered concept for review when it is due', async () => {
    session = await startSession({ curriculumDir: BUNDLED });
    await session.send('hi');
    await session.send('start fractions');
    await session.send('skip');
    for (let turn = 0; turn < 30 && !moves(session.last).includes('mastered'); turn++) {
      await session.send(correctAnswer(session.openItem()!), { thinkMs: 12_000 });
      if (moves(session.last).includes('ask-why')) await session.send('because the parts are equal');
    }
    expect(moves(session.last)).toContain('mastered');
    const first = curriculum.packs.get('fractions')!.order[0];
    // A week later, the first concept is due: within a few items it comes back as a review.
    session.clock.now += 7 * 86_400_000;
    const modes: string[] = [];
    for (let turn = 0; turn < 4; turn++) {
      await session.send(correctAnswer(session.openItem()!), { thinkMs: 12_000 });
      if (moves(session.last).includes('ask-why')) await session.send('because the parts are equal');
      const pose = session.last.replies.find((r) => r.move === 'pose');
      if (pose && /review/i.test(pose.text)) modes.push(session.last.open?.concept ?? '');
    }
    expect(modes).toContain(first);
    const progress = await session.send('progress');
    expect(texts(progress)).toMatch(/mastered/);
  });

  it('answers a learner\'s own question from the course text of the concept it is about, and keeps the question open', async () => {
    session = await startSession({ curriculumDir: BUNDLED });
    await session.send('hi');
    await session.send('start fractions');
    await session.send('skip');
    const open = session.openItem()!;
    const reply = await session.send('Why do we flip the second fraction when we divide?');
    expect(moves(reply)).toEqual(['question']);
    expect(reply.replies[0]?.why).toMatch(/about Dividing fractions/);
    const dividing = curriculum.packs.get('fractions')!.concepts.get('dividing-fractions')!;
    expect(Object.values(dividing.explanations).some((e) => texts(reply).includes(e ?? '\u0000'))).toBe(true);
    expect(reply.open?.id).toBe(open.id);
    expect(findLeak(open.answer, texts(reply), { prompt: open.prompt })).toBeUndefined();
  });
});
