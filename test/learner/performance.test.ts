import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../src/curriculum/load.ts';
import { EMPTY_HISTORY, recordAnswer, type AnswerHistory } from '../../src/learner/history.ts';
import { DEFAULT_PERFORMANCE, packModel, predictSuccess, type PerformanceModel } from '../../src/learner/performance.ts';
import { MINI } from '../helpers/session.ts';

const after = (answers: boolean[]): AnswerHistory => answers.reduce(recordAnswer, EMPTY_HISTORY);

describe('the performance model', () => {
  it('by default is the documented formula: 75% at the learner\'s level, shifted by mastery', () => {
    for (const ability of [1, 2, 3.5, 5]) {
      for (const pKnown of [0.1, 0.5, 0.95]) {
        for (const difficulty of [1, 3, 5]) {
          const p = predictSuccess(DEFAULT_PERFORMANCE, 'any', difficulty, { ability, pKnown, concept: after([true, false]), total: after([true]) });
          // docs/learner-model.md: p = σ(1.1 + 1.3 (θ + 1.5 (pKnown − 0.5) − d))
          expect(p).toBeCloseTo(1 / (1 + Math.exp(-(1.1 + 1.3 * (ability + 1.5 * (pKnown - 0.5) - difficulty)))), 12);
        }
      }
    }
  });

  it('keeps counts and a recency-weighted rate in constant space', () => {
    const h = after([false, false, true, true, true]);
    expect(h).toEqual({ correct: 3, wrong: 2, streak: 3, recent: expect.closeTo(1 - 0.6 ** 3, 10) });
    expect(recordAnswer(h, false)).toMatchObject({ streak: 0, wrong: 3 });
  });

  it('with fitted history weights, a learner on a run of right answers is predicted above one on a run of wrong ones', () => {
    const fitted: PerformanceModel = {
      ...DEFAULT_PERFORMANCE,
      weights: { ...DEFAULT_PERFORMANCE.weights, correct: 0.1, wrong: -0.1, recent: 0.8, last: 0.2, streak: 0.1 },
    };
    const base = { ability: 2, pKnown: 0.5, total: EMPTY_HISTORY };
    const flying = predictSuccess(fitted, 'c', 2, { ...base, concept: after([false, true, true, true]) });
    const stuck = predictSuccess(fitted, 'c', 2, { ...base, concept: after([true, false, false, false]) });
    expect(flying).toBeGreaterThan(stuck + 0.1);
  });

  it('a pack without calibration.yaml uses the default model', () => {
    const pack = loadCurriculum(MINI).curriculum.packs.get('mini')!;
    expect(packModel(pack)).toBe(DEFAULT_PERFORMANCE);
  });
});
