// Reading numbers the way learners write them: what the numeric checker and the answer guard rely on.
import { describe, it, expect } from 'vitest';
import { currencyCode, findNumbers, foldNumerals, readNumber } from '../../src/curriculum/numbers.ts';

describe('readNumber: the forms learners write', () => {
  it.each([
    ['1/2', 0.5, 'fraction'],
    ['0.5', 0.5, 'decimal'],
    ['.5', 0.5, 'decimal'],
    ['½', 0.5, 'fraction'],
    ['¾', 0.75, 'fraction'],
    ['one half', 0.5, 'words'],
    ['a half', 0.5, 'words'],
    ['50%', 0.5, 'percent'],
    ['75 percent', 0.75, 'percent'],
    ['75 per cent', 0.75, 'percent'],
    ['seventy five percent', 0.75, 'percent'],
    ['1 1/2', 1.5, 'mixed'],
    ['1 ½', 1.5, 'mixed'],
    ['three quarters', 0.75, 'words'],
    ['three fifths', 0.6, 'words'],
    ['3 over 4', 0.75, 'fraction'],
    ['3 out of 4', 0.75, 'fraction'],
    ['3 divided by 4', 0.75, 'fraction'],
    ['3 ÷ 4', 0.75, 'fraction'],
    ['3⁄4', 0.75, 'fraction'],
    ['3 / 4', 0.75, 'fraction'],
    ['٣/٤', 0.75, 'fraction'],
    ['۳/۴', 0.75, 'fraction'],
    ['４', 4, 'integer'],
    ['१२', 12, 'integer'],
    ['0,75', 0.75, 'decimal'],
    ['1,5', 1.5, 'decimal'],
    ['two and a half', 2.5, 'words'],
    ['one and three quarters', 1.75, 'words'],
    ['zero point five', 0.5, 'words'],
    ['twenty-five', 25, 'words'],
    ['nine hundred and ninety nine', 999, 'words'],
  ] as const)('reads %j as %d (%s)', (text, value, form) => {
    const reading = readNumber(text);
    expect(reading).toBeDefined();
    expect(reading?.value).toBeCloseTo(value, 12);
    expect(reading?.form).toBe(form);
    expect(reading?.rest).toBe('');
  });

  it('reads "two thirds" as 2/3 and keeps the written fraction', () => {
    const reading = readNumber('two thirds');
    expect(reading?.value).toBeCloseTo(2 / 3, 12);
    expect(reading?.written).toEqual({ numerator: 2, denominator: 3 });
  });

  it('keeps the fraction as written, not reduced', () => {
    expect(readNumber('6/8')?.written).toEqual({ numerator: 6, denominator: 8 });
    expect(readNumber('6/8')?.value).toBe(0.75);
    expect(readNumber('six eighths')?.written).toEqual({ numerator: 6, denominator: 8 });
    expect(readNumber('1 2/4')?.written).toEqual({ numerator: 2, denominator: 4 });
    expect(readNumber('1 2/4')?.value).toBe(1.5);
  });

  it('records no written fraction for decimals and percentages', () => {
    expect(readNumber('0.75')?.written).toBeUndefined();
    expect(readNumber('75%')?.written).toBeUndefined();
  });

  it('reads "1,000" as a thousand, not as a decimal comma', () => {
    expect(readNumber('1,000')?.value).toBe(1000);
    expect(readNumber('12,345')?.value).toBe(12345);
    // Two digits or four after the comma are a decimal comma.
    expect(readNumber('0,75')?.value).toBe(0.75);
    expect(readNumber('1,2345')?.value).toBe(1.2345);
  });

  it('separates a unit after the number', () => {
    expect(readNumber('15 cm')).toMatchObject({ value: 15, form: 'integer', rest: 'cm' });
    expect(readNumber('12.5kg')).toMatchObject({ value: 12.5, form: 'decimal', rest: 'kg' });
    expect(readNumber('3 1/2 cm')).toMatchObject({ value: 3.5, form: 'mixed', rest: 'cm' });
    expect(readNumber('½ cup')).toMatchObject({ value: 0.5, rest: 'cup' });
    expect(readNumber('15 CM')?.rest).toBe('cm');
  });

  it('reads negative numbers, including the typographic minus sign', () => {
    expect(readNumber('-3')).toMatchObject({ value: -3, form: 'integer' });
    expect(readNumber('−2')).toMatchObject({ value: -2, form: 'integer' });
    expect(readNumber('–2')?.value).toBe(-2);
    expect(readNumber('-0.5')?.value).toBe(-0.5);
    expect(readNumber('-0,5')?.value).toBe(-0.5);
    expect(readNumber('-1/2')?.value).toBe(-0.5);
    expect(readNumber('-1 1/2')?.value).toBe(-1.5);
  });

  it('ignores surrounding spaces, case and final punctuation', () => {
    expect(readNumber('  3/4  ')?.value).toBe(0.75);
    expect(readNumber('3/4!')).toMatchObject({ value: 0.75, rest: '' });
    expect(readNumber('0.75.')).toMatchObject({ value: 0.75, rest: '' });
    expect(readNumber('Three Quarters?')?.value).toBe(0.75);
  });

  it.each(['banana', '', '   ', 'NaN', 'Infinity', 'minus three', 'x'])('returns undefined for junk %j', (text) => {
    expect(readNumber(text)).toBeUndefined();
  });

  it.each(['3/0', '0/0', '1 1/0', '1 0/0', '3 over 0', '3 divided by 0'])('returns undefined for division by zero %j', (text) => {
    expect(readNumber(text)).toBeUndefined();
  });

  it('keeps what follows a number so that "3/4/5" is not read as plain 3/4', () => {
    expect(readNumber('3/4/5')?.rest).not.toBe('');
    expect(readNumber('1.5.2')?.rest).not.toBe('');
  });
});

describe('foldNumerals', () => {
  it('turns other scripts\' digits, full-width digits and fraction slashes into ASCII', () => {
    expect(foldNumerals('٣/٤')).toBe('3/4');
    expect(foldNumerals('۵')).toBe('5');
    expect(foldNumerals('४२')).toBe('42');
    expect(foldNumerals('４２')).toBe('42');
    expect(foldNumerals('3⁄4')).toBe('3/4');
    expect(foldNumerals('3∕4')).toBe('3/4');
    expect(foldNumerals('3÷4')).toBe('3/4');
  });

  it('turns minus signs and en dashes into hyphen-minus', () => {
    expect(foldNumerals('−2')).toBe('-2');
    expect(foldNumerals('–2')).toBe('-2');
  });

  it('leaves ordinary text alone', () => {
    expect(foldNumerals('What is half of 8?')).toBe('What is half of 8?');
  });
});

describe('findNumbers: numbers inside a sentence', () => {
  const values = (text: string) => findNumbers(text).map((n) => n.value);

  it('finds fractions and decimals in a question', () => {
    expect(values('Is it 3/4 or 0.5?')).toEqual([0.75, 0.5]);
  });

  it('reads a mixed number as one number, not as a whole and a fraction', () => {
    const found = findNumbers('3/4 and 1 1/2');
    expect(found.map((n) => n.value).sort()).toEqual([0.75, 1.5]);
    expect(found.find((n) => n.value === 1.5)?.form).toBe('mixed');
  });

  it('finds percentages as their value', () => {
    expect(values('It is 50% of 1 1/2').sort()).toEqual([0.5, 1.5]);
  });

  it('finds number words and fractions in words', () => {
    expect(values('one half, two thirds and three quarters')).toEqual([0.5, 2 / 3, 0.75]);
    expect(values('a third of a cake')).toEqual([1 / 3]);
    expect(values('an eighth')).toEqual([0.125]);
    expect(values('a half and two thirds')).toEqual([0.5, 2 / 3]);
  });

  it('finds whole numbers separated by punctuation', () => {
    expect(values('Cut it into 4 pieces; take 3.')).toEqual([4, 3]);
    expect(values('I have 2 apples, 3 pears')).toEqual([2, 3]);
  });

  it('reads a thousands separator and a decimal comma in running text', () => {
    expect(values('The year 2,024 or 0,5')).toEqual([2024, 0.5]);
    expect(values('half of 1,358')).toEqual([1358]);
  });

  it('finds numbers written in other scripts', () => {
    expect(values('٣/٤ of ４ apples')).toEqual([0.75, 4]);
  });

  it('finds negative numbers', () => {
    expect(values('-3 and −4')).toEqual([-3, -4]);
  });

  it('does not count a bare "half": it is too common a word', () => {
    expect(values('I ate half the pie')).toEqual([]);
    expect(values('half and half')).toEqual([]);
    expect(values('half of 14')).toEqual([14]);
  });

  it('does not count the article "a" or "an" as one', () => {
    expect(values('a cat and a dog')).toEqual([]);
    expect(values('I have a dog')).toEqual([]);
    expect(values('an apple')).toEqual([]);
  });

  it('still counts "a half" and "one half" as a half', () => {
    expect(values('Think about a half.')).toEqual([0.5]);
    expect(values('one half of 10').sort((a, b) => a - b)).toEqual([0.5, 10]);
  });

  it('does not find a number inside a word', () => {
    expect(values('someone')).toEqual([]);
    expect(values('Is it often so?')).toEqual([]);
  });

  it('finds nothing in a division by zero', () => {
    expect(values('3/0')).toEqual([]);
  });

  it('reports no trailing text for numbers found in a sentence', () => {
    for (const n of findNumbers('It is 15 cm long and 3/4 full')) expect(n.rest).toBe('');
  });
});

describe('"one" as a pronoun', () => {
  it('is not the number 1 in "which one", "the one", "one of them"', () => {
    expect(findNumbers('Which one is bigger? The one on the left, or one of the others?')).toEqual([]);
    expect(findNumbers('one more and one half').map((n) => n.value)).toEqual([1, 0.5]);
  });
});

describe('readNumber: thousands separators and decimal commas', () => {
  it.each([
    ['2,750', 2750, 'integer'],
    ['2 750', 2750, 'integer'],
    ['48 000 000', 48_000_000, 'integer'],
    ['3 250.5', 3250.5, 'decimal'],
    ['3 250,5', 3250.5, 'decimal'],
    ['-4 096', -4096, 'integer'],
    ['0,750', 0.75, 'decimal'],
    ['-0,125', -0.125, 'decimal'],
    [',250', 0.25, 'decimal'],
    ['2,7500', 2.75, 'decimal'],
    ['2,75', 2.75, 'decimal'],
  ] as const)('reads %j as %d (%s)', (text, value, form) => {
    expect(readNumber(text)).toMatchObject({ value, form, rest: '' });
  });

  it('takes a space as a separator only before exactly three digits', () => {
    expect(readNumber('2 7500')).toMatchObject({ value: 2, rest: '7500' });
    expect(readNumber('2 75')).toMatchObject({ value: 2, rest: '75' });
    // A mixed number is still a mixed number.
    expect(readNumber('2 750/1000')).toMatchObject({ value: 2.75, form: 'mixed' });
  });

  it('keeps a unit after a space-grouped number', () => {
    expect(readNumber('6 400 km')).toMatchObject({ value: 6400, rest: 'km' });
  });

  it('does not join numbers across a space in running text', () => {
    expect(findNumbers('run 3 100 metre laps').map((n) => n.value)).toEqual([3, 100]);
  });
});

describe('readNumber: currencies', () => {
  it.each([
    ['£2750', 2750, 'GBP'],
    ['$ 2,750', 2750, 'USD'],
    ['€2 750.50', 2750.5, 'EUR'],
    ['¥980', 980, 'JPY'],
    ['₹ 340', 340, 'INR'],
    ['US$12', 12, 'USD'],
    ['gbp 70', 70, 'GBP'],
    ['EUR 3.20', 3.2, 'EUR'],
    ['-£8', -8, 'GBP'],
    ['£-8', -8, 'GBP'],
    ['£ four', 4, 'GBP'],
    ['＄15', 15, 'USD'],
  ] as const)('reads %j as %d with currency %s', (text, value, currency) => {
    expect(readNumber(text)).toMatchObject({ value, currency, rest: '' });
  });

  it('leaves a currency after the number in rest, as a unit', () => {
    expect(readNumber('2750 €')).toMatchObject({ value: 2750, rest: '€' });
    expect(readNumber('12 dollars')).toMatchObject({ value: 12, rest: 'dollars' });
    expect(readNumber('12 dollars')?.currency).toBeUndefined();
  });

  it('does not take a word that starts like a code for the code', () => {
    expect(readNumber('usda 5')).toBeUndefined();
  });

  it('names the currency of a symbol, a code or a word', () => {
    expect(currencyCode('£')).toBe('GBP');
    expect(currencyCode('gbp')).toBe('GBP');
    expect(currencyCode('Pounds')).toBe('GBP');
    expect(currencyCode('€')).toBe('EUR');
    expect(currencyCode('euros')).toBe('EUR');
    expect(currencyCode('$')).toBe('USD');
    expect(currencyCode('kg')).toBeUndefined();
    expect(currencyCode('')).toBeUndefined();
  });
});

describe('readNumber: "per cent" in words', () => {
  it('reads "forty per cent" as a percentage, like "forty percent"', () => {
    expect(readNumber('forty per cent')).toMatchObject({ value: 0.4, form: 'percent', rest: '' });
    expect(readNumber('forty percent')).toMatchObject({ value: 0.4, form: 'percent', rest: '' });
  });
});
