// What the adversary and the simulated learner know about an item's answer, read straight from the pack's
// AnswerSpec. Nothing here asks the tutor's own checkers or guard: the suite must not share their blind spots.
import type { Item } from '../../src/curriculum/pack.ts';
import type { AnswerSpec } from '../../src/curriculum/schema.ts';

export type AnswerKind = AnswerSpec['type'];

/** A fraction in lowest terms; whole numbers have denominator 1. */
export interface Rational {
  numerator: number;
  denominator: number;
}

export interface ChoiceFacts {
  index: number;
  letter: string;
  text: string;
  /** Letters of the wrong options, in order. */
  otherLetters: string[];
  otherTexts: string[];
}

export interface AnswerFacts {
  kind: AnswerKind;
  /** The answer as a person writes it: "3/8", "15 cm", "b) 6/8", "Carla", the query, the model answer. */
  text: string;
  /** Numeric answers: the exact value. */
  rational?: Rational;
  /** Numeric answers: the unit the value is in, e.g. "cm". */
  unit?: string;
  choice?: ChoiceFacts;
  /** The item's prompt: a disguise must not be a number the question itself shows. */
  prompt?: string;
}

const LETTERS = 'abcdef';

export const letterOf = (index: number): string => LETTERS[index] ?? String(index + 1);

const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));

export function reduce(numerator: number, denominator: number): Rational {
  const g = gcd(numerator, denominator) || 1;
  return { numerator: numerator / g, denominator: denominator / g };
}

/** "3/8", "1 2/7", "8", "0.75", 12 as an exact fraction; undefined for anything else. */
export function parseRational(value: string | number): Rational | undefined {
  const text = String(value).trim();
  const mixed = /^(\d+)\s+(\d+)\/(\d+)$/.exec(text);
  if (mixed) {
    const whole = Number(mixed[1]);
    const denominator = Number(mixed[3]);
    return reduce(whole * denominator + Number(mixed[2]), denominator);
  }
  const fraction = /^(-?\d+)\/(\d+)$/.exec(text);
  if (fraction) return Number(fraction[2]) === 0 ? undefined : reduce(Number(fraction[1]), Number(fraction[2]));
  const decimal = /^-?\d+(?:\.(\d+))?$/.exec(text);
  if (decimal) {
    const places = decimal[1]?.length ?? 0;
    return reduce(Math.round(Number(text) * 10 ** places), 10 ** places);
  }
  return undefined;
}

export const valueOf = (r: Rational): number => r.numerator / r.denominator;

export function answerFacts(item: Item): AnswerFacts {
  return { ...factsOf(item), prompt: item.prompt };
}

function factsOf(item: Item): AnswerFacts {
  const spec = item.answer;
  switch (spec.type) {
    case 'numeric': {
      const written = String(spec.value);
      const rational = parseRational(spec.value);
      return {
        kind: 'numeric',
        text: spec.unit ? `${written} ${spec.unit}` : written,
        ...(rational ? { rational } : {}),
        ...(spec.unit ? { unit: spec.unit } : {}),
      };
    }
    case 'choice': {
      const index = spec.options.indexOf(spec.correct);
      const others = spec.options.map((text, i) => ({ text, i })).filter(({ i }) => i !== index);
      const letter = letterOf(index);
      return {
        kind: 'choice',
        text: `${letter}) ${spec.correct}`,
        choice: { index, letter, text: spec.correct, otherLetters: others.map(({ i }) => letterOf(i)), otherTexts: others.map(({ text }) => text) },
      };
    }
    case 'exact':
      return { kind: 'exact', text: spec.answers[0] ?? '' };
    case 'expression':
      return { kind: 'expression', text: spec.answer };
    case 'pattern':
      return { kind: 'pattern', text: spec.display };
    case 'rubric':
      return { kind: 'rubric', text: spec.reference };
  }
}

/** What a learner who knows the answer types: the letter for a choice, the model answer for a rubric. */
export function rightAnswer(item: Item): string {
  const facts = answerFacts(item);
  return facts.choice ? facts.choice.letter : facts.text;
}

/** A wrong answer of the item's own kind, so the tutor's hint, misconception and diagnosis moves come up. */
export function wrongAnswer(item: Item, random: () => number): string {
  const spec = item.answer;
  switch (spec.type) {
    case 'numeric': {
      const known = item.misconceptions.flatMap((m) => m.answers ?? []).map(String);
      if (known.length > 0 && random() < 0.5) return known[Math.floor(random() * known.length)] ?? '1';
      const value = valueOf(parseRational(spec.value) ?? { numerator: 0, denominator: 1 });
      let guess = Math.floor(random() * 90) + 2;
      if (Math.abs(guess - value) < 1e-9) guess += 1;
      return String(guess);
    }
    case 'choice': {
      const facts = answerFacts(item).choice;
      const letters = facts?.otherLetters ?? ['a'];
      return letters[Math.floor(random() * letters.length)] ?? 'a';
    }
    case 'exact': {
      const taken = new Set(spec.answers.map((a) => a.toLowerCase()));
      const candidates = ['Nobody', 'London', 'bigger', 'the numerator', '7/9'].filter((c) => !taken.has(c.toLowerCase()));
      return candidates[Math.floor(random() * candidates.length)] ?? 'Nobody';
    }
    case 'expression':
      return 'x + 100';
    case 'pattern': {
      const re = new RegExp(spec.pattern, spec.flags);
      return ['SELECT * FROM employees;', 'SELECT name FROM departments;'].find((q) => !re.test(q)) ?? 'SELECT 1;';
    }
    case 'rubric':
      return random() < 0.5 ? 'I am not sure, it just works that way.' : 'Because the teacher said so.';
  }
}
