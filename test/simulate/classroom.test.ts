// The simulated classroom against the real tutor, with small hand-built and seeded populations.
import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../src/curriculum/load.ts';
import type { Pack } from '../../src/curriculum/pack.ts';
import { classroomJson, formatClassroom, runClassroom, runPolicy } from '../../src/simulate/index.ts';
import { CLASSROOM } from '../../src/simulate/params.ts';
import type { SimulatedLearner } from '../../src/simulate/population.ts';
import { BUNDLED } from '../helpers/session.ts';

const { curriculum } = loadCurriculum(BUNDLED);
const fractions = curriculum.packs.get('fractions') as Pack;

const evenStyles = { 'worked-example': 0.1, 'step-by-step': 0.1, analogy: 0.1, visual: 0.1, concise: 0.1 };

function learner(overrides: Partial<SimulatedLearner>): SimulatedLearner {
  return { id: 'learner', seed: 7, slip: 0.05, guess: 0.05, learnRate: 0.1, styles: evenStyles, frontier: 0, knownAtStart: [], ...overrides };
}

const run = async (who: SimulatedLearner, policy: 'adaptive' | 'fixed') =>
  (await runPolicy(fractions, curriculum, [who], policy, { maxTurns: 1500, params: CLASSROOM })).runs[0];

describe('simulated learners and the two policies', () => {
  it('a learner who already knows everything reaches mastery with far fewer answers under the adaptive policy', async () => {
    const expert = learner({ id: 'expert', frontier: 1, knownAtStart: [...fractions.order] });
    const adaptive = await run(expert, 'adaptive');
    const fixed = await run(expert, 'fixed');
    expect(adaptive?.finished).toBe(true);
    expect(fixed?.finished).toBe(true);
    expect(adaptive?.answers).toBeLessThan((fixed?.answers ?? 0) * 0.6);
    // Everything known: no declaration is false, and every answer went to something already known.
    expect(adaptive?.declarations.filter((d) => !d.known)).toEqual([]);
    expect(fixed?.answersOnKnown).toBe(fixed?.answers);
  });

  it('counts a concept declared mastered that the learner does not know as false mastery', async () => {
    // Right by luck on every free-response item and never learning: whatever the tutor declares is false.
    const lucky = learner({ id: 'lucky', guess: 1, learnRate: 0, styles: { ...evenStyles, 'worked-example': 0, 'step-by-step': 0, analogy: 0, visual: 0, concise: 0 } });
    const result = await runPolicy(fractions, curriculum, [lucky], 'fixed', { maxTurns: 1500, params: CLASSROOM });
    const declarations = result.runs[0]?.declarations ?? [];
    expect(declarations.length).toBeGreaterThan(0);
    expect(declarations.every((d) => !d.known)).toBe(true);
    expect(result.metrics.falseMastery).toBe(1);
    expect(result.metrics.overPractice).toBe(0);
  });

  it('the style regret of a learner with one responsive style falls as the bandit learns', async () => {
    const oneStyle = learner({ id: 'one-style', seed: 11, learnRate: 0.02, styles: { ...evenStyles, 'worked-example': 0.02, 'step-by-step': 0.02, analogy: 0.9, visual: 0.02, concise: 0.02 } });
    const explanations = (await run(oneStyle, 'adaptive'))?.explanations ?? [];
    expect(explanations.length).toBeGreaterThanOrEqual(8);
    const third = Math.floor(explanations.length / 3);
    const mean = (xs: typeof explanations) => xs.reduce((n, e) => n + e.regret, 0) / xs.length;
    const early = mean(explanations.slice(0, third));
    const late = mean(explanations.slice(-third));
    expect(early).toBeGreaterThan(0.3);
    expect(late).toBeLessThan(early / 2);
    // The fixed baseline keeps to its first authored style, so its regret does not fall.
    const fixed = (await run(oneStyle, 'fixed'))?.explanations ?? [];
    expect(fixed.every((e) => e.style === 'worked-example' && e.regret > 0.8)).toBe(true);
  });
});

describe('runClassroom', () => {
  it('runs both policies on the same seeded learners and reports the ratio against the goal', async () => {
    const report = await runClassroom({ curriculum, packs: ['fractions'], learners: 4, seed: 3 });
    const pack = report.packs[0];
    expect(pack?.policies.map((p) => p.policy.replace(/\d+$/, 'N'))).toEqual(['adaptive', 'fixed', 'worksheet-N']);
    for (const policy of pack?.policies ?? []) expect(policy.runs.map((r) => r.learnerId)).toEqual(['learner-1', 'learner-2', 'learner-3', 'learner-4']);
    // The worksheet is as short as keeps its own false mastery under the goal.
    const sheet = pack?.policies[2]?.metrics;
    expect(sheet?.falseMastery).toBeLessThan(0.05);
    expect(pack?.worksheet?.answersRatio).toBeCloseTo((pack?.policies[0]?.metrics.answersMean ?? 0) / (sheet?.answersMean ?? 1), 9);
    const [adaptive, fixed] = pack?.policies.map((p) => p.metrics) ?? [];
    expect(pack?.answersRatio).toBeCloseTo((adaptive?.answersMean ?? 0) / (fixed?.answersMean ?? 1), 9);
    const table = formatClassroom(report);
    expect(table).toMatch(/^fractions\s+adaptive\s+/m);
    expect(table).toMatch(/^fractions\s+fixed\s+/m);
    expect(table).toMatch(/adaptive\/fixed answers to mastery: \d\.\d\d \(goal <= 0\.60: (met|not met)\)/);
    expect(table).toMatch(/adaptive\/worksheet answers to mastery: \d\.\d\d .* the worksheet needs \d+ items per concept/);
    const json = JSON.parse(classroomJson(report)) as { packs: Array<{ pack: string; answersRatio: number; adaptive: { answersMean: number } }> };
    expect(json.packs[0]?.pack).toBe('fractions');
    expect(json.packs[0]?.adaptive.answersMean).toBe(adaptive?.answersMean);
  });

  it('is repeatable: the same seed gives the same figures', async () => {
    const a = await runClassroom({ curriculum, packs: ['sql-basics'], learners: 3, seed: 5, policies: ['adaptive'] });
    const b = await runClassroom({ curriculum, packs: ['sql-basics'], learners: 3, seed: 5, policies: ['adaptive'] });
    expect(classroomJson(a)).toBe(classroomJson(b));
    expect(a.goalMet).toBeNull();
  });
});
