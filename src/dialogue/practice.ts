// Practice: pose an item, read the answer, and respond as a Socratic tutor would: a targeted question for a
// known misconception, a ladder of hints, a different explanation and an easier item after repeated failure.
import { grade, sameAnswer } from '../curriculum/answers.ts';
import type { Concept, Item, Pack } from '../curriculum/pack.ts';
import { STYLES, type Misconception, type Style } from '../curriculum/schema.ts';
import { expectedMs, levelSuccess, paceOf, stepDownAfterStruggle, updateAbility, updateItemDifficulty, type Pace } from '../learner/ability.ts';
import { EMPTY_HISTORY, recordAnswer } from '../learner/history.ts';
import { isMastered, updateMastery } from '../learner/mastery.ts';
import { conceptParams, packModel, predictSuccess, startingMastery, type LearnerEvidence } from '../learner/performance.ts';
import { recordReview, reviewOutcome, startReview } from '../learner/review.ts';
import { chooseItem, conceptState, dueReviews, focusConcept, masteryRule, nextAuthoredItem, type ItemChoice } from '../learner/selection.ts';
import { chooseStyle, rewardStyle, type StyleChoice } from '../learner/style.ts';
import { currentPack, editConcept, isFixed, worksheetLength, itemById, openItem, packState, pct, say, type Draft } from './draft.ts';
import type { OpenItem } from './state.ts';
import { answerPlacement } from './placement.ts';
import { answerQuestion, isLearnerQuestion } from './questions.ts';

const RECENT = 12;
/** Reviews are mixed in after this many new items, when one is due. */
const REVIEW_EVERY = 2;
/** Asking "why does that work?" after this many correct answers in a row without one. */
const WHY_EVERY = 3;
/** Hint requests this close together, with no answer between, look like clicking through. */
const CLICK_THROUGH_MS = 30_000;

export function rapidMs(item: Item): number {
  return Math.max(2500, expectedMs(item) * 0.12);
}

export interface PoseOptions {
  change?: 'easier' | 'harder' | 'new-concept' | 'another';
  conceptId?: string;
  below?: number;
  above?: number;
  review?: boolean;
}

function openFor(d: Draft, pack: Pack, item: Item, mode: OpenItem['mode']): OpenItem {
  const now = d.ctx.now;
  return {
    packId: pack.id,
    itemId: item.id,
    conceptId: item.conceptId,
    mode,
    posedAt: now,
    promptedAt: now,
    attempts: 0,
    wrong: 0,
    hintsUsed: 0,
    hintTimes: [],
    misconceptionsAsked: [],
    counted: false,
  };
}

export function poseItem(d: Draft, pack: Pack, concept: Concept, choice: ItemChoice, mode: OpenItem['mode'], why: string, change?: PoseOptions['change']): void {
  const conv = d.state.conversation;
  conv.open = openFor(d, pack, choice.item, mode);
  conv.recent = [...conv.recent.filter((id) => id !== choice.item.id), choice.item.id].slice(-RECENT);
  conv.posesSinceReview = mode === 'review' ? 0 : conv.posesSinceReview + 1;
  say(d, { kind: 'pose', item: choice.item, concept, mode, ...(change ? { change } : {}) }, why);
}

function choose(d: Draft, pack: Pack, concept: Concept, extra: { target?: number; below?: number; above?: number } = {}): ItemChoice | undefined {
  if (isFixed(d)) return nextAuthoredItem(concept, d.state.conversation.recent);
  const model = packModel(pack);
  const evidence = evidenceFor(d, pack, concept.id);
  return chooseItem({
    pack,
    concept,
    states: d.state.concepts,
    predict: (item) => predictSuccess(model, concept.id, d.ctx.items.difficulty(pack.id, item), evidence),
    recent: d.state.conversation.recent,
    ...extra,
  });
}

export function poseReview(d: Draft, pack: Pack, concept: Concept, due: boolean): boolean {
  const choice = choose(d, pack, concept, { target: 0.85 });
  if (!choice) return false;
  const state = conceptState(d.state.concepts, pack.id, concept.id);
  const when = state.review ? new Date(state.review.due).toISOString().slice(0, 10) : 'now';
  const why = due
    ? `${concept.title} was mastered and its spaced review was due on ${when}; ${choice.why}`
    : `you asked to review; ${concept.title} is a mastered concept you practised least recently`;
  poseItem(d, pack, concept, choice, 'review', why);
  return true;
}

/** Poses the next item: a due review now and then, else the focus concept at the right difficulty. */
export function poseNext(d: Draft, options: PoseOptions = {}): void {
  const pack = currentPack(d);
  if (!pack) return;
  const conv = d.state.conversation;
  const due = dueReviews(pack, d.state.concepts, d.ctx.now);
  const dueFirst = due[0];
  if (dueFirst && (options.review || conv.posesSinceReview >= REVIEW_EVERY) && !options.conceptId) {
    if (poseReview(d, pack, dueFirst, true)) return;
  }
  const focus = options.conceptId ? pack.concepts.get(options.conceptId) : focusConcept(pack, d.state.concepts);
  let concept = focus && !isConceptDone(d, pack, focus) ? focus : focusConcept(pack, d.state.concepts);
  const length = worksheetLength(d);
  while (concept && length !== undefined && conceptState(d.state.concepts, pack.id, concept.id).evidence >= length) {
    // A worksheet moves on after its items, whatever the answers: the course, not the learner, decides.
    editConcept(d, pack.id, concept.id).masteredAt = d.ctx.now;
    const next = focusConcept(pack, d.state.concepts);
    say(d, { kind: 'mastered', concept, ...(next ? { next } : {}) }, `the worksheet course moves on after ${length} items of a concept, whatever the answers`);
    concept = next;
  }
  if (!concept) {
    if (dueFirst && poseReview(d, pack, dueFirst, true)) return;
    say(d, { kind: 'pack-complete', packTitle: pack.spec.title }, `every concept of ${pack.spec.title} is mastered and no review is due`);
    return;
  }
  const choice = choose(d, pack, concept, { below: options.below, above: options.above });
  if (!choice) return;
  // The fixed baseline never changes difficulty, so it never says it did.
  const change = isFixed(d) && (options.change === 'easier' || options.change === 'harder') ? undefined : options.change;
  const step =
    change === 'easier'
      ? `stepping down after a struggle: an easier item than level ${options.below}; `
      : change === 'harder'
        ? `you asked for harder: an item above level ${options.above}; `
        : '';
  poseItem(d, pack, concept, choice, 'practice', step + choice.why, change);
}

function isConceptDone(d: Draft, pack: Pack, concept: Concept): boolean {
  const state = conceptState(d.state.concepts, pack.id, concept.id);
  return state.masteredAt !== undefined;
}

export function matchMisconception(item: Item, answer: string, asked: readonly string[]): Misconception | undefined {
  const matches = item.misconceptions.filter(
    (m) =>
      (m.answers ?? []).some((a) => sameAnswer(item.answer, answer, a)) ||
      (m.pattern !== undefined && new RegExp(m.pattern, 'i').test(answer.trim())),
  );
  return matches.find((m) => !asked.includes(m.id)) ?? matches[0];
}

/** What the learner model knows of this learner on this concept, for predicting success. */
export function evidenceFor(d: Draft, pack: Pack, conceptId: string): LearnerEvidence {
  const state = conceptState(d.state.concepts, pack.id, conceptId, startingMastery(pack, conceptId));
  const ps = packState(d, pack.id);
  return {
    ability: ps.ability,
    pKnown: state.pKnown,
    concept: { correct: state.correct, wrong: state.wrong, streak: state.streak ?? 0, ...(state.recent !== undefined ? { recent: state.recent } : {}) },
    total: ps.history ?? EMPTY_HISTORY,
  };
}

/** Feeds a first attempt to the learner model: mastery, level, item difficulty and review schedule. */
function learnFrom(d: Draft, pack: Pack, item: Item, open: OpenItem, correct: boolean, pace: Pace, responseMs: number): string {
  const evidence = evidenceFor(d, pack, item.conceptId);
  const state = editConcept(d, pack.id, item.conceptId, evidence.pKnown);
  const ps = packState(d, pack.id);
  const difficulty = d.ctx.items.difficulty(pack.id, item);
  // The rating compares ability with difficulty alone (Elo); mastery and history have their own updates.
  const predicted = levelSuccess(ps.ability, difficulty);
  const helped = open.hintsUsed > 0;
  const unaided = correct && !helped;
  const before = state.pKnown;
  state.pKnown = updateMastery(
    state.pKnown,
    {
      correct,
      hintsBefore: open.hintsUsed,
      timeRatio: responseMs / expectedMs(item),
      ...(item.answer.type === 'choice' ? { guess: 1 / item.answer.options.length } : {}),
    },
    conceptParams(packModel(pack), item.conceptId).bkt,
  );
  state.evidence += 1;
  if (correct) state.correct += 1;
  else state.wrong += 1;
  const history = recordAnswer(evidence.concept, unaided);
  state.recent = history.recent;
  state.streak = history.streak;
  ps.history = recordAnswer(evidence.total, unaided);
  state.hints += open.hintsUsed;
  state.lastPracticed = d.ctx.now;
  if (open.mode === 'review' && state.review) {
    state.review = recordReview(state.review, d.ctx.now, reviewOutcome(correct, helped, pace));
    if (!correct && state.pKnown < 0.7) {
      // Forgotten: back to learning it, with reviews once it is mastered again.
      state.masteredAt = undefined;
      state.review = undefined;
    }
  }
  ps.ability = updateAbility(ps.ability, { correct, helped, pace, predicted });
  if (!helped) {
    const attempts = d.ctx.items.attempts(pack.id, item.id);
    d.itemUpdates.set(item.id, {
      packId: pack.id,
      itemId: item.id,
      difficulty: updateItemDifficulty(difficulty, attempts, { correct, predicted }),
      attempts: attempts + 1,
    });
  }
  const counted = correct && !helped ? 'an unaided correct answer' : helped ? 'an answer after hints (no credit)' : 'a wrong answer';
  return `${counted} moved mastery of this concept from ${pct(before)} to ${pct(state.pKnown)}`;
}

/**
 * The fixed baseline's style: the concept's first authored one. Only the learner's own word changes it (a
 * stated style, or "explain differently", which takes the next authored style not yet used): that is the
 * learner deciding, not the tutor adapting.
 */
function fixedStyle(concept: Concept, available: readonly Style[], used: readonly Style[], stated: Style | undefined, differently: boolean): StyleChoice {
  const authored = (Object.keys(concept.explanations) as Style[]).filter((s) => available.includes(s));
  const order = [...authored, ...available.filter((s) => !authored.includes(s))];
  if (stated && order.includes(stated)) return { style: stated, why: `you asked for ${stated} explanations` };
  const first = order[0] ?? STYLES[0];
  if (differently) {
    const next = order.find((s) => !used.includes(s)) ?? first;
    return { style: next, why: `fixed baseline: you asked for a different explanation, so the next authored style (${next})` };
  }
  return { style: first, why: `fixed baseline: always the concept's first authored style (${first})` };
}

/** `requested`: the learner asked for this explanation ("explain", "explain differently"). */
export function chooseExplanation(d: Draft, concept: Concept, item: Item | undefined, differently: boolean, requested = false): { style: Style; text: string; why: string } {
  const conv = d.state.conversation;
  const explanations = item?.explanations ?? concept.explanations;
  const available = (Object.keys(explanations) as Style[]).filter((s) => explanations[s]);
  const used = conv.explainedStyles.conceptId === concept.id ? conv.explainedStyles.styles : [];
  const stated = d.state.profile.style;
  const statedUsable = stated && !(differently && used.includes(stated)) ? stated : undefined;
  const choice = isFixed(d)
    ? fixedStyle(concept, available, used, statedUsable, differently && requested)
    : chooseStyle({
        arms: d.state.styles,
        available,
        ...(statedUsable ? { stated: statedUsable } : {}),
        avoid: differently || used.length > 0 ? used : [],
      });
  conv.explainedStyles = { conceptId: concept.id, styles: [...used.filter((s) => s !== choice.style), choice.style] };
  return { style: choice.style, text: explanations[choice.style] ?? '', why: choice.why };
}

export function explain(d: Draft, concept: Concept, item: Item | undefined, reason: 'struggle' | 'asked' | 'differently' | 'out-of-hints'): void {
  const { style, text, why } = chooseExplanation(d, concept, item, reason !== 'asked', reason === 'asked' || reason === 'differently');
  if (item) d.state.conversation.pendingStyle = style;
  const next = isFixed(d) ? 'the next item' : 'an easier item';
  const lead = reason === 'struggle' ? `several tries did not work out, so an explanation before ${next}; ` : '';
  say(d, { kind: 'explain', concept, ...(item ? { item } : {}), style, text, reason }, `${lead}explaining in the ${style} style: ${why}`);
}

/** After repeated failure: the worked solution where policy allows it, a fresh explanation, an easier item. */
function struggle(d: Draft, pack: Pack, item: Item, concept: Concept): void {
  const open = d.state.conversation.open;
  const wrong = open?.wrong ?? 0;
  const policy = pack.spec.policy;
  if (policy.reveal === 'after-attempts' && wrong >= policy.revealAfter) {
    say(d, { kind: 'reveal', item, solution: item.solution }, `the pack allows the worked solution after ${policy.revealAfter} wrong answers, and this was answer ${wrong}`, { reveals: true });
  }
  d.state.conversation.open = undefined;
  explain(d, concept, item, 'struggle');
  const ps = packState(d, pack.id);
  ps.ability = stepDownAfterStruggle(ps.ability);
  poseNext(d, { change: 'easier', conceptId: concept.id, below: item.difficulty });
}

export function giveHint(d: Draft, pack: Pack, item: Item, open: OpenItem, because: 'asked' | 'wrong' = 'asked'): void {
  const concept = pack.concepts.get(item.conceptId);
  if (open.hintsUsed < item.hints.length) {
    open.hintsUsed += 1;
    open.hintTimes = [...open.hintTimes, d.ctx.now].slice(-5);
    open.promptedAt = d.ctx.now;
    say(
      d,
      { kind: 'hint', item, level: open.hintsUsed, of: item.hints.length, text: item.hints[open.hintsUsed - 1] ?? '' },
      because === 'asked'
        ? `you asked for help: hint ${open.hintsUsed} of ${item.hints.length} on the ladder (with hints, this item does not count as unaided success)`
        : `the answer matches no known mistake, so the next step of the ladder: hint ${open.hintsUsed} of ${item.hints.length}`,
    );
    return;
  }
  if (!concept) return;
  if (pack.spec.policy.reveal === 'after-attempts' && open.wrong >= 1) {
    say(d, { kind: 'reveal', item, solution: item.solution }, 'all hints were used and you had tried, so the bottom of the ladder: the worked solution', { reveals: true });
    d.state.conversation.open = undefined;
    poseNext(d, { change: 'another', conceptId: concept.id, below: item.difficulty + 1 });
    return;
  }
  explain(d, concept, item, 'out-of-hints');
}

export function requestHint(d: Draft): void {
  const found = openItem(d);
  if (!found) {
    say(d, { kind: 'nothing-open' }, 'you asked for a hint, but no question is open');
    return;
  }
  const { open, pack, item } = found;
  if (open.mode === 'placement') {
    say(d, { kind: 'placement-no-hints' }, 'this is the placement check: it measures what you know without help, so "I don\'t know" is an answer');
    answerPlacement(d, '');
    return;
  }
  const burst = open.hintTimes.filter((t) => d.ctx.now - t < CLICK_THROUGH_MS).length;
  if (burst >= 2 && open.attempts === 0 && !open.explainRequested) {
    open.explainRequested = true;
    say(d, { kind: 'explain-request', item, reason: 'clicking-through' }, `${burst + 1} hints asked within ${CLICK_THROUGH_MS / 1000} s without an answer: trying first helps more than reading hints`);
    return;
  }
  giveHint(d, pack, item, open);
}

function afterCorrect(d: Draft, pack: Pack, item: Item, open: OpenItem, pace: Pace, evidence?: string[]): void {
  const conv = d.state.conversation;
  const concept = pack.concepts.get(item.conceptId);
  const helped = open.hintsUsed > 0 || open.wrong > 0;
  conv.open = undefined;
  say(d, { kind: 'correct', item, pace, helped, ...(evidence?.length ? { evidence } : {}) }, conv.lastWhy);
  if (!concept) return;
  const state = editConcept(d, pack.id, concept.id);
  if (state.masteredAt === undefined && worksheetLength(d) === undefined && isMastered(state, masteryRule(pack))) {
    state.masteredAt = d.ctx.now;
    state.review = startReview(d.ctx.now);
    conv.explainedStyles = { conceptId: '', styles: [] };
    const next = focusConcept(pack, d.state.concepts);
    say(
      d,
      { kind: 'mastered', concept, ...(next ? { next } : {}) },
      `mastery of ${concept.title} reached ${pct(state.pKnown)} (threshold ${pct(pack.spec.mastery.threshold)}) over ${state.evidence} first attempts`,
    );
    poseNext(d, next ? { change: 'new-concept' } : {});
    return;
  }
  conv.correctSinceWhy += 1;
  if (open.mode === 'practice' && !helped && conv.correctSinceWhy >= WHY_EVERY) {
    conv.correctSinceWhy = 0;
    conv.askedWhy = { packId: pack.id, itemId: item.id };
    say(d, { kind: 'ask-why', item }, 'several right answers in a row: explaining why it works makes the knowledge stick');
    return;
  }
  poseNext(d);
}

export function answerWhy(d: Draft, text: string): void {
  const conv = d.state.conversation;
  const asked = conv.askedWhy;
  conv.askedWhy = undefined;
  const item = asked ? itemById(d, asked.packId, asked.itemId) : undefined;
  if (!item) {
    poseNext(d);
    return;
  }
  const concept = d.ctx.curriculum.packs.get(asked?.packId ?? '')?.concepts.get(item.conceptId);
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  const good = words >= 4;
  const model = item.why ?? concept?.explanations.concise ?? item.solution;
  say(d, { kind: 'why-feedback', item, good, model }, good ? 'you explained your reasoning; here is how I would put it too' : 'a short reply: here is a full reason to compare with');
  poseNext(d);
}

type Graded = ReturnType<typeof grade> & { evidence?: string[]; missing?: string[]; unsure?: boolean };

/** A model's rubric grade, when there is one, in place of the keyword check. */
function gradeWithAssist(d: Draft, item: Item, text: string): Graded {
  const spec = item.answer;
  const assisted = d.assist.grade;
  if (spec.type !== 'rubric' || !assisted) return grade(spec, text);
  const met = assisted.points.filter((p) => p.met && spec.points.some((sp) => sp.id === p.id));
  const missing = spec.points.filter((sp) => !met.some((p) => p.id === sp.id)).map((sp) => sp.text);
  const evidence = met.map((p) => p.evidence).filter((e) => e.trim().length > 0);
  const points = met.map((p) => p.id);
  if (assisted.confidence < 0.6) return { verdict: 'partial', note: 'some-points', points, evidence, missing, unsure: true };
  if (met.length >= spec.minPoints) return { verdict: 'correct', points, evidence };
  if (met.length > 0) return { verdict: 'partial', note: 'some-points', points, evidence, missing };
  return { verdict: 'incorrect', points, missing };
}

export function handleAnswer(d: Draft, text: string): void {
  const found = openItem(d);
  if (!found) return;
  const { open, pack, item } = found;
  const conv = d.state.conversation;
  const responseMs = Math.max(0, d.ctx.now - open.promptedAt);
  const pace = paceOf(responseMs, expectedMs(item));
  if (open.awaitingExplanation) {
    // The learner explains a very fast answer: a real explanation earns the credit the answer would have.
    open.awaitingExplanation = false;
    const explained = text.split(/\s+/).filter((w) => /\p{L}|\d/u.test(w)).length >= 3;
    open.attempts += 1;
    const why = learnFrom(d, pack, item, open, explained, 'normal', expectedMs(item));
    open.counted = true;
    conv.lastWhy = explained ? `you explained your fast answer, so it counts: ${why}` : `no explanation for the fast answer, so no credit: ${why}`;
    if (explained) afterCorrect(d, pack, item, open, 'normal');
    else {
      conv.open = undefined;
      say(d, { kind: 'reveal', item, solution: item.solution }, 'the answer was right but unexplained: here is the reasoning', { reveals: true });
      poseNext(d, { change: 'another', conceptId: item.conceptId });
    }
    return;
  }
  const graded = gradeWithAssist(d, item, text);
  const concept = pack.concepts.get(item.conceptId);
  if (concept && graded.verdict !== 'correct' && isLearnerQuestion(text)) {
    answerQuestion(d, pack, concept, item, text);
    return;
  }
  if (graded.unsure) {
    say(d, { kind: 'follow-up', item, missing: graded.missing ?? [] }, 'the grader was not confident about your answer, so a follow-up question rather than a verdict');
    return;
  }
  // An answer the checker cannot read may still be a known mistake ("3/0"): then it is a wrong answer.
  const result = graded.verdict === 'unreadable' && matchMisconception(item, text, []) ? { verdict: 'incorrect' as const } : graded;
  open.promptedAt = d.ctx.now;
  if (result.verdict === 'unreadable') {
    say(d, { kind: 'unreadable', item, note: graded.note }, 'the answer could not be read in the form this question needs');
    return;
  }
  const misconception = result.verdict === 'incorrect' ? matchMisconception(item, text, open.misconceptionsAsked) : undefined;
  const diagnosis = result.verdict === 'incorrect' && !misconception ? d.assist.diagnosis : undefined;
  const diagnosisId = diagnosis ? `model:${diagnosis.label.toLowerCase().slice(0, 80)}` : undefined;
  const correct = result.verdict === 'correct';
  const rapid = responseMs < rapidMs(item) && open.attempts === 0 && open.hintsUsed === 0 && !open.counted && item.difficulty >= 2;
  d.attempts.push({
    packId: pack.id,
    itemId: item.id,
    conceptId: item.conceptId,
    at: d.ctx.now,
    answer: text.slice(0, 500),
    verdict: result.verdict,
    hintsUsed: open.hintsUsed,
    responseMs,
    counted: !open.counted && !rapid && result.verdict !== 'partial',
    ...(misconception ? { misconception: misconception.id } : diagnosisId ? { misconception: diagnosisId } : {}),
  });
  if (result.verdict === 'partial') {
    say(d, { kind: 'partial', item, note: result.note ?? 'some-points' }, 'the answer is on the right track but not finished, so it is neither right nor wrong yet');
    return;
  }
  if (rapid) {
    open.awaitingExplanation = correct;
    say(d, { kind: 'explain-request', item, reason: 'rapid-answer' }, `answered in ${(responseMs / 1000).toFixed(1)} s, faster than anyone can work it out: an explanation first, then credit`);
    return;
  }
  open.attempts += 1;
  if (!open.counted) {
    conv.lastWhy = learnFrom(d, pack, item, open, correct, pace, responseMs);
    open.counted = true;
  }
  if (conv.pendingStyle) {
    d.state.styles = rewardStyle(d.state.styles, conv.pendingStyle, correct);
    conv.pendingStyle = undefined;
  }
  if (correct) {
    afterCorrect(d, pack, item, open, pace, graded.evidence);
    return;
  }
  open.wrong += 1;
  if (!concept) return;
  if (open.wrong >= pack.spec.policy.revealAfter) {
    struggle(d, pack, item, concept);
  } else if (misconception && !open.misconceptionsAsked.includes(misconception.id)) {
    open.misconceptionsAsked.push(misconception.id);
    say(d, { kind: 'misconception', item, misconception }, `your answer matches a common mistake (${misconception.label}); a question aimed at it`);
  } else if (diagnosis && diagnosisId && !open.misconceptionsAsked.includes(diagnosisId)) {
    open.misconceptionsAsked.push(diagnosisId);
    say(d, { kind: 'diagnosis', item, diagnosis }, `your answer matches no mistake the course knows; the likely misconception is "${diagnosis.label}", so a question aimed at it`);
  } else if (open.hintsUsed < item.hints.length) {
    giveHint(d, pack, item, open, 'wrong');
  } else {
    struggle(d, pack, item, concept);
  }
}
