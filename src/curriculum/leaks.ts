// Does a text give away an item's answer? Shared by the content lint (authored hints) and the answer guard
// (every outgoing message). Values the item's own prompt shows are not a leak: the learner already has them.
import type { AnswerSpec } from './schema.ts';
import { compileMatcher, mathFromLearner, normalizeText, numericValue, optionLetter, rubricPointsShown } from './answers.ts';
import { evaluateNumber, parseExpression } from './math.ts';
import { findNumbers, formatFraction, numberMentions, type NumberMention, type NumberReading } from './numbers.ts';

export interface LeakContext {
  /** The item's prompt as the learner sees it. */
  prompt: string;
  /** Earlier turns of the conversation about the item, oldest first, the learner's and the tutor's. */
  history?: readonly string[];
  /** What the learner has answered for the item so far, as they wrote it. */
  learnerAnswers?: readonly string[];
}

export interface Leak {
  /** The form in which the answer appeared, e.g. "0.75" or "option b". */
  form: string;
}

const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;

/** The value a mention stands for; "30%" also stands for 30, the way word problems ask "what percentage". */
function mentionValues(n: NumberReading): number[] {
  return n.form === 'percent' ? [n.value, n.value * 100] : [n.value];
}

const mentions = (n: NumberReading, value: number, tolerance: number) => mentionValues(n).some((v) => near(v, value, tolerance));

function formOf(n: NumberReading): string {
  if (n.form === 'percent') return `${formatFraction(n.value * 100)}%`;
  return n.written ? `${n.written.numerator}/${n.written.denominator}` : String(n.value);
}

// How a text puts a number forward, read from the words around it. 'answer': the text names it as the answer or
// corrects another number with it. 'result': it is what something comes to ("= 5", "which gives 5", "so 5").
// 'operand': it only feeds a calculation ("5 x 3"). 'mention': anything else, e.g. "the 5 apples you had".
type Stance = 'answer' | 'result' | 'operand' | 'mention';

const CURRENCY = String.raw`[$£€]?\s*`;
const ADVERBS = String.raw`(?:(?:actually|simply|only|just|exactly|indeed|really|still|then|now|correctly|therefore|thus|also|in\s+fact)\s+)*`;
const APPROXIMATELY = String.raw`(?:(?:a\s+total\s+of|about|around|approximately|roughly|only|just)\s+)?`;
const ANSWER_BEFORE = new RegExp(
  String.raw`\b(?:answer|solution|result)\s*(?:is|was|of|:|should\s+be|would\s+be|will\s+be|must\s+be)\s*${ADVERBS}${APPROXIMATELY}${CURRENCY}$`,
);
const ANSWER_AFTER = /^[^.,;!?\n]{0,25}?\b(?:is|as)\s+(?:the|our|your|my)\s+(?:\w+\s+)?(?:answer|solution)\b/;
// "N, not M", "N instead of M": a correction puts N in M's place.
const CORRECTION_AFTER = /^[^.;!?\n\d]{0,30}?(?:,\s*|\s+)(?:and\s+)?(?:not|instead\s+of|rather\s+than)\s+(?:the\s+)?[$£€]?\s*-?\d/;
const EQUALS_BEFORE = new RegExp(String.raw`(?:=|\bequals?|\bequal\s+to|\bequaling)\s*${ADVERBS}${CURRENCY}$`);
const RESULT_VERB = String.raw`(?:is|are|was|were|be|being|get|gets|got|getting|gives?|giving|gave|makes?|making|made|means?|meaning|leaves?|leaving|left\s+with|totals?(?:\s+to)?|totaling|totalling|total\s+of|comes\s+to|adds\s+up\s+to|results?\s+in|end\s+up\s+with|arrive\s+at|arrived\s+at|that's|it's|there's)`;
const RESULT_BEFORE = new RegExp(String.raw`\b${RESULT_VERB}\s+${ADVERBS}${APPROXIMATELY}${CURRENCY}$`);
// A conclusion: "so 5", "therefore, 5 apples".
const CONCLUSION_BEFORE = new RegExp(String.raw`(?:^|[.!?;:,]\s*|\n\s*)(?:so|therefore|thus|hence)\s*,?\s*${APPROXIMATELY}${CURRENCY}$`);
// "is 5 the total?", "or is it 5": the verb before the number opens a question, it does not state a result.
const QUESTION_VERB_BEFORE = /(?:^|[.!?;:,]\s*|\b(?:or|and|but)\s+)(?:is|are|was|were)\s+(?:it\s+)?[$£€]?\s*$/;
// "doesn't mean 5": a denied result. "wouldn't that be 5?" asks the learner to agree, so it still states it.
const DENIED = /\b(?:not|never|n't)\s+(?!(?:that|it|this|there|he|she|they|we|you)\b)(?:\w+\s+){0,3}$/;
// The learner's own working, quoted back: "when you calculated 3 x 35 = 105".
const QUOTED = /\b(?:you|you've|you\s+have)\s+(?:\w+\s+)?(?:said|calculated|computed|found|got|wrote|worked\s+out|figured|divided|multiplied|added|subtracted)\b[^.!?;\n]*$/;
const OPERATOR_BEFORE = /(?:\d|\))\s*[$£€]?\s*[-+*/x×]\s*[$£€]?\s*$/;
const OPERATOR_AFTER = /^\s*(?:[a-z%]+\s+)?[-+*/x×]\s*[$£€(]?\s*\d/;

function stance(text: string, at: NumberMention): Stance {
  const before = text.slice(Math.max(0, at.start - 120), at.start);
  const after = text.slice(at.end, at.end + 80);
  if (ANSWER_BEFORE.test(before) || ANSWER_AFTER.test(after) || CORRECTION_AFTER.test(after)) return 'answer';
  const clause = before.slice(before.search(/[^.!?;\n]*$/));
  const stated = () => !DENIED.test(clause.slice(-60)) && !QUOTED.test(clause);
  if (EQUALS_BEFORE.test(before)) return stated() ? 'result' : 'mention';
  if (OPERATOR_BEFORE.test(before) || OPERATOR_AFTER.test(after)) return 'operand';
  if (CONCLUSION_BEFORE.test(before)) return 'result';
  if (RESULT_BEFORE.test(before) && !QUESTION_VERB_BEFORE.test(before)) return stated() ? 'result' : 'mention';
  return 'mention';
}

function numericLeak(value: number, tolerance: number, text: string, context: LeakContext): Leak | undefined {
  const inPrompt = findNumbers(context.prompt).some((n) => mentions(n, value, tolerance));
  const inHistory = (context.history ?? []).some((turn) => findNumbers(turn).some((n) => mentions(n, value, tolerance)));
  const { text: folded, mentions: found } = numberMentions(text);
  for (const hit of found) {
    if (!mentions(hit, value, tolerance)) continue;
    const how = stance(folded, hit);
    // The prompt's own numbers are everywhere in good hints; only naming one as the answer gives it away.
    if (inPrompt && how !== 'answer') continue;
    // A number already said in the conversation is shared context until the text puts it forward as a result.
    if (inHistory && how !== 'answer' && how !== 'result') continue;
    // A number that only feeds a calculation ("5 x 3") is not stated as anything.
    if (how === 'operand') continue;
    return { form: formOf(hit) };
  }
  return undefined;
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
      return numericLeak(numericValue(spec.value), Math.max(spec.tolerance, 1e-9), text, context);
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
