// npm run bench:classroom: the simulated classroom, Ponder's adaptive policy against the fixed-order,
// fixed-difficulty baseline on every bundled pack, with the same seeded learners.
// CLASSROOM_LEARNERS (default 200 per pack), CLASSROOM_SEED (1), CLASSROOM_MAX_TURNS (1500), CLASSROOM_PACKS
// (comma-separated pack ids; default all). Prints a table, then one JSON line of the figures.
import { performance } from 'node:perf_hooks';
import { classroomJson, DEFAULTS, formatClassroom, runClassroom } from '../src/simulate/index.ts';

const numberFrom = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const started = performance.now();
const report = await runClassroom({
  learners: numberFrom('CLASSROOM_LEARNERS', DEFAULTS.learners),
  seed: numberFrom('CLASSROOM_SEED', DEFAULTS.seed),
  maxTurns: numberFrom('CLASSROOM_MAX_TURNS', DEFAULTS.maxTurns),
  ...(process.env.CLASSROOM_PACKS ? { packs: process.env.CLASSROOM_PACKS.split(',').map((p) => p.trim()).filter(Boolean) } : {}),
  onLearner: ({ pack, policy, done, of }) => {
    if (process.stderr.isTTY && (done % 10 === 0 || done === of)) process.stderr.write(`\r${pack} ${policy}: ${done}/${of}   `);
  },
});
if (process.stderr.isTTY) process.stderr.write('\n');
console.log(formatClassroom(report));
console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
console.log(classroomJson(report));
