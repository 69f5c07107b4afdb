import { describe, expect, it } from 'vitest';
import { chooseStyle, rewardStyle } from '../../src/learner/style.ts';
import { STYLES } from '../../src/curriculum/schema.ts';
import type { StyleArms } from '../../src/learner/types.ts';

describe('explanation style', () => {
  it('uses the style the learner asked for', () => {
    expect(chooseStyle({ arms: {}, available: STYLES, stated: 'visual' }).style).toBe('visual');
  });

  it('prefers the style that has worked for this learner', () => {
    let arms: StyleArms = {};
    for (const style of STYLES) arms = rewardStyle(arms, style, false);
    for (let i = 0; i < 6; i++) arms = rewardStyle(arms, 'analogy', true);
    const choice = chooseStyle({ arms, available: STYLES });
    expect(choice.style).toBe('analogy');
    expect(choice.why).toMatch(/worked 6 of 7 times/);
  });

  it('tries a different style from the ones that did not help, even the stated one', () => {
    const choice = chooseStyle({ arms: {}, available: STYLES, stated: 'visual', avoid: ['visual'] });
    expect(choice.style).not.toBe('visual');
    expect(choice.why).toMatch(/different style/);
  });

  it('explores a style it has not tried over one that failed', () => {
    let arms: StyleArms = {};
    arms = rewardStyle(arms, 'worked-example', false);
    arms = rewardStyle(arms, 'worked-example', false);
    expect(chooseStyle({ arms, available: ['worked-example', 'concise'] }).style).toBe('concise');
  });
});
