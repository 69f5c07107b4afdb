// Learners show their working: "i did 25 divided by 5 so it's 5", "2000 + 250 = 2250". For a numeric item, a
// reply the checker cannot read as one number is read for the result it states at the end; working with no
// result is recognised as working, so the tutor asks for the result instead of "I could not read that".
import { readNumber } from '../curriculum/numbers.ts';

// The last such word wins: "so it is 1500" states 1500.
const RESULT = /^.*(?:=|\bis\b|\bequals\b|\bgives(?: me| you)?\b|\bget\b|\bgot\b|\bso(?: it'?s| that'?s)?\b|\bmakes\b|\bthat'?s\b|\bit'?s\b|\banswer(?: is)?:?)\s*([^=]*?)\s*[.!]?\s*$/i;

/** The result a reply states after its working ("... = 2250", "... so it's 5"), when it states one. */
export function statedResult(text: string): string | undefined {
  // Working is a line or two; a long text is not read this way (and the pattern stays cheap).
  if (text.length > 300) return undefined;
  const m = RESULT.exec(text.trim());
  const candidate = m?.[1]?.trim();
  if (!candidate) return undefined;
  const reading = readNumber(candidate);
  return reading && !/\d/.test(reading.rest) ? candidate : undefined;
}

const OPERATION = /\d\s*(?:[+\-*/×÷x]|\bplus\b|\badd(?:ed to)?\b|\bminus\b|\btake away\b|\bsubtract(?:ed)?\b|\btimes\b|\blots of\b|\bdivided by\b|\bmultiplied by\b|\bof\b|\bover\b)\s*\d/i;

/** Working without a result: a calculation on numbers, and no single number the checker could take. */
export function showsWorking(text: string): boolean {
  return OPERATION.test(text) && statedResult(text) === undefined;
}
