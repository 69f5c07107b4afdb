// Start-up: the curriculum, the store and the model wired into a tutor, with clear errors when any is wrong.
import { createClassroom, type Classroom } from './classes/classroom.ts';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCurriculum } from './curriculum/load.ts';
import type { Curriculum } from './curriculum/pack.ts';
import type { CurriculumProblem } from './curriculum/problems.ts';
import type { Model } from './model/model.ts';
import { openStore } from './store/open.ts';
import type { Store } from './store/store.ts';
import type { Teaching } from './dialogue/draft.ts';
import { createTutor, type Logger, type Tutor } from './tutor.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export const defaultCurriculumDir = (): string => process.env.PONDER_CURRICULUM ?? resolve(ROOT, 'curriculum');
export const defaultDbPath = (): string => process.env.PONDER_DB ?? resolve(process.cwd(), 'data', 'ponder.db');

export interface PonderOptions {
  curriculumDir?: string;
  dbPath?: string;
  store?: Store;
  model?: Model;
  now?: () => number;
  logger?: Logger;
  modelBudgetMs?: number;
  /** See TutorOptions.teaching: `fixed` is the baseline policy for comparisons. */
  teaching?: Teaching;
  /** See TutorOptions.guardJudge. */
  guardJudge?: boolean;
}

export interface Ponder {
  tutor: Tutor;
  /** Classes, staff and what staff see and change (the teachers' dashboard calls it). */
  classroom: Classroom;
  store: Store;
  curriculum: Curriculum;
  warnings: CurriculumProblem[];
  close(): Promise<void>;
}

/** Loads the curriculum (throwing a CurriculumError that names file, field and fix) and opens the store. */
export function openPonder(options: PonderOptions = {}): Ponder {
  const { curriculum, warnings } = loadCurriculum(options.curriculumDir ?? defaultCurriculumDir());
  const store = options.store ?? openStore(options.dbPath ?? defaultDbPath());
  const tutor = createTutor({
    curriculum,
    store,
    ...(options.model ? { model: options.model } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.modelBudgetMs ? { modelBudgetMs: options.modelBudgetMs } : {}),
    ...(options.teaching ? { teaching: options.teaching } : {}),
    ...(options.guardJudge ? { guardJudge: true } : {}),
  });
  const classroom = createClassroom({ sql: store.sql, curriculum, ...(options.now ? { now: options.now } : {}) });
  return { tutor, store, curriculum, classroom, warnings, close: () => store.close() };
}
