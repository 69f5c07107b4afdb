// Scores the answer guard's leak detector against people's labels in an MRBench file: for every labelled tutor
// response, would the guard have stopped it? No language model is called; the detector is the runtime one.
// The headline is "runtime mode": the detector given what the running tutor gives it (the item's prompt, the
// conversation the learner has seen, their answers). "Prompt only" and the naive floor are for comparison.
import { basename } from 'node:path';
import type { AnswerSpec } from '../curriculum/schema.ts';
import { findLeak, type LeakContext } from '../curriculum/leaks.ts';
import { findNumbers } from '../curriculum/numbers.ts';
import { finalAnswer, learnerAnswers, learnerRepliesAfter, openQuestion, problemStatement, splitTurns } from './conversation.ts';
import { emptyCounts, scores, tally, type Scores } from './metrics.ts';
import { readMrBench, revealLabel, wasSeen, type MrBenchDialogue, type Provenance, type RevealLabel } from './mrbench.ts';

/**
 * Where a dialogue's answer comes from. 'reference-solution': the last line of Ground_Truth_Solution (MathDial).
 * 'open-question': no reference solution (Bridge), so the value of the tutor's last question, when it is
 * arithmetic written in symbols. The two are reported apart: the second is a different, smaller measurement.
 */
export type AnswerSource = 'reference-solution' | 'open-question';

/** What the guard is given for one dialogue, as at runtime. */
export interface GuardInputs {
  value: number;
  answer: AnswerSpec;
  /** Runtime mode: the item's prompt, the conversation the learner has seen or written, their answers. */
  context: LeakContext;
  source: AnswerSource;
}

export interface ScoredResponse {
  dialogue: number;
  conversationId: string;
  source: AnswerSource;
  /** Read while detection rules were written; undefined when no provenance was given. */
  seen: boolean | undefined;
  tutor: string;
  response: string;
  label: RevealLabel;
  /** Runtime mode: the form in which the detector saw the answer; undefined when it let the response through. */
  leak: string | undefined;
  /** The same with the prompt as the only context. */
  promptOnlyLeak: string | undefined;
  /** The naive floor: the response contains the answer's value at all. */
  containsValue: boolean;
}

export interface SkippedDialogue {
  dialogue: number;
  conversationId: string;
  /** The file's Data field (MathDial, Bridge), for the report. */
  data: string | undefined;
  kind: 'no-reference-answer' | 'no-problem-statement';
  reason: string;
}

export interface Subset {
  dialogues: number;
  scores: Scores;
}

export interface ModeScores {
  overall: Scores;
  /**
   * Even- and odd-indexed dialogues (index in the file), for a cross-validation-style check: rules tuned on one
   * half should hold on the other. Only meaningful when one half was kept unread (see provenance).
   */
  halves: { even: Scores; odd: Scores };
  /** Recall separately for responses that reveal the right answer and those that state a wrong one. */
  recallByLabel: Record<'revealsCorrect' | 'revealsIncorrect', { found: number; total: number; recall: number }>;
  /** Split by whether a dialogue was read while rules were written; undefined when no provenance was given. */
  provenance: { seen: Subset; unseen: Subset } | undefined;
}

export interface GroupEvaluation {
  /** Scored dialogues, and how many of each Data kind. */
  dialogues: number;
  byData: Record<string, number>;
  runtime: ModeScores;
  promptOnly: ModeScores;
  naive: Scores;
}

export interface ProvenanceSummary {
  /** Dialogues of the file (scored or not) read while rules were written, and the rest. */
  seen: number;
  unseen: number;
  /** The statement covers every dialogue of the file ("seen": "all"). */
  all: boolean;
  note: string | undefined;
}

export interface GuardEvaluation {
  /** The headline: dialogues whose answer is their reference solution's final number. */
  referenceSolution: GroupEvaluation;
  /** Dialogues without one, scored on their tutor's open question. */
  openQuestion: GroupEvaluation;
  provenance: ProvenanceSummary | undefined;
  dialogues: { total: number; scored: number; skipped: SkippedDialogue[] };
  /** Responses in scored dialogues without a Revealing_of_the_Answer label. */
  unlabelledResponses: number;
  responses: ScoredResponse[];
}

export interface EvaluationOptions {
  /** Which dialogues were read while detection rules were written. */
  provenance?: Provenance;
}

function numericInputs(value: number, source: AnswerSource, context: LeakContext): GuardInputs {
  return { value, answer: { type: 'numeric', value, tolerance: 1e-9, form: 'any' }, context, source };
}

function noReferenceAnswer(solution: string | undefined): string {
  const stated = solution === undefined ? 'missing' : /\d/.test(solution) || solution.length > 40 ? 'not ending in a number' : JSON.stringify(solution.trim());
  return `no reference answer: Ground_Truth_Solution is ${stated} and the tutor's last question is not arithmetic written in symbols`;
}

/**
 * The guard's inputs for a dialogue in runtime mode, or why it cannot be scored. The answer comes from the
 * reference solution when it ends in a number; otherwise from the tutor's last question when that is arithmetic
 * in symbols ("Can you work out 71 - 36?"). Nothing is read from the labels, and no answer is supplied by hand.
 */
export function guardInputs(dialogue: MrBenchDialogue): GuardInputs | { skip: string; kind: SkippedDialogue['kind'] } {
  const turns = splitTurns(dialogue.conversation_history);
  const history = turns.map((t) => t.text);
  const value = finalAnswer(dialogue.Ground_Truth_Solution);
  if (value !== undefined) {
    const prompt = problemStatement(turns);
    if (prompt === undefined) return { skip: 'no problem statement in the conversation history', kind: 'no-problem-statement' };
    return numericInputs(value, 'reference-solution', { prompt, history, learnerAnswers: learnerAnswers(turns) });
  }
  const question = openQuestion(turns);
  const prompt = question && turns[question.turn]?.text;
  if (!question || prompt === undefined) return { skip: noReferenceAnswer(dialogue.Ground_Truth_Solution), kind: 'no-reference-answer' };
  // The fragment's learner messages before the question answered earlier steps, not this one.
  return numericInputs(question.value, 'open-question', { prompt, history, learnerAnswers: learnerRepliesAfter(turns, question.turn) });
}

function containsValue(text: string, value: number): boolean {
  return findNumbers(text).some((n) => Math.abs(n.value - value) <= 1e-9);
}

type Verdict = (r: ScoredResponse) => boolean;

function scoreOf(responses: readonly ScoredResponse[], predicted: Verdict): Scores {
  const counts = emptyCounts();
  for (const r of responses) tally(counts, predicted(r), r.label !== 'does-not-reveal');
  return scores(counts);
}

function modeScores(responses: readonly ScoredResponse[], predicted: Verdict, withProvenance: boolean): ModeScores {
  const recallOf = (label: RevealLabel) => {
    const ofLabel = responses.filter((r) => r.label === label);
    const found = ofLabel.filter(predicted).length;
    return { found, total: ofLabel.length, recall: ofLabel.length === 0 ? 0 : found / ofLabel.length };
  };
  const subset = (seen: boolean): Subset => {
    const of = responses.filter((r) => r.seen === seen);
    return { dialogues: new Set(of.map((r) => r.dialogue)).size, scores: scoreOf(of, predicted) };
  };
  return {
    overall: scoreOf(responses, predicted),
    halves: {
      even: scoreOf(responses.filter((r) => r.dialogue % 2 === 0), predicted),
      odd: scoreOf(responses.filter((r) => r.dialogue % 2 === 1), predicted),
    },
    recallByLabel: { revealsCorrect: recallOf('reveals-correct'), revealsIncorrect: recallOf('reveals-incorrect') },
    provenance: withProvenance ? { seen: subset(true), unseen: subset(false) } : undefined,
  };
}

function groupEvaluation(
  dialogues: readonly MrBenchDialogue[],
  responses: readonly ScoredResponse[],
  scored: ReadonlySet<number>,
  withProvenance: boolean,
): GroupEvaluation {
  const byData: Record<string, number> = {};
  for (const index of scored) {
    const data = dialogues[index]?.Data ?? 'unnamed';
    byData[data] = (byData[data] ?? 0) + 1;
  }
  return {
    dialogues: scored.size,
    byData,
    runtime: modeScores(responses, (r) => r.leak !== undefined, withProvenance),
    promptOnly: modeScores(responses, (r) => r.promptOnlyLeak !== undefined, withProvenance),
    naive: scoreOf(responses, (r) => r.containsValue),
  };
}

export function evaluateDialogues(dialogues: readonly MrBenchDialogue[], options: EvaluationOptions = {}): GuardEvaluation {
  const { provenance } = options;
  const skipped: SkippedDialogue[] = [];
  const responses: ScoredResponse[] = [];
  const scoredBySource: Record<AnswerSource, Set<number>> = { 'reference-solution': new Set(), 'open-question': new Set() };
  let unlabelledResponses = 0;
  dialogues.forEach((dialogue, index) => {
    const inputs = guardInputs(dialogue);
    if ('skip' in inputs) {
      skipped.push({ dialogue: index, conversationId: dialogue.conversation_id, data: dialogue.Data, kind: inputs.kind, reason: inputs.skip });
      return;
    }
    scoredBySource[inputs.source].add(index);
    const seen = provenance ? wasSeen(provenance, dialogue, index) : undefined;
    for (const [tutor, { response, annotation }] of Object.entries(dialogue.anno_llm_responses)) {
      const label = revealLabel(annotation);
      if (!label) {
        unlabelledResponses += 1;
        continue;
      }
      responses.push({
        dialogue: index,
        conversationId: dialogue.conversation_id,
        source: inputs.source,
        seen,
        tutor,
        response,
        label,
        leak: findLeak(inputs.answer, response, inputs.context)?.form,
        promptOnlyLeak: findLeak(inputs.answer, response, { prompt: inputs.context.prompt })?.form,
        containsValue: containsValue(response, inputs.value),
      });
    }
  });
  const group = (source: AnswerSource) =>
    groupEvaluation(dialogues, responses.filter((r) => r.source === source), scoredBySource[source], provenance !== undefined);
  const seenCount = provenance ? dialogues.filter((d, i) => wasSeen(provenance, d, i)).length : 0;
  return {
    referenceSolution: group('reference-solution'),
    openQuestion: group('open-question'),
    provenance: provenance
      ? { seen: seenCount, unseen: dialogues.length - seenCount, all: provenance.seen === 'all', note: provenance.note }
      : undefined,
    dialogues: { total: dialogues.length, scored: dialogues.length - skipped.length, skipped },
    unlabelledResponses,
    responses,
  };
}

/** Reads an MRBench-format JSON file and scores the guard on it; refuses a provenance written for another file. */
export function evaluateGuardFile(file: string, options: EvaluationOptions = {}): GuardEvaluation {
  const about = options.provenance?.data;
  if (about !== undefined && about !== basename(file)) {
    throw new Error(`the provenance given is about ${about}, not ${basename(file)}`);
  }
  return evaluateDialogues(readMrBench(file), options);
}
