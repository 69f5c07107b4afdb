// Predicted success of an item for a learner: a logistic model over what the learner model keeps (ability,
// mastery, answer counts and recency per concept and per pack) plus the item's difficulty and the concept's
// own parameters. It has the form of performance-factor and "best logistic regression" knowledge-tracing
// models (Pavlik et al. 2009; Gervet et al. 2020): the tutor's hand-set default is one point in it, and
// `ponder model calibrate` fits the rest from a school's logs. Every input is O(1) to keep up to date.
import type { Pack } from '../curriculum/pack.ts';
import { ABILITY } from './ability.ts';
import { answered, type AnswerHistory } from './history.ts';
import { DEFAULT_BKT, type BktParams } from './mastery.ts';
import { own } from '../own.ts';

export const FEATURES = [
  'ability',
  'mastery',
  'correct',
  'wrong',
  'totalCorrect',
  'totalWrong',
  'recent',
  'first',
  'last',
  'streak',
  'totalRecent',
  'totalLast',
] as const;
export type FeatureName = (typeof FEATURES)[number];
export type FeatureWeights = Record<FeatureName, number>;

/** Which features make up each part of the model, so each part can be measured by leaving it out. */
export const COMPONENTS = {
  item: [],
  concept: [],
  ability: ['ability'],
  mastery: ['mastery'],
  counts: ['correct', 'wrong', 'totalCorrect', 'totalWrong'],
  recency: ['recent', 'first', 'last', 'streak', 'totalRecent', 'totalLast'],
} as const satisfies Record<string, readonly FeatureName[]>;
export type Component = keyof typeof COMPONENTS;
export const COMPONENT_NAMES = Object.keys(COMPONENTS) as Component[];

export interface ConceptParams {
  /** How much easier (in logits) this concept's items are than the model's average. */
  bias: number;
  /** Concept-specific weights on log(1 + correct) and log(1 + wrong) answers, added to the global ones. */
  correct: number;
  wrong: number;
  bkt: BktParams;
}

export interface PerformanceModel {
  bias: number;
  weights: FeatureWeights;
  concepts: Record<string, Partial<ConceptParams>>;
}

/** One difficulty level is this many logits, for items and learners alike. */
export const LEVEL_LOGITS = ABILITY.slope;

const zeroWeights = Object.fromEntries(FEATURES.map((f) => [f, 0])) as FeatureWeights;

/**
 * The tutor's model before any calibration: success at 75% for an item at the learner's level, shifted by
 * mastery (docs/learner-model.md). History features start at zero weight: no school's data says otherwise yet.
 */
export const DEFAULT_PERFORMANCE: PerformanceModel = {
  bias: ABILITY.offset,
  weights: { ...zeroWeights, ability: LEVEL_LOGITS, mastery: LEVEL_LOGITS * ABILITY.masteryWeight },
  concepts: {},
};

export interface LearnerEvidence {
  /** Working level on the items' difficulty scale. */
  ability: number;
  pKnown: number;
  concept: AnswerHistory;
  total: AnswerHistory;
}

const signed = (h: AnswerHistory) => (answered(h) === 0 ? 0 : h.streak > 0 ? 1 : -1);

export function featureValues(e: LearnerEvidence): FeatureWeights {
  return {
    ability: e.ability - ABILITY.start,
    mastery: e.pKnown - 0.5,
    correct: Math.log1p(e.concept.correct),
    wrong: Math.log1p(e.concept.wrong),
    totalCorrect: Math.log1p(e.total.correct),
    totalWrong: Math.log1p(e.total.wrong),
    recent: e.concept.recent === undefined ? 0 : e.concept.recent - 0.5,
    first: answered(e.concept) === 0 ? 1 : 0,
    last: signed(e.concept),
    streak: Math.log1p(e.concept.streak),
    totalRecent: e.total.recent === undefined ? 0 : e.total.recent - 0.5,
    totalLast: signed(e.total),
  };
}

/** The item's part of the logit: zero for an item at the starting level, one level harder costs LEVEL_LOGITS. */
export function itemTerm(difficulty: number): number {
  return -LEVEL_LOGITS * (difficulty - ABILITY.start);
}

export function conceptParams(model: PerformanceModel, conceptId: string): ConceptParams {
  const fitted = own(model.concepts, conceptId);
  return { bias: fitted?.bias ?? 0, correct: fitted?.correct ?? 0, wrong: fitted?.wrong ?? 0, bkt: fitted?.bkt ?? DEFAULT_BKT };
}

export function successLogit(model: PerformanceModel, conceptId: string, difficulty: number, evidence: LearnerEvidence): number {
  const x = featureValues(evidence);
  const concept = conceptParams(model, conceptId);
  let z = model.bias + concept.bias + itemTerm(difficulty) + concept.correct * x.correct + concept.wrong * x.wrong;
  for (const f of FEATURES) z += model.weights[f] * x[f];
  return z;
}

const packModels = new WeakMap<Pack, PerformanceModel>();

/** The pack's model: its calibration.yaml when it has one, else the default. */
export function packModel(pack: Pack): PerformanceModel {
  const calibration = pack.calibration;
  if (!calibration) return DEFAULT_PERFORMANCE;
  let model = packModels.get(pack);
  if (!model) {
    model = {
      bias: calibration.model.bias,
      weights: calibration.model.weights,
      concepts: Object.fromEntries(
        Object.entries(calibration.concepts).map(([id, c]) => [id, { bias: c.bias, correct: c.correct, wrong: c.wrong, ...(c.bkt ? { bkt: c.bkt } : {}) }]),
      ),
    };
    packModels.set(pack, model);
  }
  return model;
}

/** Mastery before any practice: the calibrated prior for this concept, or the default. */
export function startingMastery(pack: Pack, conceptId: string): number {
  return conceptParams(packModel(pack), conceptId).bkt.pInit;
}

/** Predicted chance of an unaided correct first answer. */
export function predictSuccess(model: PerformanceModel, conceptId: string, difficulty: number, evidence: LearnerEvidence): number {
  return 1 / (1 + Math.exp(-successLogit(model, conceptId, difficulty, evidence)));
}
