// The answer guard has the last word: no text reaches a learner that states the open item's answer, unless the
// move is the bottom of the ladder and the pack's policy allows it.
import { findLeak, type Leak } from '../curriculum/leaks.ts';
import type { Move } from '../dialogue/moves.ts';

export interface Guarded {
  text: string;
  leak?: Leak;
}

const SAFE_FALLBACK = 'Let\'s keep thinking about it together. What would be a good first step?';

/** Checks one outgoing text; on a leak it falls back to authored, linted text that does not leak. */
export function guardText(text: string, move: Move, hintLevel: number): Guarded {
  const item = move.guardItem;
  if (!item || move.reveals) return { text };
  const leak = findLeak(item.answer, text, { prompt: item.prompt });
  if (!leak) return { text };
  const hint = item.hints[Math.max(0, Math.min(item.hints.length - 1, hintLevel - 1))];
  const fallback = hint && !findLeak(item.answer, hint, { prompt: item.prompt }) ? hint : SAFE_FALLBACK;
  return { text: fallback, leak };
}
