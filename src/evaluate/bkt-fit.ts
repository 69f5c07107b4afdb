// Fits Bayesian Knowledge Tracing parameters per skill from answer sequences, by coordinate ascent over a grid
// on the log-likelihood ("brute force" fitting, Baker et al. 2010): robust, no local blow-ups, and bounded
// so that a slip or guess above 0.5 (a model in which knowing hurts) cannot be chosen.
import { DEFAULT_BKT, predictCorrect, updateMastery, type BktParams } from '../learner/mastery.ts';

const GRID: Record<keyof BktParams, number[]> = {
  pInit: [0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  pTransit: [0.01, 0.02, 0.04, 0.07, 0.1, 0.15, 0.2, 0.3, 0.4],
  pSlip: [0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3],
  pGuess: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4],
};

/** Fewer answers than this on a skill and its parameters stay at the defaults. */
export const MIN_RESPONSES_TO_FIT = 30;

export function bktLogLikelihood(sequences: readonly boolean[][], params: BktParams): number {
  let ll = 0;
  for (const seq of sequences) {
    let p = params.pInit;
    for (const correct of seq) {
      const predicted = Math.min(1 - 1e-6, Math.max(1e-6, predictCorrect(p, params)));
      ll += Math.log(correct ? predicted : 1 - predicted);
      p = updateMastery(p, { correct, hintsBefore: 0, timeRatio: 1 }, params);
    }
  }
  return ll;
}

export function fitBkt(sequences: readonly boolean[][], start: BktParams = DEFAULT_BKT, rounds = 3): BktParams {
  let best = { ...start };
  let bestLl = bktLogLikelihood(sequences, best);
  for (let round = 0; round < rounds; round++) {
    let moved = false;
    for (const name of Object.keys(GRID) as Array<keyof BktParams>) {
      for (const value of GRID[name]) {
        if (value === best[name]) continue;
        const trial = { ...best, [name]: value };
        const ll = bktLogLikelihood(sequences, trial);
        if (ll > bestLl + 1e-9) {
          best = trial;
          bestLl = ll;
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
  return best;
}

/** Groups a log into per-skill answer sequences, one per learner, in order. */
export function sequencesBySkill(responses: ReadonlyArray<{ user: string; skill: string; correct: boolean }>): Map<string, boolean[][]> {
  const bySkill = new Map<string, Map<string, boolean[]>>();
  for (const r of responses) {
    let users = bySkill.get(r.skill);
    if (!users) bySkill.set(r.skill, (users = new Map()));
    const seq = users.get(r.user);
    if (seq) seq.push(r.correct);
    else users.set(r.user, [r.correct]);
  }
  return new Map([...bySkill].map(([skill, users]) => [skill, [...users.values()]]));
}

export function fitBktPerSkill(responses: ReadonlyArray<{ user: string; skill: string; correct: boolean }>): Map<string, BktParams> {
  const fitted = new Map<string, BktParams>();
  for (const [skill, sequences] of sequencesBySkill(responses)) {
    const count = sequences.reduce((n, s) => n + s.length, 0);
    if (count >= MIN_RESPONSES_TO_FIT) fitted.set(skill, fitBkt(sequences));
  }
  return fitted;
}
