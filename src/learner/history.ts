// A running summary of a learner's answers, kept per concept and per pack: the counts that performance-factor
// models use and a recency-weighted success rate. It is O(1) to update and never needs the answers again.

export interface AnswerHistory {
  correct: number;
  wrong: number;
  /** Exponentially weighted success rate, recent answers counting most; undefined before the first answer. */
  recent?: number;
  /** Correct answers in a row, ending with the latest. */
  streak: number;
}

/** How much of the previous recency-weighted rate survives each new answer. */
export const RECENT_DECAY = 0.6;

export const EMPTY_HISTORY: AnswerHistory = Object.freeze({ correct: 0, wrong: 0, streak: 0 });

export function recordAnswer(history: AnswerHistory, correct: boolean): AnswerHistory {
  const y = correct ? 1 : 0;
  return {
    correct: history.correct + y,
    wrong: history.wrong + (1 - y),
    recent: history.recent === undefined ? y : RECENT_DECAY * history.recent + (1 - RECENT_DECAY) * y,
    streak: correct ? history.streak + 1 : 0,
  };
}

export function answered(history: AnswerHistory): number {
  return history.correct + history.wrong;
}
