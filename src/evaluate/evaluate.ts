// The evaluation protocol of the knowledge-tracing literature: fit on the training learners, then predict
// every test response online from that learner's earlier responses only, and score the predictions.
import { performance } from 'node:perf_hooks';
import { ABILITY } from '../learner/ability.ts';
import { DEFAULT_BKT, type BktParams } from '../learner/mastery.ts';
import { COMPONENT_NAMES, predictSuccess, type Component } from '../learner/performance.ts';
import { fitBktPerSkill } from './bkt-fit.ts';
import { fitPerformance, type FittedModel } from './fit.ts';
import type { LogResponse } from './logs.ts';
import { score, type Scores } from './metrics.ts';
import { createReplay, replayAll } from './replay.ts';

export interface EvaluateOptions {
  components?: ReadonlySet<Component>;
  epochs?: number;
  seed?: number;
}

export interface Evaluation {
  scores: Scores;
  /** Wall time to predict one response and learn from its answer, in microseconds. */
  microsPerUpdate: number;
  fitSeconds: number;
  train: { responses: number; learners: number; items: number; skills: number };
  fitted: FittedModel;
}

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Item difficulty on the level scale from how often training learners got it right, shrunk toward the overall
 * rate; `heldOut` (that answer's correctness) removes one answer, so a training learner's own answer never
 * rates the item it answers.
 */
export function itemRater(train: readonly LogResponse[]) {
  const counts = new Map<string, { right: number; total: number }>();
  let right = 0;
  for (const r of train) {
    const c = counts.get(r.item) ?? { right: 0, total: 0 };
    c.right += r.correct ? 1 : 0;
    c.total += 1;
    counts.set(r.item, c);
    right += r.correct ? 1 : 0;
  }
  const overall = train.length > 0 ? right / train.length : 0.5;
  const prior = 2;
  return (item: string, heldOut?: boolean): number => {
    const c = counts.get(item) ?? { right: 0, total: 0 };
    const own = heldOut === undefined ? 0 : 1;
    const rate = (c.right - (heldOut ? 1 : 0) + prior * overall) / (c.total - own + prior);
    return ABILITY.start + (ABILITY.offset - logit(Math.min(0.99, Math.max(0.01, rate)))) / ABILITY.slope;
  };
}

export function fitOnLog(train: readonly LogResponse[], options: EvaluateOptions & { priorDifficulty?: (item: string) => number } = {}): FittedModel & { rate: ReturnType<typeof itemRater> } {
  const components = options.components ?? new Set(COMPONENT_NAMES);
  const fittedBkt = components.has('mastery') ? fitBktPerSkill(train) : new Map<string, BktParams>();
  const bkt = (skill: string) => fittedBkt.get(skill) ?? DEFAULT_BKT;
  const rate = itemRater(train);
  const steps = replayAll(train, { bkt, difficulty: (r) => rate(r.item, r.correct) });
  const fitted = fitPerformance(steps, {
    components,
    priorDifficulty: options.priorDifficulty ?? (() => ABILITY.start),
    bkt: fittedBkt,
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  return { ...fitted, rate };
}

export function evaluate(train: readonly LogResponse[], test: readonly LogResponse[], options: EvaluateOptions = {}): Evaluation {
  const started = performance.now();
  const fitted = fitOnLog(train, options);
  const fitSeconds = (performance.now() - started) / 1000;
  const { model, items, rate } = fitted;
  const replay = createReplay({ bkt: (skill) => model.concepts[skill]?.bkt ?? DEFAULT_BKT, difficulty: (r) => rate(r.item) });
  const predicted = new Float64Array(test.length);
  const actual = test.map((r) => r.correct);
  const t0 = performance.now();
  for (let n = 0; n < test.length; n++) {
    const r = test[n]!;
    const evidence = replay.before(r);
    predicted[n] = predictSuccess(model, r.skill, items.get(r.item)?.difficulty ?? ABILITY.start, evidence);
    replay.after(r, evidence);
  }
  const microsPerUpdate = ((performance.now() - t0) * 1000) / Math.max(1, test.length);
  return {
    scores: score(predicted, actual),
    microsPerUpdate,
    fitSeconds,
    train: {
      responses: train.length,
      learners: new Set(train.map((r) => r.user)).size,
      items: new Set(train.map((r) => r.item)).size,
      skills: new Set(train.map((r) => r.skill)).size,
    },
    fitted,
  };
}

export interface AblationRow {
  label: string;
  components: Component[];
  scores: Scores;
}

/** The full model, the model without each part in turn, and the static item-and-concept model for reference. */
export function ablate(train: readonly LogResponse[], test: readonly LogResponse[], options: EvaluateOptions = {}): AblationRow[] {
  const all = COMPONENT_NAMES;
  const variants: Array<{ label: string; components: Component[] }> = [
    { label: 'full model', components: all },
    ...all.map((c) => ({ label: `without ${c}`, components: all.filter((x) => x !== c) })),
    { label: 'item + concept only (static, IRT-like)', components: ['item', 'concept'] },
  ];
  return variants.map((v) => ({ ...v, scores: evaluate(train, test, { ...options, components: new Set(v.components) }).scores }));
}
