// A simulated learner's hidden state during a run, and how it answers and learns: the knowledge-tracing
// generative model (Corbett & Anderson 1995). An answer comes from what the learner knows now (slip if known,
// guess if not); then the practice opportunity may teach the concept (P(T)), and so may an explanation, with
// the learner's responsiveness to its style.
import type { Item } from '../curriculum/pack.ts';
import type { Style } from '../curriculum/schema.ts';
import { expectedMs } from '../learner/ability.ts';
import { rightAnswer, wrongAnswer } from './answers.ts';
import { CLASSROOM, type ClassroomParams } from './params.ts';
import type { SimulatedLearner } from './population.ts';
import { normal, seeded, type Random } from '../random.ts';

export interface Mind {
  learner: SimulatedLearner;
  known: Set<string>;
  random: Random;
  params: ClassroomParams;
}

export interface Response {
  text: string;
  /** Whether the learner meant the answer to be right (the tutor grades it itself). */
  correct: boolean;
  /** Whether the learner knew the concept when answering. */
  knew: boolean;
  /** How long the answer took. */
  ms: number;
}

export function startMind(learner: SimulatedLearner, params: ClassroomParams = CLASSROOM): Mind {
  return { learner, known: new Set(learner.knownAtStart), random: seeded(learner.seed), params };
}

export function knows(mind: Mind, conceptId: string): boolean {
  return mind.known.has(conceptId);
}

/** The chance of a lucky right answer: 1 / options on a choice item, the learner's own guess rate elsewhere. */
export function guessChance(mind: Mind, item: Item): number {
  return item.answer.type === 'choice' ? 1 / item.answer.options.length : mind.learner.guess;
}

export function respond(mind: Mind, item: Item): Response {
  const knew = knows(mind, item.conceptId);
  const pRight = knew ? 1 - mind.learner.slip : guessChance(mind, item);
  const correct = mind.random() < pRight;
  const text = correct ? rightAnswer(item) : wrongAnswer(item, mind.random, mind.params.misconceptionShare);
  // Answer times scatter around the item's expected time, inside the range the tutor reads as normal pace.
  const factor = Math.min(2.5, Math.max(0.6, Math.exp(mind.params.timeSpread * normal(mind.random))));
  return { text, correct, knew, ms: Math.round(expectedMs(item) * factor) };
}

/** A graded answer is a practice opportunity: the concept may be learned at it. */
export function practise(mind: Mind, conceptId: string): void {
  if (!mind.known.has(conceptId) && mind.random() < mind.learner.learnRate) mind.known.add(conceptId);
}

/** An explanation in a style: learned with the learner's responsiveness to that style. */
export function study(mind: Mind, conceptId: string, style: Style): void {
  if (!mind.known.has(conceptId) && mind.random() < mind.learner.styles[style]) mind.known.add(conceptId);
}
