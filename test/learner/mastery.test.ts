import { describe, expect, it } from 'vitest';
import { DEFAULT_BKT, isMastered, predictCorrect, updateMastery } from '../../src/learner/mastery.ts';

const answer = (correct: boolean, extra: Partial<Parameters<typeof updateMastery>[1]> = {}) => ({ correct, hintsBefore: 0, timeRatio: 1, ...extra });

describe('knowledge tracing', () => {
  it('raises mastery after a correct answer and lowers it after a wrong one', () => {
    const p = 0.4;
    expect(updateMastery(p, answer(true))).toBeGreaterThan(p);
    expect(updateMastery(p, answer(false))).toBeLessThan(updateMastery(p, answer(true)));
  });

  it('does not credit an answer given after hints (as in the Cognitive Tutor)', () => {
    const p = 0.5;
    expect(updateMastery(p, answer(true, { hintsBefore: 1 }))).toBeCloseTo(updateMastery(p, answer(false)), 10);
  });

  it('counts a very slow correct answer as weaker evidence', () => {
    const p = 0.4;
    const quick = updateMastery(p, answer(true));
    const slow = updateMastery(p, answer(true, { timeRatio: 5 }));
    expect(slow).toBeGreaterThan(p);
    expect(slow).toBeLessThan(quick);
  });

  it('learns less from a right answer on an easy-to-guess item', () => {
    const p = 0.3;
    expect(updateMastery(p, answer(true, { guess: 0.5 }))).toBeLessThan(updateMastery(p, answer(true, { guess: 0.05 })));
  });

  it('reaches the 0.95 mastery threshold after a few unaided correct answers, not one', () => {
    let p = DEFAULT_BKT.pInit;
    const path: number[] = [];
    for (let i = 0; i < 6; i++) path.push((p = updateMastery(p, answer(true))));
    expect(path[0]).toBeLessThan(0.95);
    expect(path.findIndex((x) => x >= 0.95)).toBeGreaterThanOrEqual(1);
    expect(path.findIndex((x) => x >= 0.95)).toBeLessThanOrEqual(4);
  });

  it('requires evidence as well as probability for mastery', () => {
    expect(isMastered({ pKnown: 0.97, evidence: 2 }, { threshold: 0.95, minEvidence: 3 })).toBe(false);
    expect(isMastered({ pKnown: 0.97, evidence: 3, streak: 3 }, { threshold: 0.95, minEvidence: 3 })).toBe(true);
  });

  it('does not declare mastery while a recent answer was wrong, however high the estimate', () => {
    // Two wrong answers, then two right: a fast-learning estimate may pass the threshold, the streak has not.
    expect(isMastered({ pKnown: 0.97, evidence: 4, streak: 2 }, { threshold: 0.95, minEvidence: 3 })).toBe(false);
  });

  it('needs one right answer that could not be a lucky pick when the concept has such questions', () => {
    const state = { pKnown: 0.99, evidence: 5, streak: 5, freeCorrect: 0 };
    expect(isMastered(state, { threshold: 0.95, minEvidence: 3 }, true)).toBe(false);
    expect(isMastered(state, { threshold: 0.95, minEvidence: 3 }, false)).toBe(true);
    expect(isMastered({ ...state, freeCorrect: 1 }, { threshold: 0.95, minEvidence: 3 }, true)).toBe(true);
  });

  it('predicts correctness between guessing and 1 - slip', () => {
    expect(predictCorrect(0)).toBeCloseTo(DEFAULT_BKT.pGuess);
    expect(predictCorrect(1)).toBeCloseTo(1 - DEFAULT_BKT.pSlip);
  });
});
