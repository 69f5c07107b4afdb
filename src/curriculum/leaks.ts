// Does a text give away an item's answer? Shared by the content lint (authored hints) and the answer guard
// (every outgoing message). Values the item's own prompt shows are not a leak: the learner already has them.
import type { AnswerSpec } from './schema.ts';
import { compileMatcher, mathFromLearner, normalizeText, numericValue, optionLetter, rubricPointsShown } from './answers.ts';
import { evaluateNumber, parseExpression } from './math.ts';
import { findNumbers } from './numbers.ts';

export interface LeakContext {
  /** The item's prompt as the learner sees it. */
  prompt: string;
}

export interface Leak {
  /** The form in which the answer appeared, e.g. "0.75" or "option b". */
  form: string;
}

function valuesIn(text: string): number[] {
  return findNumbers(text).map((n) => n.value);
}

const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;

function numericLeak(value: number, tolerance: number, text: string, prompt: string): Leak | undefined {
  if (valuesIn(prompt).some((v) => near(v, value, tolerance))) return undefined;
  const hit = findNumbers(text).find((n) => near(n.value, value, tolerance));
  if (!hit) return undefined;
  return { form: hit.written ? `${hit.written.numerator}/${hit.written.denominator}` : String(hit.value) };
}

function containsPhrase(text: string, phrase: string): boolean {
  const p = normalizeText(phrase);
  if (!p) return false;
  return compileMatcher(p)(text);
}

function choiceLeak(spec: Extract<AnswerSpec, { type: 'choice' }>, text: string, prompt: string): Leak | undefined {
  const index = spec.options.indexOf(spec.correct);
  const letter = optionLetter(index);
  const byLetter = new RegExp(
    String.raw`(?:answer|option|choice|pick|choose|select)\s*(?:is|would be|:)?\s*\(?${letter}\)?(?![\p{L}\p{N}])|\(${letter}\)`,
    'iu',
  );
  if (byLetter.test(text)) return { form: `option ${letter}` };
  if (containsPhrase(prompt, spec.correct)) return undefined;
  const others = spec.options.filter((o) => o !== spec.correct);
  if (containsPhrase(text, spec.correct) && !others.some((o) => containsPhrase(text, o))) {
    return { form: spec.correct };
  }
  return undefined;
}

// Pieces of text that might be an expression: runs of maths characters around at least one operator.
const MATH_RUN = /[0-9a-z()+\-*/^.\s]*[+\-*/^][0-9a-z()+\-*/^.\s]*/gi;

function expressionLeak(spec: Extract<AnswerSpec, { type: 'expression' }>, text: string, prompt: string): Leak | undefined {
  const scopeFor = (i: number) => Object.fromEntries(spec.variables.map((v, j) => [v, 0.7 + i * 1.1 + j * 0.37]));
  const sameAsAnswer = (candidate: string) => {
    if (!parseExpression(candidate)) return false;
    for (let i = 0; i < 4; i++) {
      const a = evaluateNumber(candidate, scopeFor(i));
      const b = evaluateNumber(spec.answer, scopeFor(i));
      if (a === undefined || b === undefined || Math.abs(a - b) > 1e-6 * Math.max(1, Math.abs(a))) return false;
    }
    return true;
  };
  const candidates = (source: string) =>
    [...source.matchAll(MATH_RUN)]
      .map((m) => mathFromLearner(m[0]).trim())
      .filter((c) => c.length > 0 && spec.variables.some((v) => c.includes(v)));
  if (candidates(prompt).some(sameAsAnswer)) return undefined;
  const hit = candidates(text).find(sameAsAnswer);
  return hit ? { form: hit } : undefined;
}

function unanchored(pattern: string): string {
  return pattern.replace(/^\^/, '').replace(/\$$/, '');
}

export function findLeak(spec: AnswerSpec, text: string, context: LeakContext): Leak | undefined {
  const { prompt } = context;
  switch (spec.type) {
    case 'numeric':
      return numericLeak(numericValue(spec.value), Math.max(spec.tolerance, 1e-9), text, prompt);
    case 'choice':
      return choiceLeak(spec, text, prompt);
    case 'exact': {
      const hit = spec.answers.find((a) => !containsPhrase(prompt, a) && containsPhrase(text, a));
      return hit ? { form: hit } : undefined;
    }
    case 'expression':
      return expressionLeak(spec, text, prompt);
    case 'pattern': {
      const re = new RegExp(unanchored(spec.pattern), spec.flags);
      if (re.test(prompt)) return undefined;
      if (re.test(text) || containsPhrase(text, spec.display)) return { form: spec.display };
      return undefined;
    }
    case 'rubric': {
      if (containsPhrase(text, spec.reference)) return { form: 'the model answer' };
      const shown = rubricPointsShown(spec, text);
      return shown.length >= spec.minPoints && shown.length === spec.points.length
        ? { form: `the key points (${shown.join(', ')})` }
        : undefined;
    }
  }
}
