import { describe, expect, it } from 'vitest';
import { ABILITY, paceOf, updateAbility, updateItemDifficulty } from '../../src/learner/ability.ts';
import { EMPTY_HISTORY } from '../../src/learner/history.ts';
import { DEFAULT_PERFORMANCE, predictSuccess } from '../../src/learner/performance.ts';

/** The tutor's prediction before any calibration, for a learner with no history on the concept. */
const predictedSuccess = (ability: number, pKnown: number, difficulty: number) =>
  predictSuccess(DEFAULT_PERFORMANCE, 'any', difficulty, { ability, pKnown, concept: EMPTY_HISTORY, total: EMPTY_HISTORY });

describe('difficulty and ability', () => {
  it('predicts 75% success on an item at the learner\'s level, less on harder items', () => {
    expect(predictedSuccess(3, 0.5, 3)).toBeCloseTo(0.75, 2);
    expect(predictedSuccess(3, 0.5, 4)).toBeLessThan(0.75);
    expect(predictedSuccess(3, 0.9, 3)).toBeGreaterThan(predictedSuccess(3, 0.2, 3));
  });

  it('moves a fast, unaided correct answer up more than a normal one, and a helped failure down', () => {
    const base = { correct: true, helped: false, predicted: 0.75 } as const;
    const normal = updateAbility(3, { ...base, pace: 'normal' });
    const fast = updateAbility(3, { ...base, pace: 'fast' });
    expect(normal).toBeGreaterThan(3);
    expect(fast).toBeGreaterThan(normal);
    const struggle = updateAbility(3, { correct: false, helped: true, pace: 'slow', predicted: 0.75 });
    expect(struggle).toBeLessThan(updateAbility(3, { correct: false, helped: false, pace: 'slow', predicted: 0.75 }));
    expect(updateAbility(ABILITY.max, { ...base, pace: 'fast' })).toBe(ABILITY.max);
  });

  it('refines an item that learners find easier than authored downwards, by less as evidence grows', () => {
    const early = updateItemDifficulty(4, 0, { correct: true, predicted: 0.3 });
    const late = updateItemDifficulty(4, 200, { correct: true, predicted: 0.3 });
    expect(early).toBeLessThan(4);
    expect(late).toBeLessThan(4);
    expect(4 - late).toBeLessThan(4 - early);
  });

  it('reads pace against the expected time', () => {
    expect(paceOf(4_000, 30_000)).toBe('fast');
    expect(paceOf(20_000, 30_000)).toBe('normal');
    expect(paceOf(100_000, 30_000)).toBe('slow');
  });
});
