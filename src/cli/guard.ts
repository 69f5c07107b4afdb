// `ponder guard evaluate <file>`: the answer guard's detector against people's labels (MRBench format).
import { evaluateGuardFile } from '../guard/evaluate.ts';

export async function evaluateGuardCommand(file: string, json: boolean, out: (s: string) => void): Promise<boolean> {
  const result = evaluateGuardFile(file);
  const { overall, naive, dialogues } = result;
  const figures = {
    precision: overall.precision,
    recall: overall.recall,
    f1: overall.f1,
    counts: { truePositives: overall.truePositives, falsePositives: overall.falsePositives, falseNegatives: overall.falseNegatives, trueNegatives: overall.trueNegatives },
    naive: { precision: naive.precision, recall: naive.recall },
    dialogues: { total: dialogues.total, scored: dialogues.scored, skipped: dialogues.skipped.length },
  };
  if (json) {
    out(`${JSON.stringify(figures)}\n`);
    return true;
  }
  out(`${dialogues.scored} of ${dialogues.total} dialogues scored (${dialogues.skipped.length} without a numeric final answer)\n`);
  out(`precision ${overall.precision.toFixed(3)}, recall ${overall.recall.toFixed(3)}, F1 ${overall.f1.toFixed(3)}\n`);
  out(`naive floor (the final number appears): precision ${naive.precision.toFixed(3)}, recall ${naive.recall.toFixed(3)}\n`);
  return true;
}
