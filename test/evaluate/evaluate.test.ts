import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ablate, evaluate } from '../../src/evaluate/evaluate.ts';
import { parseLog, readLog } from '../../src/evaluate/logs.ts';
import { generateLog } from '../helpers/response-log.ts';

const skills = ['fractions', 'decimals', 'percent', 'ratios'];
const train = parseLog(generateLog({ learners: 300, skills, answersPerSkill: 8, seed: 1, harder: { 'percent-item-0': 2.5 } }), 'train.tsv');
const test = parseLog(generateLog({ learners: 100, skills, answersPerSkill: 8, seed: 2, firstLearner: 1000, harder: { 'percent-item-0': 2.5 } }), 'test.tsv');

describe('evaluating the learner model on a response log', () => {
  it('predicts held-out learners well above chance, from their earlier answers only', () => {
    const result = evaluate(train, test);
    expect(result.scores.responses).toBe(test.length);
    expect(result.scores.auc).toBeGreaterThan(0.74);
    expect(result.scores.rmse).toBeLessThan(0.47);
    expect(result.train).toMatchObject({ responses: train.length, learners: 300, skills: 4, items: 12 });
  });

  it('learns that an item is hard from the training learners', () => {
    const { fitted } = evaluate(train, test);
    const hard = fitted.items.get('percent-item-0')!.difficulty;
    const others = [...fitted.items].filter(([id]) => id !== 'percent-item-0').map(([, fit]) => fit.difficulty);
    const mean = others.reduce((a, b) => a + b, 0) / others.length;
    expect(hard).toBeGreaterThan(Math.max(...others));
    expect(hard).toBeGreaterThan(mean + 0.6);
  });

  it('shows what each part buys: learners differ and learn here, so the static model is clearly worse', () => {
    const rows = ablate(train, test);
    const full = rows[0]!.scores.auc;
    const label = (l: string) => rows.find((r) => r.label.startsWith(l))!.scores.auc;
    expect(rows.map((r) => r.label)).toEqual([
      'full model',
      'without item',
      'without concept',
      'without ability',
      'without mastery',
      'without counts',
      'without recency',
      'item + concept only (static, IRT-like)',
    ]);
    expect(label('item + concept only')).toBeLessThan(full - 0.05);
    expect(label('without item')).toBeLessThan(full - 0.02);
  });

  const data = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'kt-assist09');
  const present = existsSync(join(data, 'train.tsv'));
  it.skipIf(!present)('reaches the published best (0.77 AUC) on ASSISTments 2009, the split of Gervet et al. 2020', () => {
    const result = evaluate(readLog(join(data, 'train.tsv')), readLog(join(data, 'test.tsv')));
    expect(result.scores.responses).toBe(58266);
    expect(result.scores.auc).toBeGreaterThanOrEqual(0.77);
  });
  if (!present) console.warn(`ASSISTments 2009 not at ${data}: the real-data evaluation is skipped; generated logs are used instead.`);
});
