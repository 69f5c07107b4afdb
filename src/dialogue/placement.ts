// A short adaptive placement check when a learner starts a pack: a binary search over the teaching order,
// so that nobody starts far below or above their level. Skippable at any time.
import { predictedSuccess } from '../learner/ability.ts';
import { DEFAULT_BKT } from '../learner/mastery.ts';
import { grade } from '../curriculum/answers.ts';
import type { Pack } from '../curriculum/pack.ts';
import { ABILITY } from '../learner/ability.ts';
import { startReview } from '../learner/review.ts';
import { chooseItem } from '../learner/selection.ts';
import { editConcept, openItem, packState, say, type Draft } from './draft.ts';
import { poseItem, poseNext } from './practice.ts';

export const PLACEMENT_ITEMS = 4;
const PLACEMENT_DIFFICULTY_TARGET = 0.5;

/** A binary search over n concepts needs at most ceil(log2(n + 1)) questions. */
function placementLength(pack: Pack): number {
  return Math.min(PLACEMENT_ITEMS, Math.ceil(Math.log2(pack.order.length + 1)));
}

function posePlacementItem(d: Draft, pack: Pack): boolean {
  const placement = d.state.conversation.placement;
  if (!placement || placement.lo > placement.hi || placement.asked >= PLACEMENT_ITEMS) return false;
  const index = Math.floor((placement.lo + placement.hi) / 2);
  const concept = pack.concepts.get(pack.order[index] ?? '');
  if (!concept) return false;
  // A middling item of the concept: the placement asks "do you know this?", not "are you fast?".
  const choice = chooseItem({
    pack,
    concept,
    states: {},
    // A hypothetical learner at level 3 who has not practised the concept.
    predict: (item) => predictedSuccess(3, DEFAULT_BKT.pInit, item.difficulty),
    recent: d.state.conversation.recent,
    target: PLACEMENT_DIFFICULTY_TARGET,
  });
  if (!choice) return false;
  poseItem(
    d,
    pack,
    concept,
    choice,
    'placement',
    `placement check ${placement.asked + 1} of at most ${placementLength(pack)}: ${concept.title} is in the middle of what is still unknown about you (concepts ${placement.lo + 1}-${placement.hi + 1} of ${pack.order.length})`,
  );
  return true;
}

export function startPlacement(d: Draft, pack: Pack): void {
  d.state.conversation.placement = { packId: pack.id, lo: 0, hi: pack.order.length - 1, asked: 0, highestCorrect: -1 };
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
  const known = skipped || !placement ? -1 : placement.highestCorrect;
  const testedOut: string[] = [];
  for (let i = 0; i <= known; i++) {
    const concept = pack.concepts.get(pack.order[i] ?? '');
    if (!concept) continue;
    const state = editConcept(d, pack.id, concept.id);
    state.pKnown = Math.max(state.pKnown, pack.spec.mastery.threshold);
    state.evidence = Math.max(state.evidence, pack.spec.mastery.minEvidence);
    state.masteredAt ??= d.ctx.now;
    // Placed-out concepts come back for review soon, which catches a lucky placement.
    state.review ??= startReview(d.ctx.now);
    testedOut.push(concept.title);
  }
  if (!skipped && placement) {
    const reached = (known + 1) / Math.max(1, pack.order.length);
    ps.ability = Math.max(ABILITY.start - 0.5, ABILITY.start - 0.5 + reached * 2.5);
  }
  const start = pack.order.map((id) => pack.concepts.get(id)).find((c) => c && !testedOut.includes(c.title));
  say(
    d,
    { kind: 'placement-done', packTitle: pack.spec.title, startTitle: start?.title ?? pack.spec.title, skipped, testedOut },
    skipped
      ? 'you skipped the placement check, so we start at the beginning'
      : `the check showed you know ${testedOut.length} of ${pack.order.length} concepts; practice starts at the first one you have not shown yet`,
  );
  poseNext(d, { change: 'new-concept' });
}

/** In the check, an unreadable answer or "I don't know" counts as not known: the check moves on. */
export function answerPlacement(d: Draft, text: string): void {
  const found = openItem(d);
  const placement = d.state.conversation.placement;
  if (!found || !placement) return;
  const { pack, item } = found;
  const result = text ? grade(item.answer, text) : { verdict: 'incorrect' as const };
  const correct = result.verdict === 'correct' || result.verdict === 'partial';
  const index = pack.order.indexOf(item.conceptId);
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
  if (correct) {
    placement.highestCorrect = Math.max(placement.highestCorrect, index);
    placement.lo = index + 1;
  } else {
    placement.hi = index - 1;
  }
  d.state.conversation.open = undefined;
  say(d, { kind: 'noted', item, correct }, correct ? 'a right answer in the placement check: looking further on' : 'a wrong answer in the placement check: looking at earlier concepts');
  if (!posePlacementItem(d, pack)) finishPlacement(d, pack, false);
}
