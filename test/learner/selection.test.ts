import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../src/curriculum/load.ts';
import { chooseItem, focusConcept, isUnlocked } from '../../src/learner/selection.ts';
import { EMPTY_HISTORY } from '../../src/learner/history.ts';
import { DEFAULT_PERFORMANCE, predictSuccess } from '../../src/learner/performance.ts';
import { MINI } from '../helpers/session.ts';

const { curriculum } = loadCurriculum(MINI);
const pack = curriculum.packs.get('mini')!;
const concept = (id: string) => pack.concepts.get(id)!;
/** The default model's prediction for a learner at `ability` who has not practised the concept yet. */
const at = (ability: number) => (i: { difficulty: number }) =>
  predictSuccess(DEFAULT_PERFORMANCE, 'adding', i.difficulty, { ability, pKnown: 0.2, concept: EMPTY_HISTORY, total: EMPTY_HISTORY });
const mastered = { packId: 'mini', pKnown: 0.97, evidence: 4, correct: 4, wrong: 0, hints: 0, masteredAt: 1 };

describe('what to practise next', () => {
  it('unlocks a concept only when its prerequisites are mastered', () => {
    expect(isUnlocked(pack, {}, concept('adding'))).toBe(false);
    expect(focusConcept(pack, {})?.id).toBe('halves');
    const states = { 'mini/halves': { ...mastered, conceptId: 'halves' } };
    expect(isUnlocked(pack, states, concept('adding'))).toBe(true);
    expect(focusConcept(pack, states)?.id).toBe('adding');
  });

  it('picks the item nearest the target success for the learner\'s level', () => {
    const base = { pack, concept: concept('adding'), states: {}, recent: [] };
    const weak = chooseItem({ ...base, predict: at(1) })!;
    const strong = chooseItem({ ...base, predict: at(4.5) })!;
    expect(strong.item.difficulty).toBeGreaterThan(weak.item.difficulty);
    expect(weak.why).toMatch(/predicted success is \d+%, the nearest to the 75% target/);
  });

  it('does not repeat recently seen items, and steps below a bound when asked', () => {
    const base = { pack, concept: concept('adding'), states: {}, predict: at(3) };
    const first = chooseItem({ ...base, recent: [] })!;
    const second = chooseItem({ ...base, recent: [first.item.id] })!;
    expect(second.item.id).not.toBe(first.item.id);
    const easier = chooseItem({ ...base, recent: [], below: 3 })!;
    expect(easier.item.difficulty).toBeLessThan(3);
  });
});
