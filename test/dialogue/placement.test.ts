// The placement check on the bundled fractions pack: it reads the prerequisite graph, and one right answer
// (which could be a lucky guess) never places a learner out of anything.
import { afterEach, describe, expect, it } from 'vitest';
import type { Item } from '../../src/curriculum/pack.ts';
import { wrongAnswer } from '../../src/simulate/answers.ts';
import { BUNDLED, correctAnswer, moves, startSession, type Session } from '../helpers/session.ts';

let session: Session;
afterEach(async () => {
  await session?.close();
});

const wrong = (item: Item) => wrongAnswer(item, () => 0, 0);

/** Answers the check as a learner who knows exactly `known`, until it is done; returns the concepts asked. */
async function answerCheck(knows: (item: Item, index: number) => boolean): Promise<string[]> {
  const asked: string[] = [];
  for (let i = 0; i < 12 && !moves(session.last).includes('placement-done'); i++) {
    const item = session.openItem();
    if (!item) break;
    asked.push(item.conceptId);
    await session.send(knows(item, i) ? correctAnswer(item) : wrong(item));
  }
  expect(moves(session.last)).toContain('placement-done');
  return asked;
}

describe('placement check', () => {
  it('asks a second question on a concept answered right, and a wrong second answer places nothing', async () => {
    session = await startSession({ curriculumDir: BUNDLED });
    await session.send('hi');
    await session.send('start fractions');
    const asked = await answerCheck((_item, i) => i === 0);
    expect(asked[1]).toBe(asked[0]);
    expect(session.last.mastered).toEqual([]);
    expect(session.last.open?.concept).toBe('what-a-fraction-is');
  });

  it('places out what a learner showed and what it builds on, not concepts that merely come earlier', async () => {
    session = await startSession({ curriculumDir: BUNDLED });
    await session.send('hi');
    await session.send('start fractions');
    // A knowledge state closed under prerequisites: adding fractions, but not fractions of a quantity.
    const known = new Set(['what-a-fraction-is', 'equivalent-fractions', 'simplifying-fractions', 'adding-like-denominators', 'adding-unlike-denominators']);
    const asked = await answerCheck((item) => known.has(item.conceptId));
    expect(asked).toContain('adding-unlike-denominators');
    expect(asked).not.toContain('fraction-of-a-quantity');
    expect(session.last.mastered).toContain('adding-unlike-denominators');
    expect(session.last.mastered.every((id) => known.has(id))).toBe(true);
    // Fractions of a quantity comes before adding unlike fractions in the teaching order, but is not a
    // prerequisite of it: the check did not show it, so it is still to learn.
    expect(session.last.mastered).not.toContain('fraction-of-a-quantity');
  });
});
