// The classroom's figures, checked by hand on small made-up runs.
import { describe, expect, it } from 'vitest';
import { median, styleRegret, summarize, type LearnerRun } from '../../src/simulate/metrics.ts';

const styles = { 'worked-example': 0.1, 'step-by-step': 0.3, analogy: 0.05, visual: 0.2, concise: 0.15 };

function run(overrides: Partial<LearnerRun>): LearnerRun {
  return { learnerId: 'x', answers: 0, answersOnKnown: 0, finished: true, turns: 0, declarations: [], explanations: [], ...overrides };
}

describe('classroom metrics', () => {
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
