// npm run bench:dialogue [-- <curriculum folder or pack folder> ...]: scripted learners of every kind (strong,
// strong and quick, persistent misconception, "I don't know", copier, fast guesser) on every pack, with the rules the tutor must
// keep counted turn by turn. Default: the bundled packs. Any folder of packs, or one pack folder, can be given:
// the goal (zero violations) is the same on packs the tutor has never seen.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultCurriculumDir } from '../src/app.ts';
import type { Pack } from '../src/curriculum/pack.ts';
import { loadCurriculum, loadPackWithProblems } from '../src/curriculum/load.ts';
import { formatDialogueReport, runDialogueBench } from '../src/simulate/dialogue-bench.ts';

function packsFrom(path: string): Pack[] {
  if (existsSync(join(path, 'pack.yaml'))) {
    const { pack, problems } = loadPackWithProblems(path);
    if (!pack) throw new Error(`${path}: ${problems.map((p) => `${p.file}: ${p.field} ${p.message}`).join('; ')}`);
    return [pack];
  }
  return [...loadCurriculum(path).curriculum.packs.values()];
}

const folders = process.argv.slice(2);
const packs = (folders.length > 0 ? folders : [defaultCurriculumDir()]).flatMap(packsFrom);
const started = performance.now();
const report = await runDialogueBench(packs);
console.log(formatDialogueReport(report));
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
const counts = (v: Record<string, string[]>) => Object.fromEntries(Object.entries(v).map(([rule, list]) => [rule, list.length]));
console.log(JSON.stringify({ violations: report.totalViolations, runs: report.runs.map((r) => ({ pack: r.pack, learner: r.learner, turns: r.turns, answers: r.answers, mastered: r.mastered.length, violations: counts({ ...r.violations }) })) }));
process.exitCode = report.totalViolations > 0 ? 1 : 0;
