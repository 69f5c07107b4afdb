// Answer checkers: is what the learner wrote the item's answer? One function per checker type.
import type { AnswerSpec } from './schema.ts';
import { math, evaluateNumber, parseExpression } from './math.ts';
import { formatFraction, gcd, readNumber, type NumberReading } from './numbers.ts';

export type Verdict = 'correct' | 'partial' | 'incorrect' | 'unreadable';

/** Why an answer was partial or unreadable, so the tutor can say what to fix. */
export type GradeNote =
  | 'not-simplest'
  | 'not-a-fraction'
  | 'wrong-unit'
  | 'some-points'
  | 'not-a-number'
  | 'not-an-expression'
  | 'not-an-option';

export interface Grade {
  verdict: Verdict;
  note?: GradeNote;
  /** Rubric key points the answer shows. */
  points?: string[];
}

const LETTERS = 'abcdef';

export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .replace(/^["'`“”‘’]+|["'`“”‘’]+$/g, '')
    .replace(/[\s.!?;]+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** Strips the polite wrappers people put around an answer: "I think it's 3/4", "answer: b". */
export function stripLeadIn(text: string): string {
  return text
    .trim()
    .replace(/^(?:(?:i\s+think|i\s+guess|maybe|perhaps|hmm+|um+|so|ok(?:ay)?)[,\s]+)*/i, '')
    .replace(/^(?:(?:the\s+)?answer\s*(?:is|:)|it'?s|it\s+is|is\s+it|that'?s|=)\s*/i, '')
    .trim();
}

export function optionLetter(index: number): string {
  return LETTERS[index] ?? String(index + 1);
}

/** Which option a learner meant by "b", "2", "(b)" or the option's text; -1 when none. */
export function chosenOption(options: readonly string[], answer: string): number {
  let text = normalizeText(stripLeadIn(answer)).replace(/^\(?([a-f1-6])[).]?$/, '$1');
  // "b) London", the label on the button: the letter and the text must agree.
  const labelled = /^\(?([a-f])\)\s*(.+)$/.exec(text);
  if (labelled) {
    const index = LETTERS.indexOf(labelled[1] ?? '');
    if (index < options.length && normalizeText(options[index] ?? '') === labelled[2]) return index;
    text = labelled[2] ?? text;
  }
  const byText = options.findIndex((o) => normalizeText(o) === text);
  if (byText >= 0) return byText;
  if (/^[a-f]$/.test(text) && LETTERS.indexOf(text) < options.length) return LETTERS.indexOf(text);
  if (/^[1-6]$/.test(text) && Number(text) <= options.length) return Number(text) - 1;
  // "equal" for "they are equal": a word that belongs to exactly one option.
  if (text.length >= 3 && !/^\d/.test(text)) {
    const containing = options.filter((o) => normalizeText(o).includes(text));
    if (containing.length === 1) return options.indexOf(containing[0] ?? '');
  }
  const asNumber = readNumber(text);
  if (asNumber && !asNumber.rest) {
    const byValue = options.findIndex((o) => {
      const option = readNumber(o);
      return option !== undefined && !option.rest && Math.abs(option.value - asNumber.value) < 1e-9;
    });
    if (byValue >= 0) return byValue;
  }
  return -1;
}

export function numericValue(value: number | string): number {
  if (typeof value === 'number') return value;
  const reading = readNumber(value);
  if (!reading) throw new Error(`"${value}" is not a number, a fraction or a mixed number`);
  return reading.value;
}

function inUnit(reading: NumberReading, unit: string): number | undefined {
  if (!reading.rest) return reading.value;
  try {
    return math.unit(reading.value, reading.rest).toNumber(unit);
  } catch {
    return undefined;
  }
}

function gradeNumeric(spec: Extract<AnswerSpec, { type: 'numeric' }>, answer: string): Grade {
  const reading = readNumber(stripLeadIn(answer));
  if (!reading) return { verdict: 'unreadable', note: 'not-a-number' };
  const expected = numericValue(spec.value);
  const tolerance = Math.max(spec.tolerance, 1e-9);
  let value: number | undefined = reading.value;
  if (spec.unit) value = inUnit(reading, spec.unit);
  else if (/\d/.test(reading.rest)) value = undefined;
  if (value === undefined) return { verdict: 'incorrect', note: 'wrong-unit' };
  // A little slack for binary floating point: 3.13 is within 0.01 of 3.14.
  if (Math.abs(value - expected) > tolerance + 1e-9 * Math.max(1, Math.abs(expected))) return { verdict: 'incorrect' };
  if (spec.form !== 'any' && Number.isInteger(expected) === false) {
    if (reading.form === 'decimal' || reading.form === 'percent') return { verdict: 'partial', note: 'not-a-fraction' };
  }
  if (spec.form === 'simplest' && reading.written) {
    const { numerator, denominator } = reading.written;
    const improperWhole = Number.isInteger(expected) && denominator !== 1;
    if (gcd(numerator, denominator) !== 1 || improperWhole) return { verdict: 'partial', note: 'not-simplest' };
  }
  return { verdict: 'correct' };
}

// Fixed sample points: equivalence by evaluation is deterministic and needs no symbolic algebra.
const SAMPLES = [0.7, 1.3, 2.9, -1.7, 3.14, -0.45];

function expressionsEqual(a: string, b: string, variables: readonly string[]): boolean | undefined {
  if (!parseExpression(a) || !parseExpression(b)) return undefined;
  let compared = 0;
  for (let i = 0; i < SAMPLES.length; i++) {
    const scope = Object.fromEntries(variables.map((v, j) => [v, SAMPLES[(i + j * 2) % SAMPLES.length] ?? 1]));
    const x = evaluateNumber(a, scope);
    const y = evaluateNumber(b, scope);
    if (x === undefined || y === undefined) return compared > 0 ? false : undefined;
    if (Math.abs(x - y) > 1e-6 * Math.max(1, Math.abs(x))) return false;
    compared += 1;
  }
  return true;
}

/** Learners type "2x" and "x²"; mathjs reads implicit multiplication but not superscripts. */
const SUPERSCRIPTS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };

export function mathFromLearner(text: string, variables: readonly string[] = []): string {
  let out = stripLeadIn(text)
    // Superscripts first: NFKC would turn x² into x2, which reads as x times 2.
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, (digits) => `^${[...digits].map((d) => SUPERSCRIPTS[d] ?? '').join('')}`)
    .normalize('NFKC')
    .replace(/[×·]/g, '*')
    .replace(/−/g, '-')
    .replace(/^[a-z]\s*=\s*/i, '')
    .trim();
  if (variables.length > 0) {
    // "x(x+1)" is x times (x+1), not a function x; "xy" is x times y.
    const v = variables.join('');
    out = out.replace(new RegExp(`([${v}])\\s*\\(`, 'g'), '$1*(').replace(new RegExp(`([${v}])(?=[${v}])`, 'g'), '$1*');
  }
  return out;
}

function gradeExpression(spec: Extract<AnswerSpec, { type: 'expression' }>, answer: string): Grade {
  const equal = expressionsEqual(mathFromLearner(answer, spec.variables), spec.answer, spec.variables);
  if (equal === undefined) return { verdict: 'unreadable', note: 'not-an-expression' };
  return { verdict: equal ? 'correct' : 'incorrect' };
}

const matchers = new Map<string, (text: string) => boolean>();

/** A rubric entry ("phrase" or "/regex/flags") as a test; compiled once, as the guard runs it on every reply. */
export function compileMatcher(entry: string): (text: string) => boolean {
  let matcher = matchers.get(entry);
  if (!matcher) {
    matcher = buildMatcher(entry);
    if (matchers.size < 10_000) matchers.set(entry, matcher);
  }
  return matcher;
}

function buildMatcher(entry: string): (text: string) => boolean {
  const regex = /^\/(.+)\/([imsu]*)$/.exec(entry);
  if (regex) {
    const re = new RegExp(regex[1] ?? '', regex[2] || 'i');
    return (text) => re.test(text);
  }
  const phrase = normalizeText(entry).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`(^|[^\\p{L}\\p{N}])${phrase}($|[^\\p{L}\\p{N}])`, 'iu');
  return (text) => re.test(normalizeText(text));
}

export function rubricPointsShown(spec: Extract<AnswerSpec, { type: 'rubric' }>, text: string): string[] {
  return spec.points.filter((p) => p.match.some((m) => compileMatcher(m)(text))).map((p) => p.id);
}

export function grade(spec: AnswerSpec, answer: string): Grade {
  switch (spec.type) {
    case 'choice': {
      const index = chosenOption(spec.options, answer);
      if (index < 0) return { verdict: 'unreadable', note: 'not-an-option' };
      return { verdict: spec.options[index] === spec.correct ? 'correct' : 'incorrect' };
    }
    case 'exact': {
      const fold = (t: string) => (spec.caseSensitive ? stripLeadIn(t).trim() : normalizeText(stripLeadIn(t)));
      const given = fold(answer);
      return { verdict: spec.answers.some((a) => fold(a) === given) ? 'correct' : 'incorrect' };
    }
    case 'numeric':
      return gradeNumeric(spec, answer);
    case 'expression':
      return gradeExpression(spec, answer);
    case 'pattern':
      return { verdict: new RegExp(spec.pattern, spec.flags).test(answer.trim()) ? 'correct' : 'incorrect' };
    case 'rubric': {
      const points = rubricPointsShown(spec, answer);
      if (points.length >= spec.minPoints) return { verdict: 'correct', points };
      return points.length > 0 ? { verdict: 'partial', note: 'some-points', points } : { verdict: 'incorrect', points };
    }
  }
}

/** Does the learner's answer equal `reference` by the item's own notion of sameness? (For misconceptions.) */
export function sameAnswer(spec: AnswerSpec, answer: string, reference: string | number): boolean {
  const ref = String(reference);
  switch (spec.type) {
    case 'choice': {
      const a = chosenOption(spec.options, answer);
      const b = chosenOption(spec.options, ref);
      return a >= 0 && a === b;
    }
    case 'numeric': {
      const reading = readNumber(stripLeadIn(answer));
      const target = readNumber(ref);
      if (!reading || !target) return false;
      const value = spec.unit ? inUnit(reading, spec.unit) : reading.value;
      const targetValue = spec.unit ? inUnit(target, spec.unit) : target.value;
      return value !== undefined && targetValue !== undefined && Math.abs(value - targetValue) <= Math.max(spec.tolerance, 1e-9);
    }
    case 'expression':
      return expressionsEqual(mathFromLearner(answer, spec.variables), ref, spec.variables) === true;
    default:
      return normalizeText(stripLeadIn(answer)) === normalizeText(ref);
  }
}

/** The answer as a person would write it, for worked solutions and reports. */
export function answerText(spec: AnswerSpec): string {
  switch (spec.type) {
    case 'choice':
      return `${optionLetter(spec.options.indexOf(spec.correct))}) ${spec.correct}`;
    case 'exact':
      return spec.answers[0] ?? '';
    case 'numeric': {
      const value = typeof spec.value === 'string' ? spec.value : spec.form === 'any' ? String(spec.value) : formatFraction(spec.value);
      return spec.unit ? `${value} ${spec.unit}` : value;
    }
    case 'expression':
      return spec.answer;
    case 'pattern':
      return spec.display;
    case 'rubric':
      return spec.reference;
  }
}

/** What a learner who knows the answer would type: used by simulations and tests. */
export function exampleAnswer(spec: AnswerSpec): string {
  if (spec.type === 'choice') return optionLetter(spec.options.indexOf(spec.correct));
  if (spec.type === 'rubric') return spec.reference;
  if (spec.type === 'exact') return spec.answers[0] ?? '';
  return answerText(spec);
}
