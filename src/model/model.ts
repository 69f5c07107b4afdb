// The Model port: turns a decided move into words, and, for models that can, grades free text and diagnoses
// unexpected wrong answers. The offline model uses the curriculum's authored text; language models plug in
// behind the same port and stream.
import type { Move } from '../dialogue/moves.ts';
import type { Item, Pack } from '../curriculum/pack.ts';
import type { Style } from '../curriculum/schema.ts';

export interface ModelUsage {
  model: string;
  purpose: 'say' | 'grade' | 'diagnose' | 'judge';
  inputTokens: number;
  /** Input tokens served from the provider's prompt cache. */
  cachedTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  latencyMs: number;
}

export interface SayContext {
  /** The learner's first name, if they gave one: the only personal detail a model may see. */
  name?: string;
  style?: Style;
  /** Changes from turn to turn so that wording varies; the same turn always reads the same. */
  variant: number;
  /** What the learner just wrote (redacted before any model sees it). */
  learnerText: string;
  /** The pack the conversation is in: language models ground their words in its text. */
  pack?: Pack;
  /** The learner's working difficulty level, 1-5. */
  level?: number;
  /** The level or grade the learner stated, used as a language level. */
  languageLevel?: string;
  /** Set on the one regeneration after the guard caught a leak: the model must be stricter. */
  strict?: boolean;
  /** Aborted when the turn's time bound is reached. */
  signal?: AbortSignal;
  /** Called with token counts and latency of each model call. */
  usage?: (usage: ModelUsage) => void;
}

export interface RubricPointGrade {
  id: string;
  met: boolean;
  /** The learner's own words that show the point. */
  evidence: string;
}

export interface ModelGrade {
  points: RubricPointGrade[];
  score: number;
  confidence: number;
}

export interface Diagnosis {
  label: string;
  question: string;
}

/** What a judge reads: a model text that the guard's rules could not verify, and what it must not give away. */
export interface JudgeRequest {
  /** The open item's prompt, as the learner sees it. */
  itemPrompt: string;
  /** The answer that must not reach the learner, in words (e.g. "3/8", "option b: 0.4"). */
  answer: string;
  /** The model text in question. */
  text: string;
}

/** A judge's strict answer: anything but a clear "safe" is a leak (the guard fails closed). */
export type JudgeVerdict = 'safe' | 'leak';

export interface Model {
  /** Shown at start-up and stored with each turn, e.g. "offline" or "anthropic:claude-...". */
  readonly id: string;
  /** The move in words, in chunks as they are produced. */
  say(move: Move, context: SayContext): AsyncIterable<string>;
  /** Grades a free-text answer against the item's rubric; undefined when it cannot. */
  grade?(item: Item, answer: string, context: SayContext): Promise<ModelGrade | undefined>;
  /** Names the misconception behind an unexpected wrong answer, with a question aimed at it. */
  diagnose?(item: Item, answer: string, context: SayContext): Promise<Diagnosis | undefined>;
  /**
   * A second opinion on a text the guard's rules could not verify: could a learner read the answer from it?
   * Only ever consulted to let such a text through. Resolves 'safe' only on a clear "no"; any other answer is
   * 'leak'. Rejects when the call fails (error, timeout, abort), as the other methods do; the caller treats a
   * rejection as 'leak'.
   */
  judge?(request: JudgeRequest, context: SayContext): Promise<JudgeVerdict>;
}
