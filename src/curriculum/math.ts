// One mathjs instance for the whole tutor, with the functions that could change it or reach outside disabled
// (mathjs' own security advice): learners' answers are parsed by it.
import { create, all, type MathNode } from 'mathjs';

export const math = create(all ?? {}, { number: 'number' });

const disabled = ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'resolve', 'reviver'] as const;
const evaluateSafely = math.evaluate.bind(math);
const parseSafely = math.parse.bind(math);
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

export type { MathNode };

/** Parses an expression, or returns undefined when it is not one. */
export function parseExpression(source: string): MathNode | undefined {
  if (source.length > 200) return undefined;
  try {
    return parseSafely(source);
  } catch {
    return undefined;
  }
}

export function evaluateNumber(source: string, scope: Record<string, number> = {}): number | undefined {
  try {
    const value: unknown = evaluateSafely(source, { ...scope });
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
