// The Model port: turns a decided move into words. The offline model uses the curriculum's authored text;
// language models plug in behind the same port and stream.
import type { Move } from '../dialogue/moves.ts';
import type { Style } from '../curriculum/schema.ts';

export interface SayContext {
  /** The learner's first name, if they gave one: the only personal detail a model may see. */
  name?: string;
  style?: Style;
  /** Changes from turn to turn so that wording varies; the same turn always reads the same. */
  variant: number;
  /** What the learner just wrote, for models that reply to it. */
  learnerText: string;
}

export interface Model {
  /** Shown at start-up and stored with each turn, e.g. "offline" or "anthropic:claude-...". */
  readonly id: string;
  /** The move in words, in chunks as they are produced. */
  say(move: Move, context: SayContext): AsyncIterable<string>;
}
