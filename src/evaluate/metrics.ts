// How well predicted probabilities match what learners actually did.

export interface Scores {
  responses: number;
  /** Area under the ROC curve: the chance a random right answer was predicted above a random wrong one. */
  auc: number;
  rmse: number;
  /** Share of responses on the right side of 0.5. */
  accuracy: number;
  logLoss: number;
}

export function auc(predicted: ArrayLike<number>, actual: ArrayLike<boolean>): number {
  const order = Array.from({ length: predicted.length }, (_, i) => i).sort((a, b) => predicted[a]! - predicted[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && predicted[order[j]!] === predicted[order[i]!]) j++;
    // Tied predictions share the mean of their ranks.
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (actual[order[k]!]) {
        positives += 1;
        rankSum += rank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function score(predicted: ArrayLike<number>, actual: ArrayLike<boolean>): Scores {
  let squared = 0;
  let right = 0;
  let loss = 0;
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i]!;
    const y = actual[i] ? 1 : 0;
    squared += (p - y) ** 2;
    if ((p >= 0.5 ? 1 : 0) === y) right += 1;
    const clipped = Math.min(1 - 1e-9, Math.max(1e-9, p));
    loss -= y * Math.log(clipped) + (1 - y) * Math.log(1 - clipped);
  }
  const n = predicted.length;
  return { responses: n, auc: auc(predicted, actual), rmse: Math.sqrt(squared / n), accuracy: right / n, logLoss: loss / n };
}
