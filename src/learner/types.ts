// What Ponder believes about a learner, as plain data. Every function over it is pure, with time passed in.
import type { Style } from '../curriculum/schema.ts';
import type { AnswerHistory } from './history.ts';
import type { ReviewCard } from './review.ts';

export interface ConceptState {
  packId: string;
  conceptId: string;
  /** Probability that the learner knows the concept (knowledge tracing). */
  pKnown: number;
  /** Unaided first attempts that fed the estimate. */
  evidence: number;
  correct: number;
  wrong: number;
  hints: number;
  /** Recency-weighted success rate of first attempts (learner/history.ts); undefined before the first. */
  recent?: number;
  /** Unaided correct first attempts in a row. */
  streak?: number;
  /** Unaided correct first attempts on items that cannot be guessed (not multiple choice). */
  freeCorrect?: number;
  lastPracticed?: number;
  masteredAt?: number;
  /** Spaced-review schedule, once mastered. */
  review?: ReviewCard;
}

export interface StyleArm {
  trials: number;
  successes: number;
}

export type StyleArms = Partial<Record<Style, StyleArm>>;

export interface PackState {
  /** The learner's working difficulty level in this pack, on the items' 1-5 scale. */
  ability: number;
  placed: boolean;
  startedAt: number;
  /** Every first attempt in the pack, summarised (counts, recency); absent before the first. */
  history?: AnswerHistory;
  /** A concept a teacher moved the learner on to: taught before the next in order, until mastered. */
  assigned?: string;
}

/** What the learner told us about themselves; they can change all of it with `me`. */
export interface StatedProfile {
  name?: string;
  level?: string;
  style?: Style;
  goals?: string;
}

export function conceptKey(packId: string, conceptId: string): string {
  return `${packId}/${conceptId}`;
}
