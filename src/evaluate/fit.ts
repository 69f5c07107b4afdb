// Fits the performance model (src/learner/performance.ts) to replayed responses: a sparse logistic
// regression with one weight per feature, per concept (bias and its own count weights) and per item (how much
// easier or harder it is than its prior difficulty), trained by AdaGrad with L2 shrinkage toward the prior.
import { ABILITY } from '../learner/ability.ts';
import type { BktParams } from '../learner/mastery.ts';
import { COMPONENTS, FEATURES, LEVEL_LOGITS, featureValues, itemTerm, type Component, type FeatureName, type PerformanceModel } from '../learner/performance.ts';
import { seeded } from '../random.ts';
import type { ReplayStep } from './replay.ts';

export interface FitOptions {
  components: ReadonlySet<Component>;
  /** The item's difficulty before any data: its authored level, or the starting level when there is none. */
  priorDifficulty: (item: string) => number;
  bkt: ReadonlyMap<string, BktParams>;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

export interface ItemFit {
  difficulty: number;
  responses: number;
}

export interface FittedModel {
  model: PerformanceModel;
  items: Map<string, ItemFit>;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function fitPerformance(steps: readonly ReplayStep[], options: FitOptions): FittedModel {
  const { components } = options;
  const features = FEATURES.filter((f) => COMPONENT_OF[f] !== undefined && components.has(COMPONENT_OF[f]));
  const index = new Map<string, number>([['bias', 0]]);
  const slot = (name: string) => {
    let at = index.get(name);
    if (at === undefined) index.set(name, (at = index.size));
    return at;
  };
  for (const f of features) slot(`f:${f}`);

  // Flattened sparse rows: offsets into one index and one value array, plus a fixed offset per row.
  const starts = new Int32Array(steps.length + 1);
  const idx: number[] = [];
  const val: number[] = [];
  const offset = new Float64Array(steps.length);
  const y = new Uint8Array(steps.length);
  const itemCounts = new Map<string, number>();
  steps.forEach((step, n) => {
    const { response: r, evidence } = step;
    const x = featureValues(evidence);
    const push = (i: number, v: number) => {
      if (v !== 0) {
        idx.push(i);
        val.push(v);
      }
    };
    push(0, 1);
    for (const f of features) push(index.get(`f:${f}`)!, x[f]);
    if (components.has('concept')) push(slot(`c:${r.skill}`), 1);
    if (components.has('counts')) {
      push(slot(`cc:${r.skill}`), x.correct);
      push(slot(`cw:${r.skill}`), x.wrong);
    }
    if (components.has('item')) push(slot(`i:${r.item}`), 1);
    itemCounts.set(r.item, (itemCounts.get(r.item) ?? 0) + 1);
    offset[n] = itemTerm(options.priorDifficulty(r.item));
    y[n] = r.correct ? 1 : 0;
    starts[n + 1] = idx.length;
  });

  const w = new Float64Array(index.size);
  const g2 = new Float64Array(index.size).fill(1e-8);
  const rate = options.learningRate ?? 0.1;
  const l2 = options.l2 ?? 1e-4;
  const random = seeded(options.seed ?? 7);
  const order = Int32Array.from({ length: steps.length }, (_, i) => i);
  for (let epoch = 0; epoch < (options.epochs ?? 8); epoch++) {
    for (let k = order.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      const t = order[k]!;
      order[k] = order[j]!;
      order[j] = t;
    }
    for (const n of order) {
      let z = offset[n]!;
      for (let q = starts[n]!; q < starts[n + 1]!; q++) z += w[idx[q]!]! * val[q]!;
      const error = sigmoid(z) - y[n]!;
      for (let q = starts[n]!; q < starts[n + 1]!; q++) {
        const i = idx[q]!;
        const g = error * val[q]! + l2 * w[i]!;
        g2[i] = g2[i]! + g * g;
        w[i] = w[i]! - (rate * g) / Math.sqrt(g2[i]!);
      }
    }
  }
  return toModel(w, index, options, itemCounts);
}

const COMPONENT_OF: Partial<Record<FeatureName, Component>> = Object.fromEntries(
  Object.entries(COMPONENTS).flatMap(([component, names]) => (names as readonly FeatureName[]).map((f) => [f, component as Component])),
);

function toModel(w: Float64Array, index: Map<string, number>, options: FitOptions, itemCounts: Map<string, number>): FittedModel {
  const weight = (name: string) => {
    const at = index.get(name);
    return at === undefined ? 0 : w[at]!;
  };
  const weights = Object.fromEntries(FEATURES.map((f) => [f, weight(`f:${f}`)])) as Record<FeatureName, number>;
  const model: PerformanceModel = { bias: weight('bias'), weights, concepts: {} };
  const skills = new Set<string>(options.bkt.keys());
  for (const name of index.keys()) if (name.startsWith('c:')) skills.add(name.slice(2));
  for (const skill of skills) {
    const bkt = options.bkt.get(skill);
    model.concepts[skill] = {
      bias: weight(`c:${skill}`),
      correct: weight(`cc:${skill}`),
      wrong: weight(`cw:${skill}`),
      ...(bkt ? { bkt } : {}),
    };
  }
  const items = new Map<string, ItemFit>();
  for (const [item, responses] of itemCounts) {
    // An easier item has a positive weight: it sits below its prior on the difficulty scale.
    const difficulty = options.priorDifficulty(item) - weight(`i:${item}`) / LEVEL_LOGITS;
    items.set(item, { difficulty: Math.min(ABILITY.max + 4, Math.max(ABILITY.min - 4, difficulty)), responses });
  }
  return { model, items };
}
