// The simulated classroom's public surface, for the bench script and a CLI command.
export { runClassroom, runPolicy, goalMet, GOAL, DEFAULTS } from './classroom.ts';
export type { ClassroomOptions, ClassroomReport, PackResult, PolicyResult } from './classroom.ts';
export { formatClassroom, classroomJson } from './report.ts';
export { summarize, styleRegret } from './metrics.ts';
export type { LearnerRun, PolicyMetrics, Declaration, ExplanationRecord } from './metrics.ts';
export { createClassroom, createLearner } from './population.ts';
export type { SimulatedLearner } from './population.ts';
export { CLASSROOM } from './params.ts';
export type { ClassroomParams } from './params.ts';
