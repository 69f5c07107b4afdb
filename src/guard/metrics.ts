// Precision and recall of a yes/no detector against people's labels.

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export interface Scores extends Counts {
  /** Responses with a label that were scored. */
  responses: number;
  precision: number;
  recall: number;
  f1: number;
}

export const emptyCounts = (): Counts => ({ truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 });

export function tally(counts: Counts, predicted: boolean, actual: boolean): void {
  if (predicted && actual) counts.truePositives += 1;
  else if (predicted) counts.falsePositives += 1;
  else if (actual) counts.falseNegatives += 1;
  else counts.trueNegatives += 1;
}

// An empty denominator scores 0, not NaN: the figures go into JSON, and "no positives found" should read as a failure.
const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export function scores(counts: Counts): Scores {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn } = counts;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = ratio(2 * precision * recall, precision + recall);
  return { ...counts, responses: tp + fp + fn + tn, precision, recall, f1 };
}
