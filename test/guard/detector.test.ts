// The numeric leak rules measured on MRBench, as small cases: how a reply puts the answer forward decides
// whether it gives it away, and what the learner already has (prompt, conversation) is context.
import { describe, expect, it } from 'vitest';
import { findLeak, type LeakContext } from '../../src/curriculum/leaks.ts';
import { answerSchema, type AnswerSpec } from '../../src/curriculum/schema.ts';

const numeric = (value: number): AnswerSpec => answerSchema.parse({ type: 'numeric', value });
const fortyTwo = numeric(42);
const prompt = 'Sam has 50 apples and gives away 8. How many apples does Sam have left?';
// The learner has already said 42 (and 38): in the conversation, 42 is shared context.
const talked: LeakContext = { prompt, history: [prompt, 'Is it 42 or 38?'] };
const leaks = (text: string, context: LeakContext = { prompt }) => findLeak(fortyTwo, text, context) !== undefined;

describe('a new number equal to the answer', () => {
  it.each(['The answer is 42.', 'So you get 42.', '50 - 8 = 42', 'Sam keeps forty-two apples.', 'Maybe 42?'])('leaks in %j', (text) => {
    expect(leaks(text)).toBe(true);
  });

  it('leaks even when it only feeds a calculation: the learner has not seen it, so any appearance tells them', () => {
    expect(leaks('Think about 42 x 2.')).toBe(true);
    expect(leaks('What is 42 + 8 - 8?')).toBe(true);
  });
});

describe('a number already said in the conversation', () => {
  it('leaks when the reply repeats the learner\'s guess as a question of its own: only pointing back at it is free', () => {
    expect(leaks('Is 42 the number Sam has left?', talked)).toBe(true);
  });

  it.each([
    'Does the 42 you mentioned fit?',
    'Look again at your 42.',
    'That does not mean Sam has 42 left.',
    'If Sam had 42 apples, how many would he give away?',
    'When you calculated 50 - 8 = 42, what did the 8 stand for?',
  ])('is context when the reply only refers to it: %j', (text) => {
    expect(leaks(text, talked)).toBe(false);
  });

  it.each([
    'So Sam has 42 apples left.',
    'That means Sam has 42 apples left.',
    'Taking 8 from 50 gives 42.',
    'It is 42, not 38.',
    'The answer is 42.',
    "Wouldn't that be 42 apples?",
  ])('leaks when the reply states it as the result: %j', (text) => {
    expect(leaks(text, talked)).toBe(true);
  });
});

describe('a number the prompt shows', () => {
  const five = numeric(5);
  const ages = { prompt: 'Jolyn is 7 months older than Aivo, Therese is 5 months older than Aivo and Leon is 2 months older than Aivo. How much older is Jolyn than Leon?' };

  it('is free to quote or point at, but not to state as a result: the learner has it in front of them', () => {
    expect(findLeak(five, 'Therese is 5 months older than Aivo.', ages)).toBeUndefined();
    expect(findLeak(five, 'Look at the 5 months for Therese.', ages)).toBeUndefined();
    expect(findLeak(five, 'So it is 5 months.', ages)).toBeDefined();
  });

  it('leaks when a calculation comes out at it or the reply names it as the answer', () => {
    expect(findLeak(five, 'Jolyn is 7 - 2 = 5 months older.', ages)).toEqual({ form: '5' });
    expect(findLeak(five, 'The answer is 5.', ages)).toEqual({ form: '5' });
    expect(findLeak(five, 'Jolyn is 5 months older, not 9.', ages)).toEqual({ form: '5' });
  });
});

describe('equivalent forms', () => {
  it('reads a percentage as the number a "what percent" question asks for', () => {
    expect(findLeak(numeric(30), 'So 30% of them are in school.', { prompt: 'What percent are in school?' })).toEqual({ form: '30%' });
  });

  it('reads thousands separators and thousands in words', () => {
    const steps = numeric(2000);
    // The form is reported as written, so a log shows what the learner would have seen.
    expect(findLeak(steps, 'He walked 2,000 steps.', { prompt: 'How many steps?' })).toEqual({ form: '2,000' });
    expect(findLeak(steps, 'He walked two thousand steps.', { prompt: 'How many steps?' })).toEqual({ form: 'two thousand' });
    expect(findLeak(numeric(1_250_000), 'That makes 1,250,000.', { prompt: 'How many?' })).toEqual({ form: '1,250,000' });
  });
});

describe('another number stated as the answer', () => {
  const answered: LeakContext = { prompt, history: [prompt, '38'], learnerAnswers: ['38'] };

  it('is stopped once the learner has answered: it ends their search just the same', () => {
    expect(findLeak(fortyTwo, 'The answer is 40.', answered)).toEqual({ form: '40 (stated as the answer)' });
    expect(findLeak(fortyTwo, 'It should be 40, not 38.', answered)).toEqual({ form: '40 (stated as the answer)' });
  });

  it('prefers the real answer when both appear', () => {
    expect(findLeak(fortyTwo, 'The answer is 40, or rather 50 - 8 = 42.', answered)).toEqual({ form: '42' });
  });

  it('is free in authored text and worked examples, where no answer is on the table', () => {
    expect(findLeak(fortyTwo, 'For 30 - 5 the answer is 25.', { prompt })).toBeUndefined();
  });

  it('is free when the number it replaces is not the learner\'s answer', () => {
    expect(findLeak(fortyTwo, 'Try 40, not 44.', answered)).toBeUndefined();
    expect(findLeak(fortyTwo, 'What is 50 - 8?', answered)).toBeUndefined();
  });
});

describe('the learner\'s number confirmed as correct', () => {
  const answered: LeakContext = { prompt, history: [prompt, '38'], learnerAnswers: ['38'] };

  it('leaks: the learner stops at a wrong answer', () => {
    expect(findLeak(fortyTwo, 'You found that Sam keeps 38 apples, that\'s correct.', answered)).toEqual({ form: '38 (confirmed as correct)' });
    expect(findLeak(fortyTwo, 'Your 38 is right.', answered)).toEqual({ form: '38 (confirmed as correct)' });
  });

  it.each(['You said 38, is that correct?', 'Your 38 is not correct.', "You're right that 50 - 12 = 38, but check the 12."])('does not leak: %j', (text) => {
    expect(findLeak(fortyTwo, text, answered)).toBeUndefined();
  });

  it('needs an answer from the learner', () => {
    expect(findLeak(fortyTwo, 'Sam keeps 38 apples, that\'s correct.', { prompt })).toBeUndefined();
  });
});
