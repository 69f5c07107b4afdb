// Calibration: fits the learner model to a school's own logs for one pack and writes calibration.yaml beside
// it, so the tutor starts every learner from what that school's history says (read at the next start).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { CALIBRATION_FILE, type Calibration } from '../curriculum/calibration.ts';
import type { Pack } from '../curriculum/pack.ts';
import { FEATURES } from '../learner/performance.ts';
import { fitOnLog } from './evaluate.ts';
import type { LogResponse } from './logs.ts';

/** An item needs this many answers in the logs before its fitted difficulty replaces the authored one. */
export const MIN_ITEM_RESPONSES = 5;

export interface CalibrationReport {
  responses: number;
  used: number;
  /** Responses whose item is not in the pack and whose skill is not one of its concepts. */
  skipped: number;
  learners: number;
  concepts: Array<{ id: string; responses: number; fitted: boolean }>;
  items: number;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Maps each response to a concept of the pack: by item id first, then by the skill column. */
function inPack(pack: Pack, responses: readonly LogResponse[]): LogResponse[] {
  const mapped: LogResponse[] = [];
  for (const r of responses) {
    const concept = pack.items.get(r.item)?.conceptId ?? (pack.concepts.has(r.skill) ? r.skill : undefined);
    if (concept) mapped.push({ ...r, skill: concept });
  }
  return mapped;
}

export function calibratePack(pack: Pack, responses: readonly LogResponse[], sourceFile: string, now: Date): { calibration: Calibration; report: CalibrationReport } {
  const mapped = inPack(pack, responses);
  const fitted = fitOnLog(mapped, { priorDifficulty: (item) => pack.items.get(item)?.difficulty ?? 2 });
  const perConcept = new Map<string, number>();
  for (const r of mapped) perConcept.set(r.skill, (perConcept.get(r.skill) ?? 0) + 1);
  const concepts: Calibration['concepts'] = {};
  for (const [id, count] of perConcept) {
    const params = fitted.model.concepts[id];
    concepts[id] = {
      bias: round(params?.bias ?? 0),
      correct: round(params?.correct ?? 0),
      wrong: round(params?.wrong ?? 0),
      ...(params?.bkt ? { bkt: params.bkt } : {}),
      responses: count,
    };
  }
  const items: Calibration['items'] = {};
  for (const [id, fit] of fitted.items) {
    if (pack.items.has(id) && fit.responses >= MIN_ITEM_RESPONSES) items[id] = { difficulty: round(fit.difficulty), responses: fit.responses };
  }
  const learners = new Set(mapped.map((r) => r.user)).size;
  const calibration: Calibration = {
    version: 1,
    fittedAt: now.toISOString(),
    source: { file: sourceFile, responses: mapped.length, learners },
    model: {
      bias: round(fitted.model.bias),
      weights: Object.fromEntries(FEATURES.map((f) => [f, round(fitted.model.weights[f])])) as Calibration['model']['weights'],
    },
    concepts,
    items,
  };
  const report: CalibrationReport = {
    responses: responses.length,
    used: mapped.length,
    skipped: responses.length - mapped.length,
    learners,
    concepts: pack.order.map((id) => ({ id, responses: perConcept.get(id) ?? 0, fitted: Boolean(concepts[id]?.bkt) })),
    items: Object.keys(items).length,
  };
  return { calibration, report };
}

export function writeCalibration(pack: Pack, calibration: Calibration): string {
  const path = join(pack.dir, CALIBRATION_FILE);
  const header =
    `# Learner-model parameters for the ${pack.spec.title} pack, fitted by \`ponder model calibrate\` from ${calibration.source.file}\n` +
    `# (${calibration.source.responses} responses, ${calibration.source.learners} learners). Re-run it rather than editing by hand;\n` +
    '# delete this file to go back to the defaults. docs/learner-model.md explains every field.\n';
  writeFileSync(path, header + stringify(calibration));
  return path;
}
