// npm run bench:guard: the answer guard's leak detector on MRBench v2 (dev half), no model calls.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluateGuardFile } from '../src/guard/evaluate.ts';

const file = resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'mrbench-dev', 'mrbench_v2_dev.json');
if (!existsSync(file)) {
  console.log(`MRBench data not found at ${file}; nothing to measure.`);
  process.exit(0);
}
const result = evaluateGuardFile(file);
const { overall, naive } = result;
console.log(`${result.dialogues.scored} of ${result.dialogues.total} dialogues scored, ${overall.responses} labelled responses`);
console.log(`guard:       precision ${overall.precision.toFixed(3)}, recall ${overall.recall.toFixed(3)} (goal: recall >= 0.9, precision >= 0.8)`);
console.log(`naive floor: precision ${naive.precision.toFixed(3)}, recall ${naive.recall.toFixed(3)}`);
console.log(`halves: even ${result.halves.even.precision.toFixed(3)}/${result.halves.even.recall.toFixed(3)}, odd ${result.halves.odd.precision.toFixed(3)}/${result.halves.odd.recall.toFixed(3)} (precision/recall)`);
console.log(JSON.stringify({ precision: overall.precision, recall: overall.recall, f1: overall.f1, naivePrecision: naive.precision, naiveRecall: naive.recall, responses: overall.responses }));
