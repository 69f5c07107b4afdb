// The simulated classroom's parameters. Each learner draws their own values from these ranges, which are the
// typical ranges of fitted knowledge-tracing models; docs/learner-model.md ("Simulated classroom") gives the
// sources. They are fixed here and never tuned to the outcome: change them only with a new source.

export type Range = readonly [number, number];

export interface ClassroomParams {
  /** P(S), per learner: answers wrong while knowing the concept. */
  slip: Range;
  /** P(G), per learner, on free-response items; a choice item's guess is 1 / its number of options. */
  guess: Range;
  /** P(T), per learner: learns the concept at one practice opportunity (a graded answer). */
  learnRate: Range;
  /** Per learner and style: learns the concept from one explanation in that style. */
  styleResponsiveness: Range;
  /**
   * How far into the teaching order a learner already knows things is uniform over the whole order; each
   * concept is out of step with that frontier with this chance (a gap before it, an island after it).
   */
  outOfStep: number;
  /** Of the wrong answers to an item with known misconceptions, the share that shows one of them. */
  misconceptionShare: number;
  /** Spread (log-normal sigma) of answer times around the item's expected time. */
  timeSpread: number;
}

export const CLASSROOM: ClassroomParams = {
  slip: [0.05, 0.15],
  guess: [0.05, 0.25],
  learnRate: [0.05, 0.25],
  styleResponsiveness: [0.05, 0.3],
  outOfStep: 0.1,
  misconceptionShare: 0.5,
  timeSpread: 0.35,
};

/** A simulated classroom's size, seed and turn limit unless told otherwise. */
export const DEFAULTS = { learners: 200, seed: 1, maxTurns: 1500 } as const;
