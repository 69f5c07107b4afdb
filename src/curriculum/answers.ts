// Answer checkers: is what the learner wrote the item's answer? One function per checker type.
import type { AnswerSpec } from './schema.ts';
import { convertUnit, evaluateNumber, parseExpression, type MathNode } from './math.ts';
import { CURRENCIES, currencyCode, formatFraction, gcd, readNumber, type NumberReading } from './numbers.ts';

export type Verdict = 'correct' | 'partial' | 'incorrect' | 'unreadable';

/** Why an answer was partial or unreadable, so the tutor can say what to fix. */
export type GradeNote =
  | 'not-simplest'
  | 'not-a-fraction'
  | 'not-a-decimal'
  | 'wrong-unit'
  | 'some-points'
  | 'not-a-number'
  | 'not-an-expression'
  | 'not-an-option'
  /** The answer is one of the near misses the author listed under `partial`; `feedback` says what to tell the learner. */
  | 'author-partial'
  /** The reply shows a calculation but not the number it gives. */
  | 'working-no-result'
  /** Equal to the answer, but not in the form the question asks for. */
  | 'not-simplified'
  | 'not-expanded'
  | 'not-factorised';

export interface Grade {
  verdict: Verdict;
  note?: GradeNote;
  /** Rubric key points the answer shows. */
  points?: string[];
  /** The author's words for this near miss (with note 'author-partial'). */
  feedback?: string;
}

export type NumericSpec = Extract<AnswerSpec, { type: 'numeric' }>;
export type NumericForm = NonNullable<NumericSpec['form']>;

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

// "Simplify 12/30", "in its simplest form", "lowest terms", "reduce 8/12", "a fully reduced fraction". "Reduce"
// asks for lowest terms only when a fraction follows it: "the price is reduced by 1/5" does not.
const ASKS_SIMPLEST =
  /\b(?:simplif(?:y|ies|ied|ying|ication)|simplest|lowest\s+(?:terms|form)|fully\s+reduced|reduced\s+(?:form|fractions?)\b|reduc(?:e|es|ing)\s+(?:(?:the|this|that|these|those|your|each|both|all|every)\s+)?(?:fractions?\b|-?\d+\s*\/\s*\d+))/i;

/**
 * The form a numeric item asks for: its own `form` when the author gave one, else 'simplest' when the prompt
 * asks to simplify (English wording), else 'any'.
 */
export function numericForm(spec: NumericSpec, prompt?: string): NumericForm {
  if (spec.form) return spec.form;
  return prompt !== undefined && ASKS_SIMPLEST.test(prompt) ? 'simplest' : 'any';
}

type UnitKind = { kind: 'none' } | { kind: 'percent' } | { kind: 'currency'; code: string } | { kind: 'measure'; unit: string };

const PERCENT_WORDS = new Set(['%', 'percent', 'per cent']);

/** What an item's `unit` is: a percentage, a currency (symbol or ISO code), or a unit for mathjs. */
function unitKind(unit: string | undefined): UnitKind {
  if (!unit) return { kind: 'none' };
  const u = unit.trim().toLowerCase();
  if (PERCENT_WORDS.has(u)) return { kind: 'percent' };
  const currency = CURRENCIES.find((c) => c.code.toLowerCase() === u || c.symbols.includes(u));
  if (currency) return { kind: 'currency', code: currency.code };
  return { kind: 'measure', unit };
}

/** The reading's value in the item's unit; undefined when it is written in a unit of another kind or currency. */
function valueInUnit(reading: NumberReading, unit: string | undefined): number | undefined {
  const kind = unitKind(unit);
  const { value, rest } = reading;
  switch (kind.kind) {
    case 'none':
      // Any currency may decorate a plain amount: "£1500", "1500 dollars" for 1500.
      return /\d/.test(rest) ? undefined : value;
    case 'percent':
      // "25%" reads as 0.25; for an answer in percent it is 25, and so is the bare 25.
      if (reading.currency) return undefined;
      if (reading.form === 'percent') return rest ? undefined : value * 100;
      return !rest || PERCENT_WORDS.has(rest) ? value : undefined;
    case 'currency': {
      if (reading.currency && reading.currency !== kind.code) return undefined;
      if (reading.form === 'percent') return undefined;
      if (!rest) return value;
      if (currencyCode(rest) === kind.code) return value;
      const hundredth = CURRENCIES.find((c) => c.code === kind.code)?.hundredth ?? [];
      return !reading.currency && hundredth.includes(rest) ? value / 100 : undefined;
    }
    case 'measure':
      if (reading.currency) return undefined;
      // The item's own unit needs no conversion, and so no loading of mathjs just to multiply by one.
      if (!rest || rest === kind.unit) return value;
      try {
        return convertUnit(value, rest, kind.unit);
      } catch {
        return undefined;
      }
  }
}

/** The item's value in its unit: `value: "25%"` with `unit: "%"` means 25. */
function expectedValue(spec: NumericSpec): number {
  const value = numericValue(spec.value);
  const written = typeof spec.value === 'string' ? readNumber(spec.value) : undefined;
  return unitKind(spec.unit).kind === 'percent' && written?.form === 'percent' ? value * 100 : value;
}

/** How the number itself was written; with unit "%" the percent sign is the unit, not the form. */
function writtenForm(reading: NumberReading, unit: string | undefined, value: number): NumberReading['form'] {
  if (reading.form !== 'percent' || unitKind(unit).kind !== 'percent') return reading.form;
  return Number.isInteger(Math.round(value * 1e9) / 1e9) ? 'integer' : 'decimal';
}

/** Is `written` the unit `unit` itself, in any spelling mathjs knows ("grams" for "g")? */
function sameMeasureUnit(written: string, unit: string): boolean {
  if (unitKind(unit).kind !== 'measure' || written === unit) return true;
  try {
    return Math.abs(convertUnit(1, written, unit) - 1) < 1e-12;
  } catch {
    return false;
  }
}

function gradeNumeric(spec: NumericSpec, answer: string, prompt?: string): Grade {
  const reading = readNumber(stripLeadIn(answer));
  if (!reading) return { verdict: 'unreadable', note: 'not-a-number' };
  const expected = expectedValue(spec);
  const tolerance = Math.max(spec.tolerance, 1e-9);
  const value = valueInUnit(reading, spec.unit);
  if (value === undefined) return { verdict: 'incorrect', note: 'wrong-unit' };
  // A little slack for binary floating point: 3.13 is within 0.01 of 3.14.
  if (Math.abs(value - expected) > tolerance + 1e-9 * Math.max(1, Math.abs(expected))) return { verdict: 'incorrect' };
  // "3 kg" is 3000 g, but a question that asks for grams wants grams.
  if (spec.requireUnit && spec.unit && reading.rest && !sameMeasureUnit(reading.rest, spec.unit)) return { verdict: 'partial', note: 'wrong-unit' };
  const form = numericForm(spec, prompt);
  const written = writtenForm(reading, spec.unit, value);
  if ((form === 'fraction' || form === 'simplest') && !Number.isInteger(expected)) {
    if (written === 'decimal' || written === 'percent') return { verdict: 'partial', note: 'not-a-fraction' };
  }
  if (form === 'simplest' && reading.written) {
    const { numerator, denominator } = reading.written;
    const improperWhole = Number.isInteger(expected) && denominator !== 1;
    if (gcd(numerator, denominator) !== 1 || improperWhole) return { verdict: 'partial', note: 'not-simplest' };
  }
  if (form === 'decimal') {
    // "three quarters" and "two and a half" are fractions in words; "zero point seven five" is a decimal.
    const fractionWords = written === 'words' && !Number.isInteger(value) && !/\bpoint\b/i.test(answer);
    if (reading.written || written === 'percent' || fractionWords) return { verdict: 'partial', note: 'not-a-decimal' };
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

export type ExpressionForm = 'any' | 'simplified' | 'expanded' | 'factorised';
type ExpressionSpec = Extract<AnswerSpec, { type: 'expression' }>;

/** The form an expression item wants: its own `form`, else what the prompt asks for ("simplify", "expand"). */
export function expressionForm(spec: ExpressionSpec, prompt?: string): ExpressionForm {
  if (spec.form) return spec.form;
  if (prompt === undefined) return 'any';
  if (/\b(factori[sz]e|factor(?:ise|ize)?\s+(?:fully|completely)|factor\b)/i.test(prompt)) return 'factorised';
  if (/\b(expand|multiply out|remove the brackets|remove the parenthes[ie]s)\b/i.test(prompt)) return 'expanded';
  if (/\b(simplif\w*|simplest|collect(?:ing)?\s+(?:the\s+)?like\s+terms)\b/i.test(prompt)) return 'simplified';
  return 'any';
}

/** Terms added or subtracted at the top of an expression: "3x + 2x - 1" has three. */
function termCount(node: MathNode | undefined): number {
  if (!node) return 0;
  const n = node as MathNode & { op?: string; args?: MathNode[]; content?: MathNode };
  if (n.type === 'ParenthesisNode' && n.content) return termCount(n.content);
  if (n.type === 'OperatorNode' && (n.op === '+' || n.op === '-') && n.args?.length === 2) return termCount(n.args[0]) + termCount(n.args[1]);
  if (n.type === 'OperatorNode' && n.op === '-' && n.args?.length === 1) return termCount(n.args[0]);
  return 1;
}

const hasBrackets = (source: string): boolean => /[()]/.test(source);

function gradeExpression(spec: ExpressionSpec, answer: string, prompt?: string): Grade {
  const learner = mathFromLearner(answer, spec.variables);
  const equal = expressionsEqual(learner, spec.answer, spec.variables);
  if (equal === undefined) return { verdict: 'unreadable', note: 'not-an-expression' };
  if (!equal) return { verdict: 'incorrect' };
  // Equal in value is not enough when the question asks for a form: "3x + 2x" does not simplify 3x + 2x.
  const form = expressionForm(spec, prompt);
  const terms = termCount(parseExpression(learner));
  const expected = termCount(parseExpression(spec.answer));
  if (form === 'simplified' && terms > expected) return { verdict: 'partial', note: 'not-simplified' };
  if (form === 'expanded' && (hasBrackets(learner) || terms > expected)) return { verdict: 'partial', note: 'not-expanded' };
  if (form === 'factorised' && !hasBrackets(learner) && terms > 1) return { verdict: 'partial', note: 'not-factorised' };
  return { verdict: 'correct' };
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

const patterns = new Map<string, ((text: string) => boolean) | undefined>();

/**
 * A pattern as a test. `whole`: the pattern must match all of the text, as ^(?:pattern)$ would (anchored with
 * the sticky flag and an end-of-input lookahead, so that the m flag cannot loosen it to one line); `anywhere`:
 * a match inside the text is enough. Undefined for a pattern that does not compile.
 */
function patternTest(pattern: string, flags: string, match: 'whole' | 'anywhere'): ((text: string) => boolean) | undefined {
  const key = `${match} ${flags} ${pattern}`;
  if (patterns.has(key)) return patterns.get(key);
  let test: ((text: string) => boolean) | undefined;
  try {
    if (match === 'anywhere') {
      const re = new RegExp(pattern, flags);
      test = (text) => re.test(text);
    } else {
      const re = new RegExp(`(?:${pattern})(?![\\s\\S])`, `${flags}y`);
      test = (text) => {
        re.lastIndex = 0;
        return re.test(text);
      };
    }
  } catch {
    test = undefined;
  }
  if (patterns.size < 10_000) patterns.set(key, test);
  return test;
}

const QUOTES = '["\'`“”‘’]';
const SURROUNDING_QUOTES = new RegExp(`^${QUOTES}+([\\s\\S]*?)${QUOTES}+$`);

/** An answer without what people wrap code in: a code fence, surrounding quotes or backticks, a final ";" or full stop. */
function cleanCode(text: string): string {
  let out = text.trim();
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out
      .replace(/^```[\w-]*\s*([\s\S]*?)\s*```$/, '$1')
      .replace(SURROUNDING_QUOTES, '$1')
      .replace(/;\s*$/, '')
      // A sentence's full stop after the last word ("... notes.txt."), but not a lone "." ("git add .").
      .replace(/(?<=\S)[.!]+$/, '')
      .trim();
  }
  return out;
}

/** The readings of an answer a whole-answer pattern is tried on: as typed, cleaned, and without a lead-in. */
function patternCandidates(answer: string): string[] {
  const trimmed = answer.trim();
  return [...new Set([trimmed, cleanCode(trimmed), cleanCode(stripLeadIn(cleanCode(trimmed)))])];
}

function matchesPattern(pattern: string, flags: string, match: 'whole' | 'anywhere', answer: string): boolean {
  const test = patternTest(pattern, flags, match);
  if (!test) return false;
  return match === 'anywhere' ? test(answer.trim()) : patternCandidates(answer).some(test);
}

function gradePattern(spec: Extract<AnswerSpec, { type: 'pattern' }>, answer: string): Grade {
  const match = spec.match ?? 'whole';
  if (matchesPattern(spec.pattern, spec.flags, match, answer)) return { verdict: 'correct' };
  const near = spec.partial?.find((p) => matchesPattern(p.pattern, spec.flags, match, answer));
  return near ? { verdict: 'partial', note: 'author-partial', feedback: near.feedback } : { verdict: 'incorrect' };
}

function gradeExact(spec: Extract<AnswerSpec, { type: 'exact' }>, answer: string): Grade {
  const fold = (t: string) => (spec.caseSensitive ? stripLeadIn(t).trim() : normalizeText(stripLeadIn(t)));
  const given = fold(answer);
  if (spec.answers.some((a) => fold(a) === given)) return { verdict: 'correct' };
  const near = spec.partial?.find((p) =>
    p.pattern !== undefined ? matchesPattern(p.pattern, spec.caseSensitive ? '' : 'i', 'whole', answer) : (p.answers ?? []).some((a) => fold(a) === given),
  );
  return near ? { verdict: 'partial', note: 'author-partial', feedback: near.feedback } : { verdict: 'incorrect' };
}

/**
 * Grades a learner's answer. `prompt` is the item's prompt: without an explicit `form`, a numeric item whose
 * prompt asks to simplify wants the simplest form (see numericForm).
 */
export function grade(spec: AnswerSpec, answer: string, prompt?: string): Grade {
  switch (spec.type) {
    case 'choice': {
      const index = chosenOption(spec.options, answer);
      if (index < 0) return { verdict: 'unreadable', note: 'not-an-option' };
      return { verdict: spec.options[index] === spec.correct ? 'correct' : 'incorrect' };
    }
    case 'exact':
      return gradeExact(spec, answer);
    case 'numeric':
      return gradeNumeric(spec, answer, prompt);
    case 'expression':
      return gradeExpression(spec, answer, prompt);
    case 'pattern':
      return gradePattern(spec, answer);
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
      const value = valueInUnit(reading, spec.unit);
      const targetValue = valueInUnit(target, spec.unit);
      return value !== undefined && targetValue !== undefined && Math.abs(value - targetValue) <= Math.max(spec.tolerance, 1e-9);
    }
    case 'expression':
      return expressionsEqual(mathFromLearner(answer, spec.variables), ref, spec.variables) === true;
    default:
      return normalizeText(stripLeadIn(answer)) === normalizeText(ref);
  }
}

/** `value` as a decimal: exactly when it has at most six places ("0.375"), else rounded within the tolerance ("0.33" for 1/3 ± 0.005). */
function decimalText(value: number, tolerance: number): string {
  const within = (limit: number) => {
    for (let places = 0; places <= 14; places++) {
      const rounded = Number(value.toFixed(places));
      if (Math.abs(rounded - value) <= limit) return { places, text: String(rounded) };
    }
    return undefined;
  };
  const exact = within(1e-12);
  if (exact && exact.places <= 6) return exact.text;
  return within(tolerance)?.text ?? String(value);
}

/** The answer as a person would write it, for worked solutions and reports; `prompt` as for grade. */
export function answerText(spec: AnswerSpec, prompt?: string): string {
  switch (spec.type) {
    case 'choice':
      return `${optionLetter(spec.options.indexOf(spec.correct))}) ${spec.correct}`;
    case 'exact':
      return spec.answers[0] ?? '';
    case 'numeric': {
      const form = numericForm(spec, prompt);
      const unit = unitKind(spec.unit);
      let value: string;
      if (form === 'decimal') value = decimalText(expectedValue(spec), Math.max(spec.tolerance, 1e-9));
      else if (typeof spec.value === 'string' && unit.kind !== 'percent') value = spec.value;
      else value = form === 'any' ? String(expectedValue(spec)) : formatFraction(expectedValue(spec));
      if (unit.kind === 'percent') return `${value}%`;
      // "£1500" for a symbol, "1500 GBP" for a code.
      if (unit.kind === 'currency' && CURRENCIES.some((c) => c.symbols.includes(spec.unit?.trim().toLowerCase() ?? ''))) return `${spec.unit?.trim()}${value}`;
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

/** What a learner who knows the answer would type: used by simulations and tests; `prompt` as for grade. */
export function exampleAnswer(spec: AnswerSpec, prompt?: string): string {
  if (spec.type === 'choice') return optionLetter(spec.options.indexOf(spec.correct));
  if (spec.type === 'rubric') return spec.reference;
  if (spec.type === 'exact') return spec.answers[0] ?? '';
  return answerText(spec, prompt);
}
