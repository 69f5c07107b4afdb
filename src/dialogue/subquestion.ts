// The tutor's own guiding questions ("How many grams are in 2 kg?") have answers of their own. A question
// that is a plain calculation or a unit conversion can be worked out here, so the learner's reply to it is
// recognised as a right step rather than graded, wrongly, against the item. Anything less plain (a question
// about "that", a why) has no expected answer: the reply is then acknowledged, never marked wrong.
import { convertUnit, evaluateNumber } from '../curriculum/math.ts';
import { foldNumerals } from '../curriculum/numbers.ts';
import type { AnswerSpec } from '../curriculum/schema.ts';
import type { AskedQuestion } from './state.ts';

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
    return convertUnit(amount, source.toLowerCase(), target.toLowerCase());
  } catch {
    return undefined;
  }
}

// "What is 1/8 of that?" after a step whose answer was 2000: "that" is 2000.
const THAT = /\b(?:that|this|it|that number|this number|that amount|your answer)\b(?=\s*[?.!]?\s*$)/i;

/**
 * The answer of a guiding question the tutor can work out itself, as a numeric checker; else undefined.
 * `previous`: the value of the step answered just before, which "that" at the end of the question refers to.
 */
export function workedAnswer(question: string, previous?: number): AnswerSpec | undefined {
  if (previous !== undefined && THAT.test(question)) return workedAnswer(question.replace(THAT, String(previous)));
  const converted = unitConversion(question);
  const calculation = converted === undefined ? CALCULATION.exec(question)?.[1] : undefined;
  const source = calculation ? calculationSource(calculation) : undefined;
  const value = converted ?? (source ? evaluateNumber(source) : undefined);
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return { type: 'numeric', value: Math.round(value * 1e9) / 1e9, tolerance: Math.max(1e-9, Math.abs(value) * 1e-6), form: 'any' };
}

/** The last question a text asks, if it ends by asking one. */
export function lastQuestion(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/\?\s*[)*_]*$/.test(trimmed)) return undefined;
  const sentences = trimmed.split(/(?<=[.!?:])\s+|\n+/).filter((s) => s.trim());
  return sentences.at(-1)?.trim();
}

const numbersIn = (text: string): string[] => foldNumerals(text).match(/\d+(?:[.,]\d+)?(?:\/\d+)?/g) ?? [];

/**
 * The guiding question as the learner actually read it, when a language model worded the move: its answer is
 * kept only while the model's question is still about the same numbers, else worked out afresh or dropped, so a
 * reply is never checked against a question the learner was not asked. No question at all: nothing is open.
 */
export function askedAsSpoken(asked: AskedQuestion, spoken: string): AskedQuestion | undefined {
  const question = lastQuestion(spoken);
  if (!question) return undefined;
  if (question === asked.text) return asked;
  const same = asked.expected !== undefined && numbersIn(asked.text).every((n) => numbersIn(question).includes(n)) && numbersIn(question).length === numbersIn(asked.text).length;
  const expected = same ? asked.expected : workedAnswer(question);
  return { text: question, from: asked.from, ...(expected ? { expected } : {}) };
}
