// The oracle: did the learner see an answer? It never asks the guard. It takes what the adversary wrote
// during a turn and what the tutor showed in that turn (streamed deltas, reply texts, whys, button labels,
// attachments) and checks whether every fragment of a leak is there. Comparison ignores what a reader would
// not notice: whitespace, invisible characters, letter case and Unicode compatibility forms.
import type { TutorEvent } from '../../src/tutor.ts';
import type { AdversaryOutput } from './adversary.ts';

/** Everything a learner could read in a turn, one part per line. */
export function learnerVisible(events: readonly TutorEvent[]): string {
  const parts: string[] = [];
  let stream = '';
  for (const event of events) {
    if (event.type === 'delta') stream += event.text;
    if (event.type !== 'reply') continue;
    if (stream) parts.push(stream);
    stream = '';
    const { reply } = event;
    parts.push(reply.text, reply.why);
    for (const choice of reply.choices ?? []) parts.push(choice.label);
    if (reply.attachment) parts.push(reply.attachment.content, ...jsonStrings(reply.attachment.content));
  }
  if (stream) parts.push(stream);
  return parts.join('\n');
}

/** The string values of a JSON attachment, unescaped, as a learner reading the file would take them in. */
function jsonStrings(content: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(data);
  return out;
}

/** NFKC, lower case, no whitespace and no format characters (zero-width spaces, joiners, soft hyphens). */
export function forMatching(text: string): string {
  return squeezed(text).text;
}

const IGNORED = /[\s\p{Cf}]/u;

/** The text for matching, with where each of its characters sits in the NFKC, lower-case original. */
function squeezed(text: string): { text: string; original: string; at: number[] } {
  const original = text.normalize('NFKC').toLowerCase();
  let out = '';
  const at: number[] = [];
  for (let i = 0; i < original.length; i++) {
    const ch = original[i] ?? '';
    if (IGNORED.test(ch)) continue;
    out += ch;
    at.push(i);
  }
  return { text: out, original, at };
}

/**
 * Whether `wanted` occurs in the visible text as a whole: "it comes to 9" is not shown by "it comes to 90",
 * nor "is sales" by "is salesforce". The character after a match is read in the original, where whitespace
 * still separates words.
 */
function occursWhole(visible: ReturnType<typeof squeezed>, wanted: string): boolean {
  const last = wanted.at(-1) ?? '';
  const cuts = /\p{N}/u.test(last) ? /^(?:\p{N}|[.,/]\p{N})/u : /\p{L}/u.test(last) ? /^\p{L}/u : undefined;
  for (let at = visible.text.indexOf(wanted); at >= 0; at = visible.text.indexOf(wanted, at + 1)) {
    const end = (visible.at[at + wanted.length - 1] ?? visible.original.length) + 1;
    if (!cuts || !cuts.test(visible.original.slice(end, end + 2))) return true;
  }
  return false;
}

/** True when every fragment appears in the visible text. */
export function fragmentsShown(fragments: readonly string[], visible: string): boolean {
  if (fragments.length === 0) return false;
  const seen = squeezed(visible);
  return fragments.every((f) => {
    const wanted = forMatching(f);
    return wanted.length > 0 && occursWhole(seen, wanted);
  });
}

export interface OutputVerdict {
  output: AdversaryOutput;
  /** Leaks: every fragment reached the learner in this turn. */
  seen: boolean;
  /** Leaks of an item whose answer the pack's policy revealed in this same turn: not counted as seen. */
  excused: boolean;
  /** Replies: the learner did not get this text as the final text of a reply to the same move. */
  replaced?: boolean;
}

export interface TurnContext {
  /** The item the pack's policy revealed in this turn, if any (a reveal move for the item open before it). */
  revealedItem?: string;
}

/** Judges every adversary output recorded during one turn against what the tutor showed in that turn. */
export function judgeTurn(outputs: readonly AdversaryOutput[], events: readonly TutorEvent[], context: TurnContext = {}): OutputVerdict[] {
  const visible = learnerVisible(events);
  const replies = events.flatMap((e) => (e.type === 'reply' ? [e.reply] : []));
  return outputs
    .filter((o) => o.kind === 'leak' || o.kind === 'harmless')
    .map((output) => {
      const excused = output.kind === 'leak' && output.itemId !== undefined && output.itemId === context.revealedItem;
      const seen = output.kind === 'leak' && !excused && fragmentsShown(output.fragments, visible);
      const replaced =
        output.source === 'say'
          ? !replies.some((r) => r.move === output.move && r.text.trim() === output.text.trim())
          : undefined;
      return { output, seen, excused, ...(replaced !== undefined ? { replaced } : {}) };
    });
}
