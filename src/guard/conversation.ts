// Turns an MRBench dialogue into what the answer guard sees at runtime: the item's answer, its prompt, and the
// conversation the learner has already had. MathDial dialogues open with the tutor quoting the problem
// ("... The question is: <problem>") and their reference solution ends with the final answer on its own line.
// Bridge dialogues are fragments of a lesson with no reference solution: the only answer that can be had
// without reading the labels is the value of the tutor's last question, when that question is written as
// arithmetic in symbols.
import { evaluateNumber } from '../curriculum/math.ts';
import { findNumbers, readNumber } from '../curriculum/numbers.ts';

export type Speaker = 'tutor' | 'learner';

export interface Turn {
  speaker: Speaker;
  text: string;
}

// A speaker label at the start of a line; the data separates turns with "\n" plus non-breaking spaces.
const TURN_START = /(?:^|\n)[\s\u00a0]*(Tutor|Student|Teacher|Learner)\s*:/gi;

export function splitTurns(history: string): Turn[] {
  const marks = [...history.matchAll(TURN_START)];
  return marks.map((m, i) => {
    const start = m.index + m[0].length;
    const end = marks[i + 1]?.index ?? history.length;
    const speaker: Speaker = /^(?:tutor|teacher)$/i.test(m[1] ?? '') ? 'tutor' : 'learner';
    return { speaker, text: cleanText(history.slice(start, end)) };
  });
}

function cleanText(text: string): string {
  return text.replace(/\u00a0/g, ' ').replace(/[ \t]+\n/g, '\n').trim();
}

/** The problem the tutor set: what follows "The question is:" in the first tutor turn, if it says so. */
export function problemStatement(turns: readonly Turn[]): string | undefined {
  const opening = turns.find((t) => t.speaker === 'tutor');
  const m = opening ? /the question is\s*:?\s*([\s\S]+)$/i.exec(opening.text) : null;
  return m?.[1]?.trim();
}

/** The final answer of a reference solution: its last line, when that line is one number (units allowed). */
export function finalAnswer(solution: string | undefined): number | undefined {
  const last = solution?.trim().split('\n').pop()?.trim();
  if (!last) return undefined;
  const reading = readNumber(last.replace(/^[$£€]\s*/, ''));
  if (!reading || /\d/.test(reading.rest)) return undefined;
  return reading.value;
}

/** Numbers the learner gave as answers: MathDial learners end a worked solution with the answer alone on a line. */
export function learnerAnswers(turns: readonly Turn[]): string[] {
  return turns
    .filter((t) => t.speaker === 'learner')
    .flatMap((t) => t.text.split('\n'))
    .map((line) => line.trim())
    .filter((line) => {
      const reading = line ? readNumber(line.replace(/^[$£€]\s*/, '')) : undefined;
      return reading !== undefined && reading.rest.length <= 12 && !/\d/.test(reading.rest);
    });
}

/** The question a lesson fragment leaves open, when it can be answered by arithmetic alone. */
export interface OpenQuestion {
  /** Index in the turns of the tutor turn that asks it. */
  turn: number;
  /** The expression as written, e.g. "71 - 36". */
  expression: string;
  value: number;
}

// A number with optional thousands commas and decimals, allowed a sign and brackets around it.
const TERM = String.raw`\(*\s*-?\d[\d,]*(?:\.\d+)?\s*\)*`;
// Two or more terms joined by operators, then "?" or "= ?": the tutor asks for the value, not states it.
// Not next to a letter or digit, so "5km / 2 * 0.4m" (units) is not read as "2 * 0.4".
const ASKED_EXPRESSION = new RegExp(String.raw`(?<![\w.,])(${TERM}(?:\s*[-+*/×÷^]\s*${TERM})+)\s*(?:=\s*)?\?`, 'g');

/**
 * The tutor's last question, when it asks for the value of an arithmetic expression written in symbols ("Can you
 * work out 71 - 36?", "9*40=?"). Undefined when the last question is in words ("nine multiplied by six"),
 * about something else, or does not evaluate: turning words into arithmetic would be a rule written from the data.
 */
export function openQuestion(turns: readonly Turn[]): OpenQuestion | undefined {
  const turn = turns.findLastIndex((t) => t.speaker === 'tutor' && t.text.includes('?'));
  const text = turns[turn]?.text;
  if (text === undefined) return undefined;
  const match = [...text.matchAll(ASKED_EXPRESSION)].pop();
  const asked = match?.[1]?.trim();
  if (!match || !asked) return undefined;
  // Another number in the same sentence means the expression is only part of what is asked: in "5 lots of 2 + 3?"
  // the symbols cover "3 + 1" alone.
  const sentence = text.slice(0, match.index).split(/[.!?;:](?:\s|$)/).pop() ?? '';
  if (findNumbers(sentence).length > 0) return undefined;
  const value = evaluateNumber(asked.replace(/×/g, '*').replace(/÷/g, '/').replace(/(\d),(?=\d{3}(?!\d))/g, '$1'));
  return value === undefined ? undefined : { turn, expression: asked, value };
}

/** The learner's messages after a given turn, as written: in a lesson fragment, their replies to the question asked there. */
export function learnerRepliesAfter(turns: readonly Turn[], turn: number): string[] {
  return turns.slice(turn + 1).filter((t) => t.speaker === 'learner').map((t) => t.text);
}
