// The classroom's figures, checked by hand on small made-up runs.
import { describe, expect, it } from 'vitest';
import { median, styleRegret, summarize, worksheetLengthFor, type LearnerRun } from '../../src/simulate/metrics.ts';

const styles = { 'worked-example': 0.1, 'step-by-step': 0.3, analogy: 0.05, visual: 0.2, concise: 0.15 };

function run(overrides: Partial<LearnerRun>): LearnerRun {
  return { learnerId: 'x', answers: 0, answersOnKnown: 0, finished: true, turns: 0, declarations: [], explanations: [], learnedAtItem: {}, ...overrides };
}

describe('classroom metrics', () => {
  it('finds the shortest worksheet that leaves fewer than the goal\'s share of concepts unknown', () => {
    // Ten learners, two concepts: a known from the start; b learned at item 2, 4, ... 18, or (one) never.
    const runs = Array.from({ length: 10 }, (_, i) => run({ learnedAtItem: i === 9 ? { a: 0 } : { a: 0, b: 2 * (i + 1) } }));
    // 20 pairs: after n items, unknown = learners with b beyond n (and the one who never learns it).
    // Under 10% of 20 pairs means at most 1 unknown: only the one who never learns b, so everyone else by 18.
    expect(worksheetLengthFor(runs, ['a', 'b'], 0.1, 40)).toBe(18);
    expect(worksheetLengthFor(runs, ['a', 'b'], 0.5, 40)).toBe(2 * 1);
    expect(worksheetLengthFor(runs, ['a', 'b'], 0.01, 12)).toBe(12);
  });

  it('counts a declaration made while the concept was not known as false mastery', () => {
    const metrics = summarize([
      run({ declarations: [{ conceptId: 'a', known: true, placement: true }, { conceptId: 'b', known: false, placement: true }] }),
      run({ declarations: [{ conceptId: 'a', known: true, placement: false }, { conceptId: 'b', known: true, placement: false }] }),
    ]);
    expect(metrics.declarations).toBe(4);
    expect(metrics.falseMastery).toBe(0.25);
    expect(metrics.placementShare).toBe(0.5);
    expect(metrics.placementFalse).toBe(0.5);
  });

  it('takes over-practice over all answers, and answers to mastery over all learners with the finished share', () => {
    const metrics = summarize([
      run({ answers: 10, answersOnKnown: 5 }),
      run({ answers: 30, answersOnKnown: 0, finished: false }),
      run({ answers: 20, answersOnKnown: 15 }),
    ]);
    expect(metrics.overPractice).toBeCloseTo(20 / 60, 12);
    expect(metrics.answersMean).toBe(20);
    expect(metrics.answersMedian).toBe(20);
    expect(metrics.finished).toBeCloseTo(2 / 3, 12);
  });

  it('measures style regret against the best style the explanation could have used', () => {
    expect(styleRegret(styles, ['worked-example', 'step-by-step', 'visual'], 'worked-example')).toBeCloseTo(0.2, 12);
    expect(styleRegret(styles, ['worked-example', 'visual'], 'visual')).toBe(0);
    const metrics = summarize([
      run({ explanations: [{ conceptId: 'a', style: 'analogy', regret: 0.25 }, { conceptId: 'a', style: 'step-by-step', regret: 0 }] }),
      run({}),
    ]);
    expect(metrics.explanations).toBe(2);
    expect(metrics.styleRegret).toBeCloseTo(0.125, 12);
    expect(summarize([run({})]).styleRegret).toBeNull();
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
