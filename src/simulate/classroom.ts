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
import { summarize, type LearnerRun, type PolicyMetrics } from './metrics.ts';
import { startMind } from './mind.ts';
import { CLASSROOM, type ClassroomParams } from './params.ts';
import { createClassroom, type SimulatedLearner } from './population.ts';

export const GOAL = { answersRatio: 0.6, falseMastery: 0.05 } as const;

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
  policies?: Teaching[];
  params?: ClassroomParams;
  /** Called after each learner, e.g. to show progress. */
  onLearner?: (progress: { pack: string; policy: Teaching; done: number; of: number }) => void;
}

export interface PolicyResult {
  policy: Teaching;
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
}

export interface ClassroomReport {
  seed: number;
  learners: number;
  maxTurns: number;
  params: ClassroomParams;
  packs: PackResult[];
  /** The goal (ratio at most 0.60 and false mastery under 5%) on every pack; null unless both policies ran. */
  goalMet: boolean | null;
}

export const DEFAULTS = { learners: 200, seed: 1, maxTurns: 1500 } as const;
const START = Date.UTC(2026, 0, 5, 9);

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
  return { policy, metrics: summarize(runs), runs };
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
  const policies = options.policies ?? ['adaptive', 'fixed'];
  const packIds = options.packs ?? [...curriculum.packs.keys()];
  const packs: PackResult[] = [];
  for (const packId of packIds) {
    const pack = curriculum.packs.get(packId);
    if (!pack) throw Object.assign(new Error(`No pack "${packId}" in the curriculum; the packs are: ${[...curriculum.packs.keys()].join(', ')}.`), { code: 'SIMULATE_NO_PACK' });
    const classroom = createClassroom(pack, learners, seed, params);
    const results: PolicyResult[] = [];
    for (const policy of policies) {
      const onLearner = options.onLearner;
      results.push(await runPolicy(pack, curriculum, classroom, policy, { maxTurns, params, ...(onLearner ? { onLearner: (done: number) => onLearner({ pack: pack.id, policy, done, of: learners }) } : {}) }));
    }
    const adaptive = results.find((r) => r.policy === 'adaptive')?.metrics;
    const fixed = results.find((r) => r.policy === 'fixed')?.metrics;
    const goal = adaptive && fixed ? goalMet(adaptive, fixed) : undefined;
    packs.push({
      packId: pack.id,
      title: pack.spec.title,
      concepts: pack.order.length,
      knownAtStart: classroom.reduce((n, l) => n + l.knownAtStart.length, 0) / Math.max(1, classroom.length * pack.order.length),
      policies: results,
      answersRatio: goal ? goal.ratio : null,
      goalMet: goal ? goal.met : null,
    });
  }
  const verdicts = packs.map((p) => p.goalMet);
  return { seed, learners, maxTurns, params, packs, goalMet: verdicts.some((v) => v === null) ? null : verdicts.every(Boolean) };
}
