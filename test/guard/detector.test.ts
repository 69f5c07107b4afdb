// The numeric leak rules as small cases written for this suite: how a reply puts the answer forward decides
// whether it gives it away, and what the learner already has (prompt, conversation) is context.
import { describe, expect, it } from 'vitest';
import { findLeak, type LeakContext } from '../../src/curriculum/leaks.ts';
import { answerSchema, type AnswerSpec } from '../../src/curriculum/schema.ts';

const numeric = (value: number): AnswerSpec => answerSchema.parse({ type: 'numeric', value });
const rollsLeft = numeric(47);
const prompt = 'A baker bakes 60 rolls and sells 13 before noon. How many rolls does the baker still have?';
// The learner has already guessed 47 (and 53): the guess is theirs, the reply may only point back at it.
const guessed: LeakContext = { prompt, history: [prompt, 'Maybe 47? Or 53?'] };
const leaks = (text: string, context: LeakContext = { prompt }) => findLeak(rollsLeft, text, context) !== undefined;

describe('a new number equal to the answer', () => {
  it.each(['That leaves 47 in total.', 'Then you get 47.', '60 - 13 = 47', 'There are forty-seven rolls on the shelf.', 'Perhaps 47?'])('leaks in %j', (text) => {
    expect(leaks(text)).toBe(true);
  });

  it('leaks even when it only feeds a calculation: the learner has not seen it, so any appearance tells them', () => {
    expect(leaks('Try doubling 47.')).toBe(true);
    expect(leaks('What is 47 + 13 - 13?')).toBe(true);
  });
});

describe('a number the learner said in the conversation', () => {
  it('leaks when the reply repeats the learner\'s guess as a question of its own: only pointing back at it is free', () => {
    expect(leaks('Is 47 how many rolls remain?', guessed)).toBe(true);
  });

  it.each([
    'Does the 47 you suggested match the story?',
    'Check your 47 once more.',
    'Selling 13 does not leave the baker with 47 automatically.',
    'If there were 47 rolls, how many were sold?',
    'When you worked out 60 - 13 = 47, what did the 13 mean?',
  ])('is context when the reply only refers to it: %j', (text) => {
    expect(leaks(text, guessed)).toBe(false);
  });

  it.each([
    'Therefore the baker still has 47 rolls.',
    'Which means 47 rolls are left.',
    'Removing 13 from 60 leaves 47.',
    'It comes to 47, not 53.',
    'The correct answer is 47.',
    "Isn't that 47 rolls?",
  ])('leaks when the reply states it as the result: %j', (text) => {
    expect(leaks(text, guessed)).toBe(true);
  });
});

describe('a number the prompt shows', () => {
  const five = numeric(5);
  const ribbons = {
    prompt: 'A red ribbon is 9 cm longer than a blue one, a yellow ribbon is 5 cm longer than the blue one and a green ribbon is 4 cm longer than the blue one. How much longer is the red ribbon than the green one?',
  };

  it('is free to quote or point at, but not to state as a result: the learner has it in front of them', () => {
    expect(findLeak(five, 'A yellow ribbon is 5 cm longer than the blue one.', ribbons)).toBeUndefined();
    expect(findLeak(five, 'Look at the 5 cm for the yellow ribbon.', ribbons)).toBeUndefined();
    expect(findLeak(five, 'So it is 5 cm.', ribbons)).toBeDefined();
  });

  it('leaks when a calculation comes out at it or the reply names it as the answer', () => {
    expect(findLeak(five, 'The red one is 9 - 4 = 5 cm longer.', ribbons)).toEqual({ form: '5' });
    expect(findLeak(five, 'The solution is 5.', ribbons)).toEqual({ form: '5' });
    expect(findLeak(five, 'The red one is 5 cm longer, not 13.', ribbons)).toEqual({ form: '5' });
  });
});

describe('equivalent forms', () => {
  it('reads a percentage as the number a "what percent" question asks for', () => {
    expect(findLeak(numeric(40), 'So 40% of the seats are taken.', { prompt: 'What percent of the seats are taken?' })).toEqual({ form: '40%' });
  });

  it('reads thousands separators and thousands in words', () => {
    const litres = numeric(3000);
    // The form is reported as written, so a log shows what the learner would have seen.
    expect(findLeak(litres, 'The tank holds 3,000 litres.', { prompt: 'How many litres?' })).toEqual({ form: '3,000' });
    expect(findLeak(litres, 'The tank holds three thousand litres.', { prompt: 'How many litres?' })).toEqual({ form: 'three thousand' });
    expect(findLeak(numeric(2_400_000), 'That is 2,400,000.', { prompt: 'How many grains?' })).toEqual({ form: '2,400,000' });
  });
});

describe('another number stated as the answer', () => {
  const answered: LeakContext = { prompt, history: [prompt, '53'], learnerAnswers: ['53'] };

  it('is stopped once the learner has answered: it ends their search just the same', () => {
    expect(findLeak(rollsLeft, 'The answer is 45.', answered)).toEqual({ form: '45 (stated as the answer)' });
    expect(findLeak(rollsLeft, 'You ought to get 45 here, not 53.', answered)).toEqual({ form: '45 (stated as the answer)' });
  });

  it('prefers the real answer when both appear', () => {
    expect(findLeak(rollsLeft, 'The answer is 45, or rather 60 - 13 = 47.', answered)).toEqual({ form: '47' });
  });

  it('is free in authored text and worked examples, where no answer is on the table', () => {
    expect(findLeak(rollsLeft, 'For 20 - 6 the answer is 14.', { prompt })).toBeUndefined();
  });

  it('is free when the number it replaces is not the learner\'s answer', () => {
    expect(findLeak(rollsLeft, 'Try 45, not 49.', answered)).toBeUndefined();
    expect(findLeak(rollsLeft, 'What is 60 - 13?', answered)).toBeUndefined();
  });
});

describe('the learner\'s number confirmed as correct', () => {
  const answered: LeakContext = { prompt, history: [prompt, '53'], learnerAnswers: ['53'] };

  it('leaks: the learner stops at a wrong answer', () => {
    expect(findLeak(rollsLeft, 'Great, the baker keeps 53 rolls and that is correct.', answered)).toEqual({ form: '53 (confirmed as correct)' });
    expect(findLeak(rollsLeft, 'Well done: 53 is correct.', answered)).toEqual({ form: '53 (confirmed as correct)' });
  });

  it.each(['Shall we check your 53 together before we decide?', 'Hmm, 53 is not right yet.', 'Yes, 60 take away 7 makes 53, though the 7 needs a second look.'])('does not leak: %j', (text) => {
    expect(findLeak(rollsLeft, text, answered)).toBeUndefined();
  });

  it('needs an answer from the learner', () => {
    expect(findLeak(rollsLeft, 'The baker has 53 rolls, which is right.', { prompt })).toBeUndefined();
  });
});
