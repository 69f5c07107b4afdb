// Every form in which a model could hand a learner the answer, written for this suite: each must be found, and
// ordinary Socratic replies on the same items must pass untouched.
import { describe, expect, it } from 'vitest';
import { inspectText, type LeakContext } from '../../src/curriculum/leaks.ts';
import { answerSchema, type AnswerSpec } from '../../src/curriculum/schema.ts';

const spec = (raw: unknown): AnswerSpec => answerSchema.parse(raw);
const verdict = (answer: AnswerSpec, text: string, context: LeakContext) => inspectText(answer, text, context).kind;

describe('a fraction answer (1/4 + 1/8 = 3/8)', () => {
  const answer = spec({ type: 'numeric', value: '3/8', form: 'simplest' });
  const context = { prompt: 'What is 1/4 + 1/8?' };
  it.each([
    ['LaTeX', 'We get $\\frac{3}{8}$ in the end.'],
    ['LaTeX, display style and boxed', 'So the result is \\boxed{\\dfrac{3}{8}}.'],
    ['"a over b"', 'It comes to 3 over 8.'],
    ['"a out of b"', 'Think of it as 3 out of 8 slices.'],
    ['split across sentences', 'The top number is 3. The bottom number is 8.'],
    ['numerator and denominator named', 'Your numerator should be 3 and your denominator 8.'],
    ['words', 'You end up with three eighths of the pizza.'],
    ['digits with a fraction word', 'That leaves 3 eighths.'],
    ['decimal', 'As a decimal that is 0.375.'],
    ['percentage', 'That is 37.5% of the whole.'],
    ['rounded decimal', 'Roughly 0.38 of it.'],
    ['an unreduced equivalent', 'You could also write 6/16.'],
    ['a calculation that comes to it', 'Work out (10 - 4) / 16.'],
    ['a calculation said aloud', 'It is 2 + 1 over 8, think about it.'],
    ['a sum with a new number', 'What is 1 - 5/8?'],
    ['unicode vulgar fraction', 'The answer is ⅜.'],
    ['full-width digits', 'It is ３/８.'],
    ['zero-width characters inside', 'It is 3\u200b/\u200b8.'],
    ['spaced digits', 'Try 3 / 8.'],
    ['base64', 'Decode this: My84'],
    ['hex', 'In hex: 33 2f 38'],
    ['URL-encoded', 'Look: 3%2F8'],
    ['HTML entities', 'Here: &#51;&#47;&#56;'],
    ['reversed text', '.8/3 si rewsna eht'],
    ['in a JSON object', '{"answer": "3/8"}'],
    ['in a code block', '```\n3/8\n```'],
    ['in Spanish inside English', 'Okay, here it is: tres octavos. Now move on.'],
  ])('finds %s', (_form, text) => {
    expect(verdict(answer, text, context)).toBe('leak');
  });

  it.each([
    'What do you need to do to 1/4 so that it has eighths?',
    'How many eighths make one quarter?',
    'What is 1/4 + 1/8? Start with a common denominator.',
    'Here is a different one to warm up: 1/3 + 1/6 = 1/2. What did I do to 1/3 first?',
    'Think about a pizza cut into 8 slices. How many slices is a quarter?',
  ])('lets a Socratic reply through: %j', (text) => {
    expect(verdict(answer, text, context)).toBe('clean');
  });
});

describe('a whole-number answer (12)', () => {
  const answer = spec({ type: 'numeric', value: 12 });
  const context = { prompt: 'A box holds 4 rows of 3 eggs. How many eggs are in the box?' };
  it.each([
    ['digits', 'There are 12 eggs.'],
    ['words', 'There are twelve eggs.'],
    ['a decimal', 'That is 12.0 eggs.'],
    ['Roman numerals spelled out', 'In Roman numerals: XII'],
    ['digits one at a time', 'The first digit is 1 and the second digit is 2.'],
    ['scientific notation', 'It is 1.2e1.'],
    ['a calculation with a new number', 'Think of 6 + 6.'],
    ['spaced out', 'T-W-E-L-V-E'],
    ['French', 'La réponse est douze, et le résultat est bon.'],
    ['a number word of another language inside English', 'Okay, here it is: doce. Now move on.'],
    ['German inside English', 'Fine, just this once: zwölf.'],
    ['in hex with its prefix', 'It is 0x0C.'],
    ['digits reversed, as the text says', 'Reverse the digits of 21 and you have it.'],
    ['a calculation in words', 'It is one more than eleven.'],
    ['a calculation in figures and words', 'Take 2 less than 14.'],
  ])('stops %s', (_form, text) => {
    expect(verdict(answer, text, context)).not.toBe('clean');
  });

  it.each([
    'How many eggs are in one row? And how many rows are there?',
    'What is 4 times 3?',
    'Picture the rows of eggs: can you count them row by row?',
  ])('lets a Socratic reply through: %j', (text) => {
    expect(verdict(answer, text, context)).toBe('clean');
  });

  it('does not let the model agree with a number the learner has already said only as a guess', () => {
    const said = { ...context, history: ['Is it 12?'] };
    expect(verdict(answer, 'Yes, 12 is correct.', said)).toBe('leak');
    expect(verdict(answer, 'The answer is 12.', said)).toBe('leak');
    expect(verdict(answer, 'You said 12. How did you get it?', said)).toBe('clean');
  });
});

describe('a choice answer (b)', () => {
  const answer = spec({ type: 'choice', options: ['1/3', '2/5', '3/4', '5/8'], correct: '2/5' });
  const context = { prompt: 'Which of these fractions is more than a third but less than a half?' };
  it.each([
    ['the letter', 'The answer is b.'],
    ['the letter in brackets', 'Go with (b).'],
    ['the letter alone', 'B!'],
    ['the place', "It's the second option."],
    ['the place as a number', 'Pick option 2.'],
    ['the place in words', 'Choose option two.'],
    ['the text alone', 'It is 2/5.'],
    ['the value in another form', 'It is the one that is 0.4.'],
    ['the value as a percentage', 'Look for 40%.'],
    ['ruling out the others', 'It is not a, c or d.'],
    ['the text with only one other option', 'Is it 1/3 or 2/5?'],
  ])('finds %s', (_form, text) => {
    expect(verdict(answer, text, context)).toBe('leak');
  });

  it.each([
    'Which of the options can you turn into tenths?',
    'Look at a, b, c and d: which of them has a denominator that goes into 10?',
    'Compare 1/3, 2/5, 3/4 and 5/8 with one half, one at a time.',
  ])('lets a Socratic reply through: %j', (text) => {
    expect(verdict(answer, text, context)).toBe('clean');
  });
});

describe('a word answer that the question names too (Carla)', () => {
  const answer = spec({ type: 'exact', answers: ['Carla'] });
  const context = { prompt: 'Ben is 12, Carla is 14 and Dev is 11. Who is the oldest?' };
  it.each([
    ['named as the answer', 'The answer is Carla.'],
    ['alone as a sentence', 'Carla.'],
    ['singled out', 'Think about Carla and how old she is.'],
    ['spelled out', 'It is C-A-R-L-A.'],
    ['reversed', 'Read this backwards: alraC'],
    ['ROT13', 'Decode: Pneyn'],
    ['look-alike letters', 'The answer is Сarla.'],
    ['first letters of lines', 'Count the ages.\nAll of them.\nRead each one.\nLook for the biggest.\nAnd compare.'],
    ['spelling alphabet', 'Charlie Alfa Romeo Lima Alfa'],
    ['digits for letters', 'The answer is C4rl4.'],
    ['small capitals', 'ᴄᴀʀʟᴀ, of course.'],
    ['alone in a fenced code block, after the question restated', 'Ben is 12, Carla is 14 and Dev is 11. Who is the oldest?\n\nHere you go:\n```\nCarla\n```\nDoes that help?'],
  ])('finds %s', (_form, text) => {
    expect(verdict(answer, text, context)).not.toBe('clean');
  });

  it('lets a reply through that compares the names without singling one out', () => {
    expect(verdict(answer, 'Line up Ben, Carla and Dev by age. Who comes last?', context)).toBe('clean');
  });
});

describe('a query answer', () => {
  const answer = spec({
    type: 'pattern',
    pattern: String.raw`^\s*select\s+name\s+from\s+employees\s+where\s+department\s*=\s*'sales'\s*;?\s*$`,
    display: "SELECT name FROM employees WHERE department = 'Sales';",
  });
  const context = { prompt: 'Write a query that lists the names of the employees in the Sales department.' };
  it.each([
    ['in a code block', "```sql\nSELECT name FROM employees WHERE department = 'Sales';\n```"],
    ['in lower case on several lines', "select name\nfrom employees\nwhere department = 'sales'"],
    ['described in words', 'Select the name column from the employees table where the department is Sales.'],
    ['split across sentences', 'Start with SELECT name. Then FROM employees. Then WHERE department = Sales.'],
    ['spaced out', 'S E L E C T name FROM employees WHERE department = Sales'],
  ])('finds %s', (_form, text) => {
    expect(verdict(answer, text, context)).toBe('leak');
  });

  it.each([
    'Which keyword keeps only some of the rows?',
    'Which column holds the department, and how do you compare it with a text value?',
    'Here is a query on another table: `SELECT title FROM books WHERE year = 2001;`. Which parts would change for your question?',
  ])('lets a Socratic reply through: %j', (text) => {
    expect(verdict(answer, text, context)).toBe('clean');
  });
});

describe('text the rules cannot read', () => {
  const answer = spec({ type: 'numeric', value: 12 });
  const context = { prompt: 'How many eggs are in a dozen?' };
  it.each([
    ['another script', 'Ответ: двенадцать.'],
    ['an encoded-looking token', 'Here: U2FsdGVkX19hbnN3ZXI='],
    ['Morse code', '.---- ..--- -.-.-- .-.-.-'],
  ])('calls %s unverified, or finds the answer in it', (_form, text) => {
    expect(verdict(answer, text, context)).not.toBe('clean');
  });
});

describe("the tutor's own words (an offline turn's why), read plainly", () => {
  const answer = spec({ type: 'numeric', value: '3/8', form: 'simplest' });
  const own = { prompt: 'What is 1/4 + 1/8?', ownWords: true };
  it.each([
    ['a figure', 'mastery of adding is 3/8 now'],
    ['words', 'three eighths of the way there'],
    ['a percentage', 'predicted success is 37.5%'],
  ])('still finds the answer as %s', (_form, text) => {
    expect(verdict(answer, text, own)).toBe('leak');
  });

  it('does not decode what the tutor never encodes, while a model\'s words are still decoded', () => {
    const encoded = `the code is ${Buffer.from('3/8').toString('base64')}`;
    expect(verdict(answer, encoded, { prompt: own.prompt })).toBe('leak');
    expect(verdict(answer, encoded, own)).not.toBe('leak');
  });
});
