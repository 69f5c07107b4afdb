// Words and code in a reply, for answers that are words (a name, a query, a model answer): phrase matching on
// word boundaries, and how much of an answer's word sequence a reply lays out in order.
import { normalizeText } from '../curriculum/answers.ts';
import { plainReading, rot } from './readings.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `text` (a reading) contains `phrase` as whole words, ignoring case, accents and extra spaces. */
const phraseMatchers = new Map<string, RegExp | null>();

const phraseKeys = new Map<string, string>();

/** The longest word of a phrase, lower-case: a text without it cannot contain the phrase. */
function keyOf(phrase: string): string {
  let key = phraseKeys.get(phrase);
  if (key === undefined) {
    key = (normalizeText(plainReading(phrase)).match(/[\p{L}\p{N}]+/gu) ?? []).reduce((a, b) => (b.length > a.length ? b : a), '');
    if (phraseKeys.size > 10_000) phraseKeys.clear();
    phraseKeys.set(phrase, key);
  }
  return key;
}

export function containsPhrase(text: string, phrase: string): boolean {
  if (!text.toLowerCase().includes(keyOf(phrase))) return false;
  let re = phraseMatchers.get(phrase);
  if (re === undefined) {
    const p = normalizeText(plainReading(phrase)).trim();
    const body = phraseBody(p);
    re = p ? new RegExp(`(?:^|[^\\p{L}\\p{N}])${body}(?:$|[^\\p{L}\\p{N}])`, 'iu') : null;
    if (phraseMatchers.size > 10_000) phraseMatchers.clear();
    phraseMatchers.set(phrase, re);
  }
  return re !== null && re.test(text);
}

/** The words and numbers of a text, in order: "SELECT name, salary FROM employees;" → select name salary from employees. */
export function tokensOf(text: string): string[] {
  return plainReading(text).match(/[\p{L}\p{N}_]+|\*|[<>=!]+/gu)?.map((t) => (t === '*' ? 'star' : t)) ?? [];
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

/**
 * The shift (1-25) at which a text hides a phrase in shifted letters (ROT13 and the like), if it does. Shifting
 * the phrase back instead of the text forward makes one short string per shift rather than a whole text.
 */
const plainPhrases = new Map<string, string>();

export function shiftedPhrase(text: string, phrase: string): number | undefined {
  let p = plainPhrases.get(phrase);
  if (p === undefined) {
    p = plainReading(phrase);
    if (plainPhrases.size > 10_000) plainPhrases.clear();
    plainPhrases.set(phrase, p);
  }
  if (p.replace(/[^a-z]/g, '').length < 4) return undefined;
  const words = new Set(text.match(/[a-z]+/g) ?? []);
  const first = p.match(/[a-z]+/)?.[0] ?? '';
  for (let n = 1; n < 26; n++) if (words.has(rot(first, 26 - n)) && containsPhrase(text, rot(p, 26 - n))) return n;
  return undefined;
}

/**
 * A phrase as the body of a regular expression that does not mind spacing: "2 / 5 , 1 / 2" is "2/5, 1/2"; words
 * stay apart by some space.
 */
export function phraseBody(phrase: string): string {
  const parts = phrase.match(/[\p{L}\p{N}]+|\s+|[^\p{L}\p{N}\s]/gu) ?? [];
  return parts
    .map((part, i) => {
      if (/^[\p{L}\p{N}]/u.test(part)) return escape(part);
      if (/^\s/.test(part)) return /^[\p{L}\p{N}]/u.test(parts[i - 1] ?? '') && /^[\p{L}\p{N}]/u.test(parts[i + 1] ?? '') ? '\\s+' : '';
      return `\\s*${escape(part)}\\s*`;
    })
    .join('');
}
