// The simulated population: seeded, varied like a real class, and speaking in answers the tutor can grade.
import { describe, expect, it } from 'vitest';
import { grade } from '../../src/curriculum/answers.ts';
import { loadCurriculum } from '../../src/curriculum/load.ts';
import { isWrongAnswer, rightAnswer, wrongAnswer } from '../../src/simulate/answers.ts';
import { CLASSROOM } from '../../src/simulate/params.ts';
import { createClassroom } from '../../src/simulate/population.ts';
import { seeded } from '../../src/random.ts';
import { BUNDLED } from '../helpers/session.ts';

const { curriculum } = loadCurriculum(BUNDLED);
const packs = [...curriculum.packs.values()];

describe('simulated population', () => {
  it('is the same for the same seed and different for another', () => {
    const pack = packs[0];
    if (!pack) throw new Error('no pack');
    expect(createClassroom(pack, 20, 1)).toEqual(createClassroom(pack, 20, 1));
    expect(createClassroom(pack, 20, 2)).not.toEqual(createClassroom(pack, 20, 1));
  });

  it('differs in how far learners already are, within the documented parameter ranges', () => {
    for (const pack of packs) {
      const learners = createClassroom(pack, 200, 1);
      const known = learners.map((l) => l.knownAtStart.length);
      expect(known.filter((n) => n === 0).length).toBeGreaterThan(10);
      expect(known.filter((n) => n >= pack.order.length - 1).length).toBeGreaterThan(5);
      for (const l of learners) {
        expect(l.slip).toBeGreaterThanOrEqual(CLASSROOM.slip[0]);
        expect(l.slip).toBeLessThanOrEqual(CLASSROOM.slip[1]);
        expect(l.learnRate).toBeGreaterThanOrEqual(CLASSROOM.learnRate[0]);
        expect(l.learnRate).toBeLessThanOrEqual(CLASSROOM.learnRate[1]);
        const responsiveness = Object.values(l.styles);
        expect(Math.max(...responsiveness)).toBeGreaterThan(Math.min(...responsiveness));
        // Nobody knows a concept without what it builds on.
        for (const id of l.knownAtStart) {
          for (const p of pack.concepts.get(id)?.prerequisites ?? []) expect(l.knownAtStart).toContain(p);
        }
      }
    }
  });

  it('answers every bundled item right with its answer, and wrong with an answer the tutor reads as wrong', () => {
    const random = seeded(9);
    for (const pack of packs) {
      for (const item of pack.items.values()) {
        expect(grade(item.answer, rightAnswer(item)).verdict, item.id).toBe('correct');
        for (let i = 0; i < 5; i++) {
          const wrong = wrongAnswer(item, random, CLASSROOM.misconceptionShare);
          expect(isWrongAnswer(item, wrong), `${item.id}: ${wrong}`).toBe(true);
          expect(['incorrect', 'unreadable']).toContain(grade(item.answer, wrong).verdict);
        }
      }
    }
  });
});
