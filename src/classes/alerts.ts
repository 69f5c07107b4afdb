// Alerts on a class overview, each with the evidence a teacher can check: stuck on a concept, answering too
// fast to be trying or leaning on hints, or away while reviews fall due. Computed from each learner's last
// attempts of the week, so that a class of thousands stays quick to show.
import type { Curriculum } from '../curriculum/pack.ts';

export interface AttemptRow {
  learner_id: string;
  pack_id: string;
  concept_id: string;
  item_id: string;
  /** As attempts store it: correct, partial, incorrect or unreadable. */
  verdict: string;
  hints_used: number;
  response_ms: number;
  at: number;
}

export interface Alert {
  kind: 'stuck' | 'gaming' | 'inactive';
  learnerId: string;
  learner: string;
  /** What the alert is about, in a few words. */
  title: string;
  /** The facts behind it, in words a teacher can check against the learner's record. */
  evidence: string;
}

/** Wrong first attempts in a row on one concept that make a learner stuck. */
const WRONG_IN_A_ROW = 3;
/** A wrong answer faster than this is a guess, not an attempt. */
const GUESS_MS = 4_000;
const GUESSES = 3;
/** Of the last attempts, this share with hints used is leaning on hints rather than trying. */
const HINT_SHARE = 0.7;
const HINT_MIN_ATTEMPTS = 5;
const INACTIVE_DAYS = 7;
const DAY = 86_400_000;

export function alertsFor(input: {
  curriculum: Curriculum;
  learners: ReadonlyArray<{ id: string; label: string; lastActive: number }>;
  /** Each learner's last attempts of the week, oldest first. */
  recent: readonly AttemptRow[];
  /** Learners with a review overdue. */
  overdue: ReadonlySet<string>;
  now: number;
}): Alert[] {
  const byLearner = new Map<string, AttemptRow[]>();
  for (const a of input.recent) byLearner.set(a.learner_id, [...(byLearner.get(a.learner_id) ?? []), a]);
  const conceptTitle = (packId: string, conceptId: string) => input.curriculum.packs.get(packId)?.concepts.get(conceptId)?.title ?? conceptId;
  const hintCount = (packId: string, itemId: string) => input.curriculum.packs.get(packId)?.items.get(itemId)?.hints.length ?? 0;
  const alerts: Alert[] = [];
  for (const learner of input.learners) {
    const attempts = byLearner.get(learner.id) ?? [];
    const base = { learnerId: learner.id, learner: learner.label };
    // Stuck: the latest answers on one concept all wrong, or the whole hint ladder used on it more than once.
    const last = attempts.at(-1);
    if (last) {
      const onConcept = attempts.filter((a) => a.pack_id === last.pack_id && a.concept_id === last.concept_id);
      let wrongRun = 0;
      for (let i = onConcept.length - 1; i >= 0 && onConcept[i]?.verdict === 'incorrect'; i--) wrongRun += 1;
      const exhausted = onConcept.filter((a) => a.hints_used > 0 && a.hints_used >= hintCount(a.pack_id, a.item_id)).length;
      if (wrongRun >= WRONG_IN_A_ROW || exhausted > 1) {
        const facts = [...(wrongRun >= WRONG_IN_A_ROW ? [`${wrongRun} wrong answers in a row`] : []), ...(exhausted > 1 ? [`every hint used on ${exhausted} questions`] : [])];
        alerts.push({ ...base, kind: 'stuck', title: `Stuck on ${conceptTitle(last.pack_id, last.concept_id)}`, evidence: `${facts.join('; ')} this week` });
      }
    }
    const guesses = attempts.filter((a) => a.verdict === 'incorrect' && a.response_ms > 0 && a.response_ms < GUESS_MS);
    const hinted = attempts.filter((a) => a.hints_used > 0);
    if (guesses.length >= GUESSES) {
      alerts.push({ ...base, kind: 'gaming', title: 'Answering faster than they can think', evidence: `${guesses.length} wrong answers in under ${GUESS_MS / 1000} s each, of their last ${attempts.length}` });
    } else if (attempts.length >= HINT_MIN_ATTEMPTS && hinted.length / attempts.length >= HINT_SHARE) {
      alerts.push({ ...base, kind: 'gaming', title: 'Leaning on hints', evidence: `hints used on ${hinted.length} of their last ${attempts.length} questions` });
    }
    const away = Math.floor((input.now - learner.lastActive) / DAY);
    if (away >= INACTIVE_DAYS && input.overdue.has(learner.id)) {
      alerts.push({ ...base, kind: 'inactive', title: `Away for ${away} days`, evidence: `last active ${new Date(learner.lastActive).toISOString().slice(0, 10)}, with reviews overdue` });
    }
  }
  return alerts;
}
