// Plain-text reports of evaluations and calibrations, shared by the CLI and the benchmark.
import type { CalibrationReport } from './calibrate.ts';
import type { AblationRow, Evaluation } from './evaluate.ts';


const f4 = (x: number) => x.toFixed(4);

export function formatEvaluation(e: Evaluation, names: { train: string; test: string }): string {
  const s = e.scores;
  return [
    `Trained on ${names.train}: ${e.train.responses} responses, ${e.train.learners} learners, ${e.train.items} items, ${e.train.skills} skills (fit ${e.fitSeconds.toFixed(1)} s).`,
    `Predicted ${names.test} online, each response from that learner's earlier responses only:`,
    `  responses  ${s.responses}`,
    `  AUC        ${f4(s.auc)}`,
    `  RMSE       ${f4(s.rmse)}`,
    `  accuracy   ${f4(s.accuracy)}`,
    `  log loss   ${f4(s.logLoss)}`,
    `  per update ${e.microsPerUpdate.toFixed(2)} µs (predict, then learn from the answer; constant work per answer)`,
  ].join('\n');
}

export function formatAblations(rows: readonly AblationRow[]): string {
  const full = rows[0]?.scores.auc ?? Number.NaN;
  const width = Math.max(...rows.map((r) => r.label.length));
  const lines = rows.map((r, i) => {
    const delta = i === 0 ? '' : `  ${r.scores.auc - full >= 0 ? '+' : ''}${f4(r.scores.auc - full)}`;
    return `  ${r.label.padEnd(width)}  AUC ${f4(r.scores.auc)}  RMSE ${f4(r.scores.rmse)}${delta}`;
  });
  return ['What each part buys (AUC change when it is left out):', ...lines].join('\n');
}

export function formatCalibration(report: CalibrationReport, path: string): string {
  const concepts = report.concepts.map((c) => `  ${c.id.padEnd(32)} ${String(c.responses).padStart(7)} responses  ${c.fitted ? 'mastery parameters fitted' : c.responses > 0 ? 'too few answers for mastery parameters: defaults kept' : 'no answers: defaults kept'}`);
  return [
    `Read ${report.responses} responses from ${report.learners} learners; used ${report.used}${report.skipped ? `, skipped ${report.skipped} on items and skills outside the pack` : ''}.`,
    ...concepts,
    `  ${report.items} item difficulties fitted (items with at least 5 answers).`,
    `Wrote ${path}. The tutor uses it from its next start.`,
  ].join('\n');
}

