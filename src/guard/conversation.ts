// Turns an MRBench dialogue into what the answer guard sees at runtime: the item's answer, its prompt, and the
// conversation the learner has already had. MathDial dialogues open with the tutor quoting the problem
// ("... The question is: <problem>") and their reference solution ends with the final answer on its own line.
import { readNumber } from '../curriculum/numbers.ts';

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
