// `ponder model ...`: hold the learner model to real response logs, and calibrate a pack from them.
// What each command runs is imported when it runs: every other command (a chat, the server) starts without it.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { findPack } from '../curriculum/pack.ts';
import { defaultCurriculumDir } from '../app.ts';
import { DEFAULTS } from '../simulate/params.ts';

const COLUMNS_HELP = 'map fields to your columns, e.g. user=student,item=problem_id,skill=kc,correct=first_correct,timestamp=t (defaults: user_id item_id skill_id correct timestamp)';

export function registerModelCommands(program: Command, out: (s: string) => void, err: (s: string) => void): void {
  const model = program.command('model').description('The learner model: evaluate it on response logs, calibrate a pack from them.');
  model
    .command('evaluate')
    .description('Fit on training learners, predict every test response online, print AUC, RMSE, accuracy and time per update.')
    .requiredOption('--train <file>', 'response log of the training learners (tab- or comma-separated, with a header)')
    .requiredOption('--test <file>', 'response log of the test learners')
    .option('--columns <mapping>', COLUMNS_HELP)
    .option('--ablations', 'also refit without each part of the model and show what each part buys')
    .option('--json', 'print one JSON object')
    .action(async (options: { train: string; test: string; columns?: string; ablations?: boolean; json?: boolean }) => {
      const { parseColumns, readLog } = await import('../evaluate/logs.ts');
      const { ablate, evaluate } = await import('../evaluate/evaluate.ts');
      const { formatAblations, formatEvaluation } = await import('../evaluate/report.ts');
      const columns = parseColumns(options.columns);
      const train = readLog(resolve(options.train), columns);
      const test = readLog(resolve(options.test), columns);
      const result = evaluate(train, test);
      const rows = options.ablations ? ablate(train, test) : undefined;
      if (options.json) {
        out(`${JSON.stringify({ ...result.scores, microsPerUpdate: result.microsPerUpdate, train: result.train, ...(rows ? { ablations: rows.map((r) => ({ label: r.label, auc: r.scores.auc, rmse: r.scores.rmse })) } : {}) })}\n`);
        return;
      }
      out(`${formatEvaluation(result, { train: options.train, test: options.test })}\n`);
      if (rows) out(`${formatAblations(rows)}\n`);
    });
  model
    .command('calibrate')
    .description('Fit per-concept mastery parameters and item difficulties from historical logs; write them beside the pack.')
    .requiredOption('--logs <file>', 'response log (skill = concept id, or item ids of the pack)')
    .requiredOption('--pack <id>', 'the pack to calibrate')
    .option('--curriculum <dir>', 'folder of curriculum packs (default: the bundled curriculum/)')
    .option('--columns <mapping>', COLUMNS_HELP)
    .option('--json', 'print the report as one JSON object')
    .action(async (options: { logs: string; pack: string; curriculum?: string; columns?: string; json?: boolean }) => {
      const { loadCurriculum } = await import('../curriculum/load.ts');
      const { parseColumns, readLog } = await import('../evaluate/logs.ts');
      const { calibratePack, writeCalibration } = await import('../evaluate/calibrate.ts');
      const { formatCalibration } = await import('../evaluate/report.ts');
      const { curriculum } = loadCurriculum(resolve(options.curriculum ?? defaultCurriculumDir()));
      const pack = findPack(curriculum, options.pack);
      if (!pack) {
        throw Object.assign(new Error(`no pack "${options.pack}"; the packs are ${[...curriculum.packs.keys()].join(', ')}`), { code: 'PACK_NOT_FOUND' });
      }
      const responses = readLog(resolve(options.logs), parseColumns(options.columns));
      const { calibration, report } = calibratePack(pack, responses, options.logs, new Date());
      if (report.used === 0) {
        throw Object.assign(new Error(`none of the ${report.responses} responses in ${options.logs} is on an item or concept of ${pack.id}; check --columns (skill must hold concept ids, or item the pack's item ids)`), { code: 'NOTHING_TO_CALIBRATE' });
      }
      const path = writeCalibration(pack, calibration);
      out(options.json ? `${JSON.stringify({ path, ...report })}\n` : `${formatCalibration(report, path)}\n`);
    });
  model
    .command('simulate')
    .description('A simulated classroom taught by the adaptive policy, the fixed course and the equal-quality worksheet: answers to mastery, false mastery, over-practice, style regret.')
    .option('--pack <id...>', 'packs to run (default: all)')
    .option('--learners <n>', 'learners per pack', String(DEFAULTS.learners))
    .option('--seed <n>', 'seed of the population', String(DEFAULTS.seed))
    .option('--curriculum <dir>', 'folder of curriculum packs (default: the bundled curriculum/)')
    .option('--json', 'print one JSON object')
    .action(async (options: { pack?: string[]; learners: string; seed: string; curriculum?: string; json?: boolean }) => {
      const count = (name: string, value: string) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) throw Object.assign(new Error(`--${name} must be a whole number above 0, not "${value}"`), { code: 'BAD_OPTION' });
        return n;
      };
      const { classroomJson, formatClassroom, runClassroom } = await import('../simulate/index.ts');
      const report = await runClassroom({
        curriculumDir: resolve(options.curriculum ?? defaultCurriculumDir()),
        learners: count('learners', options.learners),
        seed: count('seed', options.seed),
        ...(options.pack ? { packs: options.pack } : {}),
        onLearner: ({ pack, policy, done, of }) => {
          if (done === of) err(`${pack}: ${policy} done\n`);
        },
      });
      out(`${options.json ? classroomJson(report) : formatClassroom(report)}\n`);
    });
}
