// Practice: pose an item, read the answer, and respond as a Socratic tutor would: a targeted question for a
// known misconception, a ladder of hints, a different explanation and an easier item after repeated failure.
import { answerText, exampleAnswer, grade, normalizeText, numericValue, sameAnswer, stripLeadIn, type Verdict } from '../curriculum/answers.ts';
import type { Concept, Item, Pack } from '../curriculum/pack.ts';
import { STYLES, type AnswerSpec, type Misconception, type Style } from '../curriculum/schema.ts';
import { expectedMs, levelSuccess, paceOf, stepDownAfterStruggle, updateAbility, updateItemDifficulty, type Pace } from '../learner/ability.ts';
import { EMPTY_HISTORY, recordAnswer } from '../learner/history.ts';
import { isMastered, masteryGap, updateMastery } from '../learner/mastery.ts';
import { conceptParams, packModel, predictSuccess, startingMastery, type LearnerEvidence } from '../learner/performance.ts';
import { recordReview, reviewOutcome, startReview } from '../learner/review.ts';
import { chooseItem, conceptState, dueReviews, focusConcept, masteryRule, nextAuthoredItem, type ItemChoice } from '../learner/selection.ts';
import { chooseStyle, rewardStyle, type StyleChoice } from '../learner/style.ts';
import { assignedConcept } from './overrides.ts';
import { currentPack, editConcept, isFixed, worksheetLength, itemById, openItem, packState, pct, say, type Draft } from './draft.ts';
import { newOpenItem, type AskedQuestion, type OpenItem } from './state.ts';
import { workedAnswer } from './subquestion.ts';
import { inspectText } from '../curriculum/leaks.ts';
import { showsWorking, statedResult } from './working.ts';
import { assessReason } from './reasons.ts';
import { answerPlacement } from './placement.ts';
import { answerQuestion, isLearnerQuestion } from './questions.ts';

const RECENT = 12;
/** Reviews are mixed in after this many new items, when one is due. */
const REVIEW_EVERY = 2;
/** Asking "why does that work?" after this many correct answers in a row without one. */
const WHY_EVERY = 3;
/** Hint requests this close together, with no answer between, look like clicking through. */
const CLICK_THROUGH_MS = 30_000;
/** Worked solutions, and items answered right, remembered per learner. */
const SHOWN_MEMORY = 30;
/** A right answer equal to a solution shown this recently (in time or in questions posed) is taken as copied. */
const COPY_WINDOW_MS = 10 * 60_000;
const COPY_WINDOW_QUESTIONS = 3;

/** Authored text that the answer guard would pass for this item, on its own (no conversation to excuse it). */
function cleanFor(item: Item, text: string): boolean {
  return inspectText(item.answer, text, { prompt: item.prompt }).kind === 'clean';
}

export function rapidMs(item: Item): number {
  return Math.max(2500, expectedMs(item) * 0.12);
}

export interface PoseOptions {
  change?: 'easier' | 'harder' | 'new-concept' | 'another' | 'again';
  conceptId?: string;
  below?: number;
  above?: number;
  review?: boolean;
  /** The working level before the move that led here, so the why can say how it changed. */
  levelFrom?: number;
}

export function poseItem(d: Draft, pack: Pack, concept: Concept, choice: ItemChoice, mode: OpenItem['mode'], why: string, change?: PoseOptions['change']): void {
  const conv = d.state.conversation;
  conv.open = newOpenItem(pack.id, choice.item, mode, d.ctx.now);
  conv.posed = (conv.posed ?? 0) + 1;
  // A new question closes any other: a reply now answers this one, not an earlier "why does that work?".
  conv.askedWhy = undefined;
  conv.recent = [...conv.recent.filter((id) => id !== choice.item.id), choice.item.id].slice(-RECENT);
  conv.posesSinceReview = mode === 'review' ? 0 : conv.posesSinceReview + 1;
  const withoutSummary = change === 'new-concept' && !cleanFor(choice.item, concept.summary);
  say(d, { kind: 'pose', item: choice.item, concept, mode, ...(change ? { change } : {}), ...(withoutSummary ? { withoutSummary } : {}) }, why);
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
    difficulty: (item) => d.ctx.items.difficulty(pack.id, item),
    recent: d.state.conversation.recent,
    solved: d.state.conversation.solved ?? [],
    shown: (d.state.conversation.solutionsShown ?? []).map((s) => s.itemId),
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
  // A concept a teacher moved the learner on to comes before the next one in order, until it is mastered.
  const wanted = options.conceptId ?? assignedConcept(d, pack);
  const focus = wanted ? pack.concepts.get(wanted) : focusConcept(pack, d.state.concepts);
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
  const level = packState(d, pack.id).ability;
  const moved = options.levelFrom !== undefined && Math.abs(options.levelFrom - level) >= 0.05 ? `working level ${options.levelFrom.toFixed(1)} → ${level.toFixed(1)}, ` : '';
  const difficulty = choice.item.difficulty;
  const step =
    change === 'easier'
      ? `stepping down after a struggle (${moved}${options.below !== undefined && difficulty < options.below ? `an easier item than level ${options.below}` : `no easier item is left to pose, so the easiest one there is`}); `
      : change === 'harder'
        ? `you asked for harder (${moved}${options.above !== undefined && difficulty > options.above ? `an item above level ${options.above}` : 'no harder item is left to pose, so the hardest one there is'}); `
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
/**
 * One counted answer to an item, through the learner model: mastery, the concept's and the pack's history, the
 * working level, the item's difficulty, spaced review. Returns the why. Also for an answer graded later by a
 * teacher (`open`: the hints used and the mode it was asked in).
 */
export function learnFrom(d: Draft, pack: Pack, item: Item, open: Pick<OpenItem, 'hintsUsed' | 'mode'>, correct: boolean, pace: Pace, responseMs: number): string {
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
  if (unaided && item.answer.type !== 'choice') state.freeCorrect = (state.freeCorrect ?? 0) + 1;
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
  const written = (Object.keys(explanations) as Style[]).filter((s) => explanations[s]);
  // A style whose text states the open item's answer is not used for it, while another style is there.
  const clean = item ? written.filter((s) => cleanFor(item, explanations[s] ?? '')) : written;
  const available = clean.length > 0 ? clean : written;
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

/**
 * May the worked solution be shown now? Only by the pack's policy (after `revealAfter` wrong answers to this
 * item), and never while the learner's teacher has asked for no worked solutions.
 */
export function revealAllowed(d: Draft, pack: Pack, open: OpenItem): boolean {
  if (d.state.conversation.teacher?.solutions === 'hidden') return false;
  const policy = pack.spec.policy;
  return policy.reveal === 'after-attempts' && open.wrong >= policy.revealAfter;
}

function revealRule(pack: Pack, open: OpenItem): string {
  const policy = pack.spec.policy;
  return policy.reveal === 'never'
    ? 'this course never shows worked solutions'
    : `this course shows the worked solution after ${policy.revealAfter} wrong answer${policy.revealAfter === 1 ? '' : 's'}, and there ${open.wrong === 1 ? 'has' : 'have'} been ${open.wrong}`;
}

/** The worked solution, when policy allows it; remembered so that a copy of it is never credited. */
function reveal(d: Draft, item: Item, why: string): void {
  const conv = d.state.conversation;
  conv.solutionsShown = [...(conv.solutionsShown ?? []).filter((s) => s.itemId !== item.id), { itemId: item.id, at: d.ctx.now, posedBefore: conv.posed ?? 0 }].slice(-SHOWN_MEMORY);
  say(d, { kind: 'reveal', item, solution: item.solution }, why, { reveals: true });
}

/** After repeated failure: the worked solution where policy allows it, a fresh explanation, an easier item. */
function struggle(d: Draft, pack: Pack, item: Item, concept: Concept): void {
  const open = d.state.conversation.open;
  if (open && revealAllowed(d, pack, open)) reveal(d, item, `${revealRule(pack, open)}, so the worked solution`);
  d.state.conversation.open = undefined;
  explain(d, concept, item, 'struggle');
  const ps = packState(d, pack.id);
  const before = ps.ability;
  ps.ability = stepDownAfterStruggle(ps.ability);
  poseNext(d, { change: 'easier', conceptId: concept.id, below: item.difficulty, levelFrom: before });
}

/** The question a hint or a misconception question leaves open, with its own answer where there is one. */
function asking(text: string, from: AskedQuestion['from'], expected?: AnswerSpec, lastStep?: number): AskedQuestion | undefined {
  if (!/\?\s*$/.test(text.trim())) return undefined;
  const worked = expected ?? workedAnswer(text, lastStep);
  return { text, from, ...(worked ? { expected: worked } : {}) };
}

export type HintCause = 'asked' | 'wrong' | 'answer-request' | 'step-wrong' | 'unexplained' | { repeated: Misconception };

function hintWhy(cause: HintCause, level: number, of: number, pack: Pack, open: OpenItem): string {
  const step = `hint ${level} of ${of} on the ladder`;
  if (cause === 'asked') return `you asked for help: ${step} (with hints, this item does not count as unaided success)`;
  if (cause === 'answer-request') return `you asked for the answer; ${revealRule(pack, open)}, so ${step} instead`;
  if (cause === 'step-wrong') return `your reply to my guiding question was not right yet, so ${step}; the question itself stays open and nothing is counted against you`;
  if (cause === 'unexplained') return `a very fast answer with no explanation could be a guess, so no credit: let's work through it, ${step}`;
  if (cause === 'wrong') return `the answer matches no mistake the course knows, so the next step of the ladder: ${step}`;
  return `your answer shows the same mistake again (${cause.repeated.label}); its question was already asked, so the next step of the ladder: ${step}`;
}

export function giveHint(d: Draft, pack: Pack, item: Item, open: OpenItem, cause: HintCause = 'asked'): void {
  const concept = pack.concepts.get(item.conceptId);
  if (open.hintsUsed < item.hints.length) {
    open.hintsUsed += 1;
    open.hintTimes = [...open.hintTimes, d.ctx.now].slice(-5);
    open.promptedAt = d.ctx.now;
    const text = item.hints[open.hintsUsed - 1] ?? '';
    const asked = asking(text, 'hint', item.hintAnswers[open.hintsUsed - 1], open.lastStep);
    if (asked) open.asked = asked;
    else delete open.asked;
    say(
      d,
      { kind: 'hint', item, level: open.hintsUsed, of: item.hints.length, text, ...(cause === 'answer-request' ? { answerRequested: true } : {}) },
      hintWhy(cause, open.hintsUsed, item.hints.length, pack, open),
    );
    return;
  }
  if (!concept) return;
  if (revealAllowed(d, pack, open)) {
    reveal(d, item, `all hints were used and ${revealRule(pack, open)}, so the bottom of the ladder: the worked solution`);
    d.state.conversation.open = undefined;
    poseNext(d, { change: 'another', conceptId: concept.id, below: item.difficulty + 1 });
    return;
  }
  delete open.asked;
  if (open.outOfHints) {
    // Every hint and a fresh explanation did not help, and the answer may not be shown yet: an easier item.
    struggle(d, pack, item, concept);
    return;
  }
  open.outOfHints = true;
  explain(d, concept, item, 'out-of-hints');
}

export function requestHint(d: Draft, cause: 'asked' | 'answer-request' = 'asked'): void {
  const found = openItem(d);
  if (!found) {
    say(d, { kind: 'nothing-open' }, cause === 'asked' ? 'you asked for a hint, but no question is open' : 'you asked for an answer, but no question is open');
    return;
  }
  const { open, pack, item } = found;
  if (open.mode === 'placement') {
    say(d, { kind: 'placement-no-hints' }, 'this is the placement check: it measures what you know without help, so "I don\'t know" is an answer');
    answerPlacement(d, '');
    return;
  }
  if (cause === 'answer-request' && revealAllowed(d, pack, open)) {
    reveal(d, item, `you asked for the answer and ${revealRule(pack, open)}, so the worked solution`);
    d.state.conversation.open = undefined;
    poseNext(d, { change: 'another', conceptId: item.conceptId, below: item.difficulty + 1 });
    return;
  }
  const burst = open.hintTimes.filter((t) => d.ctx.now - t < CLICK_THROUGH_MS).length;
  if (burst >= 2 && open.attempts === 0 && !open.explainRequested) {
    open.explainRequested = true;
    say(d, { kind: 'explain-request', item, reason: 'clicking-through' }, `${burst + 1} hints asked within ${CLICK_THROUGH_MS / 1000} s without an answer: trying first helps more than reading hints`);
    return;
  }
  giveHint(d, pack, item, open, cause);
}

/** Does the concept have questions that cannot be answered by a lucky pick? Then mastery needs one of them. */
/**
 * Marks a concept mastered (with spaced reviews from now) when its evidence now meets the pack's rule, outside
 * a worksheet; true when it did.
 */
export function reachMastery(d: Draft, pack: Pack, concept: Concept): boolean {
  const state = editConcept(d, pack.id, concept.id);
  if (state.masteredAt !== undefined || worksheetLength(d) !== undefined || !isMastered(state, masteryRule(pack), needsFreeAnswer(concept))) return false;
  state.masteredAt = d.ctx.now;
  state.review = startReview(d.ctx.now);
  return true;
}

function needsFreeAnswer(concept: Concept): boolean {
  return concept.items.some((i) => i.answer.type !== 'choice');
}

function remember(list: readonly string[] | undefined, id: string): string[] {
  return [...(list ?? []).filter((x) => x !== id), id].slice(-SHOWN_MEMORY);
}

function afterCorrect(d: Draft, pack: Pack, item: Item, open: OpenItem, pace: Pace, evidence?: string[]): void {
  const conv = d.state.conversation;
  const concept = pack.concepts.get(item.conceptId);
  const helped = open.hintsUsed > 0 || open.wrong > 0;
  conv.open = undefined;
  conv.solved = remember(conv.solved, item.id);
  say(d, { kind: 'correct', item, pace, helped, ...(evidence?.length ? { evidence } : {}) }, conv.lastWhy);
  if (!concept) return;
  const state = editConcept(d, pack.id, concept.id);
  const rule = masteryRule(pack);
  if (reachMastery(d, pack, concept)) {
    conv.explainedStyles = { conceptId: '', styles: [] };
    const next = focusConcept(pack, d.state.concepts);
    say(
      d,
      { kind: 'mastered', concept, ...(next ? { next } : {}) },
      `mastery of ${concept.title} reached ${pct(state.pKnown)} (threshold ${pct(rule.threshold)}), with the last ${state.streak ?? 0} first attempts right without help`,
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
  if (state.masteredAt === undefined && worksheetLength(d) === undefined) {
    const gaps = masteryGap(state, rule, needsFreeAnswer(concept));
    if (gaps.length > 0) conv.lastWhy = `${conv.lastWhy}; not mastered yet: ${gaps.join(', ')}`;
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
  const model = item.why ?? concept?.explanations.concise ?? item.solution;
  const reading = assessReason(item, concept, text);
  d.verdict = { on: 'why', result: reading.assessment === 'sound' ? 'right' : reading.assessment === 'mistaken' ? 'wrong' : 'noted' };
  const why = {
    sound: `your reason has the key idea (${reading.detail}); here is how I would put it too`,
    unclear: `I could not tell whether your reason has the key idea (${reading.detail}), so no verdict: here is a full reason to compare with`,
    mistaken: `your reason shows a known mistake (${reading.detail}), so here is the reasoning that holds`,
    short: 'a short reply: here is a full reason to compare with',
  }[reading.assessment];
  say(d, { kind: 'why-feedback', item, assessment: reading.assessment, model }, why);
  poseNext(d);
}

type Graded = ReturnType<typeof grade> & { evidence?: string[]; missing?: string[]; unsure?: boolean };

/** A model's rubric grade, when there is one, in place of the keyword check. */
function gradeWithAssist(d: Draft, item: Item, text: string): Graded {
  const spec = item.answer;
  const labelled = d.assist.labelled;
  if (spec.type === 'rubric' && labelled) return labelled.verdict === 'partial' ? { verdict: 'partial', note: 'some-points' } : { verdict: labelled.verdict };
  const assisted = d.assist.grade;
  if (spec.type !== 'rubric' || !assisted) return grade(spec, text, item.prompt);
  const met = assisted.points.filter((p) => p.met && spec.points.some((sp) => sp.id === p.id));
  const missing = spec.points.filter((sp) => !met.some((p) => p.id === sp.id)).map((sp) => sp.text);
  const evidence = met.map((p) => p.evidence).filter((e) => e.trim().length > 0);
  const points = met.map((p) => p.id);
  if (assisted.confidence < 0.6) return { verdict: 'partial', note: 'some-points', points, evidence, missing, unsure: true };
  if (met.length >= spec.minPoints) return { verdict: 'correct', points, evidence };
  if (met.length > 0) return { verdict: 'partial', note: 'some-points', points, evidence, missing };
  return { verdict: 'incorrect', points, missing };
}

/**
 * A reply to the tutor's own guiding question, read against that question first. Returns false when the
 * reply is better read as an answer to the item (it cannot be read as a reply to the question at all).
 */
function answerGuidingQuestion(d: Draft, pack: Pack, item: Item, open: OpenItem, asked: AskedQuestion, text: string, itemVerdict: Verdict): boolean {
  if (!asked.expected && itemVerdict !== 'unreadable') {
    // The question has no answer to check against and the reply reads as an answer to the item: it is one.
    delete open.asked;
    return false;
  }
  delete open.asked;
  open.promptedAt = d.ctx.now;
  if (asked.expected) {
    const verdict = grade(asked.expected, text).verdict;
    if (verdict === 'correct') {
      const value = asked.expected.type === 'numeric' ? numericValue(asked.expected.value) : undefined;
      if (value !== undefined) open.lastStep = value;
      d.verdict = { on: 'step', result: 'right' };
      say(d, { kind: 'step', item, question: asked.text, result: 'right' }, `your reply answers my guiding question ("${asked.text}") correctly: a step towards the answer, so nothing is counted on the question itself yet`);
      return true;
    }
    if (verdict === 'unreadable') return false;
    // An answer in the item's own kind (an option, a command) to a numeric step is an answer to the item.
    if (item.answer.type !== 'numeric' && item.answer.type !== 'expression' && itemVerdict !== 'unreadable') return false;
    d.verdict = { on: 'step', result: 'wrong' };
    const more = open.hintsUsed < item.hints.length;
    say(d, { kind: 'step', item, question: asked.text, result: 'wrong', ...(more ? {} : { backToQuestion: true }) }, `your reply does not answer my guiding question ("${asked.text}") yet; it is not counted as an answer to the question itself`);
    if (more) giveHint(d, pack, item, open, 'step-wrong');
    return true;
  }
  d.verdict = { on: 'step', result: 'noted' };
  say(d, { kind: 'step', item, question: asked.text, result: 'noted' }, `your reply answers my guiding question ("${asked.text}"), which has no single right answer I can check, so it is not graded; the question itself is still open`);
  return true;
}

/** The answer the learner was shown moments ago, typed back: right, but not their own work. */
function copiedAnswer(d: Draft, pack: Pack, item: Item, text: string): string | undefined {
  const conv = d.state.conversation;
  // "Just shown": within the last few minutes or the last few questions. After that an answer is recalled
  // or worked out, not copied, and a learner who saw every solution of a concept can still show mastery.
  const recent = (conv.solutionsShown ?? []).filter((s) => d.ctx.now - s.at < COPY_WINDOW_MS || (conv.posed ?? 0) - (s.posedBefore ?? 0) <= COPY_WINDOW_QUESTIONS);
  if (recent.some((s) => s.itemId === item.id)) return 'you were shown this question\'s worked solution just before';
  for (const s of recent) {
    const other = pack.items.get(s.itemId);
    if (!other) continue;
    // The shown answer in any of its written forms, whatever kind of question this one is.
    const forms = [answerText(other.answer, other.prompt), exampleAnswer(other.answer, other.prompt), ...(other.answer.type === 'choice' ? [other.answer.correct] : [])];
    const typed = normalizeText(stripLeadIn(text));
    const same = other.answer.type === item.answer.type && sameAnswer(item.answer, text, forms[0] ?? '');
    if (same || forms.some((f) => normalizeText(f) === typed || normalizeText(f).replace(/^[a-f]\)\s*/, '') === typed)) {
      return `it is the answer of the worked solution you were shown just before (${other.id})`;
    }
    const long = text.trim().length >= 12 && other.solution.toLowerCase().includes(text.trim().toLowerCase());
    if (long) return `it is copied from the worked solution you were shown just before (${other.id})`;
  }
  return undefined;
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
    d.verdict = { on: 'item', result: explained ? 'right' : 'noted', credited: explained && open.hintsUsed === 0 };
      if (explained) afterCorrect(d, pack, item, open, 'normal');
    else if (open.hintsUsed < item.hints.length) {
      // A right answer nobody could explain may be a lucky guess: no credit, and the question stays open for a
      // worked-through answer, starting from the first step of the ladder (the solution is not shown for it).
      giveHint(d, pack, item, open, 'unexplained');
    } else {
      conv.open = undefined;
      poseNext(d, { change: 'another', conceptId: item.conceptId });
    }
    return;
  }
  // Working with a result at the end ("25 divided by 5 is 5") is graded by that result.
  const firstRead = gradeWithAssist(d, item, text);
  const stated = firstRead.verdict === 'unreadable' && item.answer.type === 'numeric' ? statedResult(text) : undefined;
  const graded = stated ? gradeWithAssist(d, item, stated) : firstRead;
  const concept = pack.concepts.get(item.conceptId);
  if (concept && graded.verdict !== 'correct' && isLearnerQuestion(text)) {
    answerQuestion(d, pack, concept, item, text);
    return;
  }
  const knownMistake = graded.verdict !== 'correct' ? matchMisconception(item, text, []) : undefined;
  if (open.asked && graded.verdict !== 'correct' && !knownMistake && answerGuidingQuestion(d, pack, item, open, open.asked, text, graded.verdict)) return;
  delete open.asked;
  if (graded.unsure) {
    // A learner's teacher, where there is one, sees the answer and gives the grade the model could not.
    if ((d.state.conversation.classes ?? []).length > 0) {
      d.gradeReviews.push({ packId: pack.id, itemId: item.id, conceptId: item.conceptId, answer: text.slice(0, 2000), points: graded.points ?? [], confidence: d.assist.grade?.confidence ?? 0 });
    }
    say(d, { kind: 'follow-up', item, missing: graded.missing ?? [] }, 'the grader was not confident about your answer, so a follow-up question rather than a verdict');
    return;
  }
  // An answer the checker cannot read may still be a known mistake ("3/0"): then it is a wrong answer.
  const result = graded.verdict === 'unreadable' && knownMistake ? { verdict: 'incorrect' as const } : graded;
  open.promptedAt = d.ctx.now;
  if (result.verdict === 'unreadable') {
    if (item.answer.type === 'numeric' && showsWorking(text)) {
      say(d, { kind: 'unreadable', item, note: 'working-no-result' }, 'you showed your working but not the number it gives, so I ask for that rather than guess it');
      return;
    }
    say(d, { kind: 'unreadable', item, note: graded.note }, 'the answer could not be read in the form this question needs');
    return;
  }
  const misconception = result.verdict === 'incorrect' ? matchMisconception(item, text, open.misconceptionsAsked) : undefined;
  const diagnosis = result.verdict === 'incorrect' && !misconception ? d.assist.diagnosis : undefined;
  const diagnosisId = diagnosis ? `model:${diagnosis.label.toLowerCase().slice(0, 80)}` : undefined;
  const correct = result.verdict === 'correct';
  const copied = correct ? copiedAnswer(d, pack, item, text) : undefined;
  // Too fast to have worked it out: a lucky pick, or a learner whose record does not yet vouch for them. A
  // learner with right answers in a row on the concept is simply quick at a free-response question.
  const streak = conceptState(d.state.concepts, pack.id, item.conceptId).streak ?? 0;
  const vouched = item.answer.type !== 'choice' && streak >= 2;
  const rapid = !copied && !vouched && responseMs < rapidMs(item) && open.attempts === 0 && open.hintsUsed === 0 && !open.counted && item.difficulty >= 2;
  d.attempts.push({
    packId: pack.id,
    itemId: item.id,
    conceptId: item.conceptId,
    at: d.ctx.now,
    answer: text.slice(0, 500),
    verdict: result.verdict,
    hintsUsed: open.hintsUsed,
    responseMs,
    counted: !open.counted && !rapid && !copied && result.verdict !== 'partial',
    ...(misconception ? { misconception: misconception.id } : diagnosisId ? { misconception: diagnosisId } : {}),
  });
  if (result.verdict === 'partial') {
    d.verdict = { on: 'item', result: 'partial' };
    say(d, { kind: 'partial', item, note: result.note ?? 'some-points', ...(result.feedback ? { feedback: result.feedback } : {}) }, 'the answer is on the right track but not finished, so it is neither right nor wrong yet');
    return;
  }
  if (copied) {
    // Right, but typed back from what was just shown: no evidence either way about what the learner knows.
    open.counted = true;
    open.attempts += 1;
    conv.open = undefined;
    conv.solved = remember(conv.solved, item.id);
    d.verdict = { on: 'item', result: 'right', credited: false };
    conv.lastWhy = `right, but ${copied}, so it does not count as shown on your own and mastery is unchanged`;
    say(d, { kind: 'correct', item, pace, helped: true }, conv.lastWhy);
    poseNext(d, { change: 'another', conceptId: item.conceptId });
    return;
  }
  if (rapid) {
    d.verdict = { on: 'item', result: 'noted' };
    open.awaitingExplanation = correct;
    say(d, { kind: 'explain-request', item, reason: 'rapid-answer' }, `answered in ${(responseMs / 1000).toFixed(1)} s, faster than anyone can work it out: an explanation first, then credit`);
    return;
  }
  open.attempts += 1;
  d.verdict = { on: 'item', result: correct ? 'right' : 'wrong', credited: correct && !open.counted && open.hintsUsed === 0 };
  if (!open.counted) {
    conv.lastWhy = learnFrom(d, pack, item, open, correct, pace, responseMs);
    open.counted = true;
  } else {
    conv.lastWhy = `${correct ? 'right' : 'not right yet'}; only a first answer to a question feeds your mastery, and this question's has been counted, so mastery is unchanged`;
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
  const shown = matchMisconception(item, text, []);
  if (revealAllowed(d, pack, open)) {
    struggle(d, pack, item, concept);
  } else if (misconception && !open.misconceptionsAsked.includes(misconception.id)) {
    open.misconceptionsAsked.push(misconception.id);
    const asked = asking(misconception.question, 'misconception');
    if (asked) open.asked = asked;
    say(d, { kind: 'misconception', item, misconception }, `your answer matches a common mistake (${misconception.label}); a question aimed at it`);
  } else if (shown?.remediation && !(open.remediated ?? []).includes(shown.id)) {
    open.remediated = [...(open.remediated ?? []), shown.id];
    say(d, { kind: 'remediation', item, misconception: shown }, `your answer shows the same mistake again (${shown.label}) after its question, so the course's explanation aimed at that mistake`);
  } else if (diagnosis && diagnosisId && !open.misconceptionsAsked.includes(diagnosisId)) {
    open.misconceptionsAsked.push(diagnosisId);
    const asked = asking(diagnosis.question, 'diagnosis');
    if (asked) open.asked = asked;
    say(d, { kind: 'diagnosis', item, diagnosis }, `your answer matches no mistake the course knows; the likely misconception is "${diagnosis.label}", so a question aimed at it`);
  } else if (open.hintsUsed < item.hints.length) {
    giveHint(d, pack, item, open, shown ? { repeated: shown } : 'wrong');
  } else {
    struggle(d, pack, item, concept);
  }
}
