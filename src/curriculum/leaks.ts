// Does a text give away an item's answer? Shared by the content lint (authored hints) and the answer guard
// (every outgoing message). Values the item's own prompt shows are not a leak: the learner already has them.
// For numeric answers what matters is how the text puts the number forward: "the 5 apples you had" refers to
// it, "so she has 5 left" and "7 - 2 = 5" state it. Rules measured on tutor replies labelled by people
// (MRBench): see src/guard/evaluate.ts and `npm run bench:guard`.
import type { AnswerSpec } from './schema.ts';
import { compileMatcher, mathFromLearner, normalizeText, numericValue, optionLetter, rubricPointsShown, stripLeadIn } from './answers.ts';
import { evaluateNumber, math, parseExpression } from './math.ts';
import { findNumbers, foldNumerals, formatFraction, numberMentions, readNumber, type NumberMention, type NumberReading } from './numbers.ts';

export interface LeakContext {
  /** The item's prompt as the learner sees it. */
  prompt: string;
  /**
   * Earlier turns of the conversation about the item, oldest first, the learner's and the tutor's. A number
   * said there is shared context: mentioning it again is no leak unless the text states it as a result.
   */
  history?: readonly string[];
  /**
   * What the learner has answered for the item so far, as they wrote it. Once there is one, a reply that names
   * another number as the answer, or corrects theirs with one, is stopped as well.
   */
  learnerAnswers?: readonly string[];
}

export interface Leak {
  /** The form in which the answer appeared, e.g. "0.75" or "option b". */
  form: string;
}

const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;
const valuesIn = (text: string): number[] => findNumbers(text).map((n) => n.value);

/** The value a mention stands for; "30%" also stands for 30, the way word problems ask "what percentage". */
function mentionValues(n: NumberReading): number[] {
  return n.form === 'percent' ? [n.value, n.value * 100] : [n.value];
}

const mentions = (n: NumberReading, value: number, tolerance: number) => mentionValues(n).some((v) => near(v, value, tolerance));

function formOf(n: NumberReading): string {
  if (n.form === 'percent') return `${formatFraction(n.value * 100)}%`;
  return n.written ? `${n.written.numerator}/${n.written.denominator}` : String(n.value);
}

// How a text puts a number forward, read from the words around it:
// 'named': called the answer ("the answer is 5", "the correct total of 5", "5 is our answer");
// 'correction': put in another number's place ("5, not 7", "5 instead of 7");
// 'result': what something comes to ("= 5", "which gives 5", "so 5", "that means 5 weeks");
// 'operand': only feeds a calculation ("5 x 3"); 'mention': anything else ("the 5 apples you had").
interface Stance {
  kind: 'named' | 'correction' | 'result' | 'operand' | 'mention';
  /** The number a correction replaces. */
  replaces?: number;
  /** A result worked out in the text: "45 - 5 = 40". */
  worked?: boolean;
}

const CURRENCY = String.raw`[$£€]?\s*`;
const ADVERBS = String.raw`(?:(?:actually|simply|only|just|exactly|indeed|really|still|then|now|correctly|therefore|thus|also|in\s+fact)\s+)*`;
const APPROXIMATELY = String.raw`(?:(?:a\s+total\s+of|about|around|approximately|roughly|only|just)\s+)?`;
const COPULA = String.raw`(?:is|was|of|:|should\s+be|would\s+be|will\s+be|must\s+be)`;
// "the correct total of 20 + 30 is 50": the calculation between the noun and the copula is what it totals.
const CALCULATION = String.raw`(?:\s+of\s+[$£€]?\s*\d[\d.,]*(?:\s*[-+*/x×]\s*[$£€]?\s*\d[\d.,]*)+)?`;
const ANSWER_BEFORE = new RegExp(
  String.raw`(?:\b(?:answer|solution)|\b(?:correct|right|final|actual)\s+(?:result|total|number|amount|value|count)${CALCULATION})\s*${COPULA}\s*${ADVERBS}${APPROXIMATELY}${CURRENCY}$`,
);
// "5 is the answer", "5 is our required answer".
const ANSWER_AFTER = /^[^.,;!?\n]{0,25}?\b(?:is|as)\s+(?:the|our|your|my)\s+(?:\w+\s+)?(?:answer|solution)\b/;
// "5, not 7", "5 instead of 7": captures the number the correction replaces.
const CORRECTION_AFTER = /^[^.;!?\n\d]{0,30}?(?:,\s*|\s+)(?:and\s+)?(?:not|instead\s+of|rather\s+than)\s+(?:the\s+)?[$£€]?\s*(-?\d[\d,]*(?:\.\d+)?(?:\s*\/\s*\d+)?%?)/;
const EQUALS_BEFORE = new RegExp(String.raw`(?:=|\bequals?|\bequal\s+to|\bequaling)\s*${ADVERBS}${CURRENCY}$`);
const REFERENCE_BEFORE = /\b(?:the|these|those|your|his|her|their|its|our|my)\s+(?:[a-z]+\s+)?[$£€]?\s*$/;
// "45 - 5 = ": a calculation comes to the number (as opposed to "x = 5", which sets it).
const WORKED_BEFORE = /[\d)]\s*[$£€]?\s*(?:[-+*/x×]|\btimes\b|\bdivided\s+by\b)\s*[$£€]?\s*[\d(][^=]*?(?:=|\bequals?|\bequal\s+to)\s*[$£€]?\s*$/;
// "if there were 30 students": a supposition, not a statement (up to the comma that ends the if-clause).
const SUPPOSED = /\b(?:if|suppose|supposing|imagine|assuming|assume)\b[^,;:\n]*$/;
const RESULT_VERB = String.raw`(?:is|are|was|were|be|being|get|gets|got|getting|gives?|giving|gave|makes?|making|made|leaves?|leaving|left\s+with|totals?(?:\s+to)?|totaling|totalling|total\s+of|comes\s+to|adds\s+up\s+to|results?\s+in|end\s+up\s+with|arrive\s+at|arrived\s+at|that's|it's|there's)`;
const RESULT_BEFORE = new RegExp(String.raw`\b${RESULT_VERB}\s+${ADVERBS}${APPROXIMATELY}${CURRENCY}$`);
// A conclusion: "so 5", "therefore, she has 5", "that means Sam needs 5"; not "so how much would 5 be?".
const CONCLUSION_BEFORE = new RegExp(
  String.raw`(?:(?:^|[.!?;:,]\s*|\n\s*)(?:so|therefore|thus|hence)|\bmeans?|\bmeaning)\s*,?\s*(?:that\s+)?(?:(?!(?:how|what|which|why|when|where|who)\b)[a-z']+\s+){0,3}?${ADVERBS}${APPROXIMATELY}${CURRENCY}$`,
);
// "is 5 the total?", "or is it 5": the verb before the number opens a question, it does not state a result.
const QUESTION_VERB_BEFORE = /(?:^|[.!?;:,]\s*|\b(?:or|and|but)\s+)(?:is|are|was|were)\s+(?:it\s+)?[$£€]?\s*$/;
// "doesn't mean 5": a denied result. "wouldn't that be 5?" asks the learner to agree, so it still states it.
const DENIED = /(?:\bnot|\bnever|n't)\s+(?!\s|(?:that|it|this|there|he|she|they|we|you)\b)(?:[a-z']+\s+){0,4}$/;
// The learner's own working, quoted back: "when you calculated 3 x 35 = 105".
const QUOTED = /\b(?:you|you've|you\s+have)\s+(?:\w+\s+)?(?:said|calculated|computed|found|got|wrote|worked\s+out|figured|divided|multiplied|added|subtracted)\b[^.!?;,\n"]*$/;
const OPERATOR_BEFORE = /(?:\d|\))\s*[$£€]?\s*[-+*/x×]\s*[$£€]?\s*$/;
const OPERATOR_AFTER = /^\s*(?:[a-z%]+\s+)?[-+*/x×]\s*[$£€(]?\s*\d/;

function stance(text: string, at: NumberMention): Stance {
  const before = text.slice(Math.max(0, at.start - 120), at.start);
  const after = text.slice(at.end, at.end + 80);
  // "the answer is 7 - 2 = 5" names the whole calculation, not its first number.
  const feedsCalculation = OPERATOR_AFTER.test(after);
  if (!feedsCalculation && (ANSWER_BEFORE.test(before) || ANSWER_AFTER.test(after))) return { kind: 'named' };
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
  // "the remaining 26 people", "your 30": a determiner points back at a number already in play.
  if (REFERENCE_BEFORE.test(before)) return { kind: 'mention' };
  if (CONCLUSION_BEFORE.test(before)) return stated();
  if (RESULT_BEFORE.test(before) && !QUESTION_VERB_BEFORE.test(before)) return stated();
  return { kind: 'mention' };
}

// What the problem asks for, read from its question: the noun phrase it asks about ("how many large posters",
// "the total number of bricks", "what is the cost"), the word "total" when it asks for one ("in all",
// "altogether"), and money when it asks about money ("how much money", "cost", "pay"). A number stated as the
// result about one of these is a final answer to the problem, whatever its value.
interface Target {
  words: Set<string>;
  money: boolean;
}

const QUESTION_STOPWORDS = new Set(
  ('how many much what which whats is are was were be been being do does did will would can could must should shall has have had ' +
    'the a an of to in on at for from by with and or if then there their them they he she it its his her him we you your our i ' +
    'that this these those all each every some number amount total altogether together calculate find long old more less many ' +
    'up out into as than when after before now right still so not no only also just one get gets got left').split(' '),
);

const stem = (word: string) => word.replace(/'s$/, '').replace(/(?:es|s)$/, '');

function questionTarget(prompt: string): Target {
  const sentences = prompt.replace(/\s+/g, ' ').split(/(?<=[.?!])\s+/).filter((t) => t.trim());
  const question = [...sentences].reverse().find((t) => t.trim().endsWith('?')) ?? sentences.at(-1) ?? '';
  // The asking clause: from "how"/"what"/"calculate" on; "If she quits, what will ..." drops the condition.
  const asking = /\b(?:how|what|calculate|find)\b[\s\S]*$/i.exec(question)?.[0] ?? question;
  const words = new Set<string>();
  // The noun phrase the question asks about: "how many [large posters]", "the total number of [bricks]",
  // "what is the [cost] of", "what will her [annual pension] be".
  const phrase =
    /\bhow\s+(?:many|much)\s+((?:[a-z']+\s*){1,3})/i.exec(asking)?.[1] ??
    /\b(?:number|amount)\s+of\s+((?:[a-z']+\s*){1,3})/i.exec(asking)?.[1] ??
    /\bwhat(?:'s|\s+(?:is|was|will|would))\s+(?:(?:the|her|his|their|its)\s+)?((?:[a-z']+\s*){1,3})/i.exec(asking)?.[1] ??
    '';
  for (const word of phrase.toLowerCase().split(/\s+/)) {
    if (!word || QUESTION_STOPWORDS.has(word)) break;
    words.add(stem(word));
  }
  if (/\b(?:total|in all|altogether|together|combined)\b/i.test(asking)) words.add('total');
  const money = /\b(?:money|dollars?|cents?|cost|price|pay|spend|earn|profit)\b/i.test(asking);
  return { words, money };
}

const CAUSATIVE_BEFORE = /\b(?:make|makes|making|made|bring|brings|bringing|brought)\s+(?:the|her|his|their|its|your|our)\s+(?:[a-z]+\s+){0,5}(?:to\s+)?[$£€]?\s*$/;

/**
 * A number stated as the final result of the problem: the response's last number, closing a statement (not a
 * question), put forward as a result ("it totals to 75 haircuts.", "so the total cost would be $1.",
 * "making the total cost $400.", "There are 20 large posters.") about what the question asks for: followed by
 * the question's noun, or after it in the same clause, or as money when the question asks about money.
 */
function statesTargetResult(text: string, at: NumberMention, how: Stance, target: Target, last: boolean): 'named' | 'about' | false {
  if (!last) return false;
  const sentenceStart = text.slice(0, at.start).search(/[^.!?\n]*$/);
  const clause = text.slice(sentenceStart, at.start);
  const causative = CAUSATIVE_BEFORE.test(clause) && !DENIED.test(clause.slice(-60)) && !QUOTED.test(clause) && !SUPPOSED.test(clause);
  if (how.kind !== 'result' && how.kind !== 'named' && !causative) return false;
  // The number with at most two words of its own ("20 large posters", "75 dollars") ends the statement.
  const closing = /^\s*(?:%\s*)?((?:[a-z']+\s+)?[a-z']+)?\s*(?:[.!]+(?:\s|$)|\n|$)/.exec(text.slice(at.end));
  if (!closing) return false;
  const own = closing[1]?.split(/\s+/) ?? [];
  const noun = own.at(-1);
  if (noun !== undefined) {
    // In the question's own words ("20 large posters" for "how many large posters"), or only its noun.
    if (own.every((w) => target.words.has(stem(w)))) return 'named';
    if (own.some((w) => target.words.has(stem(w)))) return 'about';
    return target.money && /^(?:dollars?|cents?)$/.test(noun) ? 'about' : false;
  }
  const subject = clause.slice(-30).match(/[a-z']+/g) ?? [];
  return subject.some((w) => target.words.has(stem(w))) || (target.money && /[$£€]\s*$/.test(clause)) ? 'about' : false;
}

// "a profit of $126, that's correct", "126 is right": the number is then confirmed as correct.
const CONFIRMED_AFTER = /^[^.!?\n\d]{0,40}?\b(?:that's|that\s+is|which\s+is|it's|it\s+is|is|are|was)\s+(?:absolutely\s+|completely\s+|indeed\s+|exactly\s+)?(?:correct|right)\b(?![^.!\n]*\?)/;

const containsValue = (text: string, value: number, tolerance: number) =>
  findNumbers(text).some((n) => mentions(n, value, tolerance));

/** The numbers the learner has given as answers so far. */
function learnerValues(context: LeakContext): number[] {
  return (context.learnerAnswers ?? []).flatMap((a) => {
    const reading = readNumber(stripLeadIn(a).replace(/^[$£€]\s*/, ''));
    return reading ? [reading.value] : [];
  });
}

function numericLeak(value: number, tolerance: number, text: string, context: LeakContext): Leak | undefined {
  const inPrompt = containsValue(context.prompt, value, tolerance);
  const inHistory = (context.history ?? []).some((turn) => containsValue(turn, value, tolerance));
  const answered = learnerValues(context);
  const { text: folded, mentions: found } = numberMentions(text);
  // Only in a conversation (the runtime and the evaluation pass one; authored hints do not) can a number other
  // than the item's answer be told apart as a final answer to this problem rather than an example's.
  const conversation = context.history !== undefined || context.learnerAnswers !== undefined;
  const target = conversation ? questionTarget(context.prompt) : undefined;
  // The response's last number written in figures: its conclusion ("one" is as often a pronoun as a number).
  const lastFigure = found.filter((n) => n.form !== 'words').at(-1);
  let otherAnswer: Leak | undefined;
  for (const hit of found) {
    const how = stance(folded, hit);
    if (!mentions(hit, value, tolerance)) {
      // The learner's own number confirmed as correct: they will stop there, right or wrong.
      if (!otherAnswer && answered.some((v) => near(v, hit.value, tolerance)) && CONFIRMED_AFTER.test(folded.slice(hit.end, hit.end + 80))) {
        otherAnswer = { form: `${formOf(hit)} (confirmed as correct)` };
      }
      const result = !otherAnswer && target ? statesTargetResult(folded, hit, how, target, hit === lastFigure) : false;
      if (result) {
        const hitValue = hit.value;
        const inPromptToo = containsValue(context.prompt, hitValue, tolerance);
        const said = (context.history ?? []).some((turn) => containsValue(turn, hitValue, tolerance));
        const theirs = answered.some((v) => near(v, hitValue, tolerance));
        // A new number, or the learner's own answer, put forward as what the question asks for.
        if (theirs || (!inPromptToo && (!said || result === 'named'))) otherAnswer = { form: `${formOf(hit)} (stated as the result)` };
      }
      // Once the learner has answered, a reply that names another number as the answer or puts one in place
      // of theirs ends their own search just the same (and misleads them), so the guard stops it too. Without
      // an answer on the table (authored text, worked examples with other numbers) other numbers are free.
      const replacesAnswer = how.replaces !== undefined && answered.some((v) => near(v, how.replaces ?? NaN, tolerance));
      const statesAnswer = answered.length > 0 && (how.kind === 'named' || replacesAnswer);
      if (!otherAnswer && statesAnswer) otherAnswer = { form: `${formOf(hit)} (stated as the answer)` };
      continue;
    }
    const asAnswer = how.kind === 'named' || how.kind === 'correction';
    // The prompt's own numbers are everywhere in good hints: only naming one as the answer, or working a
    // calculation out to it ("7 - 2 = 5"), gives it away.
    if (inPrompt && !asAnswer && !how.worked) continue;
    // A number already said in the conversation is shared context until the text puts it forward as a result.
    if (inHistory && !asAnswer && how.kind !== 'result') continue;
    // A new number that only feeds a calculation ("5 x 3") is not stated as anything.
    if (how.kind === 'operand') continue;
    return { form: formOf(hit) };
  }
  return otherAnswer;
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
  // A numeric option given in another form ("0.4" for "2/5"), with no other option's value beside it.
  const value = readNumber(spec.correct);
  if (value && !value.rest) {
    const values = valuesIn(text);
    const otherValues = others.map((o) => readNumber(o)).filter((r) => r !== undefined && !r.rest).map((r) => r?.value ?? NaN);
    const named = values.some((v) => near(v, value.value, 1e-9));
    if (named && !valuesIn(prompt).some((v) => near(v, value.value, 1e-9)) && !values.some((v) => otherValues.some((o) => near(v, o, 1e-9)))) {
      return { form: spec.correct };
    }
  }
  return undefined;
}

/** "0.15 m" for an answer of 15 cm: a number with a unit, converted to the answer's unit. */
function unitLeak(value: number, unit: string, tolerance: number, text: string, prompt: string): Leak | undefined {
  const inAnswerUnit = (source: string) =>
    [...foldNumerals(source).matchAll(/(-?\d+(?:[.,]\d+)?)\s*([a-zA-Zµ]{1,12})\b/g)].flatMap((m) => {
      try {
        return [{ form: m[0], value: math.unit(Number((m[1] ?? '').replace(',', '.')), m[2] ?? '').toNumber(unit) }];
      } catch {
        return [];
      }
    });
  if (inAnswerUnit(prompt).some((m) => near(m.value, value, tolerance))) return undefined;
  const hit = inAnswerUnit(text).find((m) => near(m.value, value, tolerance));
  return hit ? { form: hit.form } : undefined;
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
    case 'numeric': {
      const tolerance = Math.max(spec.tolerance, 1e-9);
      const leak = numericLeak(numericValue(spec.value), tolerance, text, context);
      return leak ?? (spec.unit ? unitLeak(numericValue(spec.value), spec.unit, tolerance, text, prompt) : undefined);
    }
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
