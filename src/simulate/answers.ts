// What a simulated learner types: the item's answer when they get it right, else a wrong answer a real
// learner would give (a known misconception where the item has one, a wrong option, a near miss), always one
// that the tutor's own checker reads as wrong, so the simulation tests teaching, not parsing.
import { exampleAnswer, grade, numericForm, numericValue, optionLetter } from '../curriculum/answers.ts';
import { formatFraction } from '../curriculum/numbers.ts';
import type { Item } from '../curriculum/pack.ts';
import { parseCommand } from '../dialogue/intents.ts';
import { matchMisconception } from '../dialogue/practice.ts';
import { isLearnerQuestion } from '../dialogue/questions.ts';
import { pickOne, type Random } from '../random.ts';

export function rightAnswer(item: Item): string {
  return exampleAnswer(item.answer);
}

/** Read by the tutor as a wrong answer to this item (a known mistake the checker cannot parse counts too). */
export function isWrongAnswer(item: Item, text: string): boolean {
  if (parseCommand(text) || isLearnerQuestion(text)) return false;
  const verdict = grade(item.answer, text).verdict;
  return verdict === 'incorrect' || (verdict === 'unreadable' && matchMisconception(item, text, []) !== undefined);
}

/** Wrong answers of the item's own kind that show no particular misconception. */
function nearMisses(item: Item): string[] {
  const spec = item.answer;
  switch (spec.type) {
    case 'choice':
      return spec.options.flatMap((o, i) => (o === spec.correct ? [] : [optionLetter(i)]));
    case 'numeric': {
      const value = numericValue(spec.value);
      const show = (v: number) => `${numericForm(spec, item.prompt) === 'any' ? String(Number(v.toFixed(6))) : formatFraction(v)}${spec.unit ? ` ${spec.unit}` : ''}`;
      return [value + 1, value * 2, value - 1, value / 2].filter((v) => v > 0 && v !== value).map(show);
    }
    case 'expression':
      return [`${spec.answer} + 1`, `2 * (${spec.answer})`];
    default:
      return ['it stays the same as before', 'SELECT everything from the first table', 'the other way round'];
  }
}

export function misconceptionAnswers(item: Item): string[] {
  return item.misconceptions.flatMap((m) => (m.answers ?? []).map(String)).filter((a) => isWrongAnswer(item, a));
}

/**
 * A wrong answer. On a choice item a learner who does not know picks among the wrong options; elsewhere a
 * share of wrong answers shows a known misconception (errors are mostly systematic, not random).
 */
export function wrongAnswer(item: Item, random: Random, misconceptionShare: number): string {
  const misses = nearMisses(item).filter((a) => isWrongAnswer(item, a));
  if (item.answer.type === 'choice') {
    const option = pickOne(random, misses);
    if (option !== undefined) return option;
  }
  const known = misconceptionAnswers(item);
  const draw = random();
  const pool = known.length > 0 && (draw < misconceptionShare || misses.length === 0) ? known : misses;
  const answer = pickOne(random, pool);
  if (answer === undefined) throw new Error(`No wrong answer can be made for item ${item.id}: give it a misconception with answers.`);
  return answer;
}
