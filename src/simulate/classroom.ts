// The simulated classroom: the same seeded population taught by each policy, on each pack, through the real
// tutor with a fresh SQLite store per pack and policy (item difficulties refined by one policy's learners
// must not help the other's).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCurriculumDir } from '../app.ts';
import { loadCurriculum } from '../curriculum/load.ts';
import type { Curriculum, Pack } from '../curriculum/pack.ts';
import type { Teaching } from '../dialogue/draft.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { createTutor } from '../tutor.ts';
import { runLearner } from './conversation.ts';
import { summarize, worksheetLengthFor, type LearnerRun, type PolicyMetrics } from './metrics.ts';
import { startMind } from './mind.ts';
import { CLASSROOM, DEFAULTS, type ClassroomParams } from './params.ts';
import { createClassroom, type SimulatedLearner } from './population.ts';

export const GOAL = { answersRatio: 0.6, falseMastery: 0.05 } as const;

/**
 * The policies compared. `fixed` keeps mastery learning (a concept ends at the pack's mastery rule) and
 * changes only order, difficulty and style; `worksheet` is the traditional fixed course: the same number of
 * items per concept for everyone, as few as keep its own false mastery under the goal (equal quality).
 */
export type PolicyName = 'adaptive' | 'fixed' | 'worksheet';

/** The longest worksheet tried when looking for the equal-quality length. */
export const LONGEST_WORKSHEET = 40;

export interface ClassroomOptions {
  /** The curriculum to load when none is given (default: the bundled packs, or PONDER_CURRICULUM). */
  curriculumDir?: string;
  curriculum?: Curriculum;
  /** Pack ids; every pack of the curriculum when absent. */
  packs?: string[];
  /** Learners per pack. */
  learners?: number;
  seed?: number;
  /** Turns a learner may take on a pack before the run stops them. */
  maxTurns?: number;
  policies?: PolicyName[];
  params?: ClassroomParams;
  /** Called after each learner, e.g. to show progress. */
  onLearner?: (progress: { pack: string; policy: string; done: number; of: number }) => void;
}

export interface PolicyResult {
  /** `adaptive`, `fixed`, or `worksheet-<items per concept>`. */
  policy: string;
  teaching: Teaching;
  metrics: PolicyMetrics;
  runs: LearnerRun[];
}

export interface PackResult {
  packId: string;
  title: string;
  concepts: number;
  /** Mean share of the pack's concepts the population knew before starting. */
  knownAtStart: number;
  policies: PolicyResult[];
  /** Adaptive mean answers to mastery over the fixed baseline's; null unless both policies ran. */
  answersRatio: number | null;
  goalMet: boolean | null;
  /** The equal-quality worksheet: its items per concept, adaptive answers over its answers, the goal on it. */
  worksheet: { length: number; answersRatio: number; goalMet: boolean } | null;
}

export interface ClassroomReport {
  seed: number;
  learners: number;
  maxTurns: number;
  params: ClassroomParams;
  packs: PackResult[];
  /** The goal (ratio at most 0.60 and false mastery under 5%) against the fixed baseline on every pack. */
  goalMet: boolean | null;
  /** The same goal against the equal-quality worksheet on every pack. */
  worksheetGoalMet: boolean | null;
}

export { DEFAULTS } from './params.ts';
const START = Date.UTC(2026, 0, 5, 9);

export const policyLabel = (teaching: Teaching): string => (typeof teaching === 'object' ? `worksheet-${teaching.worksheet}` : teaching);

export async function runPolicy(pack: Pack, curriculum: Curriculum, classroom: readonly SimulatedLearner[], policy: Teaching, options: { maxTurns: number; params: ClassroomParams; onLearner?: (done: number) => void }): Promise<PolicyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ponder-classroom-'));
  const store = openSqliteStore(join(dir, 'classroom.db'));
  const clock = { now: START };
  const tutor = createTutor({ curriculum, store, now: () => clock.now, teaching: policy });
  const runs: LearnerRun[] = [];
  try {
    for (const learner of classroom) {
      runs.push(await runLearner(tutor, pack, startMind(learner, options.params), { maxTurns: options.maxTurns, clock }));
      options.onLearner?.(runs.length);
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { policy: policyLabel(policy), teaching: policy, metrics: summarize(runs), runs };
}

type RunOptions = Parameters<typeof runPolicy>[4];

/**
 * The worksheet as short as keeps its false mastery under the goal: a long worksheet shows when each learner
 * came to know each concept, that gives the length, and the run at that length is measured (one item longer
 * while it still misses the goal).
 */
export async function runEqualQualityWorksheet(pack: Pack, curriculum: Curriculum, classroom: readonly SimulatedLearner[], options: RunOptions): Promise<PolicyResult> {
  const probe = await runPolicy(pack, curriculum, classroom, { worksheet: LONGEST_WORKSHEET }, options);
  let length = worksheetLengthFor(probe.runs, pack.order, GOAL.falseMastery, LONGEST_WORKSHEET);
  for (;;) {
    const result = length === LONGEST_WORKSHEET ? probe : await runPolicy(pack, curriculum, classroom, { worksheet: length }, options);
    if (result.metrics.falseMastery < GOAL.falseMastery || length >= LONGEST_WORKSHEET) return result;
    length += 1;
  }
}

export function goalMet(adaptive: PolicyMetrics, fixed: PolicyMetrics): { ratio: number; met: boolean } {
  const ratio = fixed.answersMean === 0 ? Infinity : adaptive.answersMean / fixed.answersMean;
  return { ratio, met: ratio <= GOAL.answersRatio && adaptive.falseMastery < GOAL.falseMastery };
}

export async function runClassroom(options: ClassroomOptions = {}): Promise<ClassroomReport> {
  const curriculum = options.curriculum ?? loadCurriculum(options.curriculumDir ?? defaultCurriculumDir()).curriculum;
  const learners = options.learners ?? DEFAULTS.learners;
  const seed = options.seed ?? DEFAULTS.seed;
  const maxTurns = options.maxTurns ?? DEFAULTS.maxTurns;
  const params = options.params ?? CLASSROOM;
  const policies = options.policies ?? ['adaptive', 'fixed', 'worksheet'];
  const packIds = options.packs ?? [...curriculum.packs.keys()];
  const packs: PackResult[] = [];
  for (const packId of packIds) {
    const pack = curriculum.packs.get(packId);
    if (!pack) throw Object.assign(new Error(`No pack "${packId}" in the curriculum; the packs are: ${[...curriculum.packs.keys()].join(', ')}.`), { code: 'SIMULATE_NO_PACK' });
    const classroom = createClassroom(pack, learners, seed, params);
    const results: PolicyResult[] = [];
    for (const policy of policies) {
      const onLearner = options.onLearner;
      const runOptions = { maxTurns, params, ...(onLearner ? { onLearner: (done: number) => onLearner({ pack: pack.id, policy, done, of: learners }) } : {}) };
      results.push(policy === 'worksheet' ? await runEqualQualityWorksheet(pack, curriculum, classroom, runOptions) : await runPolicy(pack, curriculum, classroom, policy, runOptions));
    }
    const adaptive = results.find((r) => r.policy === 'adaptive')?.metrics;
    const fixed = results.find((r) => r.policy === 'fixed')?.metrics;
    const goal = adaptive && fixed ? goalMet(adaptive, fixed) : undefined;
    const sheet = results.find((r) => typeof r.teaching === 'object');
    const sheetGoal = adaptive && sheet ? goalMet(adaptive, sheet.metrics) : undefined;
    packs.push({
      packId: pack.id,
      title: pack.spec.title,
      concepts: pack.order.length,
      knownAtStart: classroom.reduce((n, l) => n + l.knownAtStart.length, 0) / Math.max(1, classroom.length * pack.order.length),
      policies: results,
      answersRatio: goal ? goal.ratio : null,
      goalMet: goal ? goal.met : null,
      worksheet: sheet && sheetGoal && typeof sheet.teaching === 'object' ? { length: sheet.teaching.worksheet, answersRatio: sheetGoal.ratio, goalMet: sheetGoal.met } : null,
    });
  }
  const verdict = (values: Array<boolean | null>) => (values.some((v) => v === null) ? null : values.every(Boolean));
  return { seed, learners, maxTurns, params, packs, goalMet: verdict(packs.map((p) => p.goalMet)), worksheetGoalMet: verdict(packs.map((p) => p.worksheet?.goalMet ?? null)) };
}
