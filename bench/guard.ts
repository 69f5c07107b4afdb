// npm run bench:guard: the answer guard's leak detector on MRBench v2 (dev half), against people's labels, in
// runtime mode (prompt + the conversation the learner has seen), per half, with the provenance of the rules
// (bench/guard-provenance.json) and the floor the data's README gives. No model is called. Ends with one JSON
// line of the figures.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { formatEvaluation, guardFigures } from '../src/cli/guard.ts';
import { evaluateGuardFile } from '../src/guard/evaluate.ts';
import { readProvenance } from '../src/guard/mrbench.ts';

// The data lives beside the repository, never in it (its licence and the held-back half both ask for that).
const repoRoot = resolve(import.meta.dirname, '..');
const file = resolve(repoRoot, '../shared/data/mrbench-dev/mrbench_v2_dev.json');
// Which dev dialogues were read while rules were written: kept in the repository, updated whenever rules are.
const provenanceFile = resolve(import.meta.dirname, 'guard-provenance.json');
// From the data's README: a response "leaks" when it contains the final number (MathDial-based responses).
const README_FLOOR = { precision: 0.53, recall: 0.72 };

if (!existsSync(file)) {
  console.log(`MRBench data not found at ${file}; nothing to measure.`);
  process.exit(0);
}

const provenance = readProvenance(provenanceFile);
const result = evaluateGuardFile(file, { provenance });
const figures = guardFigures(result);
for (const line of formatEvaluation(result, { provenanceSource: relative(repoRoot, provenanceFile) })) console.log(line);
const meets = (x: number, min: number) => (x >= min ? 'meets' : 'below');
console.log(
  `README floor precision ${README_FLOOR.precision.toFixed(2)}, recall ${README_FLOOR.recall.toFixed(2)}: ` +
    `runtime mode precision ${meets(figures.precision, README_FLOOR.precision)}, recall ${meets(figures.recall, README_FLOOR.recall)}`,
);
console.log(JSON.stringify({ file, ...figures, readmeFloor: README_FLOOR }));
