// Answers that are words: a name or a term (exact), a query or other code (pattern), a model answer (rubric),
// and algebra (expression). Each is found in any reading; one the learner has already seen (a name in the
// question) gives nothing away unless the reply singles it out.
import { mathFromLearner, rubricPointsShown } from '../curriculum/answers.ts';
import { evaluateNumber, parseExpression } from '../curriculum/math.ts';
import type { AnswerSpec } from '../curriculum/schema.ts';
import type { Found, Grounds } from './numeric.ts';
import { containsPhrase, inOrderCoverage, shiftedPhrase, tokensOf } from './phrases.ts';
import { emphasised, type Reading } from './readings.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A seen word put forward as the answer: named, confirmed, emphasised, or alone as a sentence. */
function singledOut(text: string, word: string): boolean {
  const w = escape(word.toLowerCase()).replace(/\s+/g, '\\s+');
  return [
    new RegExp(String.raw`\b(?:answer|solution|result)\s*(?:is|was|would\s+be|should\s+be|:)\s*["'“]?${w}\b`),
    new RegExp(String.raw`\b(?:it's|it\s+is|that's|that\s+is|it\s+must\s+be|it\s+would\s+be|yes,?|correct,?|exactly,?)\s*["'“]?${w}\b`),
    new RegExp(String.raw`\b${w}["'”]?\s+(?:is|was|would\s+be)\s+(?:the\s+)?(?:answer|one|right|correct|it|who|which)\b`),
    new RegExp(String.raw`(?:^|[.!?:\n]\s*)["'“]?${w}["'”]?\s*(?:[.!]|$)`),
  ].some((re) => re.test(text));
}

// Capitalised words of the prompt other than at a sentence start: the names and terms an answer is chosen from.
function candidatesIn(prompt: string): string[] {
  return [...prompt.matchAll(/(?<![.!?]\s|^)\b([A-Z][a-z]{2,})\b/g)].map((m) => (m[1] ?? '').toLowerCase());
}

function exactFound(answers: readonly string[], readings: readonly Reading[], grounds: Grounds, original: string): Found | undefined {
  const promptBold = new Set(emphasised(grounds.prompt));
  const emphasisedIn = emphasised(original).filter((e) => !promptBold.has(e));
  const seenText = [grounds.prompt, ...grounds.seen, ...grounds.learnerAnswers];
  for (const answer of answers) {
    const shift = shiftedPhrase(readings[0]?.text ?? '', answer);
    if (shift !== undefined) return { form: `${answer} (letters shifted by ${shift})` };
    const seen = seenText.some((t) => containsPhrase(t.toLowerCase(), answer));
    const others = candidatesIn(grounds.prompt).filter((c) => c !== answer.toLowerCase());
    // In bold or a code span of its own ("the cell says **Engineering**"): put forward as the answer.
    const emphasisedAlone = emphasisedIn.some((e) => containsPhrase(e, answer) && !others.some((o) => containsPhrase(e, o)));
    for (const reading of readings) {
      // Shifted, reversed and first-letter readings of a short word find it by chance: only whole readings count.
      if (reading.transformed && answer.replace(/\W/g, '').length < 4) continue;
      // First letters run together with no spaces: there the answer is found inside the run.
      const inside = reading.how === 'first letters' && answer.replace(/\W/g, '').length >= 4 && reading.text.includes(answer.toLowerCase().replace(/\W/g, ''));
      if (!inside && !containsPhrase(reading.text, answer)) continue;
      const tag = { form: reading.how === 'plain' ? answer : `${answer} (${reading.how})` };
      // Spelled backwards or down the first letters, it was put there on purpose, seen or not.
      if (!seen || reading.transformed) return tag;
      // Hidden (reversed, shifted, encoded) where the plain text does not show it: that singles it out.
      if (reading.how !== 'plain' && !containsPhrase(readings[0]?.text ?? '', answer)) return tag;
      if (singledOut(reading.text, answer) || (reading.how === 'plain' && emphasisedAlone)) return tag;
      if (reading.how === 'plain' && others.length > 0 && !others.some((o) => containsPhrase(reading.text, o))) return tag;
    }
  }
  return undefined;
}

// SQL words that give a query its shape: a reply that lays them out with the rest of the query, in order, has
// written the query for the learner.
const CLAUSE_WORDS = new Set(['=', '<', '>', '<=', '>=', '<>', '!=', 'select', 'from', 'where', 'group', 'order', 'by', 'join', 'on', 'having', 'limit', 'distinct', 'as', 'and', 'or', 'count', 'sum', 'avg', 'min', 'max', 'left', 'inner', 'is', 'null', 'not', 'in', 'like', 'desc', 'asc']);

/**
 * A query (or other code) is given away when a reply writes out half of it or more (at least three words) in
 * one run, or lays out, in the query's order, at least 60% of its words including at least two of its clause words
 * and every one of its own names and values: in code or in words ("select the name column from employees").
 * One keyword alone, the names the question already gives, or a worked example on other columns or values
 * still leave the learner to think.
 */
function codeFound(spec: Extract<AnswerSpec, { type: 'pattern' }>, readings: readonly Reading[], prompt: string): Found | undefined {
  const answer = tokensOf(spec.display);
  const re = new RegExp(spec.pattern.replace(/^\^/, '').replace(/\$$/, ''), spec.flags.includes('m') ? spec.flags : `${spec.flags}m`);
  // A question that shows the query itself ("what does SELECT * FROM users do?") has nothing left to give away.
  if (re.test(prompt) || inOrderCoverage(answer, tokensOf(prompt)) >= Math.ceil(0.6 * answer.length)) return undefined;
  const shift = shiftedPhrase(readings[0]?.text ?? '', spec.display);
  if (shift !== undefined) return { form: `${spec.display} (letters shifted by ${shift})` };
  const promptTokens = tokensOf(prompt);
  for (const reading of readings) {
    const tag = (form: string) => ({ form: reading.how === 'plain' ? form : `${form} (${reading.how})` });
    if (reading.transformed && spec.display.replace(/\W/g, '').length < 4) continue;
    if (reading.transformed) {
      if (containsPhrase(reading.text, spec.display)) return tag(spec.display);
      continue;
    }
    const lines = [reading.text, ...reading.text.split(/\n|(?<=;)|`/)];
    if (lines.some((l) => re.test(l.trim())) || containsPhrase(reading.text, spec.display)) return tag(spec.display);
    const tokens = tokensOf(reading.text);
    const covered = inOrderCoverage(answer, tokens);
    const clauses = answer.filter((t) => CLAUSE_WORDS.has(t));
    const clauseCover = inOrderCoverage(clauses, tokens.filter((t) => CLAUSE_WORDS.has(t)));
    // A piece of the query itself, word for word: most of it in one run ("SELECT name, salary").
    if (answer.length >= 3 && longestSharedRun(answer, tokens) >= Math.max(3, Math.ceil(0.5 * answer.length))) return tag(`${spec.display} (a run of it word for word)`);
    // Its key clause word for word: two clause words or more with a name or value of its own ("ORDER BY salary DESC").
    // A clause the question itself spells out ("their department is NULL") is no leak when repeated.
    const clause = keyClauseRun(answer, tokens, promptTokens);
    if (clause) return tag(`${spec.display} (its clause "${clause}")`);
    const specifics = answer.filter((t) => !CLAUSE_WORDS.has(t) && t !== 'star').every((t) => tokens.includes(t));
    if (answer.length >= 3 && specifics && covered >= Math.ceil(0.6 * answer.length) && clauseCover >= Math.min(2, clauses.length)) return tag(`${spec.display} (${covered} of its ${answer.length} words in order)`);
  }
  return undefined;
}

const STOP = new Set('a an the of to and or is are be it its that this in on for with as by at from'.split(' '));

/** A model answer is given away by most of its own words in order, or by every key point at once. */
function rubricFound(spec: Extract<AnswerSpec, { type: 'rubric' }>, readings: readonly Reading[]): Found | undefined {
  const reference = tokensOf(spec.reference).filter((t) => !STOP.has(t));
  for (const reading of readings) {
    if (containsPhrase(reading.text, spec.reference)) return { form: 'the model answer' };
    if (reading.transformed) continue;
    if (reference.length >= 4 && inOrderCoverage(reference, tokensOf(reading.text).filter((t) => !STOP.has(t))) >= Math.ceil(0.6 * reference.length)) {
      return { form: 'most of the model answer' };
    }
    const shown = rubricPointsShown(spec, reading.text);
    if (shown.length >= spec.minPoints && shown.length === spec.points.length) return { form: `the key points (${shown.join(', ')})` };
  }
  return undefined;
}

const MATH_RUN = /[0-9a-z()+\-*/^.\s]*[+\-*/^][0-9a-z()+\-*/^.\s]*/gi;

function expressionFound(spec: Extract<AnswerSpec, { type: 'expression' }>, readings: readonly Reading[], prompt: string): Found | undefined {
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
    [...source.matchAll(MATH_RUN)].map((m) => mathFromLearner(m[0], spec.variables).trim()).filter((c) => c.length > 0 && spec.variables.some((v) => c.includes(v)));
  if (candidates(prompt.toLowerCase()).some(sameAsAnswer)) return undefined;
  for (const reading of readings) {
    const hit = candidates(reading.text).find(sameAsAnswer);
    if (hit) return { form: hit };
  }
  return undefined;
}

/** The longest run of tokens two lists share, in a row: "select name salary" inside the answer's query. */
function longestSharedRun(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = b.length; j >= 1; j--) {
      row[j] = a[i - 1] === b[j - 1] ? (row[j - 1] ?? 0) + 1 : 0;
      best = Math.max(best, row[j] ?? 0);
    }
  }
  return best;
}

/** A run of three tokens or more shared with the query, holding two clause words and one of its own names. */
function keyClauseRun(a: readonly string[], b: readonly string[], prompt: readonly string[]): string | undefined {
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      if (k < 3) continue;
      const run = a.slice(i, i + k);
      // The name of a column or table, not a figure or the * of COUNT(*): those recur in every example.
      const key = run.filter((t) => CLAUSE_WORDS.has(t)).length >= 2 && run.some((t) => !CLAUSE_WORDS.has(t) && /^[a-z_]{2,}$/.test(t) && t !== 'star');
      if (key && longestSharedRun(run, prompt) < run.length) return run.join(' ');
    }
  }
  return undefined;
}

export function wordsFound(spec: Exclude<AnswerSpec, { type: 'numeric' | 'choice' }>, readings: readonly Reading[], grounds: Grounds, original: string): Found | undefined {
  switch (spec.type) {
    case 'exact':
      return exactFound(spec.answers, readings, grounds, original);
    case 'pattern':
      return codeFound(spec, readings, grounds.prompt);
    case 'rubric':
      return rubricFound(spec, readings);
    case 'expression':
      return expressionFound(spec, readings, grounds.prompt);
  }
}
