// How a text puts a number forward, read from the words around it. Only matters for a value the learner has
// already seen: mentioning it is fine ("the 5 apples you had"), stating it as the answer is not.
// 'named': called the answer ("the answer is 5", "5 is the answer");
// 'correction': put in another number's place ("5, not 7", "5 instead of 7");
// 'result': what something comes to ("= 5", "which gives 5", "so 5");
// 'operand': only feeds a calculation ("5 x 3"); 'mention': anything else.
import { readNumber, type NumberMention } from '../curriculum/numbers.ts';

export interface Stance {
  kind: 'named' | 'correction' | 'result' | 'operand' | 'mention';
  /** The number a correction replaces. */
  replaces?: number;
  /** A result worked out in the text: "45 - 5 = 40". */
  worked?: boolean;
}

const CURRENCY = String.raw`[$£€]?\s*`;
const ADVERBS = String.raw`(?:(?:actually|simply|only|just|exactly|indeed|really|still|then|now|correctly|therefore|thus|also|in\s+fact)\s+)*`;
const APPROXIMATELY = String.raw`(?:(?:about|around|approximately|roughly|only|just)\s+)?`;
const COPULA = String.raw`(?:is|was|of|:|should\s+be|would\s+be|will\s+be|must\s+be)`;
const ANSWER_BEFORE = new RegExp(
  String.raw`(?:\b(?:answer|solution)|\b(?:correct|right|final|actual)\s+(?:result|total|number|amount|value|count))\s*${COPULA}\s*${ADVERBS}${APPROXIMATELY}${CURRENCY}$`,
);
// "Result: 3 rows", "final result = 3".
const RESULT_NAMED_BEFORE = /\b(?:result|outcome|total)\s*(?:is|:|=)\s*[$£€]?\s*$/;
const ANSWER_AFTER = /^[^.,;!?\n]{0,25}?\b(?:is|as)\s+(?:the|our|your|my)\s+(?:\w+\s+)?(?:answer|solution)\b/;
const CORRECTION_AFTER = /^[^.;!?\n\d]{0,30}?(?:,\s*|\s+)(?:and\s+)?(?:not|instead\s+of|rather\s+than)\s+(?:the\s+)?[$£€]?\s*(-?\d[\d,]*(?:\.\d+)?(?:\s*\/\s*\d+)?%?)/;
const EQUALS_BEFORE = new RegExp(String.raw`(?:=|\bequals?|\bequal\s+to|\bequaling)\s*${ADVERBS}${CURRENCY}$`);
const REFERENCE_BEFORE = /\b(?:the|these|those|your|his|her|their|its|our|my)\s+(?:[a-z]+\s+)?[$£€]?\s*$/;
const WORKED_BEFORE = /[\d)]\s*[$£€]?\s*(?:[-+*/x×]|\btimes\b|\bdivided\s+by\b)\s*[$£€]?\s*[\d(][^=]*?(?:=|\bequals?|\bequal\s+to)\s*[$£€]?\s*$/;
const SUPPOSED = /\b(?:if|suppose|supposing|imagine|assuming|assume)\b[^,;:\n]*$/;
const RESULT_VERB = String.raw`(?:is|are|was|were|be|get|gets|got|gives?|gave|makes?|made|leaves?|left\s+with|totals?|comes\s+to|adds\s+up\s+to|results?\s+in|end\s+up\s+with|that's|it's|there's)`;
const RESULT_BEFORE = new RegExp(String.raw`\b${RESULT_VERB}\s+${ADVERBS}${APPROXIMATELY}${CURRENCY}$`);
const CONCLUSION_BEFORE = new RegExp(
  String.raw`(?:(?:^|[.!?;:,]\s*|\n\s*)(?:so|therefore|thus|hence)|\bmeans?|\bmeaning)\s*,?\s*(?:that\s+)?(?:(?!(?:how|what|which|why|when|where|who)\b)[a-z']+\s+){0,3}?${ADVERBS}${APPROXIMATELY}${CURRENCY}$`,
);
const QUESTION_VERB_BEFORE = /(?:^|[.!?;:,]\s*|\b(?:or|and|but)\s+)(?:is|are|was|were)\s+(?:it\s+)?[$£€]?\s*$/;
const DENIED = /(?:\bnot|\bnever|n't)\s+(?!\s|(?:that|it|this|there|he|she|they|we|you)\b)(?:[a-z']+\s+){0,4}$/;
// The learner's own working, quoted back: "when you worked out 3 x 35 = 105".
const QUOTED = /\b(?:you|you've|you\s+have)\s+(?:\w+\s+)?(?:said|calculated|computed|found|got|wrote|worked\s+out|figured)\b[^.!?;,\n"]*$/;
const OPERATOR_BEFORE = /(?:\d|\))\s*[$£€]?\s*[-+*/x×]\s*[$£€]?\s*$/;
const OPERATOR_AFTER = /^\s*(?:[a-z%]+\s+)?[-+*/x×]\s*[$£€(]?\s*\d/;

/** The stance of the number at `at` in `text` (lower-case, numerals folded). */
export function stance(text: string, at: Pick<NumberMention, 'start' | 'end'>): Stance {
  const before = text.slice(Math.max(0, at.start - 120), at.start);
  const after = text.slice(at.end, at.end + 80);
  const feedsCalculation = OPERATOR_AFTER.test(after);
  if (!feedsCalculation && (ANSWER_BEFORE.test(before) || RESULT_NAMED_BEFORE.test(before) || ANSWER_AFTER.test(after))) return { kind: 'named' };
  const corrected = CORRECTION_AFTER.exec(after);
  const replaces = corrected ? readNumber(corrected[1] ?? '') : undefined;
  if (replaces) return { kind: 'correction', replaces: replaces.value };
  const clause = before.slice(before.search(/[^.!?;\n]*$/));
  const stated = (): Stance => ({
    kind: !DENIED.test(clause.slice(-60)) && !QUOTED.test(clause) && !SUPPOSED.test(clause) ? 'result' : 'mention',
  });
  if (EQUALS_BEFORE.test(before)) {
    const result = stated();
    return result.kind === 'result' && WORKED_BEFORE.test(before) ? { ...result, worked: true } : result;
  }
  if (feedsCalculation || OPERATOR_BEFORE.test(before)) return { kind: 'operand' };
  if (REFERENCE_BEFORE.test(before)) return { kind: 'mention' };
  if (CONCLUSION_BEFORE.test(before)) return stated();
  if (RESULT_BEFORE.test(before) && !QUESTION_VERB_BEFORE.test(before)) return stated();
  return { kind: 'mention' };
}
