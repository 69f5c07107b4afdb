// Reading a learner's "why it works" without a language model. Praise needs evidence: a reason counts as
// sound only when it carries enough of the course's own reason for the item; a reason that shows one of the
// item's known mistakes is mistaken; anything else is unclear, and gets the model reason with no verdict.
import { sameAnswer } from '../curriculum/answers.ts';
import type { Concept, Item } from '../curriculum/pack.ts';

export type ReasonAssessment = 'sound' | 'unclear' | 'mistaken' | 'short';

export interface ReasonReading {
  assessment: ReasonAssessment;
  /** What the assessment rests on, for the why. */
  detail: string;
}

const STOP = new Set([
  'the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'is', 'are', 'be', 'it', 'its', 'that', 'this', 'you',
  'we', 'i', 'they', 'them', 'because', 'so', 'as', 'by', 'for', 'with', 'then', 'than', 'can', 'do', 'does',
  'just', 'only', 'same', 'what', 'when', 'which', 'has', 'have', 'there', 'their', 'if', 'all', 'at', 'from',
  'into', 'out', 'up', 'not', 'no', 'one', 'each', 'get', 'gets', 'got', 'will', 'would', 'should', 'must', 'make',
  'makes', 'thing', 'things', 'way', 'how', 'why', 'answer', 'question', 'think',
]);

/** Content words, lightly stemmed, so "denominators" meets "denominator" and "multiplying" meets "multiply". */
export function contentWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1 && !STOP.has(w))
      .map((w) => w.replace(/(ing|ies|ied|es|ed|s|ly)$/, '').replace(/e$/, '')),
  );
}

function showsMistake(item: Item, text: string): string | undefined {
  for (const m of item.misconceptions) {
    const pattern = m.pattern ? new RegExp(m.pattern, 'i') : undefined;
    if (pattern?.test(text)) return m.label;
    if ((m.answers ?? []).some((a) => sameAnswer(item.answer, text, a))) return m.label;
    // A reason that says the mistake in the course's own words ("you add the denominators").
    const label = contentWords(m.label);
    if (label.size >= 2) {
      const said = contentWords(text);
      const shared = [...label].filter((w) => said.has(w)).length;
      if (shared / label.size >= 0.75) return m.label;
    }
  }
  return undefined;
}

/** How much of the course's reason a learner's reason carries. */
export function assessReason(item: Item, concept: Concept | undefined, text: string): ReasonReading {
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  if (words < 4) return { assessment: 'short', detail: `${words} word${words === 1 ? '' : 's'}` };
  const mistake = showsMistake(item, text);
  if (mistake) return { assessment: 'mistaken', detail: mistake };
  const reference = item.why ?? concept?.summary ?? '';
  const key = contentWords(reference);
  if (key.size === 0) return { assessment: 'unclear', detail: 'the course gives no reason to compare with' };
  const said = contentWords(text);
  const shared = [...key].filter((w) => said.has(w));
  const share = shared.length / key.size;
  const detail = `it shares ${shared.length} of the ${key.size} key words of the course's reason`;
  return share >= 0.4 && shared.length >= 2 ? { assessment: 'sound', detail } : { assessment: 'unclear', detail };
}
