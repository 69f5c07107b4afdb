// Ponder's public surface. Adapters import from here and nothing deeper.
export { createTutor } from './tutor.ts';
export type { Tutor, Turn, Reply, TutorEvent, TurnResult, TutorOptions, Attachment, OpenItemView, Logger } from './tutor.ts';
export type { Choice } from './dialogue/choices.ts';
export { openPonder, defaultDbPath, defaultCurriculumDir } from './app.ts';
export type { Ponder, PonderOptions } from './app.ts';
export { loadCurriculum, loadPackWithProblems } from './curriculum/load.ts';
export { CurriculumError, formatProblem } from './curriculum/problems.ts';
export type { CurriculumProblem } from './curriculum/problems.ts';
export type { Curriculum, Pack, Concept, Item } from './curriculum/pack.ts';
export { openSqliteStore } from './store/sqlite.ts';
export type { Store, LearnerExport } from './store/store.ts';
export type { Model, SayContext } from './model/model.ts';
export { createOfflineModel } from './model/offline.ts';
export { STYLES } from './curriculum/schema.ts';
export type { Style } from './curriculum/schema.ts';
