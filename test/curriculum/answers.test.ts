// The answer checkers: is what the learner wrote the item's answer? One section per checker type.
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { answerText, chosenOption, exampleAnswer, grade, numericForm, sameAnswer, type NumericSpec } from '../../src/curriculum/answers.ts';
import { loadCurriculum } from '../../src/curriculum/load.ts';
import { answerSchema, type AnswerSpec } from '../../src/curriculum/schema.ts';

/** An answer spec as a pack author writes it, with the schema's defaults filled in. */
const spec = (raw: unknown): AnswerSpec => answerSchema.parse(raw);
const verdict = (s: AnswerSpec, answer: string) => grade(s, answer).verdict;

describe('choice', () => {
  const fractions = spec({ type: 'choice', options: ['1/6', '2/5', '1/5'], correct: '2/5' });
  const cities = spec({ type: 'choice', options: ['Paris', 'London', 'Rome'], correct: 'London' });

  it.each(['b', 'B', '(b)', 'b)', 'b.', '  B. ', '2', '2/5', 'the answer is b', 'The answer is (b)', "I think it's 2/5", 'answer: b', 'maybe b'])(
    'accepts %j for the second option',
    (answer) => {
      expect(grade(fractions, answer)).toEqual({ verdict: 'correct' });
    },
  );

  it('accepts the option\'s value written another way', () => {
    expect(verdict(fractions, '0.4')).toBe('correct');
    expect(verdict(fractions, 'two fifths')).toBe('correct');
    expect(verdict(fractions, '4/10')).toBe('correct');
  });

  it.each(['a', '(a)', '1', '1/6', 'c', '3', 'the answer is a', "it's (c)"])('marks %j incorrect', (answer) => {
    expect(grade(fractions, answer)).toEqual({ verdict: 'incorrect' });
  });

  it.each(['d', '4', 'banana', '', '0.9'])('cannot read %j as one of three options', (answer) => {
    expect(grade(fractions, answer)).toEqual({ verdict: 'unreadable', note: 'not-an-option' });
  });

  it('matches option text ignoring case, quotes and final punctuation', () => {
    for (const answer of ['london', 'LONDON.', 'London!', '"London"', 'the answer is london', 'I think London']) {
      expect(verdict(cities, answer)).toBe('correct');
    }
    expect(verdict(cities, 'Paris')).toBe('incorrect');
    expect(verdict(cities, 'Berlin')).toBe('unreadable');
  });

  it('chosenOption gives the index of the option meant, or -1', () => {
    const options = ['1/6', '2/5', '1/5'];
    expect(chosenOption(options, 'a')).toBe(0);
    expect(chosenOption(options, '(c)')).toBe(2);
    expect(chosenOption(options, '3')).toBe(2);
    expect(chosenOption(options, '1/5')).toBe(2);
    expect(chosenOption(options, '0.2')).toBe(2);
    expect(chosenOption(options, 'd')).toBe(-1);
    expect(chosenOption(['x', 'y'], 'c')).toBe(-1);
    expect(chosenOption(['x', 'y'], '3')).toBe(-1);
  });

  it('prefers an option\'s own text over reading it as a position', () => {
    // "20" is the text of the second option, not "option number 20".
    expect(chosenOption(['10', '20', '30'], '20')).toBe(1);
    expect(chosenOption(['3', '2', '1'], '1')).toBe(2);
    expect(chosenOption(['10', '20', '30'], 'ten')).toBe(0);
  });
});

describe('exact', () => {
  const keyword = spec({ type: 'exact', answers: ['SELECT', 'select *'] });

  it.each(['SELECT', 'select', 'Select.', 'SELECT!', '  select  ', 'the answer is select', 'SELECT  *', 'select *;'])(
    'accepts %j ignoring case, spacing and final punctuation',
    (answer) => {
      expect(verdict(keyword, answer)).toBe('correct');
    },
  );

  it.each(['selects', 'select*', 'DELETE', ''])('refuses %j', (answer) => {
    expect(verdict(keyword, answer)).toBe('incorrect');
  });

  it('with caseSensitive, only the exact spelling counts', () => {
    const city = spec({ type: 'exact', answers: ['Paris'], caseSensitive: true });
    expect(verdict(city, 'Paris')).toBe('correct');
    expect(verdict(city, '  Paris ')).toBe('correct');
    expect(verdict(city, 'paris')).toBe('incorrect');
    expect(verdict(city, 'PARIS')).toBe('incorrect');
  });
});

describe('numeric', () => {
  const threeQuarters = spec({ type: 'numeric', value: '3/4' });

  it.each(['3/4', '6/8', '0.75', '75%', '¾', 'three quarters', '3 over 4', '٣/٤', '0,75', "I think it's 3/4", 'the answer is 0.75', 'it is 3/4.'])(
    'with form any accepts %j',
    (answer) => {
      expect(grade(threeQuarters, answer)).toEqual({ verdict: 'correct' });
    },
  );

  it('refuses a different number', () => {
    expect(grade(threeQuarters, '1/2')).toEqual({ verdict: 'incorrect' });
    expect(grade(threeQuarters, '0.7')).toEqual({ verdict: 'incorrect' });
    expect(grade(threeQuarters, '4/3')).toEqual({ verdict: 'incorrect' });
  });

  it('cannot read words that are not a number', () => {
    expect(grade(threeQuarters, 'banana')).toEqual({ verdict: 'unreadable', note: 'not-a-number' });
    expect(grade(threeQuarters, '')).toEqual({ verdict: 'unreadable', note: 'not-a-number' });
    expect(grade(threeQuarters, 'I don\'t know')).toEqual({ verdict: 'unreadable', note: 'not-a-number' });
  });

  it('does not take a number followed by more digits as the number', () => {
    expect(grade(threeQuarters, '3/4 3').verdict).toBe('incorrect');
    expect(grade(threeQuarters, '3/4/5').verdict).toBe('incorrect');
  });

  it('accepts a numeric value written as a number in the pack', () => {
    const four = spec({ type: 'numeric', value: 4 });
    expect(verdict(four, '4')).toBe('correct');
    expect(verdict(four, 'four')).toBe('correct');
    expect(verdict(four, '8/2')).toBe('correct');
    expect(verdict(four, '5')).toBe('incorrect');
  });

  it('reads "1,000" as a thousand', () => {
    const thousand = spec({ type: 'numeric', value: 1000 });
    expect(verdict(thousand, '1,000')).toBe('correct');
    expect(verdict(thousand, '1000')).toBe('correct');
    expect(verdict(thousand, '1.000')).toBe('incorrect');
  });

  it('grades negative answers', () => {
    const minusTwo = spec({ type: 'numeric', value: -2 });
    expect(verdict(minusTwo, '-2')).toBe('correct');
    expect(verdict(minusTwo, '−2')).toBe('correct');
    expect(verdict(minusTwo, '2')).toBe('incorrect');
  });

  describe('tolerance', () => {
    const pi = spec({ type: 'numeric', value: 3.14, tolerance: 0.01 });

    it('accepts answers within the tolerance', () => {
      expect(verdict(pi, '3.14')).toBe('correct');
      expect(verdict(pi, '3.145')).toBe('correct');
      expect(verdict(pi, '3.135')).toBe('correct');
      expect(verdict(pi, '22/7')).toBe('correct');
      expect(verdict(pi, '3,14')).toBe('correct');
    });

    it('refuses answers outside it', () => {
      expect(verdict(pi, '3.16')).toBe('incorrect');
      expect(verdict(pi, '3.12')).toBe('incorrect');
      expect(verdict(pi, '3')).toBe('incorrect');
    });

    it('is exact by default', () => {
      const tenth = spec({ type: 'numeric', value: 0.1 });
      expect(verdict(tenth, '0.1')).toBe('correct');
      expect(verdict(tenth, '1/10')).toBe('correct');
      expect(verdict(tenth, '0.1001')).toBe('incorrect');
    });
  });

  describe('units', () => {
    const length = spec({ type: 'numeric', value: 15, unit: 'cm' });

    it.each(['15 cm', '15cm', '15 centimeters', '0.15 m', '150 mm', '1.5 dm', 'it is 15 cm'])('accepts %j for 15 cm', (answer) => {
      expect(grade(length, answer)).toEqual({ verdict: 'correct' });
    });

    it('accepts the bare number in the item\'s unit', () => {
      expect(verdict(length, '15')).toBe('correct');
    });

    it('refuses a unit of another kind, saying so', () => {
      expect(grade(length, '15 kg')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
      expect(grade(length, '15 bananas')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
    });

    it('with requireUnit, wants the amount in the item\'s own unit', () => {
      const grams = spec({ type: 'numeric', value: 3000, unit: 'g', requireUnit: true });
      expect(grade(grams, '3000')).toEqual({ verdict: 'correct' });
      expect(grade(grams, '3000 grams')).toEqual({ verdict: 'correct' });
      expect(grade(grams, '3 kg')).toEqual({ verdict: 'partial', note: 'wrong-unit' });
      expect(grade(grams, '3000 kg').verdict).toBe('incorrect');
      // Without it, an equal amount in another unit is right.
      expect(grade(spec({ type: 'numeric', value: 3000, unit: 'g' }), '3 kg')).toEqual({ verdict: 'correct' });
    });

    it('refuses the right number in a different length unit', () => {
      expect(grade(length, '15 m')).toEqual({ verdict: 'incorrect' });
      expect(grade(length, '15 inches')).toEqual({ verdict: 'incorrect' });
      expect(grade(length, '16 cm')).toEqual({ verdict: 'incorrect' });
    });
  });

  describe('form: simplest', () => {
    const simplest = spec({ type: 'numeric', value: '3/4', form: 'simplest' });

    it('accepts the fraction in lowest terms', () => {
      expect(grade(simplest, '3/4')).toEqual({ verdict: 'correct' });
      expect(grade(simplest, '¾')).toEqual({ verdict: 'correct' });
      expect(grade(simplest, 'three quarters')).toEqual({ verdict: 'correct' });
    });

    it('marks an equivalent fraction not in lowest terms as partial (not-simplest)', () => {
      expect(grade(simplest, '6/8')).toEqual({ verdict: 'partial', note: 'not-simplest' });
      expect(grade(simplest, 'six eighths')).toEqual({ verdict: 'partial', note: 'not-simplest' });
      expect(grade(simplest, '75/100')).toEqual({ verdict: 'partial', note: 'not-simplest' });
    });

    it('marks a decimal or a percentage as partial (not-a-fraction)', () => {
      expect(grade(simplest, '0.75')).toEqual({ verdict: 'partial', note: 'not-a-fraction' });
      expect(grade(simplest, '0,75')).toEqual({ verdict: 'partial', note: 'not-a-fraction' });
      expect(grade(simplest, '75%')).toEqual({ verdict: 'partial', note: 'not-a-fraction' });
    });

    it('still marks a wrong value incorrect, not partial', () => {
      expect(grade(simplest, '2/4')).toEqual({ verdict: 'incorrect' });
      expect(grade(simplest, '0.5')).toEqual({ verdict: 'incorrect' });
    });

    it('accepts a mixed number or an improper fraction in lowest terms', () => {
      const oneAndAHalf = spec({ type: 'numeric', value: '1 1/2', form: 'simplest' });
      expect(verdict(oneAndAHalf, '1 1/2')).toBe('correct');
      expect(verdict(oneAndAHalf, '3/2')).toBe('correct');
      expect(verdict(oneAndAHalf, 'one and a half')).toBe('correct');
      const fiveThirds = spec({ type: 'numeric', value: '5/3', form: 'simplest' });
      expect(verdict(fiveThirds, '5/3')).toBe('correct');
      expect(verdict(fiveThirds, '1 2/3')).toBe('correct');
    });

    it('marks a mixed number or improper fraction that can be reduced as not-simplest', () => {
      const oneAndAHalf = spec({ type: 'numeric', value: '1 1/2', form: 'simplest' });
      expect(grade(oneAndAHalf, '6/4')).toEqual({ verdict: 'partial', note: 'not-simplest' });
      expect(grade(oneAndAHalf, '1 2/4')).toEqual({ verdict: 'partial', note: 'not-simplest' });
      expect(grade(oneAndAHalf, '1.5')).toEqual({ verdict: 'partial', note: 'not-a-fraction' });
      expect(grade(oneAndAHalf, '2 1/2')).toEqual({ verdict: 'incorrect' });
      const fiveThirds = spec({ type: 'numeric', value: '5/3', form: 'simplest' });
      expect(grade(fiveThirds, '10/6')).toEqual({ verdict: 'partial', note: 'not-simplest' });
      expect(grade(fiveThirds, '1 4/6')).toEqual({ verdict: 'partial', note: 'not-simplest' });
    });

    it('for a whole-number answer wants the whole number, not a fraction equal to it', () => {
      const two = spec({ type: 'numeric', value: 2, form: 'simplest' });
      expect(verdict(two, '2')).toBe('correct');
      expect(verdict(two, 'two')).toBe('correct');
      expect(grade(two, '4/2')).toEqual({ verdict: 'partial', note: 'not-simplest' });
      expect(grade(two, '1 2/2')).toEqual({ verdict: 'partial', note: 'not-simplest' });
    });
  });

  describe('form: fraction', () => {
    const fraction = spec({ type: 'numeric', value: '3/4', form: 'fraction' });

    it('accepts any equal fraction, reduced or not', () => {
      expect(verdict(fraction, '3/4')).toBe('correct');
      expect(verdict(fraction, '6/8')).toBe('correct');
      expect(verdict(fraction, 'three quarters')).toBe('correct');
    });

    it('asks for a fraction instead of a decimal', () => {
      expect(grade(fraction, '0.75')).toEqual({ verdict: 'partial', note: 'not-a-fraction' });
      expect(grade(fraction, '75%')).toEqual({ verdict: 'partial', note: 'not-a-fraction' });
    });
  });
});

describe('expression', () => {
  it('wants the form the prompt asks for: simplified, expanded or factorised, not the question typed back', () => {
    const simplify = spec({ type: 'expression', answer: '5x', variables: ['x'] });
    expect(grade(simplify, '3x + 2x', 'Simplify 3x + 2x.')).toEqual({ verdict: 'partial', note: 'not-simplified' });
    expect(grade(simplify, '5x', 'Simplify 3x + 2x.')).toEqual({ verdict: 'correct' });
    const expand = spec({ type: 'expression', answer: 'x^2 + 5x + 6', variables: ['x'] });
    expect(grade(expand, '(x + 2)(x + 3)', 'Expand (x + 2)(x + 3).')).toEqual({ verdict: 'partial', note: 'not-expanded' });
    expect(grade(expand, '6 + 5x + x^2', 'Expand (x + 2)(x + 3).')).toEqual({ verdict: 'correct' });
    const factorise = spec({ type: 'expression', answer: '3(x + 4)', variables: ['x'] });
    expect(grade(factorise, '3x + 12', 'Factorise 3x + 12.')).toEqual({ verdict: 'partial', note: 'not-factorised' });
    expect(grade(factorise, '3(4 + x)', 'Factorise 3x + 12.')).toEqual({ verdict: 'correct' });
    // No form asked, or form: any: any equal expression.
    expect(grade(spec({ type: 'expression', answer: '5x', variables: ['x'] }), '3x + 2x', 'Write the total length.')).toEqual({ verdict: 'correct' });
    expect(grade(spec({ type: 'expression', answer: '5x', variables: ['x'], form: 'any' }), '3x + 2x', 'Simplify 3x + 2x.')).toEqual({ verdict: 'correct' });
  });

  const linear = spec({ type: 'expression', answer: '2x+2', variables: ['x'] });
  const square = spec({ type: 'expression', answer: '(x+1)^2', variables: ['x'] });

  it.each(['2(x+1)', '2x+2', '2*x + 2', 'x+x+2', '(x+1)*2', '2 × x + 2', 'y = 2x + 2', 'the answer is 2x+2'])(
    'accepts %j as equal to 2x+2',
    (answer) => {
      expect(grade(linear, answer)).toEqual({ verdict: 'correct' });
    },
  );

  it.each(['2x+1', '2(x+2)', 'x+2', '2x'])('refuses %j for 2x+2', (answer) => {
    expect(grade(linear, answer)).toEqual({ verdict: 'incorrect' });
  });

  it('accepts the expanded form of a square and refuses near misses', () => {
    expect(verdict(square, 'x^2+2x+1')).toBe('correct');
    expect(verdict(square, 'x*x+2*x+1')).toBe('correct');
    expect(verdict(square, '(x+1)(x+1)')).toBe('correct');
    expect(verdict(square, 'x^2+1')).toBe('incorrect');
    expect(verdict(square, 'x^2+2x+2')).toBe('incorrect');
  });

  it('works with more than one variable', () => {
    const product = spec({ type: 'expression', answer: 'x*y + x', variables: ['x', 'y'] });
    expect(verdict(product, 'x*(y+1)')).toBe('correct');
    expect(verdict(product, '(y+1)x')).toBe('correct');
    expect(verdict(product, 'y*x + x')).toBe('correct');
    expect(verdict(product, 'x*y + y')).toBe('incorrect');
  });

  it.each(['hello', '', 'x +', '2x + 2 ='])('cannot read %j as an expression', (answer) => {
    expect(grade(linear, answer)).toEqual({ verdict: 'unreadable', note: 'not-an-expression' });
  });
});

describe('pattern', () => {
  it('takes a sentence\'s full stop after a command as punctuation, but keeps a lone "." that is part of it', () => {
    const restore = spec({ type: 'pattern', pattern: '^git\\s+restore\\s+notes\\.txt$', display: 'git restore notes.txt' });
    expect(grade(restore, 'git restore notes.txt.').verdict).toBe('correct');
    const addAll = spec({ type: 'pattern', pattern: '^git\\s+add\\s+\\.$', display: 'git add .' });
    expect(grade(addAll, 'git add .').verdict).toBe('correct');
    expect(grade(addAll, 'git add').verdict).toBe('incorrect');
  });

  const query = spec({ type: 'pattern', pattern: String.raw`^\s*SELECT\s+\*\s+FROM\s+users\s*;?\s*$`, display: 'SELECT * FROM users;' });

  it('accepts text that matches, ignoring case by default', () => {
    expect(verdict(query, 'SELECT * FROM users;')).toBe('correct');
    expect(verdict(query, 'select * from users')).toBe('correct');
    expect(verdict(query, '  SELECT  *  FROM users  ')).toBe('correct');
  });

  it('refuses text that does not match', () => {
    expect(verdict(query, 'SELECT * FROM user')).toBe('incorrect');
    expect(verdict(query, 'SELECT name FROM users')).toBe('incorrect');
    expect(verdict(query, '')).toBe('incorrect');
  });

  it('is case-sensitive when the flags say so', () => {
    const exactCase = spec({ type: 'pattern', pattern: '^Abc$', flags: '', display: 'Abc' });
    expect(verdict(exactCase, 'Abc')).toBe('correct');
    expect(verdict(exactCase, 'abc')).toBe('incorrect');
  });
});

describe('rubric', () => {
  const explain = spec({
    type: 'rubric',
    points: [
      { id: 'common', text: 'find a common denominator', match: ['common denominator', 'same denominator'] },
      { id: 'rename', text: 'rename both fractions', match: ['/renam(e|ing)|rewrit(e|ing)|convert/'] },
      { id: 'add', text: 'add the numerators', match: ['add the numerators', 'add the tops'] },
    ],
    minPoints: 2,
    reference: 'Find a common denominator, rename both fractions, then add the numerators.',
  });

  it('is correct with at least minPoints key points, and says which', () => {
    expect(grade(explain, 'You need a common denominator and then add the numerators')).toEqual({ verdict: 'correct', points: ['common', 'add'] });
    expect(grade(explain, 'Find the same denominator, then rewrite both')).toEqual({ verdict: 'correct', points: ['common', 'rename'] });
    expect(grade(explain, 'Common denominator, renaming, add the tops.').points).toEqual(['common', 'rename', 'add']);
  });

  it('is partial with fewer points than minPoints', () => {
    expect(grade(explain, 'Common denominator.')).toEqual({ verdict: 'partial', note: 'some-points', points: ['common'] });
    expect(grade(explain, 'You add the tops')).toEqual({ verdict: 'partial', note: 'some-points', points: ['add'] });
  });

  it('matches /regex/ entries case-insensitively by default', () => {
    expect(grade(explain, 'RENAMING').points).toEqual(['rename']);
    expect(grade(explain, 'Convert them').points).toEqual(['rename']);
  });

  it('matches phrases as whole words only', () => {
    expect(grade(explain, 'uncommon denominators')).toEqual({ verdict: 'incorrect', points: [] });
    expect(grade(explain, 'denominators in common')).toEqual({ verdict: 'incorrect', points: [] });
  });

  it('is incorrect with no key point at all', () => {
    expect(grade(explain, 'I dunno')).toEqual({ verdict: 'incorrect', points: [] });
    expect(grade(explain, '')).toEqual({ verdict: 'incorrect', points: [] });
  });

  it('honours flags on a /regex/ entry', () => {
    const caseful = spec({
      type: 'rubric',
      points: [{ id: 'sql', text: 'names SELECT', match: ['/SELECT/u'] }],
      minPoints: 1,
      reference: 'Use SELECT.',
    });
    expect(verdict(caseful, 'use SELECT')).toBe('correct');
    expect(verdict(caseful, 'use select')).toBe('incorrect');
  });
});

describe('sameAnswer (for misconceptions)', () => {
  it('compares numbers by value', () => {
    const n = spec({ type: 'numeric', value: '3/4' });
    expect(sameAnswer(n, '2/6', '1/3')).toBe(true);
    expect(sameAnswer(n, 'one third', '1/3')).toBe(true);
    expect(sameAnswer(n, '1/2', 0.5)).toBe(true);
    expect(sameAnswer(n, '1/2', 0.6)).toBe(false);
    expect(sameAnswer(n, 'banana', '3/4')).toBe(false);
  });

  it('compares numbers with units after converting them', () => {
    const length = spec({ type: 'numeric', value: 15, unit: 'cm' });
    expect(sameAnswer(length, '1.5 m', '150 cm')).toBe(true);
    expect(sameAnswer(length, '15 kg', '15 cm')).toBe(false);
  });

  it('compares choices by the option meant', () => {
    const c = spec({ type: 'choice', options: ['1/6', '2/5', '1/5'], correct: '1/6' });
    expect(sameAnswer(c, 'b', '2/5')).toBe(true);
    expect(sameAnswer(c, '(b)', '2/5')).toBe(true);
    expect(sameAnswer(c, '2/5', 'b')).toBe(true);
    expect(sameAnswer(c, 'c', '2/5')).toBe(false);
    expect(sameAnswer(c, 'x', 'y')).toBe(false);
  });

  it('compares expressions by equivalence', () => {
    const e = spec({ type: 'expression', answer: '2x+2', variables: ['x'] });
    expect(sameAnswer(e, '2(x+3)', '2x+6')).toBe(true);
    expect(sameAnswer(e, '2x+2', '2x+6')).toBe(false);
  });

  it('compares text ignoring case and final punctuation', () => {
    const x = spec({ type: 'exact', answers: ['SELECT'] });
    expect(sameAnswer(x, 'Delete.', 'delete')).toBe(true);
    expect(sameAnswer(x, 'I think it\'s delete', 'DELETE')).toBe(true);
    expect(sameAnswer(x, 'drop', 'delete')).toBe(false);
  });
});

describe('answerText', () => {
  it('writes each kind of answer as a person would', () => {
    expect(answerText(spec({ type: 'choice', options: ['1/6', '2/5', '1/5'], correct: '2/5' }))).toBe('b) 2/5');
    expect(answerText(spec({ type: 'exact', answers: ['SELECT', 'sel'] }))).toBe('SELECT');
    expect(answerText(spec({ type: 'numeric', value: '3/4' }))).toBe('3/4');
    expect(answerText(spec({ type: 'numeric', value: 7 }))).toBe('7');
    expect(answerText(spec({ type: 'numeric', value: 15, unit: 'cm' }))).toBe('15 cm');
    expect(answerText(spec({ type: 'expression', answer: '2*x+2', variables: ['x'] }))).toBe('2*x+2');
    expect(answerText(spec({ type: 'pattern', pattern: 'x', display: 'X marks' }))).toBe('X marks');
    expect(answerText(spec({ type: 'rubric', points: [{ id: 'a', text: 'a', match: ['a'] }], minPoints: 1, reference: 'Model answer.' }))).toBe('Model answer.');
  });

  it('writes an answer the checker itself accepts', () => {
    const specs = [
      spec({ type: 'exact', answers: ['SELECT'] }),
      spec({ type: 'numeric', value: '1 1/2', form: 'simplest' }),
      spec({ type: 'numeric', value: 15, unit: 'cm' }),
      spec({ type: 'expression', answer: '(x+1)^2', variables: ['x'] }),
      spec({ type: 'pattern', pattern: String.raw`^SELECT \* FROM users;?$`, display: 'SELECT * FROM users;' }),
    ];
    for (const s of specs) expect(grade(s, answerText(s)).verdict, answerText(s)).toBe('correct');
  });
});

describe('forms learners write, found by the unit tests', () => {
  it('does not accept "five over zero" as 5', () => {
    const five = spec({ type: 'numeric', value: 5 });
    expect(verdict(five, 'five over zero')).not.toBe('correct');
    expect(verdict(five, 'five divided by zero')).not.toBe('correct');
  });

  it('accepts an answer exactly at the edge of the tolerance, on either side', () => {
    const pi = spec({ type: 'numeric', value: 3.14, tolerance: 0.01 });
    expect(verdict(pi, '3.15')).toBe('correct');
    expect(verdict(pi, '3.13')).toBe('correct');
    const tenth = spec({ type: 'numeric', value: 0.3, tolerance: 0.1 });
    expect(verdict(tenth, '0.2')).toBe('correct');
    expect(verdict(tenth, '0.4')).toBe('correct');
  });

  it('reads superscript powers as powers', () => {
    const square = spec({ type: 'expression', answer: '(x+1)^2', variables: ['x'] });
    expect(verdict(square, 'x²+2x+1')).toBe('correct');
    expect(verdict(square, '(x+1)²')).toBe('correct');
    expect(verdict(square, '(x+1)³')).toBe('incorrect');
  });

  it('reads a variable next to a bracket as multiplication', () => {
    const product = spec({ type: 'expression', answer: 'x*y + x', variables: ['x', 'y'] });
    expect(verdict(product, 'x(y+1)')).toBe('correct');
    const quadratic = spec({ type: 'expression', answer: 'x^2 + x', variables: ['x'] });
    expect(verdict(quadratic, 'x(x+1)')).toBe('correct');
    expect(verdict(quadratic, 'x(x+2)')).toBe('incorrect');
  });

  it('accepts a choice typed as the label the learner is shown ("b) London")', () => {
    const cities = spec({ type: 'choice', options: ['Paris', 'London', 'Rome'], correct: 'London' });
    expect(verdict(cities, 'b) London')).toBe('correct');
    expect(verdict(cities, '(b) London')).toBe('correct');
    expect(verdict(cities, 'a) Paris')).toBe('incorrect');
    expect(verdict(cities, answerText(cities))).toBe('correct');
  });

  it('writes a decimal answer as a decimal, not as an unfamiliar fraction', () => {
    expect(answerText(spec({ type: 'numeric', value: 3.14, tolerance: 0.01 }))).toBe('3.14');
    expect(answerText(spec({ type: 'numeric', value: 0.333, tolerance: 0.001 }))).toBe('0.333');
    expect(answerText(spec({ type: 'numeric', value: 12.75 }))).toBe('12.75');
  });
});

describe('numeric: thousands and currency on an item with no unit', () => {
  const fee = spec({ type: 'numeric', value: 2750 });

  it.each(['2750', '2,750', '2 750', '£2750', '£2,750', '$ 2 750', '2750€', '2750 €', '2,750 pounds', '2750 dollars', 'GBP 2750', "it's £2,750"])(
    'accepts %j for 2750',
    (answer) => {
      expect(grade(fee, answer)).toEqual({ verdict: 'correct' });
    },
  );

  it('refuses a different amount, whatever the currency', () => {
    expect(grade(fee, '£275')).toEqual({ verdict: 'incorrect' });
    expect(grade(fee, '2.750')).toEqual({ verdict: 'incorrect' });
    expect(grade(fee, '2 7500')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
  });

  it('keeps a decimal comma a decimal comma', () => {
    const share = spec({ type: 'numeric', value: 0.625 });
    expect(verdict(share, '0,625')).toBe('correct');
    expect(verdict(share, '625')).toBe('incorrect');
  });

  it('does not read "2.75k" as 2750 (no multiplier suffixes)', () => {
    expect(verdict(fee, '2.75k')).toBe('incorrect');
  });
});

describe('numeric: unit "%"', () => {
  const turnout = spec({ type: 'numeric', value: 64, unit: '%' });

  it.each(['64', '64%', '64 %', '64 percent', '64 per cent', 'sixty-four percent', 'sixty four per cent', 'the answer is 64%'])(
    'accepts %j for 64%',
    (answer) => {
      expect(grade(turnout, answer)).toEqual({ verdict: 'correct' });
    },
  );

  it('does not accept the proportion written as a decimal or a fraction', () => {
    expect(grade(turnout, '0.64')).toEqual({ verdict: 'incorrect' });
    expect(grade(turnout, '16/25')).toEqual({ verdict: 'incorrect' });
    expect(grade(turnout, '0.64%')).toEqual({ verdict: 'incorrect' });
  });

  it('refuses another number and another unit', () => {
    expect(grade(turnout, '46%')).toEqual({ verdict: 'incorrect' });
    expect(grade(turnout, '64 kg')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
    expect(grade(turnout, '£64')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
  });

  it('accepts "percent" spelt out as the unit, and a value written with its sign', () => {
    expect(verdict(spec({ type: 'numeric', value: 64, unit: 'percent' }), '64%')).toBe('correct');
    const signed = spec({ type: 'numeric', value: '64%', unit: '%' });
    expect(verdict(signed, '64')).toBe('correct');
    expect(verdict(signed, '64%')).toBe('correct');
    expect(verdict(signed, '0.64')).toBe('incorrect');
  });

  it('works with a tolerance and with forms', () => {
    const rate = spec({ type: 'numeric', value: 12.5, unit: '%', tolerance: 0.05 });
    expect(verdict(rate, '12.5%')).toBe('correct');
    expect(verdict(rate, '12.54 %')).toBe('correct');
    expect(verdict(rate, '12.6%')).toBe('incorrect');
    const asDecimal = spec({ type: 'numeric', value: 12.5, unit: '%', form: 'decimal' });
    expect(grade(asDecimal, '12.5%')).toEqual({ verdict: 'correct' });
    expect(grade(asDecimal, '25/2 %')).toEqual({ verdict: 'partial', note: 'not-a-decimal' });
    const asFraction = spec({ type: 'numeric', value: '25/2', unit: '%', form: 'simplest' });
    expect(grade(asFraction, '25/2%')).toEqual({ verdict: 'correct' });
    expect(grade(asFraction, '50/4 %')).toEqual({ verdict: 'partial', note: 'not-simplest' });
    expect(grade(asFraction, '12.5%')).toEqual({ verdict: 'partial', note: 'not-a-fraction' });
    for (const s of [rate, asDecimal, asFraction]) expect(grade(s, answerText(s)), answerText(s)).toEqual({ verdict: 'correct' });
  });

  it('without unit "%", a proportion still accepts the percentage', () => {
    const proportion = spec({ type: 'numeric', value: 0.64 });
    expect(verdict(proportion, '64%')).toBe('correct');
    expect(verdict(proportion, '0.64')).toBe('correct');
    expect(verdict(proportion, '64')).toBe('incorrect');
  });

  it('compares misconception answers in percent too', () => {
    expect(sameAnswer(turnout, '36%', 36)).toBe(true);
    expect(sameAnswer(turnout, '0.36', 36)).toBe(false);
  });
});

describe('numeric: a currency unit', () => {
  const price = spec({ type: 'numeric', value: 4.8, unit: '£' });

  it.each(['4.80', '4.8', '£4.80', '£ 4.80', '4.80£', '4.80 £', '4.80 GBP', 'GBP 4.80', 'gbp4.80', '4.80 pounds', '480p', '480 pence', "it's £4.80"])(
    'accepts %j for £4.80',
    (answer) => {
      expect(grade(price, answer)).toEqual({ verdict: 'correct' });
    },
  );

  it('marks another currency as the wrong unit', () => {
    expect(grade(price, '$4.80')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
    expect(grade(price, '€4.80')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
    expect(grade(price, '4.80 USD')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
    expect(grade(price, '4.80 euros')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
    expect(grade(price, '480 cents')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
    expect(grade(price, '4.80 kg')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
    expect(grade(price, '4.8%')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
  });

  it('marks a wrong amount in the right currency incorrect', () => {
    expect(grade(price, '£4.08')).toEqual({ verdict: 'incorrect' });
    expect(grade(price, '48p')).toEqual({ verdict: 'incorrect' });
  });

  it('takes an ISO code as the unit just like the symbol', () => {
    const fare = spec({ type: 'numeric', value: 1350, unit: 'EUR' });
    expect(verdict(fare, '€1,350')).toBe('correct');
    expect(verdict(fare, '1 350 euros')).toBe('correct');
    expect(verdict(fare, '1350 EUR')).toBe('correct');
    expect(verdict(fare, '1350')).toBe('correct');
    expect(grade(fare, '£1350')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
    const dollars = spec({ type: 'numeric', value: 0.35, unit: 'USD' });
    expect(verdict(dollars, '35 cents')).toBe('correct');
    expect(verdict(dollars, '35¢')).toBe('correct');
    expect(verdict(dollars, '$0.35')).toBe('correct');
  });

  it('writes the answer with the symbol before the amount, or the code after it', () => {
    expect(answerText(price)).toBe('£4.8');
    expect(answerText(spec({ type: 'numeric', value: 1350, unit: 'EUR' }))).toBe('1350 EUR');
    expect(answerText(spec({ type: 'numeric', value: 64, unit: '%' }))).toBe('64%');
    for (const s of [price, spec({ type: 'numeric', value: 1350, unit: 'EUR' }), spec({ type: 'numeric', value: 64, unit: '%' })]) {
      expect(verdict(s, answerText(s))).toBe('correct');
    }
  });

  it('still converts measures, and a currency is no measure', () => {
    const mass = spec({ type: 'numeric', value: 2, unit: 'kg' });
    expect(verdict(mass, '2000 g')).toBe('correct');
    expect(grade(mass, '£2')).toEqual({ verdict: 'incorrect', note: 'wrong-unit' });
  });
});

describe('numeric: form decimal', () => {
  const fifth = spec({ type: 'numeric', value: '3/8', form: 'decimal' });

  it.each(['0.375', '.375', '0,375', 'zero point three seven five', "it's 0.375"])('accepts %j', (answer) => {
    expect(grade(fifth, answer)).toEqual({ verdict: 'correct' });
  });

  it.each(['3/8', '6/16', 'three eighths', '37.5%', '37.5 percent'])('marks %j partial (not-a-decimal)', (answer) => {
    expect(grade(fifth, answer)).toEqual({ verdict: 'partial', note: 'not-a-decimal' });
  });

  it('marks a fraction in words or a mixed number partial', () => {
    const twoAndAHalf = spec({ type: 'numeric', value: 2.5, form: 'decimal' });
    expect(grade(twoAndAHalf, '2.5')).toEqual({ verdict: 'correct' });
    expect(grade(twoAndAHalf, 'two point five')).toEqual({ verdict: 'correct' });
    expect(grade(twoAndAHalf, '2 1/2')).toEqual({ verdict: 'partial', note: 'not-a-decimal' });
    expect(grade(twoAndAHalf, 'two and a half')).toEqual({ verdict: 'partial', note: 'not-a-decimal' });
    expect(grade(twoAndAHalf, '5/2')).toEqual({ verdict: 'partial', note: 'not-a-decimal' });
  });

  it('marks a wrong value incorrect, not partial', () => {
    expect(grade(fifth, '3/5')).toEqual({ verdict: 'incorrect' });
    expect(grade(fifth, '0.38')).toEqual({ verdict: 'incorrect' });
  });

  it('writes the answer as a decimal the checker accepts', () => {
    expect(answerText(fifth)).toBe('0.375');
    const third = spec({ type: 'numeric', value: '1/3', form: 'decimal', tolerance: 0.005 });
    expect(answerText(third)).toBe('0.33');
    // A value with a short decimal is written exactly, however wide the tolerance.
    expect(answerText(spec({ type: 'numeric', value: 4.8, form: 'decimal', tolerance: 0.5 }))).toBe('4.8');
    const exactThird = spec({ type: 'numeric', value: '1/3', form: 'decimal' });
    for (const s of [fifth, third, exactThird]) expect(grade(s, answerText(s))).toEqual({ verdict: 'correct' });
  });

  it('is refused by the schema when misspelt, with the forms to choose from', () => {
    const result = answerSchema.safeParse({ type: 'numeric', value: 1, form: 'decimals' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/any, fraction, simplest or decimal/);
  });
});

describe('numeric: the form a prompt asks for (numericForm)', () => {
  const twoFifths = spec({ type: 'numeric', value: '2/5' });

  it('leaves form out of the parsed spec when the author did not write one', () => {
    expect(twoFifths.type === 'numeric' && twoFifths.form).toBeUndefined();
  });

  it('wants the simplest form when the prompt asks to simplify and form is not given', () => {
    const prompt = 'Simplify 18/45 as far as it will go.';
    expect(grade(twoFifths, '6/15', prompt)).toEqual({ verdict: 'partial', note: 'not-simplest' });
    expect(grade(twoFifths, '2/5', prompt)).toEqual({ verdict: 'correct' });
    expect(grade(twoFifths, '0.4', prompt)).toEqual({ verdict: 'partial', note: 'not-a-fraction' });
    // Without the prompt (or with another prompt) the item accepts any form, as before.
    expect(grade(twoFifths, '6/15')).toEqual({ verdict: 'correct' });
    expect(grade(twoFifths, '6/15', 'What is 18/45 as a fraction with denominator 15?')).toEqual({ verdict: 'correct' });
  });

  it.each([
    'Simplify 18/45.',
    'SIMPLIFY 18/45',
    'Write 18/45 in its simplest form.',
    'Give 18/45 in lowest terms.',
    'Write the fraction in its lowest form.',
    'Reduce 18/45.',
    'Reduce the fraction 18/45 fully.',
    'Reduce each fraction.',
    'Write 18/45 as a fully reduced fraction.',
    'Give the answer as a reduced fraction.',
    'What is 18/45 simplified?',
  ])('reads %j as asking for the simplest form', (prompt) => {
    expect(numericForm(twoFifths as NumericSpec, prompt)).toBe('simplest');
  });

  it.each([
    'What is 18/45 as a decimal?',
    'A £45 coat is reduced by 1/5. What does it cost now?',
    'The price was reduced by 20%. What is the new price?',
    'How many 1/4-litre cups fill a 2-litre jug?',
  ])('reads %j as asking for no particular form', (prompt) => {
    expect(numericForm(twoFifths as NumericSpec, prompt)).toBe('any');
  });

  it('lets an explicit form win over the prompt', () => {
    const anyForm = spec({ type: 'numeric', value: '2/5', form: 'any' });
    expect(numericForm(anyForm as NumericSpec, 'Simplify 18/45.')).toBe('any');
    expect(grade(anyForm, '6/15', 'Simplify 18/45.')).toEqual({ verdict: 'correct' });
    const fraction = spec({ type: 'numeric', value: '2/5', form: 'fraction' });
    expect(numericForm(fraction as NumericSpec, 'Simplify 18/45.')).toBe('fraction');
    expect(numericForm(fraction as NumericSpec)).toBe('fraction');
  });

  it('gives "any" when there is neither a form nor a prompt', () => {
    expect(numericForm(twoFifths as NumericSpec)).toBe('any');
  });
});

describe('pattern: match whole or anywhere', () => {
  const query = spec({ type: 'pattern', pattern: String.raw`select\s+title\s+from\s+books`, display: 'SELECT title FROM books' });

  it.each([
    'SELECT title FROM books',
    'select title from books;',
    '  SELECT title FROM books ;  ',
    '`SELECT title FROM books;`',
    '"SELECT title FROM books"',
    "'select title from books';",
    '```sql\nSELECT title FROM books;\n```',
    'I think it is SELECT title FROM books',
  ])('accepts the whole answer %j', (answer) => {
    expect(grade(query, answer)).toEqual({ verdict: 'correct' });
  });

  it.each([
    "I don't know, select title from books",
    'SELECT title FROM books WHERE 1=0',
    'SELECT title FROM books; DROP TABLE books',
    'SELECT title FROM booksellers',
    'not SELECT title FROM books',
  ])('no longer accepts %j, which only contains a match', (answer) => {
    expect(grade(query, answer)).toEqual({ verdict: 'incorrect' });
  });

  it('with match: anywhere, a match inside the answer is enough, as before', () => {
    const loose = spec({ type: 'pattern', pattern: String.raw`select\s+title\s+from\s+books`, display: 'SELECT title FROM books', match: 'anywhere' });
    expect(verdict(loose, "I don't know, select title from books")).toBe('correct');
    expect(verdict(loose, 'SELECT author FROM books')).toBe('incorrect');
  });

  it('keeps an anchored pattern working, and whole matching holds under the m flag', () => {
    const anchored = spec({ type: 'pattern', pattern: String.raw`^\s*select\s+title\s+from\s+books\s*;?\s*$`, display: 'SELECT title FROM books;' });
    expect(verdict(anchored, 'SELECT title FROM books;')).toBe('correct');
    const multiline = spec({ type: 'pattern', pattern: String.raw`select\s+title\s+from\s+books`, flags: 'im', display: 'SELECT title FROM books' });
    expect(verdict(multiline, 'SELECT title FROM books')).toBe('correct');
    expect(verdict(multiline, 'hmm\nSELECT title FROM books\nor not')).toBe('incorrect');
  });

  it('matches the whole answer even when the pattern has alternatives', () => {
    const either = spec({ type: 'pattern', pattern: 'asc|ascending', display: 'ASC' });
    expect(verdict(either, 'ascending')).toBe('correct');
    expect(verdict(either, 'asc')).toBe('correct');
    expect(verdict(either, 'ascend')).toBe('incorrect');
  });

  it('keeps quotes and a semicolon the pattern asks for', () => {
    const literal = spec({ type: 'pattern', pattern: `'Oslo';`, flags: '', display: "'Oslo';" });
    expect(verdict(literal, "'Oslo';")).toBe('correct');
  });

  it('refuses an unknown match mode with the modes to choose from', () => {
    const result = answerSchema.safeParse({ type: 'pattern', pattern: 'x', display: 'x', match: 'partial' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/"whole".*"anywhere"/);
  });
});

describe('partial credit the author foresaw', () => {
  const query = spec({
    type: 'pattern',
    pattern: String.raw`select\s+title\s+from\s+books\s+where\s+year\s*<\s*1900`,
    display: 'SELECT title FROM books WHERE year < 1900',
    partial: [
      { pattern: String.raw`select\s+\*\s+from\s+books\s+where\s+year\s*<\s*1900`, feedback: 'Right rows. Which column does the question ask for?' },
      { pattern: String.raw`select\s+title\s+from\s+books`, feedback: 'Right column. Which books does the question want?' },
    ],
  });

  it('grades a listed near miss partial, with its feedback', () => {
    expect(grade(query, 'SELECT * FROM books WHERE year < 1900;')).toEqual({
      verdict: 'partial',
      note: 'author-partial',
      feedback: 'Right rows. Which column does the question ask for?',
    });
    expect(grade(query, 'select title from books')).toEqual({ verdict: 'partial', note: 'author-partial', feedback: 'Right column. Which books does the question want?' });
  });

  it('prefers correct to partial, and leaves other answers incorrect', () => {
    expect(grade(query, 'SELECT title FROM books WHERE year < 1900;')).toEqual({ verdict: 'correct' });
    expect(grade(query, 'SELECT title FROM authors')).toEqual({ verdict: 'incorrect' });
    // A near-miss pattern matches the whole answer too, not a piece of it.
    expect(grade(query, 'SELECT title FROM books ORDER BY year')).toEqual({ verdict: 'incorrect' });
  });

  it('works on exact answers, by listed answers or by a pattern', () => {
    const capital = spec({
      type: 'exact',
      answers: ['Canberra'],
      partial: [
        { answers: ['Sydney', 'Melbourne'], feedback: 'That is a big city. Is it where the parliament sits?' },
        { pattern: 'canb[a-z]*', feedback: 'Nearly: check the spelling.' },
      ],
    });
    expect(grade(capital, 'canberra.')).toEqual({ verdict: 'correct' });
    expect(grade(capital, 'sydney')).toEqual({ verdict: 'partial', note: 'author-partial', feedback: 'That is a big city. Is it where the parliament sits?' });
    expect(grade(capital, 'Canbera')).toEqual({ verdict: 'partial', note: 'author-partial', feedback: 'Nearly: check the spelling.' });
    expect(grade(capital, 'Perth')).toEqual({ verdict: 'incorrect' });
  });

  it('is checked by the schema: strict fields, one way to recognise the near miss, a valid pattern', () => {
    const problems = (raw: unknown) => {
      const result = answerSchema.safeParse(raw);
      return result.success ? [] : result.error.issues.map((i) => i.message);
    };
    expect(problems({ type: 'exact', answers: ['a'], partial: [{ answers: ['b'], pattern: 'b', feedback: 'f' }] }).join()).toMatch(/either "answers" or "pattern"/);
    expect(problems({ type: 'exact', answers: ['a'], partial: [{ feedback: 'f' }] }).join()).toMatch(/either "answers" or "pattern"/);
    expect(problems({ type: 'pattern', pattern: 'a', display: 'a', partial: [{ pattern: '(b', feedback: 'f' }] }).join()).toMatch(/not a valid regular expression/);
    expect(problems({ type: 'pattern', pattern: 'a', display: 'a', partial: [{ pattern: 'b' }] })).not.toEqual([]);
    expect(problems({ type: 'pattern', pattern: 'a', display: 'a', partial: [{ pattern: 'b', feedback: 'f', hint: 'h' }] })).not.toEqual([]);
    expect(problems({ type: 'pattern', pattern: 'a', display: 'a', partial: [] }).join()).toMatch(/leave "partial" out/);
    expect(problems({ type: 'pattern', pattern: 'a', display: 'a', partial: [{ pattern: 'b', feedback: 'f' }] })).toEqual([]);
  });
});

describe('the bundled packs under the new checkers', () => {
  const { curriculum } = loadCurriculum(resolve(import.meta.dirname, '../../curriculum'));
  const items = [...curriculum.packs.values()].flatMap((p) => [...p.items.values()]);

  it('has pattern items to check', () => {
    expect(items.some((i) => i.answer.type === 'pattern')).toBe(true);
  });

  it('grades every pattern item\'s display answer correct when the whole answer must match', () => {
    for (const item of items) {
      if (item.answer.type !== 'pattern') continue;
      expect(item.answer.match, item.id).toBeUndefined();
      expect(grade(item.answer, item.answer.display, item.prompt).verdict, item.id).toBe('correct');
    }
  });

  it('grades every item\'s own answer correct, with its prompt', () => {
    for (const item of items) {
      expect(grade(item.answer, answerText(item.answer, item.prompt), item.prompt).verdict, item.id).toBe('correct');
      expect(grade(item.answer, exampleAnswer(item.answer, item.prompt), item.prompt).verdict, item.id).toBe('correct');
    }
  });
});
