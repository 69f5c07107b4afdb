// The tutor understands the learner: a reply goes to the question it answers (the item, or the tutor's own
// guiding question), everyday phrasings are requests, forms are graded as the item asks, and the rules on
// reveals, credit, praise, mastery and level hold. Driven through the policy with a pack written for the test.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../src/curriculum/load.ts';
import type { Pack } from '../../src/curriculum/pack.ts';
import { decideTurn, progressRows, type PolicyContext } from '../../src/dialogue/policy.ts';
import { freshLearner, newOpenItem, type LearnerState } from '../../src/dialogue/state.ts';
import { newDraft, type Draft } from '../../src/dialogue/draft.ts';
import { explain, poseItem } from '../../src/dialogue/practice.ts';
import { conceptKey } from '../../src/learner/types.ts';
import { realizeOffline } from '../../src/model/offline.ts';

const { curriculum } = loadCurriculum(resolve(import.meta.dirname, '../fixtures/dialogue'));
const pack = curriculum.packs.get('kitchen') as Pack;
const T0 = Date.UTC(2026, 3, 1, 10);

function ctx(now: number): PolicyContext {
  return { curriculum, items: { difficulty: (_p, item) => item.difficulty, attempts: () => 0 }, now };
}

/** A learner in the middle of practice with `itemId` just posed. */
function posed(itemId: string, edit: (s: LearnerState) => void = () => {}): LearnerState {
  const item = pack.items.get(itemId);
  if (!item) throw new Error(`no item ${itemId}`);
  const state = freshLearner('learner-1', T0);
  state.conversation.greeted = true;
  state.conversation.packId = pack.id;
  state.packs[pack.id] = { ability: 2, placed: true, startedAt: T0 };
  const open = newOpenItem(pack.id, item, 'practice', T0);
  state.conversation.open = open;
  state.conversation.recent = [itemId];
  edit(state);
  return state;
}

/** Sends the messages in turn, 40 s apart; returns every turn's draft. */
function converse(state: LearnerState, ...messages: string[]): Draft[] {
  let now = T0;
  const drafts: Draft[] = [];
  let current = state;
  for (const text of messages) {
    now += 40_000;
    const d = decideTurn(ctx(now), current, { text, notes: [] });
    drafts.push(d);
    current = d.state;
  }
  return drafts;
}

const kinds = (d: Draft) => d.moves.map((m) => m.kind);
const said = (d: Draft) => d.moves.map((m) => realizeOffline(m, { variant: 0, learnerText: '' })).join('\n');

describe('a reply goes to the question it answers', () => {
  it('takes a right answer to the tutor\'s own calculation question as a step, not a wrong answer to the item', () => {
    const [hint, step] = converse(posed('flour'), 'can i have a hint', '2000');
    expect(kinds(hint!)).toEqual(['hint']);
    expect(step!.verdict).toEqual({ on: 'step', result: 'right' });
    expect(step!.attempts).toEqual([]);
    expect(step!.state.conversation.open?.wrong).toBe(0);
    expect(step!.state.conversation.open?.itemId).toBe('flour');
  });

  it('works out a guiding question about "that" from the step answered just before', () => {
    const drafts = converse(posed('flour'), 'hint', '2000', 'hint', '250');
    expect(drafts[3]!.verdict).toEqual({ on: 'step', result: 'right' });
    // A wrong reply to that step is not a wrong answer to the item, and the ladder goes on.
    const wrong = converse(posed('flour'), 'hint', '2000', 'hint', '270');
    expect(wrong[3]!.verdict).toEqual({ on: 'step', result: 'wrong' });
    expect(wrong[3]!.attempts).toEqual([]);
    expect(kinds(wrong[3]!)).toEqual(['step', 'hint']);
  });

  it('checks a guiding question against the answer the course gives for it', () => {
    const [, right] = converse(posed('stall-rent'), 'hint', 'two');
    expect(right!.verdict).toEqual({ on: 'step', result: 'right' });
  });

  it('takes a reply in the item\'s own form as an answer to the item when the guiding question has no checkable answer', () => {
    const [, reply] = converse(posed('butter'), 'hint', '3/5');
    expect(reply!.verdict).toEqual({ on: 'item', result: 'wrong', credited: false });
  });

  it('still credits the item\'s own answer given while a guiding question is open', () => {
    const [, answer] = converse(posed('flour'), 'hint', '2250');
    expect(answer!.verdict?.on).toBe('item');
    expect(answer!.verdict?.result).toBe('right');
  });

  it('answers "no" to a yes-or-no misconception question without "I could not read that"', () => {
    const [mistake, reply] = converse(posed('sugar'), '3', 'no');
    expect(kinds(mistake!)).toEqual(['misconception']);
    expect(reply!.verdict).toEqual({ on: 'step', result: 'noted' });
    expect(said(reply!)).not.toMatch(/could not read/i);
    expect(said(reply!)).toContain(pack.items.get('sugar')!.prompt);
  });

  it('reads an explanation of working as a reply, not an unreadable number', () => {
    const [, reply] = converse(posed('stall-rent'), 'hint', 'i did 750 add 750');
    expect(reply!.verdict?.result).not.toBe('wrong');
    expect(said(reply!)).not.toMatch(/could not read/i);
    expect(said(reply!)).toMatch(/working/i);
  });

  it('grades working by the result it states, and asks for the result when there is none', () => {
    const [stated] = converse(posed('stall-rent'), 'i did 750 times 2 so it is 1500');
    expect(stated!.verdict?.result).toBe('right');
    const [working] = converse(posed('stall-rent'), 'i did 750 times 2');
    expect(kinds(working!)).toEqual(['unreadable']);
    expect(said(working!)).toMatch(/what number does it give/i);
    expect(working!.attempts).toEqual([]);
  });

  it('never swallows an answer: a new question closes an open "why does that work?"', () => {
    const state = posed('sugar', (s) => {
      s.conversation.askedWhy = { packId: pack.id, itemId: 'flour' };
      s.conversation.open = undefined;
    });
    const [harder, answer] = converse(state, 'this is too easy', '12345');
    expect(kinds(harder!)).toContain('pose');
    const newItem = harder!.state.conversation.open?.itemId;
    expect(newItem).toBeDefined();
    expect(answer!.verdict?.on).toBe('item');
    expect(answer!.attempts.map((a) => a.itemId)).toEqual([newItem]);
  });
});

describe('everyday phrasing', () => {
  it.each(['can i have a hint', 'I need help please', 'no idea'])('"%s" gets a hint', (text) => {
    const [d] = converse(posed('sugar'), text);
    expect(kinds(d!)).toEqual(['hint']);
  });

  it.each(["what's the answer?", 'just tell me', 'I give up'])('"%s" gets a hint, not the answer, before the policy allows it', (text) => {
    const [d] = converse(posed('sugar'), text);
    expect(kinds(d!)).toEqual(['hint']);
    expect(d!.attempts).toEqual([]);
    expect(said(d!)).not.toMatch(/3000/);
  });

  it('shows the worked solution only once the policy allows it', () => {
    const state = posed('sugar', (s) => {
      if (s.conversation.open) Object.assign(s.conversation.open, { wrong: 2, attempts: 2, hintsUsed: 3, counted: true });
    });
    const [request, third] = converse(state, 'just tell me', '9');
    // Two wrong answers of three and no hints left: an explanation, not the answer.
    expect(kinds(request!)).toEqual(['explain']);
    expect(kinds(third!)).toContain('reveal');
  });
});

describe('forms, as the item asks', () => {
  it('does not accept an unsimplified fraction when the prompt asks to simplify', () => {
    const [d] = converse(posed('butter'), '6/15');
    expect(d!.verdict?.result).toBe('partial');
    expect(kinds(d!)).toEqual(['partial']);
  });

  it('accepts money written with a currency sign and thousands separator', () => {
    for (const text of ['£1500', '£1,500', '1500 pounds']) {
      const [d] = converse(posed('stall-rent'), text);
      expect(d!.verdict?.result, text).toBe('right');
    }
  });

  it('accepts a percentage with or without the sign', () => {
    for (const text of ['25', '25%', '25 percent']) {
      const [d] = converse(posed('discount'), text);
      expect(d!.verdict?.result, text).toBe('right');
    }
  });
});

describe('reveal, credit and praise', () => {
  it('does not show the solution after one wrong answer and all hints when the policy says three', () => {
    const drafts = converse(posed('sugar'), '7', 'hint', 'hint', 'hint', 'hint', 'hint');
    for (const d of drafts) expect(kinds(d)).not.toContain('reveal');
  });

  it('gives no credit for an answer to a question whose solution was shown', () => {
    const state = posed('sugar', (s) => {
      s.conversation.solutionsShown = [{ itemId: 'sugar', at: T0 - 60_000 }];
    });
    const [d] = converse(state, '3000');
    expect(d!.verdict).toEqual({ on: 'item', result: 'right', credited: false });
    expect(d!.attempts[0]?.counted).toBe(false);
    expect(d!.state.concepts[conceptKey(pack.id, 'weighing')]).toBeUndefined();
  });

  it('credits a question whose solution was shown long ago and several questions back: that is recall, not copying', () => {
    const state = posed('sugar', (s) => {
      s.conversation.solutionsShown = [{ itemId: 'sugar', at: T0 - 3_600_000, posedBefore: 2 }];
      s.conversation.posed = 9;
    });
    const [d] = converse(state, '3000');
    expect(d!.verdict).toEqual({ on: 'item', result: 'right', credited: true });
  });

  it('gives no credit for the answer of a solution just shown, typed into another question with that answer', () => {
    const state = posed('stall-rent', (s) => {
      s.conversation.solutionsShown = [{ itemId: 'sugar', at: T0 }];
    });
    const [d] = converse(state, '3000');
    expect(d!.verdict?.credited).toBeFalsy();
  });

  it('does not praise a reason that states the known mistake', () => {
    const state = posed('sugar', (s) => {
      s.conversation.open = undefined;
      s.conversation.askedWhy = { packId: pack.id, itemId: 'sugar' };
    });
    const [d] = converse(state, 'because a kilogram is a hundred grams I think');
    const feedback = d!.moves.find((m) => m.kind === 'why-feedback');
    expect(feedback && feedback.kind === 'why-feedback' ? feedback.assessment : undefined).not.toBe('sound');
    expect(d!.verdict?.result).not.toBe('right');
  });

  it('praises a reason that carries the course\'s reason', () => {
    const state = posed('sugar', (s) => {
      s.conversation.open = undefined;
      s.conversation.askedWhy = { packId: pack.id, itemId: 'sugar' };
    });
    const [d] = converse(state, 'every kilogram is a thousand grams so three kilograms make three thousand');
    expect(d!.verdict).toEqual({ on: 'why', result: 'right' });
  });
});

describe('mastery and level', () => {
  it('does not declare mastery two answers after the same mistake twice', () => {
    const state = posed('sugar', (s) => {
      s.concepts[conceptKey(pack.id, 'weighing')] = { packId: pack.id, conceptId: 'weighing', pKnown: 0.9, evidence: 5, correct: 3, wrong: 2, hints: 0, streak: 1, freeCorrect: 2 };
    });
    const [d] = converse(state, '3000');
    expect(d!.verdict?.credited).toBe(true);
    expect(kinds(d!)).not.toContain('mastered');
  });

  it('never raises the level of a learner who keeps saying they do not know', () => {
    let state = posed('flour');
    for (let i = 0; i < 12; i++) {
      const [d] = converse(state, i % 2 ? "I don't know" : 'no idea');
      const before = state.packs[pack.id]?.ability ?? 0;
      state = d!.state;
      expect(state.packs[pack.id]?.ability ?? 0).toBeLessThanOrEqual(before);
    }
  });

  it('asked for harder in the middle of a question, finishes that one first and says so', () => {
    const [, harder] = converse(posed('sugar'), '7', 'this is too easy');
    const change = harder!.moves.find((m) => m.kind === 'level-changed');
    expect(change && change.kind === 'level-changed' ? change.appliesTo : undefined).toBe('next');
    expect(kinds(harder!)).toEqual(['level-changed', 'pose']);
    expect(said(harder!)).toMatch(/finish this one first/);
    expect(harder!.state.conversation.open?.itemId).toBe('sugar');
  });

  it('explains a repeated known mistake as that mistake, not as "no known mistake"', () => {
    const drafts = converse(posed('sugar'), '3', '3');
    expect(drafts[1]!.moves[0]?.why).toMatch(/same mistake again/);
  });

  it('gives a misconception\'s remediation when it shows again', () => {
    const drafts = converse(posed('flour'), '200', '200');
    expect(kinds(drafts[0]!)).toEqual(['misconception']);
    expect(kinds(drafts[1]!)).toEqual(['remediation']);
    expect(said(drafts[1]!)).toMatch(/kilo always means a thousand/);
  });
});

describe('progress a child reads at a glance', () => {
  it('shows untouched concepts as not started, not as a prior percentage', () => {
    const state = posed('sugar');
    const rows = progressRows(pack, state, T0);
    const text = realizeOffline({ kind: 'progress', packTitle: pack.spec.title, rows, ability: 2.5, why: '' }, { variant: 0, learnerText: '' });
    expect(text).toMatch(/Weighing ingredients: not started/);
    expect(text).not.toMatch(/\d+%/);
    expect(text).not.toMatch(/2\.5/);
    expect(text.split('\n').length).toBeLessThanOrEqual(pack.order.length + 3);
  });
});

describe('authored text that would give an answer away is left out, not sent', () => {
  const leaky = structuredClone(pack.concepts.get('paying')!);
  leaky.summary = 'Two days at £750 each cost £1500 altogether.';
  leaky.items = leaky.items.map((i) => (i.id === 'stall-rent' ? { ...i, explanations: { ...i.explanations, concise: 'Two days at £750 cost £1500.' } } : i));
  const item = leaky.items.find((i) => i.id === 'stall-rent')!;

  it('poses a new concept without the summary that states the first question\'s answer', () => {
    const d = newDraft(ctx(T0), posed('sugar'));
    poseItem(d, pack, leaky, { item, predicted: 0.7, why: '' }, 'practice', 'test', 'new-concept');
    const text = said(d);
    expect(text).toContain(item.prompt);
    expect(text).not.toContain('1500');
  });

  it('explains in a style whose text does not state the open item\'s answer', () => {
    for (let i = 0; i < 4; i++) {
      // The learner even asked for the concise style, whose text here states the answer.
      const d = newDraft(ctx(T0), posed('stall-rent', (s) => {
        s.profile.style = 'concise';
      }));
      explain(d, leaky, item, i % 2 ? 'asked' : 'differently');
      expect(said(d)).not.toContain('1500');
    }
  });
});
