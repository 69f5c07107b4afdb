// A short adaptive placement check when a learner starts a pack, so that nobody starts far below or above
// their level. Skippable at any time.
//
// It reads the pack's prerequisite graph as knowledge space theory does: someone who knows a concept knows
// what it builds on, and someone who does not know it does not know what builds on it. Each probe is the
// concept that best halves what is still undetermined (on a chain, a binary search). One right answer can be
// a lucky guess, and a placement answer can mark several concepts mastered at once, so a concept counts as
// shown only after two right answers, on items that cannot be guessed where the concept has them.
import { grade } from '../curriculum/answers.ts';
import type { Concept, Pack } from '../curriculum/pack.ts';
import { ABILITY } from '../learner/ability.ts';
import { EMPTY_HISTORY } from '../learner/history.ts';
import { DEFAULT_BKT } from '../learner/mastery.ts';
import { DEFAULT_PERFORMANCE, predictSuccess } from '../learner/performance.ts';
import { startReview } from '../learner/review.ts';
import { chooseItem } from '../learner/selection.ts';
import { editConcept, openItem, packState, say, type Draft } from './draft.ts';
import { poseItem, poseNext } from './practice.ts';
import type { PlacementState } from './state.ts';

/** At most this many concepts are probed (fewer on a small pack: a binary search needs log2(n + 1)). */
export const PLACEMENT_PROBES = 4;
/**
 * Right answers that show a concept known. From an even prior and Ponder's slip (0.1) and guess (0.15),
 * one right answer leaves 86% confidence and two give 97%, above the usual mastery threshold of 95%.
 */
export const PLACEMENT_CONFIRM = 2;
const PLACEMENT_DIFFICULTY_TARGET = 0.5;

function probeBudget(pack: Pack): number {
  return Math.min(PLACEMENT_PROBES, Math.ceil(Math.log2(pack.order.length + 1)));
}

/** The most questions the check asks: every probe answered right twice. */
export function placementLength(pack: Pack): number {
  return probeBudget(pack) * PLACEMENT_CONFIRM;
}

/** The concept with everything it builds on (`up`), or with everything that builds on it (`down`). */
export function prerequisiteClosure(pack: Pack, conceptId: string, direction: 'up' | 'down'): Set<string> {
  const found = new Set<string>([conceptId]);
  const queue = [conceptId];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    const next =
      direction === 'up'
        ? (pack.concepts.get(id)?.prerequisites ?? [])
        : pack.order.filter((other) => pack.concepts.get(other)?.prerequisites.includes(id));
    for (const n of next) {
      if (!found.has(n)) {
        found.add(n);
        queue.push(n);
      }
    }
  }
  return found;
}

/** The undetermined concept whose answer settles the most either way (the earliest such, on a tie). */
export function nextProbe(pack: Pack, known: readonly string[], unknown: readonly string[]): Concept | undefined {
  const settled = new Set([...known, ...unknown]);
  const open = pack.order.filter((id) => !settled.has(id));
  let best: string | undefined;
  let bestScore = 0;
  for (const id of open) {
    const count = (set: Set<string>) => open.filter((o) => set.has(o)).length;
    const score = Math.min(count(prerequisiteClosure(pack, id, 'up')), count(prerequisiteClosure(pack, id, 'down')));
    if (score > bestScore) {
      best = id;
      bestScore = score;
    }
  }
  return best ? pack.concepts.get(best) : undefined;
}

const knownOf = (p: PlacementState) => p.known ?? [];
const unknownOf = (p: PlacementState) => p.unknown ?? [];

function posePlacementItem(d: Draft, pack: Pack): boolean {
  const placement = d.state.conversation.placement;
  if (!placement || placement.asked >= placementLength(pack)) return false;
  let concept: Concept | undefined;
  let why: string;
  if (placement.probe) {
    concept = pack.concepts.get(placement.probe.conceptId);
    why = `placement check: another question on ${concept?.title ?? 'this concept'}, because one right answer could be a lucky guess`;
  } else {
    const probes = placement.probes ?? 0;
    if (probes >= probeBudget(pack)) return false;
    concept = nextProbe(pack, knownOf(placement), unknownOf(placement));
    if (!concept) return false;
    const up = prerequisiteClosure(pack, concept.id, 'up').size - 1;
    const down = prerequisiteClosure(pack, concept.id, 'down').size - 1;
    placement.probe = { conceptId: concept.id, right: 0 };
    placement.probes = probes + 1;
    why =
      `placement check ${probes + 1} of at most ${probeBudget(pack)}: ${concept.title} settles the most of what is still unknown about you ` +
      `(knowing it shows the ${up} concept${up === 1 ? '' : 's'} it builds on; not knowing it rules out the ${down} that build on it)`;
  }
  if (!concept) return false;
  // The first question of a probe cannot be guessed where the concept has such items; the second may be any
  // of the concept's items, so that a mistake the course only tests with options is tested too. A middling
  // one: the check asks "do you know this?", not "are you fast?".
  const unguessable = concept.items.filter((i) => i.answer.type !== 'choice');
  const first = !placement.probe || placement.probe.right === 0;
  const choice = chooseItem({
    pack,
    concept: first && unguessable.length > 0 ? { ...concept, items: unguessable } : concept,
    states: {},
    // A hypothetical learner at level 3 who has not practised the concept.
    predict: (item) => predictSuccess(DEFAULT_PERFORMANCE, concept.id, item.difficulty, { ability: 3, pKnown: DEFAULT_BKT.pInit, concept: EMPTY_HISTORY, total: EMPTY_HISTORY }),
    recent: d.state.conversation.recent,
    target: PLACEMENT_DIFFICULTY_TARGET,
  });
  if (!choice) return false;
  poseItem(d, pack, concept, choice, 'placement', why);
  return true;
}

export function startPlacement(d: Draft, pack: Pack): void {
  d.state.conversation.placement = { packId: pack.id, asked: 0, probes: 0, known: [], unknown: [] };
  say(d, { kind: 'placement-intro', packTitle: pack.spec.title, count: placementLength(pack) }, 'a new pack starts with a short check so the first items fit your level');
  if (!posePlacementItem(d, pack)) finishPlacement(d, pack, false);
}

export function finishPlacement(d: Draft, pack: Pack, skipped: boolean): void {
  const conv = d.state.conversation;
  const placement = conv.placement;
  conv.placement = undefined;
  conv.open = undefined;
  const ps = packState(d, pack.id);
  ps.placed = true;
  const tested = new Set(skipped || !placement ? [] : (placement.confirmed ?? []));
  const inferred = new Set(skipped || !placement ? [] : knownOf(placement).filter((id) => !tested.has(id)));
  const testedOut: string[] = [];
  const toConfirm: string[] = [];
  const rule = pack.spec.mastery;
  for (const id of pack.order) {
    const concept = pack.concepts.get(id);
    if (!concept || (!tested.has(id) && !inferred.has(id))) continue;
    const state = editConcept(d, pack.id, concept.id);
    if (tested.has(id)) {
      // Shown by two right answers in the check: mastered, with a review soon to catch a lucky placement.
      state.pKnown = Math.max(state.pKnown, rule.threshold);
      state.evidence = Math.max(state.evidence, rule.minEvidence);
      state.streak = Math.max(state.streak ?? 0, rule.minEvidence);
      state.freeCorrect = Math.max(state.freeCorrect ?? 0, 1);
      state.masteredAt ??= d.ctx.now;
      state.review ??= startReview(d.ctx.now);
      testedOut.push(concept.title);
    } else {
      // Only inferred (a concept built on it was shown): likely known, but not declared before one right
      // answer of the learner's own on it.
      state.pKnown = Math.max(state.pKnown, rule.threshold - 0.1);
      state.evidence = Math.max(state.evidence, rule.minEvidence - 1);
      state.streak = Math.max(state.streak ?? 0, rule.minEvidence - 1);
      toConfirm.push(concept.title);
    }
  }
  if (!skipped && placement) {
    // Bounded: the check moves the working level by at most one level, whatever it found; answers do the rest.
    const reached = (tested.size + inferred.size) / Math.max(1, pack.order.length);
    ps.ability = Math.min(ABILITY.start + 1, ABILITY.start - 0.5 + reached * 2);
  }
  const start = pack.order.map((id) => pack.concepts.get(id)).find((c) => c && !tested.has(c.id));
  say(
    d,
    { kind: 'placement-done', packTitle: pack.spec.title, startTitle: start?.title ?? pack.spec.title, skipped, testedOut, toConfirm },
    skipped
      ? 'you skipped the placement check, so we start at the beginning'
      : `the check showed you know ${testedOut.length} of ${pack.order.length} concepts (two right answers each)` +
          (toConfirm.length > 0 ? ` and that you likely know ${toConfirm.length} more they build on, each confirmed by one right answer in practice` : '') +
          '; practice starts at the first one not shown yet',
  );
  poseNext(d, { change: 'new-concept' });
}

/** In the check, an unreadable answer or "I don't know" counts as not known: the check moves on. */
export function answerPlacement(d: Draft, text: string): void {
  const found = openItem(d);
  const placement = d.state.conversation.placement;
  if (!found || !placement) return;
  const { pack, item } = found;
  const result = text ? grade(item.answer, text, item.prompt) : { verdict: 'incorrect' as const };
  // Only a right answer shows the concept: an unsimplified fraction or half an explanation does not.
  const correct = result.verdict === 'correct';
  d.attempts.push({
    packId: pack.id,
    itemId: item.id,
    conceptId: item.conceptId,
    at: d.ctx.now,
    answer: text.slice(0, 500),
    verdict: result.verdict,
    hintsUsed: 0,
    responseMs: Math.max(0, d.ctx.now - found.open.promptedAt),
    counted: false,
  });
  placement.asked += 1;
  d.verdict = { on: 'item', result: 'noted', credited: false };
  const probe = placement.probe?.conceptId === item.conceptId ? placement.probe : { conceptId: item.conceptId, right: 0 };
  let why: string;
  if (correct && probe.right + 1 < PLACEMENT_CONFIRM) {
    placement.probe = { conceptId: item.conceptId, right: probe.right + 1 };
    why = 'a right answer in the placement check: one more on the same concept to be sure';
  } else if (correct) {
    placement.known = [...new Set([...knownOf(placement), ...prerequisiteClosure(pack, item.conceptId, 'up')])];
    placement.confirmed = [...new Set([...(placement.confirmed ?? []), item.conceptId])];
    placement.probe = undefined;
    why = 'right again in the placement check: this concept and what it builds on count as known; looking further on';
  } else {
    placement.unknown = [...new Set([...unknownOf(placement), ...prerequisiteClosure(pack, item.conceptId, 'down')])];
    placement.probe = undefined;
    why = 'a wrong answer in the placement check: this concept and what builds on it are to learn; looking at the rest';
  }
  d.state.conversation.open = undefined;
  say(d, { kind: 'noted', item, correct }, why);
  if (!posePlacementItem(d, pack)) finishPlacement(d, pack, false);
}
