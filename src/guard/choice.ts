// Choice answers: any reference that singles out the right option gives it away, by its letter ("(b)",
// "option b"), its place ("the second option", "option 2", "the last one"), its text or value when the other
// options are not named beside it, or by ruling out every other option ("not a, c or d").
import { optionLetter } from '../curriculum/answers.ts';
import { numberMentions, readNumber } from '../curriculum/numbers.ts';
import type { Reading } from './readings.ts';
import { containsPhrase, shiftedPhrase } from './phrases.ts';
import { mentionMatches, near } from './values.ts';
import type { Found } from './numeric.ts';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];
const ORDINAL_DIGITS = ['1st', '2nd', '3rd', '4th', '5th', '6th'];
const CARDINALS = ['one', 'two', 'three', 'four', 'five', 'six'];
const OPTION_NOUN = String.raw`(?:option|choice|answer|one|button|possibility|alternative|item|pick|bullet)`;

/** Patterns that refer to the option at `index` of `count`, by letter or by place. */
function referencesTo(index: number, count: number): RegExp[] {
  const letter = optionLetter(index);
  const place = [ORDINALS[index], ORDINAL_DIGITS[index], ...(index === count - 1 ? ['last', 'final', 'bottom'] : []), ...(index === 0 ? ['top'] : [])].filter(Boolean).join('|');
  const number = `${index + 1}|${CARDINALS[index] ?? ''}`;
  // "is a", "be a" are articles, not the option a.
  const verbs = letter === 'a' ? 'answer|option|choice|letter' : String.raw`answer|option|choice|letter|pick|choose|select|go\s+(?:with|for)|it's|its|is|it\s+is|be`;
  return [
    new RegExp(String.raw`(?:${verbs})\s*(?:is|would\s+be|:)?\s*["'(\[\x60]?${letter}["')\]\x60]?(?![\p{L}\p{N}])`, 'iu'),
    new RegExp(String.raw`(?:^|[\s(\[])\(?${letter}\s?\)(?!\p{L})|\(${letter}\)|\[${letter}\]`, 'iu'),

    new RegExp(String.raw`\b(?:${place})\s+(?:${OPTION_NOUN}|of\s+the\s+(?:options|choices|answers))`, 'i'),
    new RegExp(String.raw`\b(?:option|choice|answer|number|no\.?|#)\s*(?:${number})\b`, 'i'),
  ];
}

/** A letter on its own ("it's b.", "b!"), outside code (where a and b are table names) and not in col_b, b.key or b's. */
const aloneLetter = (letter: string) => new RegExp(String.raw`(?<![\p{L}\p{N}'’_.\x60-])${letter}(?![\p{L}\p{N}'’_\x60-]|\.\w)`, 'iu');
// Code blanked out with spaces of the same length, so that positions still match the text.
const withoutCode = (text: string) => text.replace(/```[\s\S]*?```|`[^`\n]*`/g, (code) => ' '.repeat(code.length));

/** Letters listed together ("a, c or d", "b and c"): the set of options a sentence talks about. */
function listedLetters(text: string, count: number): Array<{ letters: Set<string>; at: number }> {
  const letters = `[a-${optionLetter(count - 1)}]`;
  const list = new RegExp(String.raw`(?<![\p{L}\p{N}'’_.-])${letters}\)?(?:\s*(?:,|or|and|nor|&|/)\s*(?:\(?${letters}\)?))+(?![\p{L}\p{N}'’_-])`, 'giu');
  return [...withoutCode(text).matchAll(list)].map((m) => ({ letters: new Set(m[0].toLowerCase().match(new RegExp(`(?<![a-z])${letters}(?![a-z])`, 'g')) ?? []), at: m.index }));
}

// "the correct choice reads:", "the right one is", "the answer is": something is called the answer.
const CALLED_RIGHT = /\b(?:correct|right|true)\s+(?:choice|option|answer|one)\b|\b(?:answer|solution)\s*(?:is|:)|\bgo\s+(?:with|for)\b|\b(?:pick|choose|select)\b/;

/** A statement (not a question) that names the right option and no other: "So 1/3 is bigger." */
function statedAlone(text: string, correct: string, others: readonly string[]): boolean {
  // Clause by clause ("2 fifths is more than 2 sevenths, so 2/5 is bigger"), leaving out the option list itself.
  return text
    .split(/\n+/)
    .filter((line) => !/^\s*\(?[a-f]\s?\)/.test(line))
    .flatMap((line) => line.split(/(?<=[.!?;])\s+|,\s*(?=(?:so|therefore|thus|hence|which|and\s+so)\b)/))
    .some((clause) => !clause.includes('?') && containsPhrase(clause, correct) && !others.some((o) => containsPhrase(clause, o)));
}

const NEGATED_LIST = /\b(?:not|isn't|aren't|never|rule\s+out|ruled\s+out|eliminate|cross\s+out|wrong|none\s+of)\b[^.!?\n]{0,20}$/;

/** A letter set out on its own line, in a code block, in bold or in quotes: not the article "a". */
const setOutLetter = (letter: string) => new RegExp(String.raw`(?:^|\n|\x60\x60\x60\w*\n?|:)\s*[\x60"'“‘*(\[]*${letter}[\x60"'”’*)\].!]*\s*(?:\n|$|\x60\x60\x60)`, 'iu');

const refersTo = (text: string, index: number, count: number) =>
  referencesTo(index, count).some((re) => re.test(text)) || setOutLetter(optionLetter(index)).test(text) || (index > 0 && aloneLetter(optionLetter(index)).test(withoutCode(text)));

export function choiceFound(options: readonly string[], correct: string, readings: readonly Reading[], prompt: string): Found | undefined {
  const index = options.indexOf(correct);
  const letter = optionLetter(index);
  const others = options.map((_, i) => i).filter((i) => i !== index);
  const optionValue = (o: string) => {
    const r = readNumber(o);
    return r && !r.rest ? r.value : undefined;
  };
  const value = optionValue(correct);
  const otherValues = others.map((i) => optionValue(options[i] ?? '')).filter((v): v is number => v !== undefined);
  const plain = readings[0]?.text ?? '';
  const shift = shiftedPhrase(plain, correct);
  if (shift !== undefined && !others.some((i) => containsPhrase(plain, options[i] ?? ''))) return { form: `${correct} (letters shifted by ${shift})` };
  for (const reading of readings) {
    const text = reading.text.replace(/\b(?:e\.g|i\.e)\./g, ' ');
    const tag = (form: string) => ({ form: reading.how === 'plain' ? form : `${form} (${reading.how})` });
    // Joining spaced letters glues an option list ("a) ... b) ...") into nonsense: only whole option texts count there.
    if (reading.transformed || reading.how === 'letters joined') {
      if (correct.replace(/\W/g, '').length >= 4 && containsPhrase(text, correct) && !others.some((i) => containsPhrase(text, options[i] ?? ''))) return tag(correct);
      continue;
    }
    // Every option named alike (a neutral list) points at none of them; a list of some of them narrows the choice.
    const lists = listedLetters(text, options.length);
    const namesAll = lists.some((l) => l.letters.size === options.length) || options.every((_, i) => refersTo(text, i, options.length));
    for (const { letters: l, at } of lists) {
      if (l.size === options.length) continue;
      if (l.has(letter)) return tag(`option ${letter}, among some of the options`);
      if (l.size === options.length - 1 && NEGATED_LIST.test(text.slice(Math.max(0, at - 40), at))) return tag(`option ${letter}, by ruling out the others`);
    }
    if (!namesAll && refersTo(text, index, options.length)) return tag(`option ${letter}`);
    if (others.length > 1 && others.every((i) => refersTo(text, i, options.length)) && !refersTo(text, index, options.length)) {
      return tag(`option ${letter}, by ruling out the others`);
    }
    // Readings that rewrite words (numbers of another language, calculations in words) change the options' texts
    // too: there only the right option's value counts.
    const rewritten = reading.how === 'number words of another language' || reading.how === 'calculation in words';
    const inPrompt = containsPhrase(prompt.toLowerCase(), correct);
    const textShown = !rewritten && containsPhrase(text, correct);
    if (textShown && !inPrompt && !others.every((i) => containsPhrase(text, options[i] ?? ''))) return tag(correct);
    // All options named, and then the right one set apart in a clause of its own ("3/4 is the odd one out").
    if (textShown && !inPrompt && statedAlone(text, correct, others.map((i) => options[i] ?? ''))) return tag(`${correct} (set apart)`);
    // An option the question names too is free to mention, but not to call the answer.
    if (textShown && inPrompt && (CALLED_RIGHT.test(text) || statedAlone(text, correct, others.map((i) => options[i] ?? '')))) return tag(`${correct} (called the answer)`);
    if (value !== undefined) {
      // The right option's value, without another option's beside it: in a form the question does not show
      // ("0.333" for 1/3), or in any form when the question does not show it at all.
      const promptForms = numberMentions(prompt.toLowerCase()).mentions.filter((n) => near(n.value, value, 1e-9)).map((n) => prompt.toLowerCase().slice(n.start, n.end).replace(/\s+/g, ''));
      const found = numberMentions(text).mentions;
      // Another option's value beside it keeps it neutral; a rounding that fits two options points at neither.
      const others = found.some((n) => otherValues.some((o) => near(n.value, o, 1e-9))) || found.some((n) => mentionMatches(text, n, value, 1e-9) && !near(n.value, value, 1e-9) && otherValues.some((o) => mentionMatches(text, n, o, 1e-9)));
      const hit = found.find((n) => mentionMatches(text, n, value, 1e-9) && !promptForms.includes(text.slice(n.start, n.end).replace(/\s+/g, '')));
      if (hit && !others) return tag(`${correct} (as ${text.slice(hit.start, hit.end)})`);
    }
  }
  return undefined;
}
