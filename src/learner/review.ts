// Spaced review of mastered concepts with FSRS (ts-fsrs). Cards are stored as plain JSON with epoch times.
import { createEmptyCard, fsrs, Rating, type Card, type Grade } from 'ts-fsrs';

export interface ReviewCard {
  due: number;
  stability: number;
  difficulty: number;
  elapsed_days: number;
  scheduled_days: number;
  learning_steps: number;
  reps: number;
  lapses: number;
  state: number;
  last_review?: number;
}

// Day-scale intervals only: a chat tutor brings a concept back on a later day, not in ten minutes.
const scheduler = fsrs({ enable_short_term: false, enable_fuzz: false });

function toCard(card: ReviewCard): Card {
  return {
    ...card,
    due: new Date(card.due),
    ...(card.last_review !== undefined ? { last_review: new Date(card.last_review) } : {}),
  } as Card;
}

function fromCard(card: Card): ReviewCard {
  return {
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsed_days,
    scheduled_days: card.scheduled_days,
    learning_steps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    ...(card.last_review ? { last_review: card.last_review.getTime() } : {}),
  };
}

export type ReviewOutcome = 'again' | 'hard' | 'good' | 'easy';

const RATING: Record<ReviewOutcome, Grade> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
};

/** The first schedule, when a concept is mastered: mastering it counts as a good first review. */
export function startReview(now: number): ReviewCard {
  return recordReview(fromCard(createEmptyCard(new Date(now))), now, 'good');
}

export function recordReview(card: ReviewCard, now: number, outcome: ReviewOutcome): ReviewCard {
  return fromCard(scheduler.next(toCard(card), new Date(now), RATING[outcome]).card);
}

export function isDue(card: ReviewCard | undefined, now: number): boolean {
  return card !== undefined && card.due <= now;
}

export function reviewOutcome(correct: boolean, helped: boolean, pace: 'fast' | 'normal' | 'slow'): ReviewOutcome {
  if (!correct) return 'again';
  if (helped || pace === 'slow') return 'hard';
  return pace === 'fast' ? 'easy' : 'good';
}
