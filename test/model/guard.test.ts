import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../src/curriculum/load.ts';
import { guardAuthored, guardText } from '../../src/model/guard.ts';
import { createOfflineModel } from '../../src/model/offline.ts';
import type { Move } from '../../src/dialogue/moves.ts';
import { MINI } from '../helpers/session.ts';

const { curriculum } = loadCurriculum(MINI);
const pack = curriculum.packs.get('mini')!;
const item = pack.items.get('add-2')!; // 1/2 + 1/4 = 3/4
const concept = pack.concepts.get('adding')!;
const hintMove = (text: string): Move => ({ kind: 'hint', item, level: 1, of: 3, text, why: 'test', guardItem: item });

describe('the answer guard', () => {
  it('replaces a reply that states the open item\'s answer in any form', () => {
    for (const leak of ['It is 3/4.', 'You get 6/8 in the end', 'That makes 0.75', 'three quarters!', '75% of a whole']) {
      const guarded = guardText(leak, hintMove(leak), 1);
      expect(guarded.leak, leak).toBeDefined();
      expect(guarded.text).toBe(item.hints[0]);
    }
  });

  it('lets through text that does not give the answer away', () => {
    const text = 'How many quarters make one half?';
    expect(guardText(text, hintMove(text), 1)).toEqual({ text });
  });

  it('allows the answer in a reveal move, where the policy permits it', () => {
    const move: Move = { kind: 'reveal', item, solution: item.solution, why: 'policy', guardItem: item, reveals: true };
    expect(guardText('The answer is 3/4', move, 3).leak).toBeUndefined();
  });

  it('protects nothing once no item is open', () => {
    const move: Move = { kind: 'correct', item, pace: 'normal', helped: false, why: 'x' };
    expect(guardText('Yes, 3/4 is right', move, 0).leak).toBeUndefined();
  });
});

describe('authored wording, checked once and remembered', () => {
  it('remembers a clean verdict for one item, never for another whose answer the same words give away', () => {
    const other = pack.items.get('half-1');
    expect(other).toBeDefined();
    const text = 'It is 3/4.';
    const otherMove: Move = { kind: 'hint', item: other!, level: 1, of: 3, text, why: 'test', guardItem: other! };
    // Clean for an item whose answer is not 3/4, and so remembered for it...
    expect(guardAuthored(text, otherMove, 1)).toEqual({ text });
    expect(guardAuthored(text, otherMove, 1)).toEqual({ text });
    // ...but the same words for the item they answer are still stopped, every time.
    for (let i = 0; i < 2; i++) {
      const guarded = guardAuthored(text, hintMove(text), 1);
      expect(guarded.leak).toBeDefined();
      expect(guarded.text).toBe(item.hints[0]);
    }
    // And for the first item while the second is posed later in the same turn.
    expect(guardAuthored(text, otherMove, 1, { later: [item] }).leak).toBeDefined();
  });
});

describe('the offline model', () => {
  it('varies its wording from turn to turn', async () => {
    const model = createOfflineModel();
    const said = new Set<string>();
    for (let variant = 0; variant < 4; variant++) {
      for await (const text of model.say({ kind: 'correct', item, pace: 'normal', helped: false, why: '' }, { variant, learnerText: '' })) said.add(text);
    }
    expect(said.size).toBeGreaterThan(2);
  });

  it('gives advice on writing a number with examples that are never the item\'s own answer', async () => {
    const model = createOfflineModel();
    let text = '';
    for await (const chunk of model.say({ kind: 'unreadable', item, note: 'not-a-number', why: '', guardItem: item }, { variant: 0, learnerText: 'dunno' })) text += chunk;
    expect(text).toMatch(/Try writing it like/);
    expect(guardText(text, { kind: 'unreadable', item, note: 'not-a-number', why: '', guardItem: item }, 0)).toEqual({ text });
  });

  it('speaks every explanation in the chosen style from the curriculum', async () => {
    const model = createOfflineModel();
    let text = '';
    for await (const chunk of model.say({ kind: 'explain', concept, style: 'visual', text: concept.explanations.visual ?? '', reason: 'asked', why: '' }, { variant: 0, learnerText: '' })) text += chunk;
    expect(text).toContain(concept.explanations.visual);
  });
});
