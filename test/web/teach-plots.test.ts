// The staff pages' small plots: the mastery line draws the threshold of the learner's own pack, which packs set
// for themselves (mastery.threshold), not one fixed figure.
import { describe, expect, it } from 'vitest';
import { masteryLine } from '../../adapters/web/teach/plots.ts';

const thresholdY = (svg: string) => Number(/<line class="threshold"[^>]*y1="([\d.]+)"/.exec(svg)?.[1]);
const pointYs = (svg: string) => (/points="([^"]+)"/.exec(svg)?.[1] ?? '').split(' ').map((p) => Number(p.split(',')[1]));

describe('the mastery line', () => {
  it('draws the pack\'s own threshold, so an estimate above it sits above the line', () => {
    const trajectory = [
      { at: 1, p: 0.4 },
      { at: 2, p: 0.85 },
    ];
    const strict = String(masteryLine('Halves', trajectory, 0.95));
    const lenient = String(masteryLine('Halves', trajectory, 0.8));
    const last = pointYs(lenient).at(-1) ?? NaN;
    // SVG y grows downwards: above the line is a smaller y.
    expect(last).toBeLessThan(thresholdY(lenient));
    expect(last).toBeGreaterThan(thresholdY(strict));
  });
});
