// `ponder guard evaluate <file> [--json] [--seen <provenance>]`: the answer guard's leak detector against people's
// labels in an MRBench-format file. No model is called; the figures are for people (default) or for tools (--json).
// The headline is runtime mode; the goal is judged only on dialogues nobody read while writing rules, so the
// report says which those are (the provenance) and refuses to call the goal met without any.
import { evaluateGuardFile, type GroupEvaluation, type GuardEvaluation, type ModeScores, type Subset } from '../guard/evaluate.ts';
import type { Scores } from '../guard/metrics.ts';
import { readProvenance } from '../guard/mrbench.ts';

/** The project's goal for the detector, in runtime mode, on dialogues no one here has tuned on. */
export const GOAL = { precision: 0.8, recall: 0.9 } as const;

export interface ScoreFigures {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export interface SubsetFigures extends ScoreFigures {
  dialogues: number;
}

export interface ModeFigures extends ScoreFigures {
  responses: number;
  halves: { even: ScoreFigures; odd: ScoreFigures };
  /** Recall on responses revealing the right answer, and a wrong one; null when there is none of the kind. */
  recallRevealsCorrect: number | null;
  recallRevealsIncorrect: number | null;
  /** Dialogues read while writing rules and the rest; null without provenance or when the subset is empty. */
  seen: SubsetFigures | null;
  unseen: SubsetFigures | null;
}

export interface GoalCheck {
  precision: number;
  recall: number;
  /** Judged on unseen dialogues only; 'not measurable' when there are none (or no provenance was given). */
  verdict: 'met' | 'missed' | 'not measurable';
  why: string | null;
  /** Runtime mode on every scored dialogue, seen or not: it flatters the detector when they were read. */
  onAll: { precision: number; recall: number; met: boolean };
}

export interface GuardFigures extends ModeFigures {
  /** The top-level figures are runtime mode on the dialogues with a reference solution: the headline. */
  mode: 'runtime';
  promptOnly: ModeFigures;
  naive: ScoreFigures;
  goal: GoalCheck;
  provenance: { seen: number; unseen: number; all: boolean } | null;
  /** Dialogues without a reference solution (Bridge), scored on the tutor's open question when it is arithmetic. */
  openQuestion: {
    dialogues: number;
    of: number;
    notScored: string | null;
    runtime: ModeFigures;
    promptOnly: ModeFigures;
    naive: ScoreFigures;
  };
  dialogues: { total: number; scored: number; skipped: number };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const fixed = (x: number) => x.toFixed(3);
const counts = (s: Scores) =>
  `TP ${s.truePositives}, FP ${s.falsePositives}, FN ${s.falseNegatives}, TN ${s.trueNegatives}`;
const line = (s: Scores) => `precision ${fixed(s.precision)}, recall ${fixed(s.recall)}, F1 ${fixed(s.f1)} (${counts(s)})`;
const meets = (s: Scores) => s.precision >= GOAL.precision && s.recall >= GOAL.recall;
const positives = (s: Scores) => s.truePositives + s.falseNegatives;

function pick(s: Scores): ScoreFigures {
  return {
    precision: round(s.precision),
    recall: round(s.recall),
    f1: round(s.f1),
    truePositives: s.truePositives,
    falsePositives: s.falsePositives,
    falseNegatives: s.falseNegatives,
    trueNegatives: s.trueNegatives,
  };
}

// A recall over no responses is no figure; 0 there would read as "found none".
const recallOrNull = (r: { total: number; recall: number }) => (r.total === 0 ? null : round(r.recall));

const pickSubset = (s: Subset | undefined): SubsetFigures | null =>
  s && s.dialogues > 0 ? { ...pick(s.scores), dialogues: s.dialogues } : null;

function modeFigures(m: ModeScores): ModeFigures {
  return {
    ...pick(m.overall),
    responses: m.overall.responses,
    halves: { even: pick(m.halves.even), odd: pick(m.halves.odd) },
    recallRevealsCorrect: recallOrNull(m.recallByLabel.revealsCorrect),
    recallRevealsIncorrect: recallOrNull(m.recallByLabel.revealsIncorrect),
    seen: pickSubset(m.provenance?.seen),
    unseen: pickSubset(m.provenance?.unseen),
  };
}

/** The goal, judged on the headline's unseen dialogues only. */
export function checkGoal(result: GuardEvaluation): GoalCheck {
  const runtime = result.referenceSolution.runtime;
  const onAll = { precision: round(runtime.overall.precision), recall: round(runtime.overall.recall), met: meets(runtime.overall) };
  const unseen = runtime.provenance?.unseen;
  let why: string | null = null;
  if (!result.provenance) why = 'no provenance given, so no dialogue is known to be unseen';
  else if (!unseen || unseen.dialogues === 0) why = `no scored dialogue here is unseen (${result.provenance.seen} of ${result.dialogues.total} were read while writing rules)`;
  else if (positives(unseen.scores) === 0) why = 'no unseen response is labelled as revealing the answer';
  const verdict = why !== null || !unseen ? 'not measurable' : meets(unseen.scores) ? 'met' : 'missed';
  return { ...GOAL, verdict, why, onAll };
}

/** Dialogues that have no reference solution: those scored on their open question and those that could not be. */
function withoutSolution(result: GuardEvaluation) {
  const notScored = result.dialogues.skipped.filter((s) => s.kind === 'no-reference-answer');
  const data = new Set([...Object.keys(result.openQuestion.byData), ...notScored.map((s) => s.data ?? 'unnamed')]);
  const reasons = new Map<string, number>();
  for (const s of notScored) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  return { of: result.openQuestion.dialogues + notScored.length, notScored: notScored.length, reasons, name: [...data].join(', ') };
}

/** The figures worth keeping from an evaluation: small enough for one JSON line. */
export function guardFigures(result: GuardEvaluation): GuardFigures {
  const { referenceSolution: headline, openQuestion, provenance, dialogues } = result;
  const bridge = withoutSolution(result);
  return {
    mode: 'runtime',
    ...modeFigures(headline.runtime),
    promptOnly: modeFigures(headline.promptOnly),
    naive: pick(headline.naive),
    goal: checkGoal(result),
    provenance: provenance ? { seen: provenance.seen, unseen: provenance.unseen, all: provenance.all } : null,
    openQuestion: {
      dialogues: openQuestion.dialogues,
      of: bridge.of,
      notScored: bridge.notScored > 0 ? [...bridge.reasons.keys()].join('; ') : null,
      runtime: modeFigures(openQuestion.runtime),
      promptOnly: modeFigures(openQuestion.promptOnly),
      naive: pick(openQuestion.naive),
    },
    dialogues: { total: dialogues.total, scored: dialogues.scored, skipped: dialogues.skipped.length },
  };
}

const dataCounts = (g: GroupEvaluation) =>
  Object.entries(g.byData)
    .map(([data, n]) => `${data} ${n}`)
    .join(', ');

function modeLines(m: ModeScores): string[] {
  return [
    `  all dialogues:  ${line(m.overall)}`,
    `  even dialogues: ${line(m.halves.even)}`,
    `  odd dialogues:  ${line(m.halves.odd)}`,
  ];
}

function goalLine(result: GuardEvaluation): string {
  const goal = checkGoal(result);
  const target = `precision >= ${GOAL.precision.toFixed(2)}, recall >= ${GOAL.recall.toFixed(2)}`;
  const mark = (x: number, min: number) => `${fixed(x)} (${x >= min ? 'met' : 'missed'})`;
  const unseen = result.referenceSolution.runtime.provenance?.unseen;
  if (goal.verdict !== 'not measurable' && unseen) {
    return `goal (runtime mode, ${target}, on dialogues not seen while writing rules): ${goal.verdict}, precision ${mark(unseen.scores.precision, GOAL.precision)}, recall ${mark(unseen.scores.recall, GOAL.recall)} on ${unseen.dialogues} dialogues`;
  }
  const all = result.referenceSolution.runtime.overall;
  const flatters = result.provenance && result.provenance.seen > 0 ? ', which flatters the detector: rules were written from them' : '';
  return `goal (runtime mode, ${target}, on dialogues no one here tuned on): not measurable here, ${goal.why}; on all scored dialogues precision ${mark(all.precision, GOAL.precision)}, recall ${mark(all.recall, GOAL.recall)}${flatters}`;
}

function provenanceLines(result: GuardEvaluation, source: string | undefined): string[] {
  const p = result.provenance;
  if (!p) {
    return ['provenance: not given (--seen <file>): which dialogues rules were written from is unknown, so no figure here is known to be on unseen dialogues'];
  }
  const from = source ? ` (${source})` : '';
  const total = result.dialogues.total;
  const which = p.all
    ? `rules were written from all ${total} dialogues of this file, both halves`
    : p.seen === 0
      ? 'no dialogue of this file was read while writing rules'
      : `rules were written from ${p.seen} of ${total} dialogues of this file (listed by id or index)`;
  const subset = (name: string, s: Subset | undefined) =>
    `  runtime mode, ${name}: ${s && s.dialogues > 0 ? `${line(s.scores)} on ${s.dialogues} dialogues` : 'no scored dialogue'}`;
  const runtime = result.referenceSolution.runtime.provenance;
  return [
    `provenance${from}: ${which}; ${p.unseen} not seen.${p.note ? ` ${p.note}` : ''}`,
    subset('seen while writing rules', runtime?.seen),
    subset('not seen while writing rules', runtime?.unseen),
    ...(p.all ? ['  both halves were read, so the even/odd split is not a held-out check'] : []),
  ];
}

function openQuestionLines(result: GuardEvaluation): string[] {
  const bridge = withoutSolution(result);
  if (bridge.of === 0) return [];
  const g = result.openQuestion;
  const lines = [
    `without a reference solution (${bridge.name}): ${g.dialogues} of ${bridge.of} dialogues scored on the tutor's last question, its value when written as arithmetic in symbols; ${g.runtime.overall.responses} labelled responses`,
  ];
  if (g.dialogues > 0) {
    lines.push(
      `  runtime mode: ${line(g.runtime.overall)}`,
      `  prompt only:  ${line(g.promptOnly.overall)}`,
      `  naive:        ${line(g.naive)}`,
    );
  }
  for (const [reason, n] of bridge.reasons) lines.push(`  not scored, ${n} of ${bridge.of}: ${reason}`);
  return lines;
}

export interface FormatOptions {
  /** Where the provenance came from, for the report. */
  provenanceSource?: string;
}

/**
 * Human-readable report lines of an evaluation: the headline (runtime mode, overall and per half), the goal,
 * the provenance, then the secondary lines (prompt only, the naive floor, dialogues without a reference solution).
 */
export function formatEvaluation(result: GuardEvaluation, options: FormatOptions = {}): string[] {
  const { referenceSolution: headline, dialogues } = result;
  const otherSkips = new Map<string, number>();
  for (const s of dialogues.skipped.filter((d) => d.kind !== 'no-reference-answer')) otherSkips.set(s.reason, (otherSkips.get(s.reason) ?? 0) + 1);
  const { revealsCorrect, revealsIncorrect } = headline.runtime.recallByLabel;
  return [
    `${dialogues.total} dialogues; ${headline.dialogues} scored on their reference solution's final number${headline.dialogues > 0 ? ` (${dataCounts(headline)})` : ''}, ${headline.runtime.overall.responses} labelled responses`,
    ...[...otherSkips].map(([reason, n]) => `skipped ${n} dialogue(s): ${reason}`),
    'runtime mode, the headline (the item\'s prompt + the conversation the learner has seen + their answers):',
    ...modeLines(headline.runtime),
    `  recall on responses revealing the right answer ${fixed(revealsCorrect.recall)} (${revealsCorrect.found}/${revealsCorrect.total}), a wrong one ${fixed(revealsIncorrect.recall)} (${revealsIncorrect.found}/${revealsIncorrect.total})`,
    goalLine(result),
    ...provenanceLines(result, options.provenanceSource),
    'prompt only (the item\'s prompt, no conversation):',
    ...modeLines(headline.promptOnly),
    `naive (contains the final number): ${line(headline.naive)}`,
    ...openQuestionLines(result),
  ];
}

export interface GuardCommandOptions {
  json?: boolean;
  /** A provenance file: which dialogues were read while writing rules. */
  seen?: string;
}

/** Prints the evaluation of one file; false when the file cannot be read or scored. */
export async function evaluateGuardCommand(file: string, options: GuardCommandOptions, out: (s: string) => void): Promise<boolean> {
  const json = options.json === true;
  let result: GuardEvaluation;
  try {
    const provenance = options.seen === undefined ? undefined : readProvenance(options.seen);
    result = evaluateGuardFile(file, provenance ? { provenance } : {});
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    out(json ? `${JSON.stringify({ ok: false, file, error: message })}\n` : `cannot evaluate ${file}: ${message}\n`);
    return false;
  }
  const scored = result.referenceSolution.runtime.overall.responses + result.openQuestion.runtime.overall.responses > 0;
  if (json) {
    out(`${JSON.stringify({ ok: scored, file, ...guardFigures(result) })}\n`);
  } else {
    for (const l of formatEvaluation(result, options.seen ? { provenanceSource: options.seen } : {})) out(`${l}\n`);
    if (!scored) out('no labelled response could be scored\n');
  }
  return scored;
}
