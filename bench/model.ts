// npm run bench:model: the learner model held to real student data (ASSISTments 2009 skill builder, the split
// of Gervet et al. 2020), with what each part of it buys. Set KT_DATA to another folder with train.tsv and
// test.tsv to run it elsewhere.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ablate, evaluate } from '../src/evaluate/evaluate.ts';
import { readLog } from '../src/evaluate/logs.ts';
import { formatAblations, formatEvaluation } from '../src/evaluate/report.ts';

const dir = resolve(process.env.KT_DATA ?? join(import.meta.dirname, '..', '..', 'shared', 'data', 'kt-assist09'));
const files = { train: join(dir, 'train.tsv'), test: join(dir, 'test.tsv') };
if (!existsSync(files.train) || !existsSync(files.test)) {
  process.stderr.write(`No response logs at ${dir}. Fix: set KT_DATA to a folder holding train.tsv and test.tsv (user_id item_id timestamp correct skill_id).\n`);
  process.exit(2);
}
const train = readLog(files.train);
const test = readLog(files.test);
const result = evaluate(train, test);
process.stdout.write(`${formatEvaluation(result, files)}\n\n`);
process.stdout.write('Published on this split (Gervet et al. 2020): IRT 0.69, PFA 0.72, DKT 0.75, SAKT 0.75, Best-LR 0.77 AUC.\n\n');
const rows = ablate(train, test);
process.stdout.write(`${formatAblations(rows)}\n`);
const goal = 0.77;
process.stdout.write(`\nGoal: AUC >= ${goal} on the test split: ${result.scores.auc >= goal ? 'met' : 'NOT met'} (${result.scores.auc.toFixed(4)}).\n`);
process.stdout.write(
  `${JSON.stringify({ auc: result.scores.auc, rmse: result.scores.rmse, accuracy: result.scores.accuracy, responses: result.scores.responses, microsPerUpdate: result.microsPerUpdate, ablations: Object.fromEntries(rows.map((r) => [r.label, r.scores.auc])) })}\n`,
);
