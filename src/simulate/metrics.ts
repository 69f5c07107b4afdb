// What one learner's run recorded, and the figures per policy computed from those records alone (pure, so
// the arithmetic can be checked on hand-built cases).
import type { Style } from '../curriculum/schema.ts';

/** The tutor declared a concept mastered; `known` is the hidden truth at that moment. */
export interface Declaration {
  conceptId: string;
  known: boolean;
  /** Declared by the placement check rather than by practice. */
  placement: boolean;
}

export interface ExplanationRecord {
  conceptId: string;
  style: Style;
  /** Best available style's responsiveness minus the chosen style's (0 when the best was chosen). */
  regret: number;
}

export interface LearnerRun {
  learnerId: string;
  /** Messages that answered an open item (placement and practice alike). */
  answers: number;
  /** Of those, answers on a concept the learner already truly knew. */
  answersOnKnown: number;
  /** Every concept of the pack was declared mastered within the turn cap. */
  finished: boolean;
  turns: number;
  declarations: Declaration[];
  explanations: ExplanationRecord[];
  /**
   * Per concept, the item (counting the concept's items from 1) during which the learner came to know it;
   * 0 when known before starting, absent when never learned in the run. What a worksheet's length must cover.
   */
  learnedAtItem: Record<string, number>;
}

export interface PolicyMetrics {
  learners: number;
  /** Share of learners who reached mastery of the whole pack within the cap. */
  finished: number;
  /** Answers to mastery of the whole pack; an unfinished learner counts with the answers given (a lower bound). */
  answersMean: number;
  answersMedian: number;
  declarations: number;
  /** Share of mastery declarations made while the learner did not know the concept. */
  falseMastery: number;
  /** Of the declarations, the share made by the placement check, and how many of those were false. */
  placementShare: number;
  placementFalse: number;
  /** Share of answers spent on concepts the learner already knew. */
  overPractice: number;
  explanations: number;
  /** Mean regret over explanations; null when there were none. */
  styleRegret: number | null;
}

export function styleRegret(responsiveness: Record<Style, number>, available: readonly Style[], chosen: Style): number {
  const best = Math.max(...available.map((s) => responsiveness[s]), responsiveness[chosen]);
  return best - responsiveness[chosen];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/**
 * The shortest worksheet (items per concept, at most `longest`) after which fewer than `goal` of the
 * learner-concept pairs would still not be known, judged from runs of a worksheet at least that long.
 */
export function worksheetLengthFor(runs: readonly LearnerRun[], concepts: readonly string[], goal: number, longest: number): number {
  const pairs = runs.length * concepts.length;
  for (let n = 1; n <= longest; n++) {
    const unknown = runs.reduce((sum, r) => sum + concepts.filter((c) => (r.learnedAtItem[c] ?? Infinity) > n).length, 0);
    if (share(unknown, pairs) < goal) return n;
  }
  return longest;
}
const mean = (values: readonly number[]) => share(values.reduce((a, b) => a + b, 0), values.length);

export function summarize(runs: readonly LearnerRun[]): PolicyMetrics {
  const declarations = runs.flatMap((r) => r.declarations);
  const explanations = runs.flatMap((r) => r.explanations);
  const answers = runs.map((r) => r.answers);
  const total = answers.reduce((a, b) => a + b, 0);
  return {
    learners: runs.length,
    finished: share(runs.filter((r) => r.finished).length, runs.length),
    answersMean: mean(answers),
    answersMedian: median(answers),
    declarations: declarations.length,
    falseMastery: share(declarations.filter((d) => !d.known).length, declarations.length),
    placementShare: share(declarations.filter((d) => d.placement).length, declarations.length),
    placementFalse: share(declarations.filter((d) => d.placement && !d.known).length, declarations.filter((d) => d.placement).length),
    overPractice: share(runs.reduce((n, r) => n + r.answersOnKnown, 0), total),
    explanations: explanations.length,
    styleRegret: explanations.length === 0 ? null : mean(explanations.map((e) => e.regret)),
  };
}
