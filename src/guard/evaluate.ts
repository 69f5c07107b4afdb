// Scores the answer guard's leak detector against people's labels in an MRBench file: for every labelled tutor
// response, would the guard have stopped it? No language model is called; the detector is the runtime one.
import type { AnswerSpec } from '../curriculum/schema.ts';
import { findLeak, type LeakContext } from '../curriculum/leaks.ts';
import { findNumbers } from '../curriculum/numbers.ts';
import { finalAnswer, learnerAnswers, problemStatement, splitTurns } from './conversation.ts';
import { emptyCounts, scores, tally, type Counts, type Scores } from './metrics.ts';
import { readMrBench, revealLabel, type MrBenchDialogue, type RevealLabel } from './mrbench.ts';

/** What the guard is given for one dialogue, as at runtime. */
export interface GuardInputs {
  /** The final answer of the reference solution. */
  value: number;
  answer: AnswerSpec;
  context: LeakContext;
}

export interface ScoredResponse {
  dialogue: number;
  conversationId: string;
  tutor: string;
  response: string;
  label: RevealLabel;
  /** The form in which the detector saw the answer; undefined when it let the response through. */
  leak: string | undefined;
}

export interface SkippedDialogue {
  conversationId: string;
  reason: string;
}

export interface GuardEvaluation {
  overall: Scores;
  /**
   * The same figures on even- and odd-indexed dialogues (index in the file), for a cross-validation-style
   * check: rules tuned on one half should hold on the other.
   */
  halves: { even: Scores; odd: Scores };
  /** Recall separately for responses that reveal the right answer and those that state a wrong one. */
  recallByLabel: Record<'revealsCorrect' | 'revealsIncorrect', { found: number; total: number; recall: number }>;
  /** The floor: a response leaks when it contains the final number at all. */
  naive: Scores;
  /**
   * The detector given the item's prompt only (no history, no learner answers): how src/model/guard.ts calls it
   * until it passes the conversation too.
   */
  promptOnly: Scores;
  dialogues: { total: number; scored: number; skipped: SkippedDialogue[] };
  /** Responses in scored dialogues without a Revealing_of_the_Answer label. */
  unlabelledResponses: number;
  responses: ScoredResponse[];
}

/**
 * The guard's inputs for a dialogue, or why it cannot be scored. Skipped: dialogues whose reference solution
 * does not end in a number (in MRBench v2 the Bridge dialogues, whose Ground_Truth_Solution is "Not Available")
 * and dialogues without a problem statement to serve as the item's prompt.
 */
export function guardInputs(dialogue: MrBenchDialogue): GuardInputs | { skip: string } {
  const value = finalAnswer(dialogue.Ground_Truth_Solution);
  if (value === undefined) return { skip: 'no numeric final answer in Ground_Truth_Solution' };
  const turns = splitTurns(dialogue.conversation_history);
  const prompt = problemStatement(turns);
  if (prompt === undefined) return { skip: 'no problem statement in the conversation history' };
  return {
    value,
    answer: { type: 'numeric', value, tolerance: 1e-9, form: 'any' },
    context: { prompt, history: turns.map((t) => t.text), learnerAnswers: learnerAnswers(turns) },
  };
}

function containsValue(text: string, value: number): boolean {
  return findNumbers(text).some((n) => Math.abs(n.value - value) <= 1e-9);
}

export function evaluateDialogues(dialogues: readonly MrBenchDialogue[]): GuardEvaluation {
  const overall = emptyCounts();
  const halves: { even: Counts; odd: Counts } = { even: emptyCounts(), odd: emptyCounts() };
  const naive = emptyCounts();
  const promptOnly = emptyCounts();
  const skipped: SkippedDialogue[] = [];
  const responses: ScoredResponse[] = [];
  let unlabelledResponses = 0;
  dialogues.forEach((dialogue, index) => {
    const inputs = guardInputs(dialogue);
    if ('skip' in inputs) {
      skipped.push({ conversationId: dialogue.conversation_id, reason: inputs.skip });
      return;
    }
    for (const [tutor, { response, annotation }] of Object.entries(dialogue.anno_llm_responses)) {
      const label = revealLabel(annotation);
      if (!label) {
        unlabelledResponses += 1;
        continue;
      }
      const leak = findLeak(inputs.answer, response, inputs.context);
      const actual = label !== 'does-not-reveal';
      tally(overall, leak !== undefined, actual);
      tally(index % 2 === 0 ? halves.even : halves.odd, leak !== undefined, actual);
      tally(naive, containsValue(response, inputs.value), actual);
      tally(promptOnly, findLeak(inputs.answer, response, { prompt: inputs.context.prompt }) !== undefined, actual);
      responses.push({ dialogue: index, conversationId: dialogue.conversation_id, tutor, response, label, leak: leak?.form });
    }
  });
  const recallOf = (label: RevealLabel) => {
    const ofLabel = responses.filter((r) => r.label === label);
    const found = ofLabel.filter((r) => r.leak !== undefined).length;
    return { found, total: ofLabel.length, recall: ofLabel.length === 0 ? 0 : found / ofLabel.length };
  };
  return {
    overall: scores(overall),
    halves: { even: scores(halves.even), odd: scores(halves.odd) },
    recallByLabel: { revealsCorrect: recallOf('reveals-correct'), revealsIncorrect: recallOf('reveals-incorrect') },
    naive: scores(naive),
    promptOnly: scores(promptOnly),
    dialogues: { total: dialogues.length, scored: dialogues.length - skipped.length, skipped },
    unlabelledResponses,
    responses,
  };
}

/** Reads an MRBench-format JSON file and scores the guard on it. */
export function evaluateGuardFile(file: string): GuardEvaluation {
  return evaluateDialogues(readMrBench(file));
}
