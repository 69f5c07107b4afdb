// Does a text give an item's answer away? What the answer guard relies on. (The content lint reads authored text
// with its own, more precise reader: see lint.test.ts.)
import { describe, it, expect } from 'vitest';
import { findLeak, type Leak } from '../../src/curriculum/leaks.ts';
import { answerSchema, type AnswerSpec } from '../../src/curriculum/schema.ts';

const spec = (raw: unknown): AnswerSpec => answerSchema.parse(raw);

/** A leak was found, reported in one of `forms`: the answer's value, or the text as written. */
function expectLeak(leak: Leak | undefined, ...forms: string[]): void {
  expect(leak).toBeDefined();
  expect(forms).toContain(leak?.form);
}

describe('numeric answers', () => {
  const threeQuarters = spec({ type: 'numeric', value: '3/4', form: 'simplest' });
  const prompt = 'What is 1/2 + 1/4?';
  const leak = (text: string) => findLeak(threeQuarters, text, { prompt });

  it('finds the answer written as digits', () => {
    expectLeak(leak('The answer is 3/4.'), '3/4');
    expectLeak(leak('So you have 3 / 4 of the pizza'), '3/4', '3 / 4');
    expectLeak(leak('¾ of a pizza'), '3/4', '¾');
  });

  it('finds an equivalent fraction, naming it as written', () => {
    expectLeak(leak('Is it 6/8?'), '6/8');
    expectLeak(leak('Is 9/12 simpler?'), '9/12');
  });

  it('finds the answer as a decimal, a decimal comma or a percentage', () => {
    expectLeak(leak('That makes 0.75 of the pizza'), '0.75');
    expectLeak(leak('Try 0,75'), '0.75', '0,75');
    expectLeak(leak('75% done'), '0.75', '75%');
  });

  it('finds the answer in words', () => {
    expectLeak(leak('three quarters of it'), '3/4', 'three quarters');
    expectLeak(leak('Six eighths, maybe?'), '6/8', 'six eighths', 'Six eighths');
  });

  it('finds the answer in other scripts', () => {
    expectLeak(leak('Is it ٣/٤?'), '3/4', '٣/٤');
  });

  it('does not flag a hint that only uses the prompt\'s numbers', () => {
    expect(leak('How many quarters make one half?')).toBeUndefined();
    expect(leak('Can you write 1/2 as quarters?')).toBeUndefined();
    expect(leak('Now count the quarters.')).toBeUndefined();
    expect(leak('What is 1/2 + 1/4?')).toBeUndefined();
  });

  it('does not flag a different number', () => {
    expect(leak('Is it 2/6?')).toBeUndefined();
    expect(leak('Is it more than 0.5?')).toBeUndefined();
  });

  it('finds a whole-number answer as digits or as a word', () => {
    const four = spec({ type: 'numeric', value: 4 });
    const p = { prompt: 'What is half of 8?' };
    expectLeak(findLeak(four, 'It is 4.', p), '4');
    expectLeak(findLeak(four, 'Split it into four groups', p), '4', 'four');
    // The question's own numbers as its calculation ("half" shows the 2) leave the working to the learner;
    // a calculation with a number it does not give is the answer in disguise.
    expect(findLeak(four, 'What is 8 divided by 2?', p)).toBeUndefined();
    expect(findLeak(four, 'Is it 8/2?', p)).toBeUndefined();
    expectLeak(findLeak(four, 'Is it 12/3?', p), '12/3');
    expectLeak(findLeak(four, 'Is it 3 + 1?', p), '3 + 1');
    expect(findLeak(four, 'Think of 2 groups of 2', p)).toBeUndefined();
  });

  it('is not a leak when the value is in the prompt: the learner already has it', () => {
    const two = spec({ type: 'numeric', value: 2 });
    const p = { prompt: 'What is 6 - 4? Use 2 hands.' };
    // Stating it as the result is telling, even though the prompt shows the number for another reason.
    expect(findLeak(two, 'It is 2.', p)).toBeDefined();
    expect(findLeak(two, 'Look at your 2 hands.', p)).toBeUndefined();
    expect(findLeak(two, 'two', p)).toBeDefined();
    expect(findLeak(two, 'Which two numbers do you subtract?', p)).toBeUndefined();
    const half = spec({ type: 'numeric', value: 0.5 });
    expect(findLeak(half, 'Start from the 1/2 in the question.', { prompt: 'What is 1 - 1/2?' })).toBeUndefined();
    expect(findLeak(half, 'one half', { prompt: 'What is 1 - 1/2?' })).toBeDefined();
  });

  it('counts "a half" but not a bare "half" or the article "a"', () => {
    const half = spec({ type: 'numeric', value: 0.5 });
    const p = { prompt: 'What is 3 - 2.5?' };
    expectLeak(findLeak(half, 'Think about a half.', p), '1/2', 'a half');
    expectLeak(findLeak(half, 'It is 50%', p), '0.5', '50%');
    expect(findLeak(half, 'Is it half of something?', p)).toBeUndefined();
    expect(findLeak(half, 'Draw a number line.', p)).toBeUndefined();
  });

  it('honours the item\'s tolerance', () => {
    const pi = spec({ type: 'numeric', value: 3.14, tolerance: 0.01 });
    const p = { prompt: 'A circle has diameter 1. What is its circumference?' };
    expectLeak(findLeak(pi, 'It is about 3.141', p), '3.141');
    expect(findLeak(pi, 'It is more than 3', p)).toBeUndefined();
  });

  it('finds the number of a unit answer', () => {
    const length = spec({ type: 'numeric', value: 15, unit: 'cm' });
    expectLeak(findLeak(length, 'It is 15 cm', { prompt: 'How long is the pencil?' }), '15', '15 cm');
  });
});

describe('choice answers', () => {
  const fractions = spec({ type: 'choice', options: ['1/6', '2/5', '1/5'], correct: '2/5' });
  const prompt = 'Which is 1/2 × 4/5?';
  const leak = (text: string) => findLeak(fractions, text, { prompt });

  it.each(['The answer is b', 'the answer is B.', 'answer: b', 'Option b.', 'I would choose b', 'Pick (b)', '(b)', 'It must be (b) then'])(
    'finds the correct letter in %j',
    (text) => {
      expect(leak(text)).toEqual({ form: 'option b' });
    },
  );

  it('finds the correct option named on its own', () => {
    expect(leak('Is it 2/5?')).toEqual({ form: '2/5' });
  });

  it('is not a leak when the text names all the options', () => {
    expect(leak('Compare 1/6, 2/5 and 1/5.')).toBeUndefined();
  });

  it('is a leak to name the correct option with only some of the others: the choice is narrowed for the learner', () => {
    expect(leak('Maybe 1/6 or 2/5?')).toEqual({ form: '2/5' });
    expect(leak('Maybe 1/6 or 1/5?')).toBeUndefined();
  });

  it('is not a leak for a wrong letter or a word that only starts with the letter', () => {
    expect(leak('the answer is c')).toBeUndefined();
    expect(leak('choose c')).toBeUndefined();
    expect(leak('the answer is being computed')).toBeUndefined();
    expect(leak('Think about each option')).toBeUndefined();
  });

  it('finds a text option named alone, as a whole word only', () => {
    const cities = spec({ type: 'choice', options: ['Paris', 'London', 'Rome'], correct: 'London' });
    const p = { prompt: 'What is the capital of the UK?' };
    expect(findLeak(cities, 'It is London.', p)).toEqual({ form: 'London' });
    expect(findLeak(cities, 'it is london', p)).toEqual({ form: 'London' });
    expect(findLeak(cities, 'Think of a Londoner', p)).toBeUndefined();
    expect(findLeak(cities, 'Paris, London or Rome?', p)).toBeUndefined();
    expect(findLeak(cities, 'Not Paris and not Rome', p)).toBeUndefined();
    expect(findLeak(cities, 'the answer is b', p)).toEqual({ form: 'option b' });
  });

  it('is not a leak to ask about an option the prompt already names, but stating it, or its letter, is', () => {
    const cities = spec({ type: 'choice', options: ['Paris', 'London', 'Rome'], correct: 'London' });
    const p = { prompt: 'Is London the capital of the UK?' };
    expect(findLeak(cities, 'What do you know about London?', p)).toBeUndefined();
    expect(findLeak(cities, 'It is London.', p)).toBeDefined();
    expect(findLeak(cities, 'the answer is b', p)).toEqual({ form: 'option b' });
  });
});

describe('exact answers', () => {
  const keyword = spec({ type: 'exact', answers: ['SELECT', 'select *'] });
  const prompt = 'Which keyword reads rows?';

  it('finds any accepted answer as a whole word, ignoring case', () => {
    expect(findLeak(keyword, 'Use SELECT.', { prompt })).toEqual({ form: 'SELECT' });
    expect(findLeak(keyword, 'just use select here', { prompt })).toEqual({ form: 'SELECT' });
  });

  it('does not flag a longer word that contains the answer', () => {
    expect(findLeak(keyword, 'Which keyword selects rows?', { prompt })).toBeUndefined();
    expect(findLeak(keyword, 'What keyword reads?', { prompt })).toBeUndefined();
  });

  it('is not a leak when the prompt shows the answer', () => {
    expect(findLeak(keyword, 'Use SELECT.', { prompt: 'Which keyword, like SELECT, reads rows?' })).toBeUndefined();
  });
});

describe('expression answers', () => {
  const linear = spec({ type: 'expression', answer: '2x+2', variables: ['x'] });

  it('finds the answer or an equivalent form', () => {
    const p = { prompt: 'Simplify x + x + 2.' };
    expect(findLeak(linear, '2x+2', p)).toEqual({ form: '2x+2' });
    expect(findLeak(linear, 'is it 2x+2?', p)).toEqual({ form: '2x+2' });
    expect(findLeak(linear, 'Answer: 2x+2', p)).toEqual({ form: '2x+2' });
    expect(findLeak(linear, 'so 2(x+1)', p)).toEqual({ form: '2(x+1)' });
    expect(findLeak(linear, 'It is 2x + 2.', p)?.form).toMatch(/^2x \+ 2/);
  });

  it('finds a factorised square written out', () => {
    const square = spec({ type: 'expression', answer: '(x+1)^2', variables: ['x'] });
    const p = { prompt: 'Factor x^2 + 2x + 1.' };
    expect(findLeak(square, 'It is (x+1)^2', p)).toEqual({ form: '(x+1)^2' });
    expect(findLeak(square, 'It is (x+1)(x+1)', p)).toEqual({ form: '(x+1)(x+1)' });
    expect(findLeak(square, 'What times itself gives it?', p)).toBeUndefined();
  });

  it('does not flag a different expression or a bare step', () => {
    const p = { prompt: 'Simplify x + x + 2.' };
    expect(findLeak(linear, 'maybe 2x+3?', p)).toBeUndefined();
    expect(findLeak(linear, 'What is x + x?', p)).toBeUndefined();
    expect(findLeak(linear, 'Add 2', p)).toBeUndefined();
  });
});

describe('pattern answers', () => {
  const query = spec({ type: 'pattern', pattern: String.raw`^\s*SELECT\s+\*\s+FROM\s+users\s*;?\s*$`, display: 'SELECT * FROM users;' });

  it('finds text the pattern matches, even inside a sentence', () => {
    const p = { prompt: 'Read every row of users.' };
    expect(findLeak(query, 'Write SELECT * FROM users', p)).toEqual({ form: 'SELECT * FROM users;' });
    expect(findLeak(query, 'select * from users;', p)).toEqual({ form: 'SELECT * FROM users;' });
  });

  it('finds the display answer', () => {
    const loose = spec({ type: 'pattern', pattern: '^42$', display: 'forty-two' });
    expect(findLeak(loose, 'It is forty-two.', { prompt: 'What is six times seven?' })).toEqual({ form: 'forty-two' });
  });

  it('does not flag a hint that does not match', () => {
    expect(findLeak(query, 'Which keyword reads rows?', { prompt: 'Read every row of users.' })).toBeUndefined();
  });

  it('is not a leak when the prompt itself matches', () => {
    expect(findLeak(query, 'Write SELECT * FROM users', { prompt: 'What does SELECT * FROM users do?' })).toBeUndefined();
  });
});

describe('rubric answers', () => {
  const explain = spec({
    type: 'rubric',
    points: [
      { id: 'common', text: 'find a common denominator', match: ['common denominator'] },
      { id: 'rename', text: 'rename both fractions', match: ['/renam(e|ing)/'] },
      { id: 'add', text: 'add the numerators', match: ['add the numerators'] },
    ],
    minPoints: 2,
    reference: 'Find a common denominator, rename both fractions, then add the numerators.',
  });
  const p = { prompt: 'How do you add 1/2 and 1/3?' };

  it('finds the model answer', () => {
    expect(findLeak(explain, 'Find a common denominator, rename both fractions, then add the numerators.', p)).toEqual({ form: 'the model answer' });
  });

  it('finds a text that states every key point', () => {
    expect(findLeak(explain, 'A common denominator, renaming, and add the numerators.', p)).toEqual({ form: 'the key points (common, rename, add)' });
  });

  it('allows a hint that points at some key points but not all', () => {
    expect(findLeak(explain, 'Think of a common denominator.', p)).toBeUndefined();
    expect(findLeak(explain, 'common denominator, then add the numerators', p)).toBeUndefined();
  });
});

describe('answers in the other forms the checker accepts', () => {
  it('finds a length given in another unit', () => {
    const length: AnswerSpec = { type: 'numeric', value: 15, tolerance: 1e-9, unit: 'cm', form: 'any' };
    const p = { prompt: 'A ribbon is 60 cm long. How long is a quarter of it?' };
    expect(findLeak(length, 'That is 0.15 m of ribbon.', p)).toBeDefined();
    expect(findLeak(length, 'Try 150 mm.', p)).toBeDefined();
    expect(findLeak(length, 'What is 60 cm split into four?', p)).toBeUndefined();
  });

  it('finds a numeric option given as a decimal', () => {
    const choice: AnswerSpec = { type: 'choice', options: ['2/5', '1/2', '3/4'], correct: '2/5' };
    const p = { prompt: 'Which is the smallest?' };
    expect(findLeak(choice, 'It is 0.4, the smallest.', p)).toBeDefined();
    expect(findLeak(choice, 'Compare 0.4, 0.5 and 0.75.', p)).toBeUndefined();
  });
});
