// npm run bench:guard: the answer guard's leak detector on MRBench v2 (dev half), against people's labels and
// the floor the data's README gives. No model is called. Ends with one JSON line of the figures.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatEvaluation, guardFigures } from '../src/cli/guard.ts';
import { evaluateGuardFile } from '../src/guard/evaluate.ts';

// The data lives beside the repository, never in it (its licence and the held-back half both ask for that).
const repoRoot = resolve(import.meta.dirname, '..');
const file = resolve(repoRoot, '../shared/data/mrbench-dev/mrbench_v2_dev.json');
// From the data's README: a response "leaks" when it contains the final number.
const README_FLOOR = { precision: 0.53, recall: 0.72 };
const GOAL = { precision: 0.8, recall: 0.9 };

if (!existsSync(file)) {
  console.log(`MRBench data not found at ${file}; nothing to measure.`);
  process.exit(0);
}

const result = evaluateGuardFile(file);
const figures = guardFigures(result);
for (const line of formatEvaluation(result)) console.log(line);
const versus = (name: string, target: { precision: number; recall: number }) =>
  `${name} precision ${target.precision.toFixed(2)}, recall ${target.recall.toFixed(2)}: ` +
  `precision ${figures.precision >= target.precision ? 'meets' : 'below'}, recall ${figures.recall >= target.recall ? 'meets' : 'below'}`;
console.log(versus('README floor', README_FLOOR));
console.log(versus('goal', GOAL));
console.log(JSON.stringify({ file, ...figures, readmeFloor: README_FLOOR, goal: GOAL }));
