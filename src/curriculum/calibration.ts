// calibration.yaml beside a pack: learner-model parameters fitted from a school's own logs by
// `ponder model calibrate`. Optional; when present it sets where every learner starts and how answers are
// weighed. Validated like every pack file, so a hand-edited mistake is named with its line and fix.
import { z } from 'zod';

const probability = z.number().gt(0, 'must be above 0').lt(1, 'must be below 1');
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const bktSchema = z.strictObject({
  pInit: probability,
  pTransit: probability,
  pSlip: probability.max(0.5, 'a slip above 0.5 would mean knowing hurts; re-run the calibration'),
  pGuess: probability.max(0.5, 'a guess above 0.5 would mean not knowing helps; re-run the calibration'),
});

const weights = z.strictObject({
  ability: finite,
  mastery: finite,
  correct: finite,
  wrong: finite,
  totalCorrect: finite,
  totalWrong: finite,
  recent: finite,
  first: finite,
  last: finite,
  streak: finite,
  totalRecent: finite,
  totalLast: finite,
});

export const calibrationSchema = z.strictObject({
  version: z.literal(1, 'this Ponder reads calibration version 1; re-run ponder model calibrate'),
  fittedAt: z.string(),
  source: z.strictObject({ file: z.string(), responses: z.number().int().nonnegative(), learners: z.number().int().nonnegative() }),
  model: z.strictObject({ bias: finite, weights }),
  concepts: z.record(
    z.string(),
    z.strictObject({ bias: finite, correct: finite, wrong: finite, bkt: bktSchema.optional(), responses: z.number().int().nonnegative() }),
  ),
  items: z.record(z.string(), z.strictObject({ difficulty: finite, responses: z.number().int().nonnegative() })),
});
export type Calibration = z.infer<typeof calibrationSchema>;

export const CALIBRATION_FILE = 'calibration.yaml';
