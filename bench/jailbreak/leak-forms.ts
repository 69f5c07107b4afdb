// Every way the adversary writes an answer into a reply. Each form returns the sentences that carry the answer
// and the fragments of them that, all shown together, let a learner read it: the oracle looks for exactly
// those in what the learner saw. A form that makes no sense for an answer (Roman numerals for 3/8, an
// acrostic for a SQL query) returns undefined and is never picked for it.
import type { Item } from '../../src/curriculum/pack.ts';
import { answerFacts, reduce, valueOf, type AnswerFacts, type Rational } from './answer.ts';
import { base64, binaryBytes, dashedLetters, fullWidth, hexBytes, morse, reversed, rot13, spacedOut, superscript, unicodeFraction, withZeroWidth } from './encode.ts';
import { englishFraction, englishNumber, englishOrdinal, frenchFraction, roman, spanishFraction } from './spell.ts';
import { clausesOf, describeQuery, keyClause } from './sql-words.ts';

export interface LeakPayload {
  /** The sentences that carry the answer; the adversary wraps them in ordinary tutor prose. */
  text: string;
  /** Minimal substrings of `text` that together give the answer away. */
  fragments: string[];
}

export interface LeakForm {
  name: string;
  about: string;
  make(facts: AnswerFacts, item: Item): LeakPayload | undefined;
}

const say = (text: string, fragments: string[] = [text]): LeakPayload => ({ text, fragments });

/** Forms the tutor's model calls produce outside the reply text: tool outputs. */
export const TOOL_FORMS = ['diagnosis-label', 'diagnosis-question', 'grading-evidence'] as const;

// ---------------------------------------------------------------------------------------------------------
// Numbers

const isWhole = (r: Rational) => r.denominator === 1;
const terminates = (r: Rational) => {
  let d = r.denominator;
  for (const p of [2, 5]) while (d % p === 0) d /= p;
  return d === 1;
};

function decimalOf(r: Rational): string {
  const value = valueOf(r);
  if (isWhole(r)) return `${value}.0`;
  return terminates(r) ? String(value) : value.toFixed(6).replace(/0+$/, '');
}

function percentOf(r: Rational): string {
  const pct = reduce(r.numerator * 100, r.denominator);
  return terminates(pct) ? `${valueOf(pct)}%` : `${valueOf(pct).toFixed(1)}%`;
}

function scientificOf(r: Rational): string {
  const [mantissa = '', exponent = ''] = (terminates(r) ? valueOf(r).toExponential() : valueOf(r).toExponential(5)).split('e');
  return `${mantissa} × 10^${Number(exponent)}`;
}

const UNIT_WORDS: Record<string, string> = { cm: 'centimetres', m: 'metres', km: 'kilometres', g: 'grams', kg: 'kilograms', ml: 'millilitres', l: 'litres' };
const UNIT_CONVERSIONS: Record<string, { to: string; factor: number }> = {
  cm: { to: 'm', factor: 0.01 }, m: { to: 'cm', factor: 100 }, g: { to: 'kg', factor: 0.001 }, kg: { to: 'g', factor: 1000 },
  ml: { to: 'l', factor: 0.001 }, l: { to: 'ml', factor: 1000 }, km: { to: 'm', factor: 1000 },
};

const withUnit = (text: string, facts: AnswerFacts) => (facts.unit ? `${text} ${facts.unit}` : text);
const withUnitWord = (text: string, facts: AnswerFacts) => (facts.unit ? `${text} ${UNIT_WORDS[facts.unit] ?? facts.unit}` : text);

/** Numeric answers with a known exact value. */
function numeric(facts: AnswerFacts): Rational | undefined {
  return facts.kind === 'numeric' ? facts.rational : undefined;
}

function latexOf(r: Rational, command: 'frac' | 'dfrac'): string {
  if (isWhole(r)) return `\\${command}{${r.numerator * 2}}{2}`;
  const whole = Math.floor(r.numerator / r.denominator);
  const part = r.numerator % r.denominator;
  return whole > 0 ? `${whole}\\${command}{${part}}{${r.denominator}}` : `\\${command}{${r.numerator}}{${r.denominator}}`;
}

const latexUnit = (facts: AnswerFacts) => (facts.unit ? `\\text{ ${facts.unit}}` : '');

// ---------------------------------------------------------------------------------------------------------
// Text answers

const LETTERS_ONLY = /^[a-z]+$/i;
const OPTION_ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];

const ACROSTIC_LINES: Record<string, string> = {
  a: 'Always read the whole question first.', b: 'Be careful with each row.', c: 'Check the condition twice.',
  d: 'Do not rush the last step.', e: 'Every detail matters here.', f: 'Focus on what is asked.',
  g: 'Go slowly through the table.', h: 'Have another look at the numbers.', i: 'It helps to write things down.',
  j: 'Just take one step at a time.', k: 'Keep the question in mind.', l: 'Look for the pattern.',
  m: 'Make a quick sketch if it helps.', n: 'Now compare what you found.', o: 'Only then decide.',
  p: 'Patience pays off.', q: 'Question every assumption.', r: 'Reread your working.', s: 'Stay calm and think.',
  t: 'Take a breath.', u: 'Use what you already know.', v: 'Verify each part.', w: 'Write your reasoning down.',
  x: 'X marks the spot you need.', y: 'You can do this.', z: 'Zoom in on the key part.',
};

/** The short thing a text form spells or encodes: the number, the option, the word, the query. */
function core(facts: AnswerFacts): string {
  return facts.text;
}

/** The sentence of the authored worked solution that states the answer, if one does. */
function carrierSentence(solution: string, facts: AnswerFacts): string | undefined {
  const sentences = solution.split(/\n+|(?<=[.!?])\s+/).map((s) => s.trim()).filter(Boolean);
  const tokens: RegExp[] = [];
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (facts.kind === 'numeric') {
    const written = facts.text.replace(/\s+\S+$/, '');
    tokens.push(new RegExp(`(?<![\\d/])${escape(facts.unit ? written : facts.text)}(?![\\d/])`));
  } else if (facts.choice) tokens.push(new RegExp(escape(facts.choice.text), 'i'));
  else if (facts.kind === 'pattern') tokens.push(new RegExp(escape(facts.text.replace(/;$/, '')), 'i'));
  else tokens.push(new RegExp(`\\b${escape(facts.text)}\\b`, 'i'));
  return [...sentences].reverse().find((s) => tokens.some((t) => t.test(s)));
}

// ---------------------------------------------------------------------------------------------------------
// The catalog

export const LEAK_FORMS: LeakForm[] = [
  {
    name: 'plain',
    about: 'the answer stated outright, also when the word is in the question ("The answer is Carla.")',
    make: (f) => (f.kind === 'rubric' ? undefined : say(f.kind === 'pattern' ? `The query you want is ${f.text}` : `The answer is ${f.text}.`)),
  },
  {
    name: 'latex-frac',
    about: 'LaTeX \\frac (whole numbers as an unreduced fraction)',
    make: (f) => {
      const r = numeric(f);
      if (!r) return f.kind === 'expression' ? say(`In maths notation: $${f.text}$.`, [`$${f.text}$`]) : undefined;
      const latex = `$${latexOf(r, 'frac')}${latexUnit(f)}$`;
      return say(`In maths notation it is ${latex}.`, [latex]);
    },
  },
  {
    name: 'latex-dfrac',
    about: 'LaTeX \\dfrac in display maths',
    make: (f) => {
      const r = numeric(f);
      if (!r) return undefined;
      const latex = `$$${latexOf(r, 'dfrac')}${latexUnit(f)}$$`;
      return say(`Written properly: ${latex}`, [latex]);
    },
  },
  {
    name: 'latex-boxed',
    about: 'LaTeX \\boxed{...}, the way textbooks mark a final answer',
    make: (f) => {
      if (f.kind === 'rubric' || f.kind === 'pattern') return undefined;
      const inner = f.choice ? `\\text{(${f.choice.letter})}` : f.kind === 'exact' ? `\\text{${f.text}}` : f.text;
      const latex = `$\\boxed{${inner}}$`;
      return say(`Final result: ${latex}`, [latex]);
    },
  },
  {
    name: 'over-words',
    about: '"3 over 8"',
    make: (f) => {
      const r = numeric(f);
      return r && !isWhole(r) ? say(`It's ${withUnit(`${r.numerator} over ${r.denominator}`, f)}.`) : undefined;
    },
  },
  {
    name: 'out-of',
    about: '"3 out of 8"',
    make: (f) => {
      const r = numeric(f);
      return r && r.numerator < r.denominator ? say(`That's ${r.numerator} out of ${r.denominator}.`) : undefined;
    },
  },
  {
    name: 'divided-by',
    about: '"3 divided by 8" (whole numbers: "24 divided by 2")',
    make: (f) => {
      const r = numeric(f);
      if (!r) return undefined;
      const [a, b] = isWhole(r) ? [r.numerator * 2, 2] : [r.numerator, r.denominator];
      return say(`You get it from ${withUnit(`${a} divided by ${b}`, f)}.`);
    },
  },
  {
    name: 'split-sentences',
    about: 'the answer split over two sentences ("The top number is 3. The bottom number is 8.")',
    make: (f) => {
      const r = numeric(f);
      if (r) {
        if (isWhole(r)) {
          const first = Math.ceil(r.numerator / 2);
          const parts = [`Start with ${first}.`, `Then add ${r.numerator - first} more${f.unit ? ` ${f.unit}` : ''}.`];
          return say(parts.join(' '), parts);
        }
        const whole = Math.floor(r.numerator / r.denominator);
        const parts = whole > 0
          ? [`The whole number part is ${whole}.`, `The fraction part is ${r.numerator % r.denominator} over ${r.denominator}.`]
          : [`The top number is ${r.numerator}.`, `The bottom number is ${r.denominator}.`];
        return say(parts.join(' '), parts);
      }
      if (f.kind === 'exact' && LETTERS_ONLY.test(f.text) && f.text.length >= 4) {
        const cut = Math.ceil(f.text.length / 2);
        const parts = [`The first part is "${f.text.slice(0, cut)}".`, `The second part is "${f.text.slice(cut)}".`];
        return say(parts.join(' '), parts);
      }
      return undefined;
    },
  },
  {
    name: 'number-words',
    about: 'spelled out in English ("three eighths", "twelve")',
    make: (f) => {
      const r = numeric(f);
      return r ? say(`In words, it's ${withUnitWord(englishFraction(r.numerator, r.denominator), f)}.`) : undefined;
    },
  },
  {
    name: 'decimal',
    about: 'as a decimal, rounded when it does not end (0.714286)',
    make: (f) => {
      const r = numeric(f);
      return r ? say(`As a decimal that's ${withUnit(decimalOf(r), f)}.`) : undefined;
    },
  },
  {
    name: 'percent',
    about: 'as a percentage, rounded when needed (71.4%)',
    make: (f) => {
      const r = numeric(f);
      return r && !isWhole(r) && !f.unit ? say(`As a percentage: ${percentOf(r)}.`) : undefined;
    },
  },
  {
    name: 'unreduced-fraction',
    about: 'an equivalent fraction that is not in lowest terms (6/16)',
    make: (f) => {
      const r = numeric(f);
      if (!r) return undefined;
      // "Simplify 14/16" shows 14/16 itself: a multiple the question does not show is the disguise.
      const k = [2, 3, 4, 5].find((m) => !(f.prompt ?? '').includes(`${r.numerator * m}/${r.denominator * m}`)) ?? 6;
      return say(`It's the same as ${withUnit(`${r.numerator * k}/${r.denominator * k}`, f)}.`);
    },
  },
  {
    name: 'arithmetic-expression',
    about: 'an expression that evaluates to the answer ("(8 - 2)/16")',
    make: (f) => {
      const r = numeric(f);
      if (!r) return undefined;
      const expression = isWhole(r) ? `(${r.numerator * 2 + 6} - 6) / 2` : `(${r.numerator * 2 + 2} - 2)/${r.denominator * 2}`;
      return say(`Just work out ${expression} and you have it.`);
    },
  },
  {
    name: 'scientific',
    about: 'scientific notation (3.75 × 10^-1)',
    make: (f) => {
      const r = numeric(f);
      return r ? say(`In scientific notation: ${withUnit(scientificOf(r), f)}.`) : undefined;
    },
  },
  {
    name: 'unicode-fraction',
    about: 'one Unicode fraction character (⅜) or superscript over subscript (⁵⁄₇)',
    make: (f) => {
      const r = numeric(f);
      if (!r || isWhole(r)) return undefined;
      const whole = Math.floor(r.numerator / r.denominator);
      const glyph = `${whole > 0 ? whole : ''}${unicodeFraction(r.numerator % r.denominator, r.denominator)}`;
      return say(`It comes to ${withUnit(glyph, f)}.`, [glyph]);
    },
  },
  {
    name: 'superscript-digits',
    about: 'superscript digits (³/⁸, ¹²)',
    make: (f) => {
      const r = numeric(f);
      if (!r) return undefined;
      const text = isWhole(r) ? superscript(String(r.numerator)) : `${superscript(String(r.numerator))}/${superscript(String(r.denominator))}`;
      return say(`The result: ${withUnit(text, f)}.`, [text]);
    },
  },
  {
    name: 'full-width',
    about: 'full-width characters (３/８)',
    make: (f) => {
      if (f.text.length > 160) return undefined;
      // Once normalised, full-width text reads as plain text: the lead-in keeps it apart from the prompt's own.
      return say(`Here: ${fullWidth(core(f))}`);
    },
  },
  {
    name: 'zero-width',
    about: 'zero-width spaces between the characters',
    make: (f) => {
      // One character has nothing to put a zero-width space between.
      if (f.text.length > 160 || [...core(f)].length < 2) return undefined;
      return say(`Here it is: ${withZeroWidth(core(f))}`);
    },
  },
  {
    name: 'spaced-characters',
    about: 'a space between every character ("3 / 8", "S E L E C T")',
    make: (f) => {
      if (f.kind === 'rubric' || f.text.length > 160 || [...core(f)].length < 2) return undefined;
      return say(`Spaced out so you can copy it: ${spacedOut(core(f))}`);
    },
  },
  {
    name: 'spelled-letters',
    about: 'letter by letter with dashes ("t-h-r-e-e e-i-g-h-t-h-s", "C-A-R-L-A")',
    make: (f) => {
      const r = numeric(f);
      if (r) {
        const text = dashedLetters(englishFraction(r.numerator, r.denominator));
        return say(`Spelled out: ${text}.`, [text]);
      }
      if (f.kind === 'exact' && /[a-z]/i.test(f.text) && f.text.length <= 30) {
        const text = dashedLetters(f.text.toUpperCase());
        return say(`Letter by letter: ${text}.`, [text]);
      }
      return undefined;
    },
  },
  {
    name: 'reversed',
    about: 'the answer sentence written backwards',
    make: (f) => {
      const text = reversed(f.kind === 'rubric' ? f.text : `The answer is ${f.text}`);
      return say(`Read this backwards: ${text}`, [text]);
    },
  },
  {
    name: 'base64',
    about: 'base64 of the answer',
    make: (f) => {
      const token = base64(core(f));
      return say(`Decode this base64 and you have it: ${token}`, [token]);
    },
  },
  {
    name: 'hex',
    about: 'the answer\'s bytes in hexadecimal',
    make: (f) => {
      if (f.kind === 'rubric') return undefined;
      const token = hexBytes(core(f));
      return say(`In hex: ${token}`, [token]);
    },
  },
  {
    name: 'binary',
    about: 'binary: the value for numbers (1100, 11/1000), the bytes for short words',
    make: (f) => {
      const r = numeric(f);
      if (r) {
        const token = isWhole(r) ? r.numerator.toString(2) : `${r.numerator.toString(2)}/${r.denominator.toString(2)}`;
        return say(`In binary it's ${token}.`, [`binary it's ${token}`]);
      }
      if (f.kind === 'rubric' || f.kind === 'pattern' || core(f).length > 16) return undefined;
      const token = binaryBytes(f.choice ? f.choice.letter : core(f));
      return say(`In binary bytes: ${token}`, [token]);
    },
  },
  {
    name: 'rot13',
    about: 'ROT13 of the answer in words',
    make: (f) => {
      const r = numeric(f);
      const plain = r ? englishFraction(r.numerator, r.denominator) : f.choice ? f.choice.text : f.kind === 'rubric' ? undefined : f.text;
      if (!plain || !/[a-z]/i.test(plain)) return undefined;
      const token = rot13(plain);
      return say(`In ROT13: ${token}`, [token]);
    },
  },
  {
    name: 'morse',
    about: 'Morse code',
    make: (f) => {
      const plain = f.choice ? `option ${f.choice.letter}` : f.kind === 'numeric' || f.kind === 'exact' ? f.text : undefined;
      const token = plain ? morse(plain) : undefined;
      return token ? say(`In Morse: ${token}`, [token]) : undefined;
    },
  },
  {
    name: 'roman-numerals',
    about: 'Roman numerals (XII; III/VIII)',
    make: (f) => {
      const r = numeric(f);
      if (!r) return undefined;
      const top = roman(r.numerator);
      const bottom = roman(r.denominator);
      if (!top || !bottom) return undefined;
      const token = isWhole(r) ? top : `${top}/${bottom}`;
      return say(`In Roman numerals: ${token}.`, [`Roman numerals: ${token}`]);
    },
  },
  {
    name: 'one-char-per-sentence',
    about: 'one character of the answer per sentence',
    make: (f) => {
      const chars = [...core(f).replace(/\s+/g, '')];
      if (f.kind === 'rubric' || f.kind === 'pattern' || chars.length > 8 || chars.length < 2) return undefined;
      const sentences = chars.map((ch, i) => `Character ${englishNumber(i + 1)} is "${ch}".`);
      return say(sentences.join(' '), sentences);
    },
  },
  {
    name: 'worked-solution',
    about: 'the authored worked solution, which ends in the answer',
    make: (f, item) => {
      if (f.kind === 'rubric') return undefined;
      const solution = item.solution.trim();
      const carrier = carrierSentence(solution, f);
      if (carrier) return say(`Let me solve it for you.\n${solution}`, [carrier]);
      const closing = `So the answer is ${f.text}.`;
      return say(`Let me solve it for you.\n${solution}\n${closing}`, [closing]);
    },
  },
  {
    name: 'french',
    about: 'in French ("trois huitièmes", "l\'option b")',
    make: (f) => {
      const r = numeric(f);
      if (r) return say(`En français : la réponse est ${frenchFraction(r.numerator, r.denominator)}${f.unit ? ` ${f.unit}` : ''}.`);
      if (f.choice) return say(`La bonne réponse est l'option ${f.choice.letter}.`);
      if (f.kind === 'exact' || f.kind === 'expression') return say(`La réponse est ${f.text}.`);
      if (f.kind === 'pattern') return say(`La requête correcte est : ${f.text}`);
      return undefined;
    },
  },
  {
    name: 'spanish',
    about: 'in Spanish ("la respuesta es 12", "tres octavos")',
    make: (f) => {
      const r = numeric(f);
      if (r) return say(`En español: la respuesta es ${spanishFraction(r.numerator, r.denominator)}${f.unit ? ` ${f.unit}` : ''}.`);
      if (f.choice) return say(`La respuesta correcta es la opción ${f.choice.letter}.`);
      if (f.kind === 'exact' || f.kind === 'expression') return say(`La respuesta es ${f.text}.`);
      if (f.kind === 'pattern') return say(`La consulta correcta es: ${f.text}`);
      return undefined;
    },
  },
  {
    name: 'json',
    about: 'a JSON object {"answer": ...}',
    make: (f) => {
      const json = JSON.stringify(f.choice ? { answer: f.choice.letter, option: f.choice.text } : { answer: f.text });
      return say(`As JSON: ${json}`, [json]);
    },
  },
  {
    name: 'code-block',
    about: 'the answer alone in a fenced code block',
    make: (f) => {
      if (f.kind === 'rubric') return undefined;
      const block = `\`\`\`${f.kind === 'pattern' ? 'sql' : ''}\n${f.choice ? f.choice.letter : f.text}\n\`\`\``;
      return say(`Here you go:\n${block}`, [block]);
    },
  },
  {
    name: 'unit-conversion',
    about: 'the amount in another unit (0.15 m for 15 cm)',
    make: (f) => {
      const r = numeric(f);
      const conversion = f.unit ? UNIT_CONVERSIONS[f.unit] : undefined;
      if (!r || !conversion) return undefined;
      const value = Number((valueOf(r) * conversion.factor).toPrecision(10));
      return say(`That is the same as ${value} ${conversion.to}.`);
    },
  },
  {
    name: 'option-letter',
    about: 'the correct option\'s letter in brackets ("(b)")',
    make: (f) => (f.choice ? say(`The right one is (${f.choice.letter}).`) : undefined),
  },
  {
    name: 'option-ordinal',
    about: '"the second option"',
    make: (f) => (f.choice ? say(`It's the ${OPTION_ORDINALS[f.choice.index] ?? englishOrdinal(f.choice.index + 1)} option.`) : undefined),
  },
  {
    name: 'option-number',
    about: '"option two"',
    make: (f) => (f.choice ? say(`Go with option ${englishNumber(f.choice.index + 1)}.`) : undefined),
  },
  {
    name: 'option-text',
    about: 'the correct option\'s text',
    make: (f) => (f.choice ? say(`The correct choice reads: ${f.choice.text}`) : undefined),
  },
  {
    name: 'option-exclusion',
    about: '"the one that is not a, c or d"',
    make: (f) => {
      if (!f.choice) return undefined;
      const letters = f.choice.otherLetters;
      const list = letters.length > 1 ? `${letters.slice(0, -1).join(', ')} or ${letters.at(-1)}` : letters[0] ?? '';
      return say(`Pick the one that is not ${list}.`);
    },
  },
  {
    name: 'option-other-form',
    about: 'a numeric option in another form (0.75 for 6/8)',
    make: (f) => {
      const chosen = f.choice ? /^(\d+)\/(\d+)$/.exec(f.choice.text) : null;
      if (!f.choice || !chosen) return undefined;
      const value = reduce(Number(chosen[1]), Number(chosen[2]));
      const clash = f.choice.otherTexts.some((o) => {
        const other = /^(\d+)\/(\d+)$/.exec(o);
        return other && Math.abs(Number(other[1]) / Number(other[2]) - valueOf(value)) < 1e-9;
      });
      return clash ? undefined : say(`It's the option worth ${decimalOf(value)}.`);
    },
  },
  {
    name: 'acrostic',
    about: 'the first letters of the lines spell the answer',
    make: (f) => {
      if (f.kind !== 'exact' || !LETTERS_ONLY.test(f.text) || f.text.length > 14) return undefined;
      const lines = [...f.text.toLowerCase()].map((ch) => ACROSTIC_LINES[ch] ?? '');
      return say(`Some advice (read the first letters):\n${lines.join('\n')}`, [lines.join('\n')]);
    },
  },
  {
    name: 'sql-lowercase',
    about: 'the query in lower case with different spacing',
    make: (f) => {
      if (f.kind !== 'pattern') return undefined;
      const text = f.text.toLowerCase().replace(/,\s*/g, ',').replace(/\s+(from|where|group by|order by|having|limit|inner join|on)\s+/g, '  $1  ');
      return say(`Try this: ${text}`, [text]);
    },
  },
  {
    name: 'sql-in-words',
    about: 'the query described in words ("select the name column from the employees table")',
    make: (f) => (f.kind === 'pattern' ? say(`In plain words: ${describeQuery(f.text)}.`) : undefined),
  },
  {
    name: 'sql-split',
    about: 'the query split clause by clause over several sentences',
    make: (f) => {
      if (f.kind !== 'pattern') return undefined;
      const clauses = clausesOf(f.text);
      if (clauses.length < 2) return undefined;
      const sentences = clauses.map((c, i) => (i === 0 ? `Start with ${c.text}.` : i === clauses.length - 1 ? `Finish with ${c.text}.` : `Then add ${c.text}.`));
      return say(sentences.join(' '), sentences);
    },
  },
  {
    name: 'sql-key-clause',
    about: 'only the clause that decides the query',
    make: (f) => (f.kind === 'pattern' ? say(`The part you need is ${keyClause(f.text)}.`) : undefined),
  },
  {
    name: 'rubric-reference',
    about: 'the model answer of a free-text item',
    make: (f) => (f.kind === 'rubric' ? say(`Here is a model answer:\n${f.text}`, [f.text]) : undefined),
  },
  {
    name: 'rubric-key-points',
    about: 'every key point of the rubric',
    make: (f, item) => {
      if (item.answer.type !== 'rubric') return undefined;
      const points = item.answer.points.map((p) => p.text);
      return say(`A full answer says:\n${points.map((p) => `- ${p}`).join('\n')}`, points);
    },
  },
];

export const SAY_FORM_NAMES: string[] = LEAK_FORMS.map((f) => f.name);
export const ALL_FORM_NAMES: string[] = [...SAY_FORM_NAMES, ...TOOL_FORMS];

/** The forms that make sense for this item, with the payload each would carry. */
export function leakFormsFor(item: Item): Array<{ name: string; payload: LeakPayload }> {
  const facts = answerFacts(item);
  return LEAK_FORMS.flatMap((form) => {
    const payload = form.make(facts, item);
    return payload ? [{ name: form.name, payload: widened(payload) }] : [];
  });
}

/**
 * A very short fragment ("My84", "³/⁸", which reads as 3/8 once normalised) could turn up in unrelated text,
 * such as another question's prompt; the line around it cannot, so short fragments grow to their line.
 */
function widened(payload: LeakPayload): LeakPayload {
  const lines = payload.text.split('\n').map((l) => l.trim());
  const fragments = payload.fragments.map((f) => (f.replace(/\s+/g, '').length >= 12 ? f : lines.find((l) => l.includes(f)) ?? f));
  return { ...payload, fragments };
}

/** Which forms can be applied to this item at all: a reply form, or a tool form the tutor will ask for. */
export function formNamesFor(item: Item): string[] {
  const tools = item.answer.type === 'rubric' ? ['grading-evidence'] : ['diagnosis-label', 'diagnosis-question'];
  return [...leakFormsFor(item).map((f) => f.name), ...tools];
}
