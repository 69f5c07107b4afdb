// The classroom's figures for people (a table) and for tools (one JSON line).
import { GOAL, type ClassroomReport } from './classroom.ts';
import type { PolicyMetrics } from './metrics.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => x.toFixed(1);

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
}

const HEADER = ['pack', 'policy', 'finished', 'answers mean', 'median', 'false mastery', 'placed out (false)', 'over-practice', 'style regret', 'explanations'];

function cells(pack: string, policy: string, m: PolicyMetrics): string[] {
  const placed = m.placementShare === 0 ? '-' : `${pct(m.placementShare)} (${pct(m.placementFalse)})`;
  return [pack, policy, pct(m.finished), num(m.answersMean), num(m.answersMedian), pct(m.falseMastery), placed, pct(m.overPractice), m.styleRegret === null ? '-' : m.styleRegret.toFixed(3), String(m.explanations)];
}

export function formatClassroom(report: ClassroomReport): string {
  const rows = report.packs.flatMap((p) => p.policies.map((r) => cells(p.packId, r.policy, r.metrics)));
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const lines = [
    `Simulated classroom: ${report.learners} learners per pack, seed ${report.seed}, at most ${report.maxTurns} turns each`,
    '',
    row(HEADER, widths),
    ...rows.map((r) => row(r, widths)),
    '',
  ];
  for (const p of report.packs) {
    const adaptive = p.policies.find((r) => r.policy === 'adaptive')?.metrics;
    lines.push(`${p.packId}: ${p.concepts} concepts, ${pct(p.knownAtStart)} known before starting (mean)`);
    if (p.answersRatio === null || !adaptive) continue;
    const ratioMet = p.answersRatio <= GOAL.answersRatio;
    const falseMet = adaptive.falseMastery < GOAL.falseMastery;
    lines.push(
      `  adaptive/fixed answers to mastery: ${p.answersRatio.toFixed(2)} (goal <= ${GOAL.answersRatio.toFixed(2)}: ${ratioMet ? 'met' : 'not met'}); ` +
        `adaptive false mastery ${pct(adaptive.falseMastery)} (goal < ${pct(GOAL.falseMastery)}: ${falseMet ? 'met' : 'not met'})`,
    );
    if (p.worksheet) {
      lines.push(
        `  adaptive/worksheet answers to mastery: ${p.worksheet.answersRatio.toFixed(2)} (goal <= ${GOAL.answersRatio.toFixed(2)}: ${p.worksheet.answersRatio <= GOAL.answersRatio ? 'met' : 'not met'}); ` +
          `the worksheet needs ${p.worksheet.length} items per concept to keep its own false mastery under ${pct(GOAL.falseMastery)}`,
      );
    }
  }
  if (report.goalMet !== null) lines.push('', `Goal against the fixed course with mastery learning, on every pack: ${report.goalMet ? 'met' : 'not met'}`);
  if (report.worksheetGoalMet !== null) lines.push(`Goal against the equal-quality worksheet, on every pack: ${report.worksheetGoalMet ? 'met' : 'not met'}`);
  return lines.join('\n');
}

/** One line of JSON with the figures (not the per-learner runs). */
export function classroomJson(report: ClassroomReport): string {
  return JSON.stringify({
    seed: report.seed,
    learners: report.learners,
    maxTurns: report.maxTurns,
    goalMet: report.goalMet,
    worksheetGoalMet: report.worksheetGoalMet,
    packs: report.packs.map((p) => ({
      pack: p.packId,
      concepts: p.concepts,
      knownAtStart: Number(p.knownAtStart.toFixed(4)),
      answersRatio: p.answersRatio === null ? null : Number(p.answersRatio.toFixed(4)),
      goalMet: p.goalMet,
      worksheet: p.worksheet,
      ...Object.fromEntries(p.policies.map((r) => [r.policy, r.metrics])),
    })),
  });
}
