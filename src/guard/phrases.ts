// Words and code in a reply, for answers that are words (a name, a query, a model answer): phrase matching on
// word boundaries, and how much of an answer's word sequence a reply lays out in order.
import { normalizeText } from '../curriculum/answers.ts';
import { plainReading } from './readings.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `text` (a reading) contains `phrase` as whole words, ignoring case, accents and extra spaces. */
export function containsPhrase(text: string, phrase: string): boolean {
  const p = normalizeText(plainReading(phrase)).trim();
  if (!p) return false;
  const re = new RegExp(`(?:^|[^\\p{L}\\p{N}])${escape(p).replace(/\s+/g, '\\s+')}(?:$|[^\\p{L}\\p{N}])`, 'iu');
  return re.test(text);
}

/** The words and numbers of a text, in order: "SELECT name, salary FROM employees;" → select name salary from employees. */
export function tokensOf(text: string): string[] {
  return plainReading(text).match(/[\p{L}\p{N}_]+|\*/gu)?.map((t) => (t === '*' ? 'star' : t)) ?? [];
}

/** The longest common subsequence of two token lists. */
function lcs(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] ?? 0;
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(up, row[j - 1] ?? 0);
      diagonal = up;
    }
  }
  return row[b.length] ?? 0;
}

/**
 * How many of `answer`'s tokens a text lays out in the answer's order, within a stretch about four times the
 * answer's length (so words scattered over a long reply do not add up to it).
 */
export function inOrderCoverage(answer: readonly string[], text: readonly string[]): number {
  const window = Math.max(answer.length * 4, 12);
  let best = 0;
  const relevant = new Set(answer);
  for (let start = 0; start < text.length; start++) {
    if (!relevant.has(text[start] ?? '')) continue;
    best = Math.max(best, lcs(answer, text.slice(start, start + window)));
    if (best === answer.length) break;
  }
  return best;
}
