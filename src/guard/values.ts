// Values in a text, for the guard's checks by value: every number however it is written, every calculation
// and what it comes to.
import { evaluateNumber } from '../curriculum/math.ts';
import { memoized } from '../memo.ts';
import type { NumberMention } from '../curriculum/numbers.ts';

export const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;

/** The values a mention stands for; "30%" also stands for 30, the way word problems ask "what percentage". */
export function mentionValues(n: Pick<NumberMention, 'value' | 'form'>): number[] {
  return n.form === 'percent' ? [n.value, n.value * 100] : [n.value];
}

/** Decimal places as written: "0.714" has 3, "71.4%" stands for 0.714 (3), "12" has 0. */
function placesOf(written: string, form: NumberMention['form']): number {
  const m = /\.(\d+)/.exec(written);
  const places = m?.[1]?.length ?? 0;
  return form === 'percent' ? places + 2 : places;
}

/**
 * Whether a mention gives the value: exactly (within the item's tolerance), or as a decimal rounded to the
 * places written ("0.714286" and "71.4%" for 5/7). Whole numbers are not taken as roundings: "3" is not 2.5.
 */
export function mentionMatches(text: string, n: NumberMention, value: number, tolerance: number): boolean {
  if (mentionValues(n).some((v) => near(v, value, tolerance))) return true;
  if (n.form !== 'decimal' && n.form !== 'percent') return false;
  const places = placesOf(text.slice(n.start, n.end), n.form);
  if (places === 0 || (n.form === 'percent' && places === 2)) return false;
  return near(n.value, value, 0.5 * 10 ** -places + 1e-12) || (n.form === 'percent' && near(n.value * 100, value, 0.5 * 10 ** -(places - 2) + 1e-12));
}

export interface Calculation {
  /** The calculation as written, e.g. "(10-4)/16". */
  source: string;
  /** What it comes to with the usual order of operations, and read left to right as people say it aloud. */
  values: number[];
  /** The numbers it is made of, a written fraction counting as one. */
  operands: number[];
}

// A run of maths: numbers, operators and brackets with at least one operator between two operands.
const CALCULATION = /[-(\d.][\d\s.()+\-*/^]*[+\-*/^][\d\s.()+\-*/^]*[\d)]/g;

/** "2 + 1 / 8" said aloud as "two plus one, over eight": evaluated strictly left to right. */
function leftToRight(source: string): number | undefined {
  const tokens = source.replace(/[()]/g, ' ').match(/\d+(?:\.\d+)?|[+\-*/^]/g);
  if (!tokens || tokens.length < 3) return undefined;
  let total = Number(tokens[0]);
  for (let i = 1; i + 1 < tokens.length; i += 2) {
    const op = tokens[i];
    const x = Number(tokens[i + 1]);
    if (!Number.isFinite(x) || !Number.isFinite(total)) return undefined;
    if (op === '+') total += x;
    else if (op === '-') total -= x;
    else if (op === '*') total *= x;
    else if (op === '/') total = x === 0 ? NaN : total / x;
    else if (op === '^') total = total ** x;
    else return undefined;
  }
  return Number.isFinite(total) ? total : undefined;
}

/** Every calculation in a (plain) reading, split at "=" so that each side of a chain counts on its own. */
export const calculationsIn: (reading: string) => readonly Calculation[] = memoized(findCalculations);

function findCalculations(reading: string): Calculation[] {
  const out: Calculation[] = [];
  const text = reading.replace(/(\d)\s*x\s*(\d)/g, '$1*$2').replace(/(\d)\s*%/g, '($1/100)');
  for (const part of text.split(/=|\bequals?\b|\bis\b|\bgives?\b|\bmakes?\b/)) {
    for (const m of part.matchAll(CALCULATION)) {
      const source = m[0].trim();
      if (!/\d\s*[+\-*/^]\s*[-(]*\s*\d/.test(source)) continue;
      // "3/8" alone is a number, not a calculation; "2023-01-05" is a date.
      if (/^-?\d+\s*\/\s*\d+$/.test(source) || /^\d{4}-\d{2}-\d{2}$/.test(source)) continue;
      const values = [evaluateNumber(source), leftToRight(source)].filter((v): v is number => v !== undefined && Number.isFinite(v));
      // A fraction inside a calculation is one operand: "1/4 + 1/8" is made of 1/4 and 1/8.
      const operands = (source.match(/\d+(?:\.\d+)?(?:\s*\/\s*\d+(?:\.\d+)?)?/g) ?? []).map((o) => {
        const [top, bottom] = o.split('/').map((x) => Number(x.trim()));
        return bottom === undefined ? (top ?? NaN) : (top ?? NaN) / bottom;
      });
      if (values.length > 0) out.push({ source, values, operands });
    }
  }
  return out;
}

/** p/q in lowest terms for a value that is a simple fraction (denominator up to 1000), else undefined. */
export function asFraction(value: number): { p: number; q: number } | undefined {
  if (Number.isInteger(value)) return undefined;
  for (let q = 2; q <= 1000; q++) {
    const p = Math.round(value * q);
    if (Math.abs(p / q - value) < 1e-9) return { p, q };
  }
  return undefined;
}
