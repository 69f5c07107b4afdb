// What to practise next: mastery before progress, items near the target success rate, no recent repeats,
// and due reviews mixed in.
import type { Concept, Item, Pack } from '../curriculum/pack.ts';
import { DEFAULT_BKT, type MasteryRule } from './mastery.ts';
import { startingMastery } from './performance.ts';
import { isDue } from './review.ts';
import { conceptKey, type ConceptState } from './types.ts';

export const TARGET_SUCCESS = 0.75;

export type ConceptStates = Record<string, ConceptState>;

export function conceptState(states: ConceptStates, packId: string, conceptId: string, pInit = DEFAULT_BKT.pInit): ConceptState {
  return (
    states[conceptKey(packId, conceptId)] ?? {
      packId,
      conceptId,
      pKnown: pInit,
      evidence: 0,
      correct: 0,
      wrong: 0,
      hints: 0,
    }
  );
}

export function masteryRule(pack: Pack): MasteryRule {
  return pack.spec.mastery;
}

/** Declared mastered: the tutor records the moment (by the pack's rule, the placement check or a worksheet). */
export function isConceptMastered(pack: Pack, states: ConceptStates, conceptId: string): boolean {
  const state = conceptState(states, pack.id, conceptId);
  return state.masteredAt !== undefined;
}

export function isUnlocked(pack: Pack, states: ConceptStates, concept: Concept): boolean {
  return concept.prerequisites.every((p) => isConceptMastered(pack, states, p));
}

/** The first concept in teaching order that is unlocked and not yet mastered. */
export function focusConcept(pack: Pack, states: ConceptStates): Concept | undefined {
  for (const id of pack.order) {
    const concept = pack.concepts.get(id);
    if (concept && !isConceptMastered(pack, states, id) && isUnlocked(pack, states, concept)) return concept;
  }
  return undefined;
}

export function dueReviews(pack: Pack, states: ConceptStates, now: number): Concept[] {
  return pack.order
    .map((id) => pack.concepts.get(id))
    .filter((c): c is Concept => c !== undefined && isDue(conceptState(states, pack.id, c.id).review, now))
    .sort((a, b) => (conceptState(states, pack.id, a.id).review?.due ?? 0) - (conceptState(states, pack.id, b.id).review?.due ?? 0));
}

export interface ItemChoice {
  item: Item;
  predicted: number;
  why: string;
}

export interface ChooseItemInput {
  pack: Pack;
  concept: Concept;
  states: ConceptStates;
  /** The learner model's predicted success of an unaided first answer (learner/performance.ts). */
  predict: (item: Item) => number;
  recent: readonly string[];
  target?: number;
  /** Only items strictly easier (or harder) than this difficulty, when there are any. */
  below?: number;
  above?: number;
}

const pct = (p: number) => `${Math.round(p * 100)}%`;

export function chooseItem(input: ChooseItemInput): ItemChoice | undefined {
  const { pack, concept, states } = input;
  const target = input.target ?? TARGET_SUCCESS;
  const state = conceptState(states, pack.id, concept.id, startingMastery(pack, concept.id));
  // Never the item just closed, if there is any other. The bound matters more than freshness: after a
  // struggle an easier item seen lately beats a harder new one; with nothing easier, the easiest there is.
  const last = input.recent.at(-1);
  const others = concept.items.filter((i) => i.id !== last);
  let candidates = others.length > 0 ? others : concept.items;
  const bound = (keep: (i: Item) => boolean, fallback: (i: Item) => boolean, extreme: (a: Item, b: Item) => number) => {
    const strict = candidates.filter(keep);
    const loose = candidates.filter(fallback);
    candidates = strict.length > 0 ? strict : loose.length > 0 ? loose : [...candidates].sort(extreme).slice(0, 1);
  };
  const { below, above } = input;
  if (below !== undefined) bound((i) => i.difficulty < below, (i) => i.difficulty <= below, (a, b) => a.difficulty - b.difficulty);
  if (above !== undefined) bound((i) => i.difficulty > above, (i) => i.difficulty >= above, (a, b) => b.difficulty - a.difficulty);
  const recent = new Set(input.recent);
  let pool = candidates.filter((i) => !recent.has(i.id));
  if (pool.length === 0) {
    // Everything was seen lately: take the one seen longest ago.
    const order = [...input.recent];
    pool = [...candidates].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)).slice(0, 1);
  }
  let best: ItemChoice | undefined;
  let bestGap = Infinity;
  for (const item of pool) {
    const predicted = input.predict(item);
    const gap = Math.abs(predicted - target);
    if (gap < bestGap - 1e-9) {
      bestGap = gap;
      best = { item, predicted, why: '' };
    }
  }
  if (!best) return undefined;
  best.why =
    `mastery of ${concept.title} is ${pct(state.pKnown)}; this level-${best.item.difficulty} item's predicted success ` +
    `is ${pct(best.predicted)}, the nearest to the ${pct(target)} target`;
  return best;
}

/**
 * The fixed baseline's item: the one after the concept's most recently posed item, in authored order, cycling.
 * Nothing about the learner is consulted, which is the point of the baseline.
 */
export function nextAuthoredItem(concept: Concept, recent: readonly string[]): ItemChoice | undefined {
  const items = concept.items;
  if (items.length === 0) return undefined;
  let last = -1;
  for (let i = recent.length - 1; i >= 0 && last < 0; i--) last = items.findIndex((item) => item.id === recent[i]);
  const index = (last + 1) % items.length;
  const item = items[index];
  if (!item) return undefined;
  return {
    item,
    predicted: 0,
    why: `fixed baseline: item ${index + 1} of ${items.length} of ${concept.title} in authored order, whatever the answers so far`,
  };
}
