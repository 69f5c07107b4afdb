// Difficulty on one scale for learners and items (the authored 1-5), Elo-style (as in Pelánek's adaptive
// practice systems): a learner's working level and each item's difficulty move after every first attempt,
// by how surprising the outcome was.

export const ABILITY = {
  start: 2,
  min: 0.5,
  max: 5.5,
  /** Logistic slope per difficulty level. */
  slope: 1.3,
  /** An item as hard as the learner's level is answered right this often: sigmoid(1.1) = 0.75. */
  offset: 1.1,
  /** How far mastery of the concept shifts the level, between not known and known. */
  masteryWeight: 1.5,
  step: 0.4,
  fastStep: 0.35,
  struggleStep: 0.35,
  nudge: 0.75,
} as const;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const clampAbility = (x: number) => Math.min(ABILITY.max, Math.max(ABILITY.min, x));

/** The rating's own expectation, ability against difficulty alone: what the Elo updates compare against. */
export function levelSuccess(ability: number, difficulty: number): number {
  return sigmoid(ABILITY.offset + ABILITY.slope * (ability - difficulty));
}

export type Pace = 'fast' | 'normal' | 'slow';

export interface AbilityOutcome {
  correct: boolean;
  helped: boolean;
  pace: Pace;
  predicted: number;
}

/** Moves the learner up after fast, unaided success and down after struggle. */
export function updateAbility(ability: number, outcome: AbilityOutcome): number {
  const y = outcome.correct && !outcome.helped ? 1 : 0;
  let next = ability + ABILITY.step * (y - outcome.predicted);
  if (y === 1 && outcome.pace === 'fast') next += ABILITY.fastStep;
  if (y === 0 && outcome.helped) next -= ABILITY.struggleStep / 2;
  return clampAbility(next);
}

export function nudgeAbility(ability: number, direction: 'up' | 'down'): number {
  return clampAbility(ability + (direction === 'up' ? ABILITY.nudge : -ABILITY.nudge));
}

export function stepDownAfterStruggle(ability: number): number {
  return clampAbility(ability - ABILITY.struggleStep);
}

/** Item difficulty learned from every learner's first attempts, starting from the authored level. */
export function updateItemDifficulty(difficulty: number, attempts: number, outcome: { correct: boolean; predicted: number }): number {
  const k = 0.6 / (1 + attempts / 20);
  const y = outcome.correct ? 1 : 0;
  return Math.min(6, Math.max(0, difficulty - (k * (y - outcome.predicted)) / ABILITY.slope));
}

/** How quick an answer was for this item: fast under half the expected time, slow over three times it. */
export function paceOf(responseMs: number, expectedMs: number): Pace {
  if (responseMs < expectedMs / 2) return 'fast';
  if (responseMs > expectedMs * 3) return 'slow';
  return 'normal';
}

export function expectedMs(item: { difficulty: number; expectedSeconds?: number }): number {
  return (item.expectedSeconds ?? 10 + item.difficulty * 12) * 1000;
}
