// The content lint's reader: does a text a teacher wrote (a hint, a summary, an explanation) state an item's
// answer? Authored text is written in good faith, so unlike the answer guard (leaks.ts, which must also catch a
// model hiding the answer in base64, Morse or digits read one by one) it reads the text only as a person does,
// and it takes a number for the answer only where it stands as a number of its own: not inside another token
// ("0.125", "a1b2c3d", "v2.0.1", "10:30", "2024-05-01"), not as a list marker or a table's row label, and a number
// word before a noun ("one bookmark", "two tables") only where it counts what the question asks about or is
// called the answer. What it does report is the answer in any plain form: digits, a fraction, a decimal, a
// percentage, number words, the accepted text or command, the correct option (by text, value or letter) called
// the answer, an equivalent expression, a calculation worked out to the answer.
import { grade, numericValue, optionLetter } from './answers.ts';
import { convertUnit } from './math.ts';
import { numberMentions, readNumber, type NumberMention, type NumberReading } from './numbers.ts';
import type { AnswerSpec } from './schema.ts';
import { plainReading } from '../guard/readings.ts';
import { stance } from '../guard/stance.ts';
import { asFraction, calculationsIn, mentionMatches, near } from '../guard/values.ts';
import { phraseBody, tokensOf } from '../guard/phrases.ts';
import { wordsFound } from '../guard/words.ts';

export interface Giveaway {
  /** The answer as the text gives it, e.g. "0.75", "SELECT * FROM users;" or "option b". */
  form: string;
}

type NumericSpec = Extract<AnswerSpec, { type: 'numeric' }>;
type ChoiceSpec = Extract<AnswerSpec, { type: 'choice' }>;
type ExactSpec = Extract<AnswerSpec, { type: 'exact' }>;
type PatternSpec = Extract<AnswerSpec, { type: 'pattern' }>;
type ExpressionSpec = Extract<AnswerSpec, { type: 'expression' }>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Does `text` state the answer of an item with this `spec` and `prompt`? The first give-away found, if any. */
export function authoredGiveaway(spec: AnswerSpec, text: string, prompt: string): Giveaway | undefined {
  switch (spec.type) {
    case 'numeric':
      return numbersGiveaway(numericTarget(spec), text, prompt);
    case 'exact':
      return exactGiveaway(spec, text, prompt);
    case 'pattern':
      return patternGiveaway(spec, text, prompt);
    case 'choice':
      return choiceGiveaway(spec, text, prompt);
    case 'expression':
      return expressionGiveaway(spec, text, prompt);
    case 'rubric': {
      // The model answer word for word, most of it in order, or every key point at once.
      const found = wordsFound(spec, [{ how: 'plain', text: plainReading(text) }], { prompt, seen: [], learnerAnswers: [] }, text);
      return found ? { form: found.form } : undefined;
    }
  }
}

/** Where the prompt itself holds the answer of an exact or pattern item; `copyable` when the grader accepts a piece of it as it stands. */
export function answerInPrompt(spec: AnswerSpec, prompt: string): { form: string; copyable: boolean } | undefined {
  if (spec.type !== 'exact' && spec.type !== 'pattern') return undefined;
  // A command the learner could copy as it stands. (An exact answer may be a name the question offers among
  // others, in code or not: for those only the prose below counts.)
  const copied = spec.type === 'pattern' ? piecesOf(prompt).find((piece) => graded(spec, piece)) : undefined;
  if (copied !== undefined) return { form: copied, copyable: true };
  // Data the question is asked about (a table's rows) is not the answer given: only the prose around it counts.
  const prose = plainReading(prompt.split('\n').filter((line) => !line.includes('|')).join('\n'));
  const texts = spec.type === 'exact' ? spec.answers : [spec.display];
  // One of the alternatives the question offers ("bigger or smaller?") is not the answer given either.
  const offered = (at: number, length: number) => {
    const before = prose.slice(Math.max(0, at - 10), at).replace(/[\x60'’"*]/g, '');
    const after = prose.slice(at + length, at + length + 60).replace(/[\x60'’"*]/g, '');
    return /\b(?:or|nor)\s*$/.test(before) || /^\s*(?:or|nor)\b/.test(after) || /^\s*,[^.?!;:]{1,40}?\b(?:or|nor)\b/.test(after) || (/,\s*$/.test(before) && /^\s*,/.test(after));
  };
  const shown = texts.find((t) => phrasesIn(prose, t).some((m) => !offered(m.index, m.length)));
  return shown !== undefined ? { form: shown, copyable: spec.type === 'pattern' } : undefined;
}

function graded(spec: AnswerSpec, piece: string): boolean {
  try {
    return piece.trim().length > 0 && grade(spec, piece).verdict === 'correct';
  } catch {
    return false;
  }
}

/** The pieces of a text a learner could copy as an answer: code spans, quotes, bold, lines and sentences. */
function piecesOf(text: string): string[] {
  const pieces = [
    ...[...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? ''),
    ...[...text.matchAll(/["“]([^"“”\n]+)["”]/g)].map((m) => m[1] ?? ''),
    ...[...text.matchAll(/\*\*([^*\n]+)\*\*/g)].map((m) => m[1] ?? ''),
  ];
  for (const line of text.split('\n')) {
    const bare = line.replace(/^\s*(?:[-*>]|\d+[.)])\s+/, '').trim();
    if (!bare || bare.startsWith('```')) continue;
    pieces.push(bare, ...bare.split(/(?<=[.!?])\s+/));
  }
  return [...new Set(pieces.map((p) => p.trim()).filter(Boolean))];
}

// ---------------------------------------------------------------------------------------------------------
// Phrases: whole words, and a number inside another token ("25" in "0.125") is not the phrase.

const phraseRegexes = new Map<string, RegExp | null>();

function phraseRegex(phrase: string): RegExp | null {
  let re = phraseRegexes.get(phrase);
  if (re !== undefined) return re;
  const p = plainReading(phrase).trim().replace(/[\s.!?;]+$/, '');
  const body = phraseBody(p);
  re = body ? new RegExp(`(?<![\\p{L}\\p{N}_]|[\\p{L}\\p{N}][.,:/-])${body}(?![\\p{L}\\p{N}_]|[.,:/-][\\p{L}\\p{N}])`, 'iu') : null;
  if (phraseRegexes.size > 5_000) phraseRegexes.clear();
  phraseRegexes.set(phrase, re);
  return re;
}

/** Every place `phrase` stands in `plain` (a plain reading) as whole words. */
function phrasesIn(plain: string, phrase: string): Array<{ index: number; length: number }> {
  const re = phraseRegex(phrase);
  return re ? [...plain.matchAll(new RegExp(re.source, 'giu'))].map((m) => ({ index: m.index, length: m[0].length })) : [];
}

/** Where `phrase` stands in `plain` (a plain reading) as whole words; undefined when it does not. */
function phraseAt(plain: string, phrase: string): number | undefined {
  const m = phraseRegex(phrase)?.exec(plain);
  return m ? m.index : undefined;
}

/** A text cut into clauses: sentences, and the parts of a sentence joined by "so", "therefore" or a semicolon. */
function clausesOf(plain: string): string[] {
  return plain
    .split(/\n+|(?<=[.!?;])\s+|,\s*(?=(?:so|therefore|thus|hence|and\s+so)\b)/)
    .map((c) => c.trim())
    .filter(Boolean);
}

/** Text set in bold ("**4** rows", "the cell says **Engineering**"): what an author puts forward as the result. */
function boldSpans(text: string): string[] {
  return [...text.matchAll(/(\*\*|__)\s*([^*_\n]{1,40}?)\s*\1/g)].map((m) => plainReading(m[2] ?? '').trim());
}

// ---------------------------------------------------------------------------------------------------------
// Numbers.

interface NumberTarget {
  value: number;
  tolerance: number;
  /** A unit mathjs can convert to, when the answer has one (not a percentage or a currency). */
  unit?: string;
  /** The answer is a percentage (unit "%"): "25%" and 25 are the same answer. */
  percent: boolean;
}

const PERCENT_UNITS = new Set(['%', 'percent', 'per cent']);

function numericTarget(spec: NumericSpec): NumberTarget {
  const unit = spec.unit?.trim();
  const percent = unit !== undefined && PERCENT_UNITS.has(unit.toLowerCase());
  let value = numericValue(spec.value);
  if (percent && typeof spec.value === 'string' && readNumber(spec.value)?.form === 'percent') value *= 100;
  return { value, tolerance: Math.max(spec.tolerance, 1e-9), ...(unit && !percent ? { unit } : {}), percent };
}

// Letters that may follow a number directly and leave it a number ("15cm", "3%" is taken by the reader itself).
const ATTACHED_UNITS = new Set(['cm', 'mm', 'm', 'km', 'kg', 'g', 'mg', 'l', 'ml', 's', 'ms', 'min', 'h', 'hr', 'hrs', 'k', 'kb', 'mb', 'gb']);
const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const MONTH_BEFORE = new RegExp(String.raw`\b${MONTH}\.?\s+$`);
const MONTH_AFTER = new RegExp(String.raw`^(?:st|nd|rd|th)?,?\s+(?:of\s+)?${MONTH}\b`);
// Labels that number something rather than count it: "step 2", "page 3", "version 2".
const LABEL_BEFORE = /\b(?:step|stage|part|page|chapter|section|figure|fig\.?|example|exercise|question|lesson|version|release)\s+$/;

/**
 * Whether the number at `n` stands as a number of its own in `t`: not part of another token (a hash, a version,
 * a time, a date, an ordinal, an identifier) and not a label ("step 2").
 */
function standsAlone(t: string, n: Pick<NumberMention, 'start' | 'end'>, unit?: string): boolean {
  const before = t.slice(Math.max(0, n.start - 24), n.start);
  const after = t.slice(n.end, n.end + 24);
  // "a1b2c3d", "v2", "x2", "col_3", "#3"
  if (/[\p{L}\p{N}_#§]$/u.test(before)) return false;
  // "2.0.1", "10:30", "2024-05-01", "1/2/2024", "192.168.0.1": joined to more digits by a dot, colon, slash or dash.
  if (/[\p{L}\p{N}][.:/-]$/u.test(before) || /^[.:/-][\p{L}\p{N}]/u.test(after)) return false;
  // "3rd", "5pm", "2x": letters straight after, other than a unit.
  const attached = /^\p{L}+/u.exec(after)?.[0];
  if (attached && !ATTACHED_UNITS.has(attached) && attached !== unit?.toLowerCase()) return false;
  // "5 pm", "May 5", "5th of May"
  if (/^\s*(?:am|pm|a\.m\.|p\.m\.|o'clock|o’clock)(?![\p{L}\p{N}])/u.test(after)) return false;
  if (MONTH_BEFORE.test(before) || MONTH_AFTER.test(after)) return false;
  return !LABEL_BEFORE.test(before);
}

/** "1. Take the number. 2. Split it" and the first cell of a table row ("`3 | Carla | Sales`"): labels, not quantities. */
function labels(t: string, mentions: readonly NumberMention[]): Set<NumberMention> {
  const out = new Set<NumberMention>();
  const candidates: Array<{ n: NumberMention; lineStart: boolean }> = [];
  for (const n of mentions) {
    if (n.form !== 'integer') continue;
    const before = t.slice(0, n.start);
    const after = t.slice(n.end);
    if (/(?:^|\n)[ \t]*`?\|?[ \t]*$/.test(before) && /^[ \t]*\|/.test(after)) out.add(n);
    if (!/^[.)][ \t]+\S/.test(after)) continue;
    if (/(?:^|\n)[ \t]*\(?$/.test(before)) candidates.push({ n, lineStart: true });
    else if (/[.!?:;,][ \t]+\(?$/.test(before)) candidates.push({ n, lineStart: false });
  }
  // A marker at a line's start is one; inside a line it needs a neighbour ("... 2. Split ... 3. Count"),
  // so that "How many are left? 4. Then ..." still counts as the number 4.
  for (const { n, lineStart } of candidates) {
    if (lineStart || candidates.some((c) => c.n !== n && Math.abs(c.n.value - n.value) === 1)) out.add(n);
  }
  return out;
}

/** Whether a value has an exact decimal of up to six places (0.25 does, 1/3 does not). */
function terminates(value: number): boolean {
  for (let k = 0; k <= 6; k++) {
    const scaled = value * 10 ** k;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, Math.abs(scaled))) return true;
  }
  return false;
}

/**
 * Whether a number gives the target value: exactly (within the item's tolerance, converted from another unit),
 * as a percentage of it (or, for a percentage, as the part of a whole it is), or as a rounding with at least two significant digits of a value that has no short
 * exact decimal ("0.33" or "33.3%" for 1/3; "0.2" is not 0.25, nor "0.13" 0.125).
 */
function givesValue(t: string, n: NumberMention, target: NumberTarget, asksPercent: boolean): boolean {
  const { value, tolerance } = target;
  let own = n.value;
  if (target.unit) {
    const unit = /^\s*([a-zµ]+)\b/.exec(t.slice(n.end, n.end + 16))?.[1];
    if (unit) {
      try {
        own = convertUnit(n.value, unit, target.unit);
      } catch {
        // Not a unit ("15 rows"): the number as written.
      }
    }
  }
  // Where the answer is a percentage, "25%", "0.25", "1/4" and "25/100" all give 25 (a whole number does not:
  // "1" is not 100%).
  const asPart = n.form === 'percent' || n.form === 'decimal' || n.written !== undefined;
  const values = asPart && (target.percent || asksPercent) ? [own, own * 100] : [own];
  if (values.some((v) => near(v, value, tolerance))) return true;
  if ((n.form !== 'decimal' && n.form !== 'percent') || terminates(value)) return false;
  const digits = t.slice(n.start, n.end).replace(/\D/g, '').replace(/^0+/, '');
  return digits.length >= 2 && mentionMatches(t, n, value, tolerance);
}

// Words after a number word that show it is not counting a noun: it stands on its own ("three of them",
// "two or more", "one plus one").
const NOT_A_NOUN = new Set(
  ('and or is are was were be been of to than more less fewer plus minus times over divided by out in on at for from with the a an ' +
    'if so then but as because each percent per point that which who you we it this these those they he she i').split(' '),
);
// Words before a number word that make it refer to a group already named: "all three", "the two", "which one".
const GROUP_BEFORE = /\b(?:the|these|those|all|both|each|any|every|which|other|another|first|last|next|no|some|only|just|of|pick|choose|take|for)\s+$/;
const ONE_IDIOM_AFTER = /^(?:\s+by\s+one|\s+at\s+a\s+time|\s+after\s+(?:the\s+)?(?:other|another)|\s+or\s+(?:more|two|another)|\s+another|[\s-]+to[\s-]+(?:one|many))\b/;

function stemOf(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(?:s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** What the question asks to count: "rows" in "How many rows ...", "slices" in "the number of slices". */
function countedNouns(promptPlain: string, unit?: string): Set<string> {
  const out = new Set<string>();
  for (const m of promptPlain.matchAll(/\b(?:how\s+many|number\s+of|count(?:\s+(?:the|of))?)\s+([a-z]+)(?:\s+([a-z]+))?/g)) {
    for (const w of [m[1], m[2]]) if (w && !NOT_A_NOUN.has(w)) out.add(stemOf(w));
  }
  if (unit) out.add(stemOf(unit.toLowerCase()));
  return out;
}

/** The noun a whole-number word counts ("bookmark" in "one bookmark"), if it is used that way. */
function countedBy(t: string, n: NumberMention): string[] | undefined {
  const next = /^[ \t]+([a-z]+)(?:[ \t]+([a-z]+))?/.exec(t.slice(n.end, n.end + 40));
  const first = next?.[1];
  if (!first || NOT_A_NOUN.has(first)) return undefined;
  return [first, ...(next?.[2] ? [next[2]] : [])];
}

const ANSWER_CALLED_BEFORE = /\b(?:answer|solution|result)\s*(?:is|would\s+be|will\s+be|should\s+be|:|=)\s*(?:just\s+|simply\s+)?$/;
const ANSWER_CALLED_AFTER = /^\s*(?:is|gives(?:\s+you)?|=)\s+(?:the|your)\s+(?:answer|result)\b/;
const TOP = /\b(?:numerator|top)\b/;
const BOTTOM = /\b(?:denominator|bottom)\b/;

function numbersGiveaway(target: NumberTarget, text: string, prompt: string): Giveaway | undefined {
  const { text: t, mentions } = numberMentions(plainReading(text));
  const { text: p, mentions: promptMentions } = numberMentions(plainReading(prompt));
  const asksPercent = target.percent || /%|\bper\s?cent/.test(p);
  const notation = (s: string, n: NumberMention) => (n.written ? `${n.written.numerator}/${n.written.denominator}` : `${n.form === 'percent' ? '%' : ''}${s.slice(n.start, n.end).replace(/[^\d.,]/g, '') || n.value}`);
  // The forms of the answer the learner reads in the question: free to repeat, not to state as the answer.
  const shown = new Set(promptMentions.filter((n) => standsAlone(p, n, target.unit) && givesValue(p, n, target, asksPercent)).map((n) => notation(p, n)));
  const counted = countedNouns(p, target.unit);
  const skip = labels(t, mentions);

  for (const n of mentions) {
    if (skip.has(n) || !standsAlone(t, n, target.unit) || !givesValue(t, n, target, asksPercent)) continue;
    const how = stance(t, n);
    // Set out on its own ("Answer: 4", a line holding only "one half"), after a colon with its noun, closing the
    // sentence ("... pass: 4 rows."), or offered as the answer ("Is it one?").
    const before = t.slice(Math.max(0, n.start - 24), n.start);
    const alone =
      (/(?:^|\n|:)[ \t]*$/.test(t.slice(0, n.start)) && /^[ \t]*[.!]?[ \t]*(?:\n|$)/.test(t.slice(n.end))) ||
      (/:[ \t]*$/.test(before) && /^[ \t]+[a-z]+(?:[ \t]+[a-z]+)?[ \t]*(?:[.;!]|\n|$)/.test(t.slice(n.end, n.end + 40)));
    const offered = /(?:^|[.!?;:,]\s*)(?:is\s+it|could\s+it\s+be|might\s+it\s+be|would\s+it\s+be|maybe)\s+$/.test(before) && /^[ \t]*\?/.test(t.slice(n.end));
    const named = how.kind === 'named' || how.kind === 'correction' || how.worked === true || alone || offered;
    const stated = named || (how.kind === 'result' && !/^[^.!?\n]*\?/.test(t.slice(n.end)));
    if (n.form === 'words' && !n.written) {
      const word = t.slice(n.start, n.end);
      if (word === 'one' && ONE_IDIOM_AFTER.test(t.slice(n.end, n.end + 30))) continue;
      const nouns = countedBy(t, n);
      // "one bookmark", "two tables": a count of something else, unless of what the question asks to count.
      if (nouns && !named && !nouns.some((w) => counted.has(stemOf(w)))) continue;
      // "all three", "which one", "pick one": a group already named, unless stated as the answer.
      if (!nouns && !stated && (GROUP_BEFORE.test(t.slice(Math.max(0, n.start - 12), n.start)) || word === 'one')) continue;
    }
    // "12/3" for 4 is a division still to do, not the answer, unless it is stated as one.
    if (Number.isInteger(target.value) && n.written && n.written.denominator !== 1 && near(n.value, target.value, target.tolerance) && !stated) continue;
    if (shown.has(notation(t, n)) && !stated) continue;
    return { form: t.slice(n.start, n.end) };
  }

  // Set in bold, a number is put forward as the result, whatever the question shows ("pass: **4** rows").
  for (const bold of boldSpans(text)) {
    const found = numberMentions(bold);
    const hit = found.mentions.find((n) => standsAlone(found.text, n, target.unit) && givesValue(found.text, n, target, asksPercent));
    if (hit) return { form: `${found.text.slice(hit.start, hit.end)} (in bold)` };
  }

  // A calculation called the answer: "the answer is 12 ÷ 3".
  for (const c of calculationsIn(t)) {
    if (!c.values.some((v) => near(v, target.value, target.tolerance))) continue;
    const at = t.indexOf(c.source);
    if (at < 0) continue;
    if (ANSWER_CALLED_BEFORE.test(t.slice(Math.max(0, at - 40), at)) || ANSWER_CALLED_AFTER.test(t.slice(at + c.source.length, at + c.source.length + 40))) {
      return { form: c.source };
    }
  }

  // The answer's fraction given in two parts: "the numerator is 3 and the denominator is 8".
  const fraction = asFraction(target.value);
  if (fraction) {
    const wholes = mentions.filter((n) => !n.written && Number.isInteger(n.value) && n.value > 0 && standsAlone(t, n) && !skip.has(n));
    for (const a of wholes) {
      for (const b of wholes) {
        if (b.start <= a.end || b.start - a.end > 60 || b.value * fraction.p !== a.value * fraction.q) continue;
        if (promptMentions.some((m) => m.written?.numerator === a.value && m.written.denominator === b.value)) continue;
        const around = t.slice(Math.max(0, a.start - 30), b.end + 30);
        if (TOP.test(around) && BOTTOM.test(around)) return { form: `${a.value} and ${b.value}` };
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Words: exact answers and commands.

/** A word the learner has seen, put forward as the answer: named, confirmed, or alone as a sentence. */
function singledOut(plain: string, word: string): boolean {
  const w = escape(plainReading(word).trim()).replace(/\s+/g, '\\s+');
  const end = String.raw`(?![\p{L}\p{N}'’])`;
  return [
    new RegExp(String.raw`\b(?:answer|solution|result)\s*(?:is|was|would\s+be|should\s+be|:)\s*[\x60'“]?${w}${end}`, 'u'),
    new RegExp(String.raw`\b(?:it's|it\s+is|that's|that\s+is|it\s+must\s+be|it\s+would\s+be)\s*[\x60'“]?${w}${end}`, 'u'),
    new RegExp(String.raw`(?:^|[.!?\n]\s*)(?:yes|correct|exactly|right)\s*[,:!]?\s*[\x60'“]?${w}${end}`, 'u'),
    new RegExp(String.raw`(?<![\p{L}\p{N}])${w}[\x60'”]?\s+(?:is|was|would\s+be)\s+(?:the\s+)?(?:answer|right|correct)\b`, 'u'),
    new RegExp(String.raw`(?:^|[.!?\n]\s*)[\x60'“*]*${w}[\x60'”*]*\s*(?:[.!]|$)`, 'u'),
  ].some((re) => re.test(plain));
}

function exactGiveaway(spec: ExactSpec, text: string, prompt: string): Giveaway | undefined {
  // Answers that are numbers ("12", "three") are given away by their value in any form. Not fractions: an exact
  // "12/18" asks for that very fraction, and 2/3, of the same value, is not it.
  const values = spec.answers.map((a) => readNumber(a)).filter((r): r is NumberReading => r !== undefined && !r.rest && !r.written);
  const first = values[0];
  if (first && values.length === spec.answers.length && values.every((v) => near(v.value, first.value, 1e-9))) {
    const found = numbersGiveaway({ value: first.value, tolerance: 1e-9, percent: false }, text, prompt);
    if (found) return found;
  }
  const plain = plainReading(text);
  const promptPlain = plainReading(prompt);
  for (const answer of spec.answers) {
    if (phraseAt(plain, answer) === undefined) continue;
    // A name the question shows (a cell of its table) is free to mention, not to call the answer.
    const bold = boldSpans(text).some((b) => phraseAt(b, answer) !== undefined);
    if (phraseAt(promptPlain, answer) !== undefined && !singledOut(plain, answer) && !bold) continue;
    return { form: answer };
  }
  return undefined;
}

/** The longest run of tokens `a` and `b` share in a row, as the shared tokens. */
function longestRun(a: readonly string[], b: readonly string[]): string[] {
  let best = 0;
  let endInA = 0;
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = b.length; j >= 1; j--) {
      row[j] = a[i - 1] === b[j - 1] ? (row[j - 1] ?? 0) + 1 : 0;
      if ((row[j] ?? 0) > best) {
        best = row[j] ?? 0;
        endInA = i;
      }
    }
  }
  return a.slice(endInA - best, endInA);
}

function patternGiveaway(spec: PatternSpec, text: string, prompt: string): Giveaway | undefined {
  // Something the grader accepts as it stands: a code span, a line, a sentence.
  const copied = piecesOf(text).find((piece) => graded(spec, piece));
  if (copied !== undefined) return { form: copied };
  // The pattern met inside a sentence ("Write SELECT * FROM users to see them"), on word boundaries.
  let loose: RegExp | undefined;
  try {
    const flags = new Set([...spec.flags.replace(/[gy]/g, ''), 'g', 'm']);
    loose = new RegExp(spec.pattern.replace(/^\^/, '').replace(/(?<!\\)\$$/, ''), [...flags].join(''));
  } catch {
    loose = undefined;
  }
  for (const m of loose ? text.matchAll(loose) : []) {
    const found = m[0].trim();
    if (found.length < 2) continue;
    const start = m.index + m[0].indexOf(found);
    const end = start + found.length;
    if (/[\p{L}\p{N}_]/u.test(text[start - 1] ?? '') && /^[\p{L}\p{N}_]/u.test(found)) continue;
    if (/[\p{L}\p{N}_]/u.test(text[end] ?? '') && /[\p{L}\p{N}_]$/u.test(found)) continue;
    return { form: found };
  }
  if (phraseAt(plainReading(text), spec.display) !== undefined) return { form: spec.display };
  // Nearly all of the command word for word (four fifths of its words in a row, at least three), which the
  // question does not already spell out.
  const answer = tokensOf(spec.display);
  const run = longestRun(answer, tokensOf(text));
  if (run.length >= 3 && run.length >= Math.ceil(0.8 * answer.length) && longestRun(run, tokensOf(prompt)).length < run.length) {
    return { form: `${spec.display} (${run.length} of its ${answer.length} words in a row)` };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Expressions.

function expressionGiveaway(spec: ExpressionSpec, text: string, prompt: string): Giveaway | undefined {
  const vars = spec.variables.join('').toLowerCase();
  if (!vars) return undefined;
  // Maximal runs of maths: numbers, the item's variables (not letters of words), operators and brackets.
  const atom = String.raw`(?:\d+(?:\.\d+)?|(?<![a-z])[${vars}]+(?![a-z])|[()+\-*/^×·−⁰¹²³⁴⁵⁶⁷⁸⁹])`;
  const run = new RegExp(String.raw`${atom}(?:[ \t]*${atom})*`, 'g');
  const compact = (s: string) => s.replace(/\s+/g, '');
  const runsOf = (s: string) => [...s.toLowerCase().matchAll(run)].map((m) => m[0].trim()).filter((r) => new RegExp(`[${vars}]`).test(r));
  const inPrompt = new Set(runsOf(prompt).map(compact));
  // A run may carry a bracket or an operator of the sentence around it: "(so 2x + 2)" reads as 2x + 2.
  const trimmed = (r: string) => r.replace(/^[)*/^+×·\s]+/, '').replace(/[(+\-*/^×·−\s]+$/, '').replace(/^\((?=[^)]*$)/, '').replace(/(?<=^[^(]*)\)$/, '');
  for (const candidate of new Set(runsOf(text).flatMap((r) => [r, trimmed(r)]))) {
    // A lone variable is a name, not the answer, unless the answer is that variable.
    if (!/[\d()+\-*/^×·−⁰¹²³⁴⁵⁶⁷⁸⁹]/.test(candidate) && compact(candidate) !== compact(spec.answer.toLowerCase())) continue;
    if (inPrompt.has(compact(candidate))) continue;
    if (graded(spec, candidate)) return { form: candidate };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Choices.

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];
const ORDINAL_DIGITS = ['1st', '2nd', '3rd', '4th', '5th', '6th'];
// "the correct one", "is the answer", "so 7/9 is bigger": the clause calls an option the answer.
const CALLED = /\b(?:correct|right|true)\s+(?:choice|option|answer|one)\b|\b(?:answer|solution)\s*(?:is|:)|\bgo\s+(?:with|for)\b|\b(?:pick|choose)\b|\b(?:is|are)\s+(?:the\s+)?(?:correct|right|answer|true)\b|\b(?:is|are)\s+(?:the\s+)?(?:bigger|larger|greater|smaller|biggest|largest|greatest|smallest|more|less|fewer)\b(?!\s+than)/;
const ASKED_ALONE = /\b(?:is\s+it|could\s+it\s+be|might\s+it\s+be|would\s+it\s+be|what\s+about|how\s+about|maybe)\s*$/;

/** The letter or place of the right option stated as the answer: "the answer is (b)", "pick b", "the second option is right". */
function letterStated(plain: string, index: number, count: number): boolean {
  const l = optionLetter(index);
  // The letter set apart: "(b)", "[b]", "'b'", or "b" ending a clause (so that "is a single row" is not option a).
  const letter = String.raw`(?:\(${l}\)|\[${l}\]|[\x60'‘]${l}[\x60'’]|${l}(?=\s*(?:[.,;:!?)]|$)|\s+(?:is|because|since|as|then)\b))`;
  const place = [ORDINALS[index], ORDINAL_DIGITS[index], ...(index === count - 1 ? ['last', 'final'] : [])].filter(Boolean).join('|');
  return [
    new RegExp(String.raw`\b(?:answer|solution)\s*(?:is|would\s+be|should\s+be|:)\s*(?:option\s+|choice\s+|letter\s+)?${letter}`),
    new RegExp(String.raw`\b(?:correct|right)\s+(?:option|choice|answer|one|letter)\s*(?:is|:)\s*(?:option\s+|choice\s+|letter\s+)?${letter}`),
    new RegExp(String.raw`\b(?:pick|choose|go\s+(?:with|for))\s+(?:option\s+|choice\s+|letter\s+)?${letter}`),
    new RegExp(String.raw`\b(?:option|choice|letter)\s+\(?${l}\)?\s+(?:is|was)\s+(?:the\s+)?(?:correct|right|answer)\b`),
    new RegExp(String.raw`(?:^|\s)\(${l}\)\s+(?:is|was)\s+(?:the\s+)?(?:correct|right|answer)\b`),
    new RegExp(String.raw`\b(?:${place})\s+(?:option|choice|one|answer)\s+(?:is|was)\s+(?:the\s+)?(?:correct|right|answer)\b`),
    new RegExp(String.raw`\b(?:answer|correct\s+(?:option|choice|one))\s+is\s+the\s+(?:${place})\b`),
  ].some((re) => re.test(plain));
}

function choiceGiveaway(spec: ChoiceSpec, text: string, prompt: string): Giveaway | undefined {
  const index = spec.options.indexOf(spec.correct);
  if (index < 0) return undefined;
  const plain = plainReading(text);
  if (letterStated(plain, index, spec.options.length)) return { form: `option ${optionLetter(index)}` };
  // An option is named by its text, or (a number) by its value in any form: "0.4" for "2/5".
  const optionValue = (o: string) => {
    const r = readNumber(o);
    return r && !r.rest ? r.value : undefined;
  };
  const values = spec.options.map(optionValue);
  const optionFractions = spec.options.map((o) => readNumber(o)?.written);
  // A number as the question writes it ("3/4" in "Which is equivalent to 3/4?") names no option, whatever its value.
  const promptPlain = plainReading(prompt);
  const promptMentions = numberMentions(promptPlain);
  const promptForms = new Set(promptMentions.mentions.map((n) => promptMentions.text.slice(n.start, n.end).replace(/\s+/g, '')));
  const namedIn = (clause: string, i: number): boolean => {
    if (phraseAt(clause, spec.options[i] ?? '') !== undefined) return true;
    const value = values[i];
    if (value === undefined) return false;
    const { text: t, mentions } = numberMentions(clause);
    // Another fraction of the same value ("18/24" for "3/4") is another fraction, not this option.
    const written = optionFractions[i];
    const sameFraction = (n: NumberMention) => !n.written || (written !== undefined && n.written.numerator === written.numerator && n.written.denominator === written.denominator);
    return mentions.some((n) => standsAlone(t, n) && near(n.value, value, 1e-9) && sameFraction(n) && !promptForms.has(t.slice(n.start, n.end).replace(/\s+/g, '')));
  };
  const others = spec.options.map((_, i) => i).filter((i) => i !== index);
  // Set in bold on its own, it is the one put forward.
  if (boldSpans(text).some((b) => namedIn(b, index) && !others.some((i) => namedIn(b, i)))) return { form: `${spec.correct} (in bold)` };
  const othersNamed = others.some((i) => namedIn(plain, i));
  const inPrompt = phraseAt(promptPlain, spec.correct) !== undefined;
  for (const clause of clausesOf(plain)) {
    if (!namedIn(clause, index) || others.some((i) => namedIn(clause, i))) continue;
    // Called the answer, or the right one, or said to be the bigger one.
    if (CALLED.test(clause)) return { form: `${spec.correct} (called the answer)` };
    if (othersNamed || inPrompt) continue;
    // Named alone where the learner has only the buttons: stated ("LEFT JOIN keeps them all.") or offered ("Is it 2/5?").
    const at = phraseAt(clause, spec.correct);
    if (!clause.includes('?') || (at !== undefined && ASKED_ALONE.test(clause.slice(0, at)))) return { form: spec.correct };
  }
  return undefined;
}
