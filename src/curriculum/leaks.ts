// Does a text give away an item's answer? The answer guard's check of every model text that can reach a
// learner (the content lint reads authored text more plainly: lint-readings.ts). The check allows rather than blocks: a text may carry what the
// learner has already seen (the item's prompt, the authored text of the move, the conversation, their own
// words); anything else that evaluates to, points at or spells out the answer is a leak, in whatever reading
// (LaTeX, words, encodings, letters spaced out, reversed). What the rules cannot read at all is "unverified".
// docs/guard.md gives the rules and how they are measured.
import { LRUCache } from 'lru-cache';
import { numericValue } from './answers.ts';
import type { AnswerSpec } from './schema.ts';
import { choiceFound } from '../guard/choice.ts';
import { numericFound, type Grounds } from '../guard/numeric.ts';
import { readingsOf } from '../guard/readings.ts';
import { unreadable } from '../guard/unreadable.ts';
import { wordsFound } from '../guard/words.ts';

export interface LeakContext {
  /** The item's prompt as the learner sees it. */
  prompt: string;
  /**
   * Earlier messages about the item that the learner has seen or written, oldest first: a value said there is
   * shared context, free to mention again unless the text states it as the answer.
   */
  history?: readonly string[];
  /** The authored wording of the move being spoken: a model may say what it says. */
  authored?: string;
  /**
   * What the learner has answered for the item so far, as they wrote it. Once there is one, a reply that names
   * another number as the answer, or corrects theirs with one, is stopped as well.
   */
  learnerAnswers?: readonly string[];
  /** The pack's language (default English): sentences in another language cannot be verified. */
  language?: string;
  /**
   * The tutor wrote the text itself, from templates, figures and linted authored text (the why of an offline
   * turn): nothing in it can be encoded, so its plain readings are all there is to check.
   */
  ownWords?: boolean;
}

export interface Leak {
  /** The form in which the answer appeared, e.g. "0.75", "option b" or "3/8 (base64)". */
  form: string;
}

/** What the guard makes of a text: it gives the answer away, the rules cannot read all of it, or it is clean. */
export type Inspection = { kind: 'leak'; leak: Leak } | { kind: 'unverified'; reason: string } | { kind: 'clean' };

function groundsOf(context: LeakContext): Grounds {
  return {
    prompt: context.prompt,
    ...(context.authored ? { authored: context.authored } : {}),
    seen: [...(context.history ?? []), ...(context.authored ? [context.authored] : [])],
    learnerAnswers: context.learnerAnswers ?? [],
  };
}

// The tutor checks the same authored texts against the same items turn after turn: recent verdicts are
// remembered (a few MB), least recently used first out: wordings that recur every turn (authored hints, prompts)
// stay, while the one-off texts of a busy server (a why with this turn's figures) pass through.
const remembered = new LRUCache<string, Inspection>({ max: 50_000 });
const specIds = new WeakMap<AnswerSpec, number>();
let nextSpecId = 0;

function memoKey(spec: AnswerSpec, text: string, context: LeakContext): string {
  let id = specIds.get(spec);
  if (id === undefined) specIds.set(spec, (id = nextSpecId++));
  return JSON.stringify([id, text, context.prompt, context.history ?? null, context.authored ?? null, context.learnerAnswers ?? null, context.language ?? null, context.ownWords ?? false]);
}

export function inspectText(spec: AnswerSpec, text: string, context: LeakContext): Inspection {
  const key = memoKey(spec, text, context);
  let inspection = remembered.get(key);
  if (!inspection) remembered.set(key, (inspection = inspectUncached(spec, text, context)));
  return inspection;
}

function inspectUncached(spec: AnswerSpec, text: string, context: LeakContext): Inspection {
  const grounds = groundsOf(context);
  const wordy = spec.type !== 'numeric' && spec.type !== 'expression';
  const readings = readingsOf(text, { words: wordy, plainOnly: context.ownWords === true });
  let found;
  switch (spec.type) {
    case 'numeric':
      found = numericFound(
        { value: numericValue(spec.value), written: String(spec.value), tolerance: Math.max(spec.tolerance, 1e-9), ...(spec.unit ? { unit: spec.unit } : {}) },
        readings,
        text,
        grounds,
      );
      break;
    case 'choice':
      found = choiceFound(spec.options, spec.correct, readings, context.prompt);
      break;
    default:
      found = wordsFound(spec, readings, grounds, text);
  }
  if (found) return { kind: 'leak', leak: { form: found.form } };
  const cannotRead = unreadable(text, readings[0]?.text ?? '', context.language ?? 'en');
  return cannotRead ? { kind: 'unverified', reason: cannotRead.reason } : { kind: 'clean' };
}

/** The leak in a text, if any; text the rules cannot read is not reported here (see inspectText). */
export function findLeak(spec: AnswerSpec, text: string, context: LeakContext): Leak | undefined {
  const inspection = inspectText(spec, text, context);
  return inspection.kind === 'leak' ? inspection.leak : undefined;
}
