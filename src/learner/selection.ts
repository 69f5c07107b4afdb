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
  /** Items answered right lately: posed again only when nothing else is left. */
  solved?: readonly string[];
  /** Items whose worked solution was shown: posed before solved ones, after fresh ones. */
  shown?: readonly string[];
  /** The item's difficulty as refined by learners' answers (the authored level when not given). */
  difficulty?: (item: Item) => number;
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
  // Never the item just closed, if there is any other; items answered right or solved in front of the learner
  // only when nothing else is left.
  const last = input.recent.at(-1);
  const solved = new Set(input.solved ?? []);
  const shown = new Set(input.shown ?? []);
  const others = concept.items.filter((i) => i.id !== last);
  const fresh = others.filter((i) => !solved.has(i.id) && !shown.has(i.id));
  const unsolved = others.filter((i) => !solved.has(i.id));
  let candidates = fresh.length > 0 ? fresh : unsolved.length > 0 ? unsolved : others.length > 0 ? others : concept.items;
  // The bound matters more than freshness: after a struggle an easier item beats a harder new one; with
  // nothing easier, the easiest there are (all of that level, so that one item is not posed again and again).
  const bound = (keep: (i: Item) => boolean, fallback: (i: Item) => boolean, extreme: (i: Item) => number) => {
    const strict = candidates.filter(keep);
    const loose = candidates.filter(fallback);
    const best = Math.min(...candidates.map(extreme));
    candidates = strict.length > 0 ? strict : loose.length > 0 ? loose : candidates.filter((i) => extreme(i) === best);
  };
  const { below, above } = input;
  if (below !== undefined) bound((i) => i.difficulty < below, (i) => i.difficulty <= below, (i) => i.difficulty);
  if (above !== undefined) bound((i) => i.difficulty > above, (i) => i.difficulty >= above, (i) => -i.difficulty);
  // Fit first, freshness second: the best-fitting level is found over every candidate, then a fresh item
  // within one level of it is taken (a learner who is stuck is not pushed to harder items just because the
  // easy ones were all seen), else the one of those seen longest ago.
  const fitLevel = [...candidates].sort((a, b) => Math.abs(input.predict(a) - target) - Math.abs(input.predict(b) - target))[0]?.difficulty;
  const near = fitLevel === undefined ? candidates : candidates.filter((i) => Math.abs(i.difficulty - fitLevel) <= 1);
  const recent = new Set(input.recent);
  let pool = near.filter((i) => !recent.has(i.id));
  if (pool.length === 0) {
    const order = [...input.recent];
    pool = [...near].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)).slice(0, 1);
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
  const refined = input.difficulty?.(best.item) ?? best.item.difficulty;
  const level = Math.abs(refined - best.item.difficulty) >= 0.25
    ? `level-${best.item.difficulty} item (${refined.toFixed(1)} from learners' answers so far)`
    : `level-${best.item.difficulty} item`;
  const close = bestGap <= 0.15;
  best.why =
    `mastery of ${concept.title} is ${pct(state.pKnown)}; this ${level}'s predicted success is ${pct(best.predicted)}, ` +
    (close ? `the nearest to the ${pct(target)} target` : `the nearest to the ${pct(target)} target among the ${pool.length} item${pool.length === 1 ? '' : 's'} I could pose (none is close to it)`);
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
