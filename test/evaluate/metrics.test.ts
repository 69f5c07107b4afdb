import { describe, expect, it } from 'vitest';
import { auc, score } from '../../src/evaluate/metrics.ts';

describe('scores of predictions', () => {
  it('AUC is 1 when every right answer was predicted above every wrong one, 0 when reversed', () => {
    expect(auc([0.9, 0.8, 0.3, 0.1], [true, true, false, false])).toBe(1);
    expect(auc([0.1, 0.3, 0.8, 0.9], [true, true, false, false])).toBe(0);
  });

  it('AUC counts tied predictions as half right', () => {
    expect(auc([0.5, 0.5, 0.5, 0.5], [true, false, true, false])).toBe(0.5);
    // One right answer above one wrong, one tie: (1 + 0.5) / 2.
    expect(auc([0.9, 0.5, 0.5], [true, true, false])).toBeCloseTo(0.75, 10);
  });

  it('AUC is undefined when every answer is right', () => {
    expect(auc([0.2, 0.7], [true, true])).toBeNaN();
  });

  it('RMSE, accuracy and log loss follow their definitions', () => {
    const s = score([0.8, 0.4, 0.6], [true, false, false]);
    expect(s.responses).toBe(3);
    expect(s.rmse).toBeCloseTo(Math.sqrt((0.04 + 0.16 + 0.36) / 3), 10);
    expect(s.accuracy).toBeCloseTo(2 / 3, 10);
    expect(s.logLoss).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6) + Math.log(0.4)) / 3, 10);
  });
});
