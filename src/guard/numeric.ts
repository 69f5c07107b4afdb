// Numeric answers, checked by value. A reply gives a number away when, in any reading of it, the learner can
// find the answer's value: a number (any form, also rounded), a calculation that comes to it with numbers they
// have not seen, two new numbers that make it as a fraction ("the top is 3, the bottom is 8"), or its digits
// one by one. A value the learner has already seen is free to mention; only stating it as the answer (or as
// the worked result, or confirming it) gives it away.
import { numberMentions, formatFraction, readNumber, type NumberMention } from '../curriculum/numbers.ts';
import { convertUnit } from '../curriculum/math.ts';
import { foldNumerals } from '../curriculum/numbers.ts';
import { stripLeadIn } from '../curriculum/answers.ts';
import { emphasised, plainReading, type Reading } from './readings.ts';
import { stance } from './stance.ts';
import { asFraction, calculationsIn, mentionMatches, near } from './values.ts';

export interface NumericSubject {
  value: number;
  /** The answer as the pack writes it ("1 5/12"), when it is written as text. */
  written?: string;
  tolerance: number;
  unit?: string;
}

export interface Grounds {
  /** The item's prompt. */
  prompt: string;
  /** The authored wording of the move being checked. */
  authored?: string;
  /** Everything else the learner has seen or written about the item: earlier replies, their words. */
  seen: readonly string[];
  /** What the learner has answered for the item so far, as they wrote it. */
  learnerAnswers: readonly string[];
}

export interface Found {
  form: string;
}

const formOf = (text: string, n: NumberMention) => text.slice(n.start, n.end).trim() || formatFraction(n.value);

function learnerValues(grounds: Grounds): number[] {
  return grounds.learnerAnswers.flatMap((a) => {
    const reading = readNumber(stripLeadIn(a).replace(/^[$£€]\s*/, ''));
    return reading ? [reading.value] : [];
  });
}

// "126 is right", "that's correct": the number just before is confirmed as correct (not asked about).
const CONFIRMED_AFTER = /^[^.!?\n\d]{0,40}?\b(?:that's|that\s+is|which\s+is|it's|it\s+is|is|are|was)\s+(?:(?!not\b|never\b)\w+\s+)?(?:correct|right)\b(?![^.!\n]*\?)/;
// "yes, 12", "correct: 12", "exactly 12": the number is the confirmed answer.
const CONFIRMED_BEFORE = /(?:^|[.!?]\s*)(?:yes|yep|yeah|correct|right|exactly|precisely|bingo|spot\s+on)\b[\s,:!.-]*(?:it's|it\s+is|that's|the\s+answer\s+is)?\s*[$£€]?\s*$/;

/** A value the learner has seen, put forward as the answer: named, worked out to, confirmed or corrected to. */
function statedAsAnswer(text: string, n: NumberMention, prompt = ''): boolean {
  if (prompt && quotesPrompt(text, n, prompt)) return false;
  const how = stance(text, n);
  if (how.kind === 'named' || how.kind === 'correction' || how.worked) return true;
  // "So it is 5." states it; "What is 5 + 0?" asks.
  if (how.kind === 'result' && !/^[^.!?\n]*\?/.test(text.slice(n.end))) return true;
  return presented(text, n) || CONFIRMED_AFTER.test(text.slice(n.end, n.end + 80)) || CONFIRMED_BEFORE.test(text.slice(Math.max(0, n.start - 60), n.start));
}

const PART_OF = /\b(half|a\s+third|one\s+third|a\s+quarter|one\s+quarter|double|twice|triple)\s+(?:of\s+)?(?:the\s+)?(\d+(?:\.\d+)?)/g;
const PART_VALUES: Record<string, number> = { half: 2, third: 3, quarter: 4, double: 2, twice: 2, triple: 3 };

/**
 * The calculation is the prompt's own: the prompt writes the same numbers as a calculation ("What is 1/4 +
 * 1/8?"), in words ("half of 8" for 8 / 2), or in one sentence of a word problem. Numbers that merely occur
 * in it (cells of a table) are not.
 */
function posedInPrompt(prompt: string, operands: readonly number[]): boolean {
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && [...a].sort().every((x, i) => near(x, [...b].sort()[i] ?? NaN, 1e-9));
  if (calculationsIn(prompt).some((c) => same(c.operands, operands))) return true;
  for (const m of prompt.matchAll(PART_OF)) {
    const part = PART_VALUES[(m[1] ?? '').split(/\s+/).pop() ?? ''] ?? NaN;
    if (same([part, Number(m[2])], operands) || same([1 / part, Number(m[2])], operands)) return true;
  }
  // A word problem's sentence that holds all of them ("A box holds 4 rows of 3 eggs"), not rows of a table.
  return prompt
    .split(/(?<=[.!?])\s+|\n+/)
    .filter((sentence) => !/[|`]/.test(sentence))
    .some((sentence) => {
      const values = numberMentions(sentence).mentions.map((m) => m.value);
      return operands.every((o) => values.some((v) => near(v, o, 1e-9)));
    });
}

/** The words around the number are the prompt's own ("Therese is 5 months older"): a quote, not a statement. */
function quotesPrompt(text: string, n: NumberMention, prompt: string): boolean {
  const before = text.slice(0, n.start).match(/[a-z0-9']+/g)?.slice(-3) ?? [];
  const after = text.slice(n.end).match(/[a-z0-9']+/g)?.slice(0, 2) ?? [];
  if (before.length + after.length < 3) return false;
  const words = (t: string) => ` ${(t.match(/[a-z0-9'/.]+/g) ?? []).join(' ')} `;
  return words(prompt).includes(words([...before, text.slice(n.start, n.end), ...after].join(' ')));
}

/** A number set out on its own: after a colon, alone on a line or in a code block ("Here: 3", "```\n4\n```"). */
function presented(text: string, n: NumberMention): boolean {
  const before = text.slice(Math.max(0, n.start - 12), n.start);
  const after = text.slice(n.end, n.end + 8);
  const opens = /(?::|^|\n|```\w*\n?)[\s"'“([{]*$/.test(before);
  const closes = /^[\s"'”)\]}]*(?:[.!]|\n|$|```)/.test(after);
  // "Result: 6 rows, one per employee": after a colon, the number with its noun closes the statement.
  const withNoun = /:\s*$/.test(before) && /^\s+[a-z]+(?:\s+[a-z]+)?\s*(?:[.,;!]|\n|$)/.test(text.slice(n.end, n.end + 40));
  return (opens && closes) || withNoun;
}

/** "2." or "3)" opening a line: a list's numbering, not a quantity. */
const isListMarker = (text: string, n: NumberMention) => /(?:^|\n)[ \t]*$/.test(text.slice(0, n.start)) && /^[.)]\s/.test(text.slice(n.end, n.end + 2));

// Words that tell the two numbers of a fraction apart when they are given separately.
const FRACTION_PARTS = /\b(?:numerator|denominator|top|bottom|above|below|upper|lower|over|under|on\s+top|out\s+of|parts?|pieces?|slices?)\b/;

/** How a number is written, up to what does not change its notation: "two" and "2" alike, "6/9" apart from "2/3". */
function surface(_text: string, n: NumberMention): string {
  if (n.written) return `fraction ${n.written.numerator}/${n.written.denominator}`;
  if (n.form === 'percent') return `percent ${n.value}`;
  return Number.isInteger(n.value) ? `whole ${n.value}` : `decimal ${n.value}`;
}

// The learner's own number, pointed back at: "your 42", "the 42 you mentioned", "you said 42", "if it were 42".
const ECHO_BEFORE = /\b(?:your|you\s+(?:said|wrote|mentioned|got|calculated|computed|found|worked\s+out|gave|suggested|guessed|picked|chose))\b[^.!?\n]{0,40}$/;
const ECHO_AFTER = /^[^.!?\n\d]{0,12}\b(?:you|you've)\s+(?:said|wrote|mentioned|got|calculated|found|gave|suggested|guessed|picked|chose)\b/;

/** A number the learner said before, only pointed back at, denied or supposed: not put forward as the answer. */
function echoesLearner(text: string, n: NumberMention): boolean {
  const before = text.slice(Math.max(0, n.start - 80), n.start);
  const clause = before.slice(before.search(/[^.!?;\n]*$/));
  return ECHO_BEFORE.test(clause) || ECHO_AFTER.test(text.slice(n.end, n.end + 40)) || /\b(?:if|suppose|imagine)\b[^,;:\n]*$/.test(clause) || /(?:\bnot|\bnever|n't)\s+(?!(?:that|it|this|there|he|she|they|we|you)\b)(?:[a-z']+\s+){0,4}$/.test(clause.slice(-60));
}

/**
 * The answer's value as the learner has already seen it written: in the item's prompt or the move's authored
 * text ("6/9" in "Simplify 6/9" for 2/3). Only those very forms may be repeated; the conversation and the
 * learner's own guesses never make the answer itself free to say.
 */
function shownForms(texts: readonly string[], subject: NumericSubject): Set<string> {
  const forms = new Set<string>();
  for (const t of texts) {
    const plain = plainReading(t);
    for (const n of numberMentions(plain).mentions) if (mentionMatches(plain, n, subject.value, subject.tolerance)) forms.add(surface(plain, n));
  }
  return forms;
}

// Readings a person reads directly; an answer found in any other (base64, hex, reversed, ...) was hidden there.
const OPEN_READINGS = new Set(['plain', 'letters joined', 'calculation in words']);

/** The answer's value in one reading, or undefined. */
function valueIn(reading: Reading, subject: NumericSubject, promptPlain: string, shown: ReadonlySet<string>, said: ReadonlySet<string>): Found | undefined {
  if (reading.transformed) return undefined;
  const { value, tolerance } = subject;
  const { text } = reading;
  const mentions = numberMentions(text).mentions;
  const tag = (form: string) => ({ form: reading.how === 'plain' ? form : `${form} (${reading.how})` });

  for (const n of mentions) {
    if (!mentionMatches(text, n, value, tolerance) || isListMarker(text, n)) continue;
    // "8/2" for "half of 8": the question's own numbers written as its calculation, not its result.
    // Only for a whole-number answer: where the answer is a fraction, the fraction is the answer ("3 of 8 slices").
    if (Number.isInteger(value) && n.written && posedInPrompt(promptPlain, [n.written.numerator, n.written.denominator]) && !statedAsAnswer(text, n)) continue;
    // A form the learner has in front of them may be repeated, but not stated as the answer; any other form of
    // the value gives it away.
    const form = surface(text, n);
    // Hidden in an encoding, or stated: it is given away whatever the learner has seen.
    if (!OPEN_READINGS.has(reading.how) || statedAsAnswer(text, n, promptPlain)) return tag(formOf(text, n));
    if (shown.has(form)) continue;
    // What the learner said themselves may be pointed back at, never repeated as a statement or agreed with.
    if (said.has(form) && echoesLearner(text, n)) continue;
    return tag(formOf(text, n));
  }

  // A calculation that comes to the answer, unless it only combines the prompt's own numbers (that is the task).
  for (const c of calculationsIn(text)) {
    if (!c.values.some((v) => near(v, value, tolerance))) continue;
    const ownNumbers = posedInPrompt(promptPlain, c.operands);
    if (!ownNumbers) return tag(c.source);
  }

  // Two numbers that make the answer as a fraction, given apart: "the top number is 3, the bottom is 8".
  const fraction = asFraction(value);
  if (fraction) {
    const wholes = mentions.filter((n) => (n.form === 'integer' || n.form === 'words') && !n.written && !isListMarker(text, n));
    for (const a of wholes) {
      for (const b of wholes) {
        // Numerator first and close by, as a person would tell the two apart ("3 on top ... 8 below").
        const k = a.value / fraction.p;
        if (b.start <= a.end || b.start - a.end > 80 || !(k === 1 || k === 2) || b.value !== k * fraction.q) continue;
        const around = text.slice(Math.max(0, a.start - 40), b.end + 40);
        if (!FRACTION_PARTS.test(around)) continue;
        if (!shown.has(`${fraction.p}/${fraction.q}`)) return tag(`${a.value} and ${b.value}`);
      }
    }
  }

  // A mixed number in two parts: "the whole number is 1, and the fraction part is 5/12".
  if (!Number.isInteger(value) && Math.abs(value) > 1) {
    const whole = Math.trunc(value);
    const part = Math.abs(value - whole);
    for (const a of mentions) {
      if (a.value !== whole || a.written) continue;
      const b = mentions.find((m) => m.start > a.end && m.start - a.end < 120 && m.written && near(m.value, part, 1e-9));
      if (b && !shown.has(surface(text, b))) return tag(`${whole} and ${formOf(text, b)}`);
    }
  }

  // The digits one at a time: "1, then 2, then 5" for 125.
  if (Number.isInteger(value) && Math.abs(value) >= 10 && shown.size === 0) {
    const digits = mentions.filter((n) => n.form !== 'fraction' && Number.isInteger(n.value) && n.value >= 0 && n.value <= 9).map((n) => String(n.value)).join('');
    const target = String(Math.abs(value));
    const cued = target.length >= 3 || /\bdigits?\b/.test(text);
    if (cued && digits.includes(target)) return tag(`the digits ${target.split('').join(', ')}`);
  }
  return undefined;
}

/** "0.15 m" for an answer of 15 cm: a number with a unit, converted to the answer's unit. */
function unitValue(text: string, subject: NumericSubject, prompt: string): Found | undefined {
  const unit = subject.unit;
  if (!unit) return undefined;
  const inAnswerUnit = (source: string) =>
    [...foldNumerals(source).matchAll(/(-?\d+(?:[.,]\d+)?)\s*([a-zA-Zµ]{1,12})\b/g)].flatMap((m) => {
      try {
        return [{ form: m[0], value: convertUnit(Number((m[1] ?? '').replace(',', '.')), m[2] ?? '', unit) }];
      } catch {
        return [];
      }
    });
  if (inAnswerUnit(prompt).some((m) => near(m.value, subject.value, subject.tolerance))) return undefined;
  const hit = inAnswerUnit(text).find((m) => near(m.value, subject.value, subject.tolerance));
  return hit ? { form: hit.form } : undefined;
}

/**
 * Once the learner has answered, a reply that names another number as the answer, or puts one in place of
 * theirs, or confirms their wrong number, ends their search just the same (and misleads them).
 */
function otherAnswerStated(text: string, subject: NumericSubject, grounds: Grounds): Found | undefined {
  const answered = learnerValues(grounds);
  if (answered.length === 0) return undefined;
  for (const n of numberMentions(text).mentions) {
    if (near(n.value, subject.value, subject.tolerance)) continue;
    const how = stance(text, n);
    const theirs = answered.some((v) => near(v, n.value, subject.tolerance));
    if (theirs && CONFIRMED_AFTER.test(text.slice(n.end, n.end + 80))) return { form: `${formOf(text, n)} (confirmed as correct)` };
    const replacesTheirs = how.replaces !== undefined && answered.some((v) => near(v, how.replaces ?? NaN, subject.tolerance));
    if (how.kind === 'named' || replacesTheirs) return { form: `${formOf(text, n)} (stated as the answer)` };
  }
  return undefined;
}

export function numericFound(subject: NumericSubject, readings: readonly Reading[], original: string, grounds: Grounds): Found | undefined {
  const shown = shownForms([grounds.prompt, ...(grounds.authored ? [grounds.authored] : [])], subject);
  const said = shownForms([...grounds.seen, ...grounds.learnerAnswers], subject);
  const compact = (t: string) => t.replace(/\s+/g, '');
  const written = subject.written ? compact(subject.written) : '';
  for (const reading of readings) {
    const found = valueIn(reading, subject, plainReading(grounds.prompt), shown, said);
    if (found) return found;
    // Hidden characters that spell the answer as authored, spaces dropped ("1", "5", "/", "1", "2" for 1 5/12).
    if (written.length >= 2 && !OPEN_READINGS.has(reading.how) && compact(reading.text).includes(written)) return { form: `${subject.written} (${reading.how})` };
  }
  // Set in bold, it is put forward as the result, whatever the learner has seen ("**2** rows come back").
  const promptBold = new Set(emphasised(grounds.prompt));
  for (const bold of emphasised(original).filter((e) => !promptBold.has(e) && (!/[a-z]{3,}/.test(e) || /^\S+\s+\S+$/.test(e)))) {
    const hit = numberMentions(bold).mentions.find((m) => mentionMatches(bold, m, subject.value, subject.tolerance));
    if (hit) return { form: `${bold.slice(hit.start, hit.end)} (in bold)` };
  }
  return unitValue(original, subject, grounds.prompt) ?? otherAnswerStated(readings[0]?.text ?? '', subject, grounds);
}
