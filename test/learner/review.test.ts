import { describe, expect, it } from 'vitest';
import { isDue, recordReview, reviewOutcome, startReview } from '../../src/learner/review.ts';

const DAY = 86_400_000;
const t0 = Date.UTC(2026, 0, 5);

describe('spaced review (FSRS)', () => {
  it('schedules a newly mastered concept for a later day, not now', () => {
    const card = startReview(t0);
    expect(isDue(card, t0)).toBe(false);
    expect(card.due).toBeGreaterThanOrEqual(t0 + DAY);
    expect(isDue(card, card.due)).toBe(true);
  });

  it('spaces a remembered concept further out, and brings a forgotten one back sooner', () => {
    const card = startReview(t0);
    const good = recordReview(card, card.due, 'good');
    const again = recordReview(card, card.due, 'again');
    expect(good.due - card.due).toBeGreaterThan(card.due - t0);
    expect(again.due).toBeLessThan(good.due);
  });

  it('rates a review from correctness, help and pace', () => {
    expect(reviewOutcome(false, false, 'fast')).toBe('again');
    expect(reviewOutcome(true, true, 'normal')).toBe('hard');
    expect(reviewOutcome(true, false, 'fast')).toBe('easy');
    expect(reviewOutcome(true, false, 'normal')).toBe('good');
  });
});
