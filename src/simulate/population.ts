// A seeded classroom of simulated learners for one pack: each with hidden knowledge of the pack's concepts,
// their own slip, guess and learning rate, and styles of explanation that work better for them than others.
import type { Pack } from '../curriculum/pack.ts';
import { STYLES, type Style } from '../curriculum/schema.ts';
import { CLASSROOM, type ClassroomParams } from './params.ts';
import { between, deriveSeed, seeded, type Random } from '../random.ts';

export interface SimulatedLearner {
  id: string;
  /** Seeds this learner's answers, so both policies meet the same person. */
  seed: number;
  slip: number;
  guess: number;
  learnRate: number;
  /** Chance of learning a concept from one explanation in each style. */
  styles: Record<Style, number>;
  /** How far into the teaching order they knew things before starting (0 = nothing, 1 = all). */
  frontier: number;
  /** The concepts they truly knew before starting, hidden from the tutor. */
  knownAtStart: string[];
}

/**
 * Concepts known before any teaching: those before the frontier, bar the odd gap, and the odd one after it.
 * A concept counts as known only when its prerequisites are (knowledge states are closed under
 * prerequisites, as in knowledge space theory), so a gap early on takes what builds on it with it.
 */
export function knownAtStart(pack: Pack, frontier: number, random: Random, outOfStep: number): string[] {
  const known = new Set<string>();
  const reach = frontier * pack.order.length;
  pack.order.forEach((id, index) => {
    const draw = random();
    const inStep = index < reach ? draw >= outOfStep : draw < outOfStep;
    const prerequisites = pack.concepts.get(id)?.prerequisites ?? [];
    if (inStep && prerequisites.every((p) => known.has(p))) known.add(id);
  });
  return pack.order.filter((id) => known.has(id));
}

export function createLearner(pack: Pack, seed: number, index: number, params: ClassroomParams = CLASSROOM): SimulatedLearner {
  const own = deriveSeed(seed, pack.id, index);
  const random = seeded(own);
  const slip = between(random, params.slip);
  const guess = between(random, params.guess);
  const learnRate = between(random, params.learnRate);
  const styles = Object.fromEntries(STYLES.map((s) => [s, between(random, params.styleResponsiveness)])) as Record<Style, number>;
  const frontier = random();
  return {
    id: `learner-${index + 1}`,
    seed: deriveSeed(own, 'answers'),
    slip,
    guess,
    learnRate,
    styles,
    frontier,
    knownAtStart: knownAtStart(pack, frontier, random, params.outOfStep),
  };
}

export function createClassroom(pack: Pack, count: number, seed: number, params: ClassroomParams = CLASSROOM): SimulatedLearner[] {
  return Array.from({ length: count }, (_, i) => createLearner(pack, seed, i, params));
}
