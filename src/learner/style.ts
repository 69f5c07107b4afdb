// Which explanation style to use: what the learner asked for wins; otherwise what has worked for them, as a
// bandit over styles (UCB1 on the success rate of the attempt that follows an explanation). Measured
// effectiveness, not "learning styles" as fixed traits.
import { STYLES, type Style } from '../curriculum/schema.ts';
import type { StyleArm, StyleArms } from './types.ts';

export interface StyleChoice {
  style: Style;
  why: string;
}

const EXPLORATION = 0.6;

function score(arm: StyleArm | undefined, total: number): number {
  const trials = arm?.trials ?? 0;
  const mean = ((arm?.successes ?? 0) + 1) / (trials + 2);
  return mean + EXPLORATION * Math.sqrt(Math.log(total + 1) / (trials + 1));
}

function record(arm: StyleArm | undefined): string {
  return arm && arm.trials > 0 ? `worked ${arm.successes} of ${arm.trials} times for you` : 'not tried with you yet';
}

export function chooseStyle(input: {
  arms: StyleArms;
  available: readonly Style[];
  stated?: Style;
  /** Styles already used on this difficulty, which did not help. */
  avoid?: readonly Style[];
}): StyleChoice {
  const avoid = new Set(input.avoid ?? []);
  const usable = input.available.filter((s) => !avoid.has(s));
  const pool = usable.length > 0 ? usable : [...input.available];
  if (input.stated && pool.includes(input.stated)) {
    return { style: input.stated, why: `you asked for ${input.stated} explanations` };
  }
  const total = Object.values(input.arms).reduce((sum, arm) => sum + (arm?.trials ?? 0), 0);
  let best = pool[0] ?? STYLES[0];
  let bestScore = -Infinity;
  for (const style of pool) {
    const s = score(input.arms[style], total);
    if (s > bestScore + 1e-12) {
      best = style;
      bestScore = s;
    }
  }
  const switched = avoid.size > 0 ? `a different style from ${[...avoid].join(', ')}; ` : '';
  return { style: best, why: `${switched}${best} has ${record(input.arms[best])}` };
}

export function rewardStyle(arms: StyleArms, style: Style, success: boolean): StyleArms {
  const arm = arms[style] ?? { trials: 0, successes: 0 };
  return { ...arms, [style]: { trials: arm.trials + 1, successes: arm.successes + (success ? 1 : 0) } };
}

/** How each style has worked for the learner so far (the ones tried), in the order of STYLES. */
export function measuredStyles(arms: StyleArms): Array<{ style: Style; tried: number; worked: number }> {
  return STYLES.flatMap((style) => {
    const arm = arms[style];
    return arm && arm.trials > 0 ? [{ style, tried: arm.trials, worked: arm.successes }] : [];
  });
}
