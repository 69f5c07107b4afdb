// A simulated learner with hidden skill, for benchmarks: answers right more often on easier items,
// sometimes asks for a hint, sometimes makes a known mistake.
import { exampleAnswer, optionLetter } from '../src/curriculum/answers.ts';
import type { Curriculum, Item } from '../src/curriculum/pack.ts';

export { seeded as rng } from '../src/random.ts';

export function rightAnswer(item: Item): string {
  return exampleAnswer(item.answer);
}

export function wrongAnswer(item: Item, random: () => number): string {
  const known = item.misconceptions.flatMap((m) => m.answers ?? []);
  if (known.length > 0 && random() < 0.6) return String(known[Math.floor(random() * known.length)]);
  if (item.answer.type === 'choice') {
    const wrong = item.answer.options.map((o, i) => ({ o, i })).filter(({ o }) => o !== (item.answer as { correct: string }).correct);
    return optionLetter(wrong[Math.floor(random() * wrong.length)]?.i ?? 0);
  }
  return String(Math.floor(random() * 90) + 7);
}

export interface SimLearner {
  skill: number;
  random: () => number;
}

/** What the learner says next, given the open item (or a command when nothing is open). */
export function nextMessage(learner: SimLearner, item: Item | undefined): string {
  if (!item) return 'skip';
  const r = learner.random();
  if (r < 0.05) return 'hint';
  if (r < 0.07) return 'progress';
  const pCorrect = 1 / (1 + Math.exp(-(learner.skill - item.difficulty) * 1.2 - 0.8));
  return learner.random() < pCorrect ? rightAnswer(item) : wrongAnswer(item, learner.random);
}

/** The item of that id in any pack of the curriculum (a simulated learner's open question), if there is one. */
export function itemIn(curriculum: Curriculum, id: string | undefined): Item | undefined {
  for (const pack of curriculum.packs.values()) {
    const item = id ? pack.items.get(id) : undefined;
    if (item) return item;
  }
  return undefined;
}
