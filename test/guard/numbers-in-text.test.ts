// Numbers as the guard reads them inside tutor replies: where each stands, thousands, and scales in words.
import { describe, expect, it } from 'vitest';
import { findNumbers, numberMentions } from '../../src/curriculum/numbers.ts';

const values = (text: string) => findNumbers(text).map((n) => n.value);

describe('numberMentions', () => {
  it('gives each number its place in the folded text', () => {
    const { text, mentions } = numberMentions('So ¾ of 1,200 is nine hundred.');
    expect(mentions.map((m) => [m.value, text.slice(m.start, m.end)])).toEqual([
      [0.75, '3/4'],
      [1200, '1,200'],
      [900, 'nine hundred'],
    ]);
  });

  it('agrees with findNumbers', () => {
    const text = 'Is it 3/4 or 0.5, or two thirds?';
    expect(numberMentions(text).mentions.map((m) => m.value)).toEqual(values(text));
  });
});

describe('large numbers', () => {
  it('reads several thousands groups and a decimal after them', () => {
    expect(values('10,000,000 people and $1,628.89')).toEqual([10_000_000, 1628.89]);
  });

  it('keeps a decimal comma and a single thousands group as before', () => {
    expect(values('0,5 and 2,024')).toEqual([0.5, 2024]);
  });

  it('reads thousands and millions in words', () => {
    expect(values('two thousand five hundred steps')).toEqual([2500]);
    expect(values('a thousand and one nights')).toEqual([1001]);
    expect(values('ten thousand')).toEqual([10_000]);
    expect(values('three million')).toEqual([3_000_000]);
  });

  it('leaves a dangling "and" out of the number', () => {
    expect(values('one hundred and then some')).toEqual([100]);
  });
});
