// A teacher's overrides, applied at the learner's next turn and told to them with the teacher's reason ("Your
// teacher moved you on to Comparing fractions: …"). Each keeps what it replaced, so that it can be undone.
import type { Pack } from '../curriculum/pack.ts';
import { startReview } from '../learner/review.ts';
import { masteryRule } from '../learner/selection.ts';
import { expectedMs } from '../learner/ability.ts';
import { learnFrom, reachMastery } from './practice.ts';
import { currentPack, editConcept, openItem, packState, say, type Draft, type TeacherOverride } from './draft.ts';

/** Where a learner must stand after a teacher marks a concept "not yet": practising, not near the threshold. */
const NOT_YET = 0.6;

function concept(d: Draft, o: TeacherOverride): { pack: Pack; title: string } | undefined {
  const pack = o.packId ? d.ctx.curriculum.packs.get(o.packId) : undefined;
  const title = pack && o.conceptId ? pack.concepts.get(o.conceptId)?.title : undefined;
  return pack && title ? { pack, title } : undefined;
}

/** Applies one override; what the learner is told, or undefined when it no longer fits the curriculum. */
function apply(d: Draft, o: TeacherOverride): { change: string; prior: unknown } | undefined {
  const conv = d.state.conversation;
  switch (o.kind) {
    case 'mastered':
    case 'not-mastered': {
      const found = concept(d, o);
      if (!found || !o.conceptId) return undefined;
      const state = editConcept(d, found.pack.id, o.conceptId);
      const prior = { pKnown: state.pKnown, masteredAt: state.masteredAt ?? null };
      if (o.kind === 'mastered') {
        state.pKnown = Math.max(state.pKnown, masteryRule(found.pack).threshold);
        state.masteredAt = d.ctx.now;
        // Mastered concepts come back for review, whoever declared them mastered.
        state.review ??= startReview(d.ctx.now);
        return { change: `Your teacher marked **${found.title}** as mastered`, prior };
      }
      state.pKnown = Math.min(state.pKnown, NOT_YET);
      delete state.masteredAt;
      delete state.review;
      return { change: `Your teacher would like you to keep practising **${found.title}**`, prior };
    }
    case 'next': {
      const found = concept(d, o);
      if (!found || !o.conceptId) return undefined;
      const ps = packState(d, found.pack.id);
      const prior = { packId: conv.packId ?? null, assigned: ps.assigned ?? null };
      ps.assigned = o.conceptId;
      ps.placed = true;
      if (conv.packId !== found.pack.id || openItem(d)?.item.conceptId !== o.conceptId) {
        conv.packId = found.pack.id;
        conv.open = undefined;
        conv.askedWhy = undefined;
        conv.placement = undefined;
      }
      d.assigned = { packId: found.pack.id, conceptId: o.conceptId };
      return { change: `Your teacher moved you on to **${found.title}**`, prior };
    }
    case 'level': {
      const pack = o.packId ? d.ctx.curriculum.packs.get(o.packId) : undefined;
      if (!pack || o.level === undefined || !Number.isFinite(o.level)) return undefined;
      const ps = packState(d, pack.id);
      const prior = { ability: ps.ability };
      ps.ability = Math.min(5, Math.max(1, o.level));
      return { change: `Your teacher set your working level in **${pack.spec.title}** to ${ps.ability.toFixed(1)} (of 5)`, prior };
    }
    case 'grade': {
      // The teacher's grade of an answer the model could not grade with confidence: it counts as that answer's
      // verdict for the learner model, as an answer graded at once would have.
      const found = concept(d, o);
      const item = found && o.itemId ? found.pack.items.get(o.itemId) : undefined;
      if (!found || !item || !o.conceptId || !o.verdict) return undefined;
      const prior = { pKnown: editConcept(d, found.pack.id, o.conceptId).pKnown };
      const correct = o.verdict === 'correct';
      // Counted as any answer is, at an ordinary pace (the hints used then are not known: none are assumed).
      learnFrom(d, found.pack, item, { hintsUsed: 0, mode: 'practice' }, correct, 'normal', expectedMs(item));
      const graded = found.pack.concepts.get(o.conceptId);
      const mastered = correct && graded !== undefined && reachMastery(d, found.pack, graded);
      const said = correct ? 'right' : o.verdict === 'partial' ? 'partly right' : 'not right yet';
      return { change: `Your teacher read your answer to "${item.prompt.split('\n')[0]?.slice(0, 120) ?? ''}" and marked it ${said}${mastered ? `: with it, **${found.title}** is mastered` : ''}`, prior };
    }
    case 'solutions': {
      const prior = { solutions: conv.teacher?.solutions ?? null };
      conv.teacher = { ...conv.teacher, solutions: o.solutions === 'hidden' ? 'hidden' : 'course' };
      return {
        change: o.solutions === 'hidden' ? 'Your teacher asked me not to show worked solutions for now' : 'Your teacher let me show worked solutions again, as the course allows',
        prior,
      };
    }
  }
}

/** Applies the overrides not yet seen, in the order they were made, each told with its reason. */
export function applyOverrides(d: Draft): void {
  for (const o of d.ctx.classes?.overrides ?? []) {
    const applied = apply(d, o);
    // One that no longer fits (a concept removed from the course) is set aside, never applied later by surprise.
    d.appliedOverrides.push({ id: o.id, prior: applied?.prior ?? null });
    if (applied) say(d, { kind: 'teacher-override', change: applied.change, reason: o.reason }, `${o.staff}, teacher of ${o.className}, decided this: ${o.reason}`);
  }
}

/** The concept a teacher assigned, while it is not yet mastered: the next one taught in its pack. */
export function assignedConcept(d: Draft, pack: Pack): string | undefined {
  const ps = packState(d, pack.id);
  const id = ps.assigned;
  if (!id) return undefined;
  const state = d.state.concepts[`${pack.id}/${id}`];
  if (!pack.concepts.has(id) || state?.masteredAt !== undefined) {
    delete ps.assigned;
    return undefined;
  }
  return id;
}

/** After a teacher moved the learner on this turn: their assigned concept is posed if nothing else is open. */
export function followAssignment(d: Draft, poseNext: (d: Draft) => void): void {
  if (!d.assigned || openItem(d) || d.forget) return;
  if (currentPack(d)?.id !== d.assigned.packId) return;
  poseNext(d);
}
