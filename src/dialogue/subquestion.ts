// The tutor's own guiding questions ("How many grams are in 2 kg?") have answers of their own. A question
// that is a plain calculation or a unit conversion can be worked out here, so the learner's reply to it is
// recognised as a right step rather than graded, wrongly, against the item. Anything less plain (a question
// about "that", a why) has no expected answer: the reply is then acknowledged, never marked wrong.
import { math, evaluateNumber } from '../curriculum/math.ts';
import { foldNumerals } from '../curriculum/numbers.ts';
import type { AnswerSpec } from '../curriculum/schema.ts';

const NUMBER = String.raw`\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?`;

// "How many grams are in 2 kg?", "How many cm make 3 m?", "How many minutes are there in 2.5 hours?"
const CONVERSION = new RegExp(String.raw`how many ([a-z]+) (?:are |is )?(?:there )?(?:in|make|makes|equal|in a|in an) (${NUMBER}|a|an|one) ?([a-z]+)`, 'i');

// "What is 3 × 4?", "What's 1/8 of 2000?", "Work out 25 divided by 5."
const CALCULATION = /(?:what is|what's|whats|how much is|work out|calculate|what do you get (?:for|from|if you (?:work out|calculate))|can you work out)\s+(.+?)\s*(?:[?.!]|$)/i;

const WORDS: Array<[RegExp, string]> = [
  [/\bmultiplied by\b|\btimes\b|[×x·]/gi, '*'],
  [/\bdivided by\b|÷/g, '/'],
  [/\bplus\b|\badd(?:ed to)?\b/g, '+'],
  [/\bminus\b|\btake away\b|−/g, '-'],
  [/\bsquared\b/g, '^2'],
  [/\bhalf of\b/g, '1/2 *'],
  [/\bof\b/g, '*'],
];

/** A calculation written with numbers, operators and the usual words for them, as mathjs source. */
function calculationSource(phrase: string): string | undefined {
  let source = foldNumerals(phrase).toLowerCase().replace(/(\d),(\d{3})\b/g, '$1$2');
  for (const [re, op] of WORDS) source = source.replace(re, ` ${op} `);
  source = source.replace(/\s+/g, ' ').trim();
  // Only numbers and operators: a question about words ("what is a denominator?") is not a calculation.
  if (!/^[\d\s.+\-*/^()%]+$/.test(source) || !/\d/.test(source) || !/[+\-*/^%]/.test(source)) return undefined;
  return source;
}

function unitConversion(question: string): number | undefined {
  const m = CONVERSION.exec(question);
  if (!m) return undefined;
  const [, target = '', amountText = '', source = ''] = m;
  const amount = /^(a|an|one)$/i.test(amountText) ? 1 : evaluateNumber(amountText.replace(',', '.'));
  if (amount === undefined) return undefined;
  try {
    return math.unit(amount, source.toLowerCase()).toNumber(target.toLowerCase());
  } catch {
    return undefined;
  }
}

/** The answer of a guiding question the tutor can work out itself, as a numeric checker; else undefined. */
export function workedAnswer(question: string): AnswerSpec | undefined {
  const converted = unitConversion(question);
  const calculation = converted === undefined ? CALCULATION.exec(question)?.[1] : undefined;
  const source = calculation ? calculationSource(calculation) : undefined;
  const value = converted ?? (source ? evaluateNumber(source) : undefined);
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return { type: 'numeric', value: Math.round(value * 1e9) / 1e9, tolerance: Math.max(1e-9, Math.abs(value) * 1e-6), form: 'any' };
}
