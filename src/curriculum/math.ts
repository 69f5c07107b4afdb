// One mathjs instance for the whole tutor, with the functions that could change it or reach outside disabled
// (mathjs' own security advice): learners' answers are parsed by it.
//
// Loaded on first use, not on import: mathjs takes about half a second to load, and most commands (and a
// conversation's first turns: the welcome, the topics) never need it. Its CommonJS build is loaded with
// require, because the graders that use it are synchronous.
import { createRequire } from 'node:module';
import type * as MathJs from 'mathjs';
import type { MathJsInstance, MathNode } from 'mathjs';
import { memoized } from '../memo.ts';

export type { MathNode };

interface SafeMath {
  math: MathJsInstance;
  evaluate: MathJsInstance['evaluate'];
  parse: MathJsInstance['parse'];
}

const disabled = ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'resolve', 'reviver'] as const;
let loaded: SafeMath | undefined;

function safeMath(): SafeMath {
  if (loaded) return loaded;
  const { create, all } = createRequire(import.meta.url)('mathjs') as typeof MathJs;
  const math = create(all ?? {}, { number: 'number' });
  // Kept before they are disabled, so that only this module can parse and evaluate.
  const evaluate = math.evaluate.bind(math);
  const parse = math.parse.bind(math);
  math.import(
    Object.fromEntries(
      disabled.map((name) => [
        name,
        () => {
          throw new Error(`${name} is disabled`);
        },
      ]),
    ),
    { override: true },
  );
  loaded = { math, evaluate, parse };
  return loaded;
}

/** Parses an expression, or returns undefined when it is not one. */
export function parseExpression(source: string): MathNode | undefined {
  if (source.length > 200) return undefined;
  try {
    return safeMath().parse(source);
  } catch {
    return undefined;
  }
}

export function evaluateNumber(source: string, scope: Record<string, number> = {}): number | undefined {
  // Without variables the value depends on the text alone, and the same small sums ("3/4", "20%") are read
  // again on every turn: remember them (mathjs parses and evaluates in tens of microseconds each).
  return Object.keys(scope).length === 0 ? rememberedValue(source).value : evaluated(source, scope);
}

// Boxed: a source that is no number has no value (undefined), and the cache holds only values.
const rememberedValue = memoized((source: string) => ({ value: evaluated(source, {}) }), 10_000);

function evaluated(source: string, scope: Record<string, number>): number | undefined {
  try {
    const value: unknown = safeMath().evaluate(source, { ...scope });
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `value` in unit `from` ("km"), expressed in unit `to` ("m"); throws when either is no unit mathjs knows or they do not convert. */
export function convertUnit(value: number, from: string, to: string): number {
  return safeMath().math.unit(value, from).toNumber(to);
}
