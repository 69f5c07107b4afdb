// Bayesian Knowledge Tracing (Corbett & Anderson 1995), the Cognitive Tutor's model, with two additions:
// help and speed. Only a learner's first attempt at an item is evidence, and asking for a hint before it counts
// as not knowing (as in the Cognitive Tutor). A correct answer that took far longer than expected is weaker
// evidence: the update moves only half way. Parameters are documented in docs/learner-model.md.

export interface BktParams {
  /** P(L0): knows the concept before any practice. */
  pInit: number;
  /** P(T): learns it at one practice opportunity. */
  pTransit: number;
  /** P(S): answers wrong while knowing it. */
  pSlip: number;
  /** P(G): answers right while not knowing it (choice items use 1 / number of options). */
  pGuess: number;
}

export const DEFAULT_BKT: BktParams = { pInit: 0.2, pTransit: 0.12, pSlip: 0.1, pGuess: 0.15 };

export interface Observation {
  correct: boolean;
  hintsBefore: number;
  /** How long the answer took against how long the item should take; 1 is as expected. */
  timeRatio: number;
  /** The item's own chance of a lucky guess, when it has one. */
  guess?: number;
}

export const SLOW_RATIO = 3;

export function predictCorrect(pKnown: number, params: BktParams = DEFAULT_BKT, guess = params.pGuess): number {
  return pKnown * (1 - params.pSlip) + (1 - pKnown) * guess;
}

/** The mastery estimate after one observed first attempt. */
export function updateMastery(pKnown: number, obs: Observation, params: BktParams = DEFAULT_BKT): number {
  const guess = obs.guess ?? params.pGuess;
  const correct = obs.correct && obs.hintsBefore === 0;
  const likelihoodKnown = correct ? 1 - params.pSlip : params.pSlip;
  const likelihoodUnknown = correct ? guess : 1 - guess;
  let posterior = (pKnown * likelihoodKnown) / (pKnown * likelihoodKnown + (1 - pKnown) * likelihoodUnknown);
  if (correct && obs.timeRatio > SLOW_RATIO) posterior = pKnown + (posterior - pKnown) / 2;
  const learned = posterior + (1 - posterior) * params.pTransit;
  return Math.min(0.999, Math.max(0.001, learned));
}

export interface MasteryRule {
  threshold: number;
  minEvidence: number;
}

export interface MasteryEvidence {
  pKnown: number;
  evidence: number;
  streak?: number;
  freeCorrect?: number;
}

/**
 * Mastered: the estimate is over the threshold, on enough first attempts, the latest `minEvidence` of them
 * right without help (so a mistake shown two answers ago is not forgotten by a fast-learning estimate), and,
 * where the concept has questions that cannot be guessed, at least one of those answered right.
 */
export function isMastered(state: MasteryEvidence, rule: MasteryRule, needsFreeAnswer = false): boolean {
  return (
    state.pKnown >= rule.threshold &&
    state.evidence >= rule.minEvidence &&
    (state.streak ?? 0) >= rule.minEvidence &&
    (!needsFreeAnswer || (state.freeCorrect ?? 0) >= 1)
  );
}

/** What still stands between a learner and mastery, in words, from the same values the rule uses. */
export function masteryGap(state: MasteryEvidence, rule: MasteryRule, needsFreeAnswer = false): string[] {
  const gaps: string[] = [];
  if (state.pKnown < rule.threshold) gaps.push(`mastery estimate ${Math.round(state.pKnown * 100)}% (needs ${Math.round(rule.threshold * 100)}%)`);
  if ((state.streak ?? 0) < rule.minEvidence) gaps.push(`${state.streak ?? 0} right in a row without help (needs ${rule.minEvidence})`);
  if (needsFreeAnswer && (state.freeCorrect ?? 0) < 1) gaps.push('no right answer yet on a question that is not multiple choice');
  return gaps;
}
