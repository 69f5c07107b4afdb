import { describe, expect, it } from 'vitest';
import { bktLogLikelihood, fitBkt } from '../../src/evaluate/bkt-fit.ts';
import { DEFAULT_BKT, type BktParams } from '../../src/learner/mastery.ts';
import { seeded } from '../../src/random.ts';

function simulate(params: BktParams, learners: number, answers: number, seed: number): boolean[][] {
  const random = seeded(seed);
  return Array.from({ length: learners }, () => {
    let known = random() < params.pInit;
    return Array.from({ length: answers }, () => {
      const correct = known ? random() >= params.pSlip : random() < params.pGuess;
      if (!known && random() < params.pTransit) known = true;
      return correct;
    });
  });
}

describe('fitting knowledge-tracing parameters', () => {
  const truth: BktParams = { pInit: 0.4, pTransit: 0.15, pSlip: 0.1, pGuess: 0.25 };
  const sequences = simulate(truth, 800, 12, 3);

  it('recovers the parameters that generated the answers', () => {
    const fitted = fitBkt(sequences);
    expect(fitted.pInit).toBeGreaterThan(0.3);
    expect(fitted.pInit).toBeLessThan(0.5);
    expect(Math.abs(fitted.pTransit - truth.pTransit)).toBeLessThan(0.06);
    expect(Math.abs(fitted.pSlip - truth.pSlip)).toBeLessThan(0.06);
    expect(Math.abs(fitted.pGuess - truth.pGuess)).toBeLessThan(0.06);
  });

  it('never does worse than where it started, and keeps slip and guess below one half', () => {
    const fitted = fitBkt(sequences);
    expect(bktLogLikelihood(sequences, fitted)).toBeGreaterThan(bktLogLikelihood(sequences, DEFAULT_BKT));
    const careless = simulate({ pInit: 0.5, pTransit: 0.1, pSlip: 0.45, pGuess: 0.45 }, 200, 8, 9);
    const odd = fitBkt(careless);
    expect(odd.pSlip).toBeLessThanOrEqual(0.5);
    expect(odd.pGuess).toBeLessThanOrEqual(0.5);
  });
});
