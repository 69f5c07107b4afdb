// `ponder guard evaluate <file> [--json]`: the answer guard's leak detector against people's labels in an
// MRBench-format file. No model is called; the figures are for people (default) or for tools (--json).
import { evaluateGuardFile, type GuardEvaluation } from '../guard/evaluate.ts';
import type { Scores } from '../guard/metrics.ts';

export interface ScoreFigures {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export interface GuardFigures extends ScoreFigures {
  responses: number;
  halves: { even: ScoreFigures; odd: ScoreFigures };
  recallRevealsCorrect: number;
  recallRevealsIncorrect: number;
  naive: ScoreFigures;
  promptOnly: ScoreFigures;
  dialogues: { total: number; scored: number; skipped: number };
}

/** The figures worth keeping from an evaluation: small enough for one JSON line. */
export function guardFigures(result: GuardEvaluation): GuardFigures {
  const { overall, halves, naive, promptOnly, recallByLabel, dialogues } = result;
  const pick = (s: Scores): ScoreFigures => ({
    precision: round(s.precision),
    recall: round(s.recall),
    f1: round(s.f1),
    truePositives: s.truePositives,
    falsePositives: s.falsePositives,
    falseNegatives: s.falseNegatives,
    trueNegatives: s.trueNegatives,
  });
  return {
    ...pick(overall),
    responses: overall.responses,
    halves: { even: pick(halves.even), odd: pick(halves.odd) },
    recallRevealsCorrect: round(recallByLabel.revealsCorrect.recall),
    recallRevealsIncorrect: round(recallByLabel.revealsIncorrect.recall),
    naive: pick(naive),
    promptOnly: pick(promptOnly),
    dialogues: { total: dialogues.total, scored: dialogues.scored, skipped: dialogues.skipped.length },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const fixed = (x: number) => x.toFixed(3);
const counts = (s: Scores) =>
  `TP ${s.truePositives}, FP ${s.falsePositives}, FN ${s.falseNegatives}, TN ${s.trueNegatives}`;

/** Human-readable report lines of an evaluation. */
export function formatEvaluation(result: GuardEvaluation): string[] {
  const { overall, halves, naive, promptOnly, recallByLabel, dialogues } = result;
  const reasons = new Map<string, number>();
  for (const s of dialogues.skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const line = (s: Scores) => `precision ${fixed(s.precision)}, recall ${fixed(s.recall)}, F1 ${fixed(s.f1)} (${counts(s)})`;
  return [
    `${dialogues.scored} of ${dialogues.total} dialogues scored, ${overall.responses} labelled responses`,
    ...[...reasons].map(([reason, n]) => `skipped ${n} dialogue(s): ${reason}`),
    `guard:            ${line(overall)}`,
    `  even dialogues: ${line(halves.even)}`,
    `  odd dialogues:  ${line(halves.odd)}`,
    `  recall on responses revealing the right answer ${fixed(recallByLabel.revealsCorrect.recall)} (${recallByLabel.revealsCorrect.found}/${recallByLabel.revealsCorrect.total}), a wrong one ${fixed(recallByLabel.revealsIncorrect.recall)} (${recallByLabel.revealsIncorrect.found}/${recallByLabel.revealsIncorrect.total})`,
    `prompt only (no conversation):     ${line(promptOnly)}`,
    `naive (contains the final number): ${line(naive)}`,
  ];
}

/** Prints the evaluation of one file; false when the file cannot be read or scored. */
export async function evaluateGuardCommand(file: string, json: boolean, out: (s: string) => void): Promise<boolean> {
  let result: GuardEvaluation;
  try {
    result = evaluateGuardFile(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    out(json ? `${JSON.stringify({ ok: false, file, error: message })}\n` : `cannot evaluate ${file}: ${message}\n`);
    return false;
  }
  const scored = result.overall.responses > 0;
  if (json) {
    out(`${JSON.stringify({ ok: scored, file, ...guardFigures(result) })}\n`);
  } else {
    for (const line of formatEvaluation(result)) out(`${line}\n`);
    if (!scored) out('no labelled response could be scored\n');
  }
  return scored;
}
