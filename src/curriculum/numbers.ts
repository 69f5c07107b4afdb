// Reads numbers the way learners write them: "3/4", "0.75", "75%", "¾", "1 1/2", "three quarters",
// "٣/٤", "0,75", "1,500", "1 500", "£1500". Used by the numeric checker (a whole answer) and by the answer guard
// (numbers inside text).
import { memoized } from '../memo.ts';

export type NumberForm = 'integer' | 'decimal' | 'fraction' | 'mixed' | 'percent' | 'words';

export interface NumberReading {
  value: number;
  /** The fraction as written (not reduced), when it was written as one. */
  written?: { numerator: number; denominator: number };
  form: NumberForm;
  /** Text after the number, e.g. "cm" in "15 cm" or "pounds" in "1500 pounds". */
  rest: string;
  /** The ISO code of a currency written before the number: "GBP" for "£1500" or "GBP 1500". */
  currency?: string;
}

/** Currencies a learner may write with an amount: symbols, ISO codes and words, and the coin worth a hundredth. */
export interface Currency {
  code: string;
  symbols: readonly string[];
  words: readonly string[];
  /** Words and symbols for the hundredth ("p" and "pence" for pounds); not all currencies have one. */
  hundredth: readonly string[];
}

export const CURRENCIES: readonly Currency[] = [
  { code: 'GBP', symbols: ['£'], words: ['pound', 'pounds', 'quid'], hundredth: ['p', 'pence', 'penny', 'pennies'] },
  { code: 'USD', symbols: ['$', 'us$'], words: ['dollar', 'dollars'], hundredth: ['¢', 'c', 'cent', 'cents'] },
  { code: 'EUR', symbols: ['€'], words: ['euro', 'euros'], hundredth: ['c', 'ct', 'cent', 'cents'] },
  { code: 'JPY', symbols: ['¥'], words: ['yen'], hundredth: [] },
  { code: 'INR', symbols: ['₹'], words: ['rupee', 'rupees'], hundredth: ['paisa', 'paise'] },
];

/** The ISO code a currency symbol, code or word stands for ("£", "gbp", "pounds" → "GBP"); undefined for others. */
export function currencyCode(token: string): string | undefined {
  const t = token.normalize('NFKC').trim().toLowerCase();
  if (!t) return undefined;
  return CURRENCIES.find((c) => c.code.toLowerCase() === t || c.symbols.includes(t) || c.words.includes(t))?.code;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// "£1500", "$ 1,500", "-€5", "€-5", "GBP 1500": a symbol or an ISO code before the number.
const LEADING_CURRENCY = new RegExp(
  `^(-?)\\s*(${CURRENCIES.flatMap((c) => [...c.symbols, c.code.toLowerCase()]).sort((a, b) => b.length - a.length).map(escapeRegex).join('|')})(?![a-z])\\s*(?=\\S)`,
);

// Zeros of the decimal digit blocks learners are likely to type in (Arabic-Indic, Persian, Devanagari,
// Bengali, Thai, full-width is handled by NFKC).
const DIGIT_ZEROS = [0x660, 0x6f0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xe50, 0xed0, 0xf20, 0x1040, 0x17e0, 0x1810];

/** Folds the ways numbers are typed into ASCII: NFKC, other scripts' digits, fraction slashes, minus signs. */
export function foldNumerals(text: string): string {
  let out = text.normalize('NFKC');
  out = out.replace(/\p{Nd}/gu, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    for (const zero of DIGIT_ZEROS) if (code >= zero && code <= zero + 9) return String(code - zero);
    return ch;
  });
  return out.replace(/[\u2044\u2215÷]/g, '/').replace(/[\u2212\u2013]/g, '-');
}

// Maps, not object literals: the words are the learner's, and "constructor" or "__proto__" must not be read
// as numbers through what every object inherits.
const wordTable = (entries: Record<string, number>): ReadonlyMap<string, number> => new Map(Object.entries(entries));

const UNITS = wordTable({
  zero: 0, a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
});
const TENS = wordTable({
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
});
export const DENOMINATORS = wordTable({
  half: 2, halves: 2, third: 3, thirds: 3, quarter: 4, quarters: 4, fourth: 4, fourths: 4, fifth: 5,
  fifths: 5, sixth: 6, sixths: 6, seventh: 7, sevenths: 7, eighth: 8, eighths: 8, ninth: 9, ninths: 9,
  tenth: 10, tenths: 10, eleventh: 11, elevenths: 11, twelfth: 12, twelfths: 12, twentieth: 20,
  twentieths: 20, hundredth: 100, hundredths: 100, thousandth: 1000, thousandths: 1000,
});

interface WordsParse {
  value: number;
  written?: { numerator: number; denominator: number };
  used: number;
}

/** A cardinal number below a thousand ("nine hundred ninety nine"), from tokens[at]. */
function belowThousand(tokens: string[], at: number): { value: number; used: number } | undefined {
  let i = at;
  let value = 0;
  let seen = false;
  const hundreds = UNITS.get(tokens[i] ?? '');
  if (hundreds !== undefined && tokens[i + 1] === 'hundred') {
    value = hundreds * 100;
    i += 2;
    seen = true;
    if (tokens[i] === 'and') i += 1;
  } else if (tokens[i] === 'hundred') {
    value = 100;
    i += 1;
    seen = true;
  }
  const tens = TENS.get(tokens[i] ?? '');
  if (tens !== undefined) {
    value += tens;
    i += 1;
    seen = true;
  }
  const unit = UNITS.get(tokens[i] ?? '');
  if (unit !== undefined && !(seen && (tokens[i] === 'a' || tokens[i] === 'an'))) {
    value += unit;
    i += 1;
    seen = true;
  }
  if (!seen) return undefined;
  // "and" was taken for "hundred and five"; give it back when nothing followed it.
  if (tokens[i - 1] === 'and') i -= 1;
  return { value, used: i - at };
}

const SCALES = wordTable({ thousand: 1_000, million: 1_000_000 });

/** Every word this reader takes as (part of) a number: units, tens, scales and fraction words. */
export const NUMBER_WORDS: readonly string[] = [...[...UNITS.keys()].filter((w) => w !== 'a' && w !== 'an'), ...TENS.keys(), 'hundred', ...SCALES.keys(), ...DENOMINATORS.keys()];

/** A cardinal number such as "two thousand five hundred", from tokens[at]. */
function cardinal(tokens: string[], at: number): { value: number; used: number } | undefined {
  const head = belowThousand(tokens, at);
  if (!head) return undefined;
  const scale = SCALES.get(tokens[at + head.used] ?? '');
  // "a thousand" is a number, but the article alone never is.
  if (scale === undefined || head.value === 0) return head;
  let i = at + head.used + 1;
  if (tokens[i] === 'and') i += 1;
  const tail = tokens[i] !== undefined && !(tokens[i] === 'a' || tokens[i] === 'an') ? cardinal(tokens, i) : undefined;
  if (tail && tail.value < scale) return { value: head.value * scale + tail.value, used: i + tail.used - at };
  return { value: head.value * scale, used: head.used + 1 };
}

/** "three quarters", "two and a half", "zero point five", "three over four". */
function numberWords(tokens: string[], at: number): WordsParse | undefined {
  const whole = cardinal(tokens, at);
  if (!whole) {
    const only = tokens[at];
    if (only === 'half') return { value: 0.5, written: { numerator: 1, denominator: 2 }, used: 1 };
    return undefined;
  }
  let i = at + whole.used;
  const next = tokens[i];
  const ordinal = DENOMINATORS.get(next ?? '');
  if (ordinal !== undefined) {
    return { value: whole.value / ordinal, written: { numerator: whole.value, denominator: ordinal }, used: i + 1 - at };
  }
  // "seventeen twenty-fourths": a tens word and a unit ordinal make one denominator.
  const tensOf = TENS.get(next ?? '');
  const unitOrdinal = DENOMINATORS.get(tokens[i + 1] ?? '');
  if (tensOf !== undefined && unitOrdinal !== undefined && unitOrdinal < 10) {
    const denominator = tensOf + unitOrdinal;
    return { value: whole.value / denominator, written: { numerator: whole.value, denominator }, used: i + 2 - at };
  }
  if ((next === 'over' || next === 'divided') && whole) {
    const j = next === 'divided' && tokens[i + 1] === 'by' ? i + 2 : i + 1;
    const below = cardinal(tokens, j);
    // "five over zero" or "five over 0" is no number at all, not five.
    if (!below || below.value === 0) return undefined;
    {
      return {
        value: whole.value / below.value,
        written: { numerator: whole.value, denominator: below.value },
        used: j + below.used - at,
      };
    }
  }
  if (next === 'and') {
    const part = numberWords(tokens, i + 1);
    if (part?.written && part.value < 1) {
      return { value: whole.value + part.value, used: i + 1 + part.used - at };
    }
  }
  if (next === 'point') {
    i += 1;
    let digits = '';
    for (let digit = UNITS.get(tokens[i] ?? ''); digit !== undefined && digit < 10; digit = UNITS.get(tokens[i] ?? '')) {
      digits += String(digit);
      i += 1;
    }
    if (digits) return { value: Number(`${whole.value}.${digits}`), used: i - at };
  }
  return { value: whole.value, used: whole.used };
}

// "10,000,000" and "1,250.50" first: thousands groups, then a single decimal point or comma.
const NUMERIC = String.raw`-?(?:\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3},\d{3}\.\d+|\d+(?:[.,]\d+)?|[.,]\d+)`;
// A whole answer may also group thousands with spaces ("1 500", "12 345 678.5"); in running text "3 100" is
// too often two numbers, so numberMentions does not.
const NUMERIC_ANSWER = String.raw`-?(?:[1-9]\d{0,2}(?: \d{3})+(?![\d/])(?:[.,]\d+)?|${NUMERIC.slice(5)}`;
const FRACTION = String.raw`(-?\d+)\s*/\s*(\d+)`;
const MIXED = String.raw`(-?\d+)\s+(\d+)\s*/\s*(\d+)`;

/**
 * The value of a decimal numeral. A comma or a space followed by exactly three digits, repeated, groups thousands
 * ("1,500", "1 500", "12,345,678.5"); any other comma is a decimal comma ("0,75", "1,5", "1,2345"), and so is a
 * comma after a lone 0 ("0,750" is 0.75).
 */
function decimalValue(text: string): number {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  let value: number;
  if (/^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/.test(body)) value = Number(body.replace(/,/g, ''));
  else if (/^[1-9]\d{0,2}(?: \d{3})+(?:[.,]\d+)?$/.test(body)) value = Number(body.replace(/ /g, '').replace(',', '.'));
  else if (/^\d*,\d+$/.test(body)) {
    const [whole = '', decimals = ''] = body.split(',');
    const thousands = decimals.length === 3 && !/^0*$/.test(whole);
    value = thousands ? Number(whole + decimals) : Number(`${whole || '0'}.${decimals}`);
  } else value = Number(body);
  return negative ? -value : value;
}

/** Reads `text` as one number followed by an optional unit; undefined when it is not a number. */
export function readNumber(input: string): NumberReading | undefined {
  let text = foldNumerals(input)
    .trim()
    .toLowerCase()
    .replace(/[\s.!?]+$/, '')
    .replace(/(\d)\s+(?:over|out of|divided by)\s+(\d)/g, '$1/$2');
  const currency = LEADING_CURRENCY.exec(text);
  if (currency) text = (currency[1] ?? '') + text.slice(currency[0].length);
  const reading = readPlainNumber(text);
  if (!reading || !currency) return reading;
  return { ...reading, currency: currencyCode(currency[2] ?? '') ?? '' };
}

function readPlainNumber(text: string): NumberReading | undefined {
  let m = new RegExp(`^${MIXED}(.*)$`).exec(text);
  if (m) {
    const whole = Number(m[1]);
    const numerator = Number(m[2]);
    const denominator = Number(m[3]);
    if (denominator === 0) return undefined;
    const sign = whole < 0 ? -1 : 1;
    return {
      value: whole + (sign * numerator) / denominator,
      written: { numerator, denominator },
      form: 'mixed',
      rest: (m[4] ?? '').trim(),
    };
  }
  m = new RegExp(`^${FRACTION}(.*)$`).exec(text);
  if (m) {
    const numerator = Number(m[1]);
    const denominator = Number(m[2]);
    if (denominator === 0) return undefined;
    return { value: numerator / denominator, written: { numerator, denominator }, form: 'fraction', rest: (m[3] ?? '').trim() };
  }
  m = new RegExp(`^(${NUMERIC_ANSWER})\\s*(%|percent|per cent)?(.*)$`).exec(text);
  if (m) {
    const value = decimalValue(m[1] ?? '');
    if (!Number.isFinite(value)) return undefined;
    if (m[2]) return { value: value / 100, form: 'percent', rest: (m[3] ?? '').trim() };
    const isInteger = /^-?[\d, ]+$/.test(m[1] ?? '') && Number.isInteger(value);
    return { value, form: isInteger ? 'integer' : 'decimal', rest: (m[3] ?? '').trim() };
  }
  const tokens = text.split(/[\s-]+/).filter(Boolean);
  const words = numberWords(tokens, 0);
  if (!words) return undefined;
  const rest = tokens.slice(words.used);
  if (rest[0] === 'percent') return { value: words.value / 100, form: 'percent', rest: rest.slice(1).join(' ') };
  if (rest[0] === 'per' && rest[1] === 'cent') return { value: words.value / 100, form: 'percent', rest: rest.slice(2).join(' ') };
  return { value: words.value, ...(words.written ? { written: words.written } : {}), form: 'words', rest: rest.join(' ') };
}

/** A number found in running text, with where it stands in `NumberMentions.text`. */
export interface NumberMention extends NumberReading {
  start: number;
  end: number;
}

export interface NumberMentions {
  /** The text the positions refer to: numerals folded to ASCII and lower-cased. */
  readonly text: string;
  /** Shared between callers (numberMentions is remembered): never changed. */
  readonly mentions: readonly NumberMention[];
}

/** Every number mentioned in a text, with its place, e.g. for the answer guard. Bare "half" is not counted. */
export const numberMentions: (input: string) => NumberMentions = memoized(findNumberMentions);

function findNumberMentions(input: string): NumberMentions {
  const text = foldNumerals(input).toLowerCase();
  const mentions: NumberMention[] = [];
  const overlaps = (start: number, end: number) => mentions.some((m) => start < m.end && end > m.start);
  const patterns: RegExp[] = [
    new RegExp(`(?<![\\d/.])${MIXED}(?![\\d/])`, 'g'),
    new RegExp(`(?<![\\d/.])${FRACTION}(?![\\d/])`, 'g'),
    new RegExp(`(?<![\\d/.,])(${NUMERIC})\\s*(%|percent)?(?![\\d/])`, 'g'),
  ];
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      // The pattern takes the space before an optional "%"; the number itself ends before it.
      const end = start + m[0].trimEnd().length;
      if (overlaps(start, end)) continue;
      const reading = readNumber(m[0]);
      if (reading) mentions.push({ ...reading, rest: '', start, end });
    }
  }
  const words = [...text.matchAll(/[a-z]+/g)];
  const tokens = words.map((w) => w[0]);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'half' || tokens[i] === 'a' || tokens[i] === 'an') {
      // Only "a half"/"one half" style phrases and real number words count, not the article alone.
      const next = tokens[i + 1];
      if (tokens[i] === 'half' || next === undefined || !(DENOMINATORS.has(next) || SCALES.has(next))) continue;
    }
    // "which one is bigger?", "the one on the left", "one of them": a pronoun, not the number 1.
    if (tokens[i] === 'one' && (PRONOUN_BEFORE_ONE.has(tokens[i - 1] ?? '') || tokens[i + 1] === 'of' || tokens[i + 1] === 'another')) continue;
    const parsed = numberWords(tokens, i);
    if (parsed) {
      const first = words[i];
      const last = words[i + parsed.used - 1];
      const start = first?.index ?? 0;
      const end = (last?.index ?? 0) + (last?.[0].length ?? 0);
      mentions.push({ value: parsed.value, ...(parsed.written ? { written: parsed.written } : {}), form: 'words', rest: '', start, end });
      i += parsed.used - 1;
    }
  }
  return { text, mentions };
}

/** Every number mentioned in a text. Bare "half" is not counted: it is too common. */
const PRONOUN_BEFORE_ONE = new Set(['which', 'this', 'that', 'the', 'each', 'any', 'every', 'no', 'some', 'another', 'other', 'right', 'wrong', 'correct', 'bigger', 'smaller', 'larger', 'first', 'last', 'next']);

export function findNumbers(input: string): NumberReading[] {
  return numberMentions(input).mentions.map(({ start: _start, end: _end, ...reading }) => reading);
}

export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x;
}

export function formatFraction(value: number): string {
  if (Number.isInteger(value)) return String(value);
  for (let denominator = 2; denominator <= 1000; denominator++) {
    const numerator = Math.round(value * denominator);
    if (Math.abs(numerator / denominator - value) < 1e-9) return `${numerator}/${denominator}`;
  }
  return String(value);
}
