// The answer checkers: is what the learner wrote the item's answer? One section per checker type.
import { describe, it, expect } from 'vitest';
import { answerText, chosenOption, grade, sameAnswer } from '../../src/curriculum/answers.ts';
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
