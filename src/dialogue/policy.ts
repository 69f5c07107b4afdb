// The dialogue policy: one learner message in, the tutor's moves out, with the learner's state updated.
// Pure apart from the clock it is given: no I/O, no randomness, so every decision is testable and explainable.
import { findPack, findPackAmong, type Pack } from '../curriculum/pack.ts';
import { nudgeAbility } from '../learner/ability.ts';
import { startingMastery } from '../learner/performance.ts';
import { conceptState, dueReviews, focusConcept, isConceptMastered, isUnlocked } from '../learner/selection.ts';
import { currentPack, editConcept, isFixed, isOffered, newDraft, offeredPacks, openItem, packState, say, type Assist, type Draft, type PolicyContext } from './draft.ts';
import { keepToOffers, takeUp } from './offers.ts';
import { applyOverrides, followAssignment } from './overrides.ts';
import { cleanProfileValue } from './input.ts';
import { parseCommand, styleFromWords, type Command } from './intents.ts';
import type { InputNote, PackSummary, ProgressRow } from './moves.ts';
import { answerPlacement, finishPlacement, startPlacement } from './placement.ts';
import { answerQuestion, isLearnerQuestion } from './questions.ts';
import { answerWhy, explain, handleAnswer, matchMisconception, poseItem, poseNext, poseReview, requestHint } from './practice.ts';
import { grade } from '../curriculum/answers.ts';
import type { Item } from '../curriculum/pack.ts';
import type { LearnerState } from './state.ts';
import { own } from '../own.ts';

export type { Draft, PolicyContext, Teaching } from './draft.ts';

export interface PolicyInput {
  text: string;
  /** The id of a button the learner pressed, as given in a reply's choices. */
  choice?: string;
  notes: InputNote[];
  /** What a language model contributed, when one is configured. */
  assist?: Assist;
}

/** Which model help would serve this turn: grading a free-text answer, or diagnosing an unexpected mistake. */
export function assistWanted(ctx: PolicyContext, prior: LearnerState, input: PolicyInput): { grade?: Item; diagnose?: Item } {
  if (input.choice !== undefined || input.notes.includes('binary') || input.notes.includes('empty')) return {};
  const conv = prior.conversation;
  const open = conv.open;
  if (!open || conv.placement || conv.askedWhy || conv.confirmForget || open.awaitingExplanation) return {};
  // A question in a pack this channel does not offer is set aside this turn, not answered.
  if (!isOffered(ctx, open.packId)) return {};
  if (parseCommand(input.text) || isLearnerQuestion(input.text)) return {};
  const item = ctx.curriculum.packs.get(open.packId)?.items.get(open.itemId);
  if (!item) return {};
  if (item.answer.type === 'rubric') return { grade: item };
  const wrong = grade(item.answer, input.text, item.prompt).verdict === 'incorrect';
  return wrong && !matchMisconception(item, input.text, []) ? { diagnose: item } : {};
}

/** The packs this channel offers, as the learner sees them listed. */
export function packSummaries(d: Draft): PackSummary[] {
  return offeredPacks(d.ctx).map((pack) => ({
    id: pack.id,
    title: pack.spec.title,
    summary: pack.spec.summary,
    concepts: pack.order.length,
    mastered: pack.order.filter((id) => isConceptMastered(pack, d.state.concepts, id)).length,
  }));
}

function showTopics(d: Draft, why: string): void {
  say(d, { kind: 'topics', packs: packSummaries(d) }, why);
}

export function progressRows(pack: Pack, state: LearnerState, now: number): ProgressRow[] {
  const due = new Set(dueReviews(pack, state.concepts, now).map((c) => c.id));
  return pack.order.flatMap((id) => {
    const concept = pack.concepts.get(id);
    if (!concept) return [];
    const s = conceptState(state.concepts, pack.id, id, startingMastery(pack, id));
    return [{
      conceptId: id,
      title: concept.title,
      pKnown: s.pKnown,
      mastered: isConceptMastered(pack, state.concepts, id),
      unlocked: isUnlocked(pack, state.concepts, concept),
      reviewDue: due.has(id),
      answered: s.correct + s.wrong,
    }];
  });
}

/** Shows the open question again, unchanged; false when none is open. */
function reshowOpen(d: Draft): boolean {
  const conv = d.state.conversation;
  const found = openItem(d);
  const concept = found?.pack.concepts.get(found.item.conceptId);
  if (!found || !concept) return false;
  const mode = found.open.mode;
  const keep = structuredClone(found.open);
  poseItem(d, found.pack, concept, { item: found.item, predicted: 0, why: '' }, mode, `we were in the middle of this ${mode} question in ${found.pack.spec.title}`, 'again');
  conv.open = keep;
  return true;
}

function startPack(d: Draft, pack: Pack): void {
  const conv = d.state.conversation;
  // Where the learner left this pack on a channel that did not offer it, if they did.
  if (conv.packId !== pack.id) takeUp(conv, pack.id);
  if (conv.packId === pack.id && conv.open && reshowOpen(d)) return;
  conv.packId = pack.id;
  conv.open = undefined;
  conv.askedWhy = undefined;
  conv.placement = undefined;
  conv.explainedStyles = { conceptId: '', styles: [] };
  const ps = packState(d, pack.id);
  // The fixed baseline starts everyone at the first concept: no placement check.
  if (!ps.placed && pack.order.length > 1 && !isFixed(d)) {
    startPlacement(d, pack);
    return;
  }
  ps.placed = true;
  poseNext(d);
}

/**
 * Starts the pack a learner named, if this channel offers it; a pack it does not offer gets a friendly "not
 * here" with the ones it does. False when no pack has that name.
 */
function startNamedPack(d: Draft, name: string): boolean {
  const offered = findPackAmong(offeredPacks(d.ctx), name);
  if (offered) {
    startPack(d, offered);
    return true;
  }
  const elsewhere = findPack(d.ctx.curriculum, name);
  if (!elsewhere) return false;
  say(d, { kind: 'not-offered', packTitle: elsewhere.spec.title, packs: packSummaries(d) }, `${elsewhere.spec.title} is not among the topics offered here`);
  return true;
}

function findConcept(d: Draft, name: string): { pack: Pack; conceptId: string } | undefined {
  const wanted = name.trim().toLowerCase();
  const packs = [currentPack(d), ...d.ctx.curriculum.packs.values()].filter((p): p is Pack => p !== undefined);
  for (const pack of packs) {
    for (const concept of pack.concepts.values()) {
      if (concept.id === wanted.replace(/\s+/g, '-') || concept.title.toLowerCase() === wanted) return { pack, conceptId: concept.id };
    }
  }
  return undefined;
}

function runCommand(d: Draft, command: Command): void {
  const conv = d.state.conversation;
  const pack = currentPack(d);
  switch (command.name) {
    case 'help': {
      const example = offeredPacks(d.ctx)[0]?.id;
      say(d, { kind: 'help', ...(example ? { example } : {}) }, 'you asked what I can do');
      return;
    }
    case 'topics':
      showTopics(d, 'you asked for the topics');
      return;
    case 'start': {
      if (startNamedPack(d, command.topic)) return;
      say(d, { kind: 'unknown-topic', given: cleanProfileValue(command.topic, 40) }, `no topic is called "${cleanProfileValue(command.topic, 40)}"`);
      showTopics(d, 'these are the topics there are');
      return;
    }
    case 'hint':
      requestHint(d);
      return;
    case 'answer':
      requestHint(d, 'answer-request');
      return;
    case 'progress': {
      const packs = pack ? [pack] : offeredPacks(d.ctx).filter((p) => own(d.state.packs, p.id));
      if (packs.length === 0) {
        say(d, { kind: 'progress', rows: [] }, 'you asked for progress; no topic is started yet');
        return;
      }
      for (const p of packs) {
        say(d, { kind: 'progress', packTitle: p.spec.title, rows: progressRows(p, d.state, d.ctx.now), ability: packState(d, p.id).ability }, `you asked for progress: mastery per concept of ${p.spec.title}, from your answers so far`);
      }
      return;
    }
    case 'harder':
    case 'easier': {
      if (!pack) {
        showTopics(d, 'pick a topic first; then I can make it harder or easier');
        return;
      }
      if (isFixed(d)) {
        say(d, { kind: 'input-note', note: 'fixed-course' }, `you asked for ${command.name} items, but this course runs at a fixed difficulty in authored order`);
        if (!openItem(d) && !conv.placement) poseNext(d);
        return;
      }
      const direction = command.name === 'harder' ? 'up' : 'down';
      const ps = packState(d, pack.id);
      const from = ps.ability;
      ps.ability = nudgeAbility(ps.ability, direction);
      const found = openItem(d);
      // An untouched question is swapped at once; one the learner has started is finished first.
      const swap = found !== undefined && found.open.attempts === 0 && found.open.hintsUsed === 0 && found.open.mode === 'practice';
      const appliesTo = found && !swap ? 'next' : 'this';
      say(
        d,
        { kind: 'level-changed', direction, level: ps.ability, from, appliesTo },
        `you asked for ${command.name} items: working level ${from.toFixed(1)} → ${ps.ability.toFixed(1)} of 5${appliesTo === 'next' ? ', from the next question (this one is already under way)' : ''}`,
      );
      if (found && swap) {
        conv.open = undefined;
        poseNext(d, command.name === 'harder'
          ? { change: 'harder', conceptId: found.item.conceptId, above: found.item.difficulty }
          : { change: 'easier', conceptId: found.item.conceptId, below: found.item.difficulty });
      } else if (found) {
        reshowOpen(d);
      } else if (!conv.placement) {
        poseNext(d);
      }
      return;
    }
    case 'explain': {
      const found = openItem(d);
      const concept = found ? found.pack.concepts.get(found.item.conceptId) : pack ? pack.concepts.get(pack.order.find((id) => !isConceptMastered(pack, d.state.concepts, id)) ?? pack.order[0] ?? '') : undefined;
      if (!concept) {
        showTopics(d, 'there is nothing to explain yet: pick a topic');
        return;
      }
      if (found?.open.mode === 'placement') {
        say(d, { kind: 'placement-no-hints' }, 'this is the placement check: it measures what you know without help');
        return;
      }
      explain(d, concept, found?.item, command.differently ? 'differently' : 'asked');
      return;
    }
    case 'style':
    case 'set':
      setProfile(d, command.name === 'style' ? 'style' : command.field, command.name === 'style' ? command.style : command.value);
      return;
    case 'skip': {
      const found = openItem(d);
      if (conv.placement && pack) {
        finishPlacement(d, pack, true);
        return;
      }
      if (conv.askedWhy) {
        conv.askedWhy = undefined;
        poseNext(d);
        return;
      }
      if (!found) {
        if (pack) poseNext(d);
        else say(d, { kind: 'nothing-open' }, 'nothing to skip: no question is open');
        return;
      }
      conv.open = undefined;
      say(d, { kind: 'skipped', item: found.item }, 'you skipped the question: no credit and no penalty');
      poseNext(d, { change: 'another', conceptId: found.item.conceptId });
      return;
    }
    case 'review': {
      if (!pack) {
        showTopics(d, 'reviews belong to a topic: pick one first');
        return;
      }
      const due = dueReviews(pack, d.state.concepts, d.ctx.now)[0];
      if (due && poseReview(d, pack, due, true)) return;
      const mastered = pack.order
        .map((id) => ({ id, s: conceptState(d.state.concepts, pack.id, id) }))
        .filter(({ id }) => isConceptMastered(pack, d.state.concepts, id))
        .sort((a, b) => (a.s.lastPracticed ?? 0) - (b.s.lastPracticed ?? 0));
      const next = mastered
        .map(({ s }) => s.review?.due)
        .filter((t): t is number => t !== undefined)
        .sort((a, b) => a - b)[0];
      const oldest = pack.concepts.get(mastered[0]?.id ?? '');
      say(d, { kind: 'no-review-due', ...(next !== undefined ? { nextDue: next } : {}), ...(oldest ? { conceptTitle: oldest.title } : {}) }, 'you asked to review; no concept is due yet');
      if (oldest && !openItem(d)) poseReview(d, pack, oldest, false);
      return;
    }
    case 'why':
      say(d, { kind: 'last-why', text: conv.lastWhy }, conv.lastWhy);
      return;
    case 'me': {
      const stored = {
        concepts: Object.keys(d.state.concepts).length,
        topics: Object.keys(d.state.packs).length,
        explanationStyles: Object.values(d.state.styles).reduce((n, arm) => n + (arm?.trials ?? 0), 0),
      };
      const classes = (d.ctx.classes?.memberships ?? []).map((c) => c.name);
      say(d, { kind: 'profile', profile: d.state.profile, stored, packs: Object.keys(d.state.packs), classes }, 'you asked what I store about you');
      return;
    }
    case 'join':
      joinClass(d, command.code);
      return;
    case 'leave':
      leaveClass(d, command.className);
      return;
    case 'classes': {
      const classes = (d.ctx.classes?.memberships ?? []).map((c) => ({ name: c.name, staff: c.staff }));
      say(d, { kind: 'classes', classes }, 'you asked which classes you are in and who sees your work');
      return;
    }
    case 'reset': {
      const found = findConcept(d, command.concept);
      if (!found) {
        const options = pack ? pack.order : [];
        say(d, { kind: 'unknown-concept', given: cleanProfileValue(command.concept, 40), options }, 'no concept has that name');
        return;
      }
      const state = editConcept(d, found.pack.id, found.conceptId);
      Object.assign(state, { pKnown: startingMastery(found.pack, found.conceptId), evidence: 0, correct: 0, wrong: 0, hints: 0, streak: 0 });
      delete state.recent;
      delete state.masteredAt;
      delete state.review;
      delete state.lastPracticed;
      const concept = found.pack.concepts.get(found.conceptId);
      if (concept) say(d, { kind: 'concept-reset', concept }, `you asked to start ${concept.title} afresh`);
      return;
    }
    case 'export':
      d.exportData = true;
      say(d, { kind: 'export', json: '' }, 'you asked for everything stored about you');
      return;
    case 'forget':
      conv.confirmForget = true;
      say(d, { kind: 'confirm-forget' }, 'deleting everything cannot be undone, so I ask first');
      return;
    case 'resume':
      // A channel opening the conversation again: carry on where it was.
      if (reshowOpen(d)) return;
      if (pack && conv.greeted && d.moves.length === 0) poseNext(d);
      else if (d.moves.length === 0 || !pack) showTopics(d, 'here is what there is to learn');
      return;
    case 'yes':
    case 'no':
      say(d, { kind: 'input-note', note: 'unknown-command' }, 'there was no question to say yes or no to');
      return;
    case 'unknown':
      say(d, { kind: 'input-note', note: 'unknown-command' }, `"/${cleanProfileValue(command.word, 30)}" is not a command I know`);
      return;
  }
}

function setProfile(d: Draft, field: 'name' | 'level' | 'goals' | 'style', raw: string): void {
  const value = cleanProfileValue(raw, field === 'goals' ? 200 : 60);
  if (field === 'style') {
    const style = styleFromWords(value);
    if (!style) {
      say(d, { kind: 'style-unknown', given: value }, `"${value}" is not one of the explanation styles`);
      return;
    }
    d.state.profile.style = style;
    say(d, { kind: 'style-set', style }, `you asked for ${style} explanations: they come first from now on`);
    return;
  }
  if (!value) {
    say(d, { kind: 'input-note', note: 'empty' }, `no ${field} was given`);
    return;
  }
  d.state.profile[field] = value;
  if (field === 'level') {
    // A level of 1-5 sets the working difficulty of the current topic directly.
    const level = Number(/\d+(\.\d+)?/.exec(value)?.[0]);
    const pack = currentPack(d);
    if (pack && level >= 1 && level <= 5) packState(d, pack.id).ability = level;
  }
  say(d, { kind: 'profile-updated', field, value }, `you told me your ${field}`);
}

function resolveChoice(d: Draft, choice: string): string | undefined {
  const m = /^answer:([^:]+):(\d+)$/.exec(choice);
  if (!m) return choice;
  const found = openItem(d);
  if (!found || found.item.id !== m[1] || found.item.answer.type !== 'choice') return undefined;
  return found.item.answer.options[Number(m[2])];
}

/** Decides the tutor's moves for one message. */
export function decideTurn(ctx: PolicyContext, prior: LearnerState, input: PolicyInput): Draft {
  const d = newDraft(ctx, prior, input.assist);
  respond(d, input);
  followAssignment(d, poseNext);
  return d;
}

function respond(d: Draft, input: PolicyInput): Draft {
  keepToOffers(d);
  const conv = d.state.conversation;
  conv.turns += 1;
  const firstContact = !conv.greeted;
  if (firstContact) {
    conv.greeted = true;
    say(d, { kind: 'welcome' }, 'this is our first conversation');
  }
  // What a teacher changed since the last turn comes first, with their reason.
  applyOverrides(d);
  if (input.notes.includes('binary')) {
    say(d, { kind: 'input-note', note: 'binary' }, 'the message looked like binary data rather than text');
    return d;
  }
  let text = input.text;
  if (input.choice !== undefined) {
    const resolved = resolveChoice(d, input.choice);
    if (resolved === undefined) {
      say(d, { kind: 'item-closed' }, 'that button belongs to a question that is no longer open');
      return d;
    }
    text = resolved;
  } else if (input.notes.includes('empty')) {
    if (firstContact) showTopics(d, 'a new learner: here is what there is to learn');
    else say(d, { kind: 'input-note', note: 'empty' }, 'the message was empty');
    return d;
  }
  if (input.notes.includes('cut')) say(d, { kind: 'input-note', note: 'cut' }, 'the message was longer than 4,000 characters');
  let command = parseCommand(text);
  if (conv.confirmForget) {
    conv.confirmForget = false;
    if (command?.name === 'yes') {
      d.forget = true;
      say(d, { kind: 'forgotten' }, 'you confirmed: everything about you is deleted');
      return d;
    }
    say(d, { kind: 'forget-cancelled' }, 'you did not confirm, so nothing was deleted');
    if (!command || command.name === 'no') return d;
  }
  const answering = openItem(d) !== undefined || conv.askedWhy !== undefined;
  if (command && (command.name === 'yes' || command.name === 'no') && answering) command = undefined;
  // "leave it" and the like are not about a class: only a class the learner is in makes "leave <name>" one.
  if (command?.name === 'leave' && !command.named && !classNamed(d, command.className)) command = undefined;
  // A message that answers the open question right is an answer, whatever words it shares with a command.
  const open = openItem(d);
  if (command && input.choice === undefined && !/^\s*\//.test(text) && open && grade(open.item.answer, text, open.item.prompt).verdict === 'correct') command = undefined;
  if (command) {
    runCommand(d, command);
    return d;
  }
  if (conv.askedWhy) {
    answerWhy(d, text);
    return d;
  }
  if (conv.open) {
    if (conv.placement) answerPlacement(d, text);
    else handleAnswer(d, text);
    return d;
  }
  if (text.length <= 40 && startNamedPack(d, text)) return d;
  const current = currentPack(d);
  const focus = current ? focusConcept(current, d.state.concepts) ?? current.concepts.get(current.order[0] ?? '') : undefined;
  if (current && focus && isLearnerQuestion(text)) {
    answerQuestion(d, current, focus, undefined, text);
    return d;
  }
  if (firstContact) showTopics(d, 'a new learner: here is what there is to learn');
  else if (currentPack(d)) {
    poseNext(d);
  } else say(d, { kind: 'nothing-open' }, 'no question is open and no topic is chosen');
  return d;
}


/** Joining is never silent: the learner is told who will now see their progress and answers. */
function joinClass(d: Draft, code: string): void {
  const found = d.ctx.classes?.joining;
  if (!found) {
    say(d, { kind: 'join-unknown', code: cleanProfileValue(code, 20) }, 'no class has that join code');
    return;
  }
  const conv = d.state.conversation;
  if ((conv.classes ?? []).includes(found.classId)) {
    say(d, { kind: 'already-joined', className: found.name }, 'you are in this class already');
    return;
  }
  conv.classes = [...(conv.classes ?? []), found.classId];
  d.classChanges.push({ join: found.classId });
  // A class that keeps worked solutions back does so for whoever joins it, and says so.
  if (found.solutions === 'hidden') conv.teacher = { ...conv.teacher, solutions: 'hidden' };
  say(d, { kind: 'joined', className: found.name, staff: found.staff, ...(found.solutions === 'hidden' ? { solutionsHidden: true } : {}) }, `you gave the join code of ${found.name}; its staff now see your progress and answers`);
}

/** The learner's class that a name given in a message stands for: the whole name, else a part of it. */
function classNamed(d: Draft, given: string) {
  const memberships = d.ctx.classes?.memberships ?? [];
  const wanted = given.trim().toLowerCase();
  if (!wanted) return undefined;
  return memberships.find((c) => c.name.toLowerCase() === wanted) ?? memberships.find((c) => c.name.toLowerCase().includes(wanted));
}

function leaveClass(d: Draft, given: string): void {
  const memberships = d.ctx.classes?.memberships ?? [];
  const wanted = given.trim().toLowerCase();
  const found = classNamed(d, given);
  if (!found || !wanted) {
    say(d, { kind: 'leave-unknown', given: cleanProfileValue(given, 40), classes: memberships.map((c) => c.name) }, 'you are in no class by that name');
    return;
  }
  d.state.conversation.classes = (d.state.conversation.classes ?? []).filter((id) => id !== found.classId);
  d.classChanges.push({ leave: found.classId });
  say(d, { kind: 'left', className: found.name }, `you asked to leave ${found.name}; its staff no longer see your work`);
}
