// The answer guard has the last word: no text reaches a learner that gives away the answer of the open item,
// or of an item posed later in the same turn, unless the move is the bottom of the ladder and the pack's
// policy allows it. It allows rather than blocks: a model may say what the learner has already seen (the
// item's prompt, the authored wording of the move, the conversation about the item, their own words); what
// gives the answer away in any reading is a leak; what the rules cannot read at all is unverified.
import { inspectText, type Leak } from '../curriculum/leaks.ts';
import { numberMentions } from '../curriculum/numbers.ts';
import type { Item } from '../curriculum/pack.ts';
import type { Move } from '../dialogue/moves.ts';

export interface Guarded {
  text: string;
  leak?: Leak;
  /** Why the rules could not vouch for the text (it was sent only if a judge passed it). */
  unverified?: string;
}

/** What the learner has seen and written about the open item, which a model may repeat. */
export interface GuardScene {
  /** The authored wording of the move: the offline text, which the content lint has checked. */
  authored?: string;
  /** Messages about the open item so far, the tutor's (as shown) and the learner's, oldest first. */
  history?: readonly string[];
  /** What the learner wrote this turn. */
  learnerText?: string;
  /** Items posed later in the same turn: their answers must not show either. */
  later?: readonly Item[];
  /** The pack's language. */
  language?: string;
  /** What the tutor has already shown about the open item, earlier in this turn and before. */
  shownBefore?: readonly string[];
}

const SAFE_FALLBACK = 'Let\'s keep thinking about it together. What would be a good first step?';

// "Yes!", "that's right", "you got it": agreement with whatever the learner proposed.
const AFFIRMS = /(?:^|[.!?\n]\s*|\b(?:so|and|but)\s+)(?:yes|yeah|yep|yup|correct|exactly|precisely|bingo|absolutely|indeed|perfect|spot\s+on|well\s+done|nailed\s+it)\b|\b(?:that's|that\s+is|it's|it\s+is|you're|you\s+are)\s+(?:\w+\s+)?(?:right|correct|it)\b(?!\s+(?:track|idea|direction|way|step|question))|\byou(?:'ve|\s+have)?\s+got\s+it\b|[👍✅✔]/iu;

/** Items whose answers a move must not show: the open item (unless the move may reveal it) and later poses. */
export function protectedItems(move: Move, later: readonly Item[] = []): Item[] {
  const own = move.guardItem && !move.reveals ? [move.guardItem] : [];
  return [...own, ...later.filter((i) => !own.includes(i))];
}

/**
 * Checks one outgoing text. The verdict is the first leak found for any protected item; else "unverified"
 * when the rules cannot read part of it; else clean. A leak or an unverified text is replaced by authored,
 * linted text that does not leak (the caller may first ask a judge about an unverified one).
 */
export function guardText(text: string, move: Move, hintLevel: number, scene: GuardScene = {}): Guarded {
  const items = protectedItems(move, scene.later);
  if (items.length === 0) return { text };
  let unverified: string | undefined;
  for (const item of items) {
    const own = item === move.guardItem;
    const context = {
      prompt: item.prompt,
      ...(own && scene.history ? { history: [...scene.history, ...(scene.learnerText ? [scene.learnerText] : [])] } : {}),
      // The authored wording grounds the model's only where it is itself clean (a generic note such as "write it
      // like 3/4" is not, for an item whose answer is 3/4).
      ...(own && scene.authored && inspectText(item.answer, scene.authored, { prompt: item.prompt }).kind === 'clean' ? { authored: scene.authored } : {}),
      ...(scene.language ? { language: scene.language } : {}),
    };
    const inspection = inspectText(item.answer, text, context);
    if (inspection.kind === 'leak') return { text: fallbackFor(move, hintLevel), leak: inspection.leak };
    // The learner proposed the answer in words the tutor did not grade: agreeing with them tells them.
    if (own && scene.learnerText && AFFIRMS.test(text) && inspectText(item.answer, scene.learnerText, { prompt: item.prompt }).kind === 'leak') {
      return { text: fallbackFor(move, hintLevel), leak: { form: 'agreeing with the learner\'s guess' } };
    }
    // Together with what was shown before: a reply must not complete an answer that earlier ones began.
    // Only for numbers and words, which can be split into pieces; a choice's pose lists every option, and a
    // query's words recur in every hint, so there any later mention would look like a completion.
    const splittable = item.answer.type === 'numeric' || item.answer.type === 'exact';
    const before = own && splittable ? (scene.shownBefore ?? []).filter((t) => t.trim()) : [];
    if (before.length > 0) {
      const together = inspectText(item.answer, `${before.join('\n')}\n${text}`, context);
      if (together.kind === 'leak' && before.every((b) => inspectText(item.answer, b, context).kind !== 'leak')) {
        return { text: fallbackFor(move, hintLevel), leak: { form: `${together.leak.form}, with what was shown before` } };
      }
    }
    if (inspection.kind === 'unverified') unverified ??= inspection.reason;
  }
  return unverified ? { text: fallbackFor(move, hintLevel), unverified } : { text };
}

/**
 * The verdict on authored wording: it depends only on the text, the items it protects and the language, never on
 * the conversation, so a clean verdict is remembered (the same wording comes back turn after turn, and checking
 * every reading of it was a quarter of an offline turn). Only clean verdicts are kept; any other is worked out
 * again, so what replaces a leak always follows the move at hand.
 */
export function guardAuthored(text: string, move: Move, hintLevel: number, scene: Pick<GuardScene, 'later' | 'language'> = {}): Guarded {
  const items = protectedItems(move, scene.later);
  if (items.length === 0) return { text };
  const key = `${scene.language ?? ''}\u0001${items.map(itemNumber).join(',')}\u0001${text}`;
  if (cleanAuthored.has(key)) return { text };
  const verdict = guardText(text, move, hintLevel, scene);
  if (!verdict.leak && !verdict.unverified) {
    // Bounded: a long-running server sees many wordings; forgetting them all now and then costs one check each.
    if (cleanAuthored.size >= 20_000) cleanAuthored.clear();
    cleanAuthored.add(key);
  }
  return verdict;
}

const cleanAuthored = new Set<string>();
// Items are fixed once a curriculum is loaded: a number per item object names it in the key, whatever its id.
const itemNumbers = new WeakMap<Item, number>();
let nextItemNumber = 0;
function itemNumber(item: Item): number {
  let n = itemNumbers.get(item);
  if (n === undefined) {
    n = nextItemNumber++;
    itemNumbers.set(item, n);
  }
  return n;
}

/** The authored hint at the learner's level if it is itself safe, else a neutral prompt to keep thinking. */
export function fallbackFor(move: Move, hintLevel: number): string {
  const item = move.guardItem;
  if (!item) return SAFE_FALLBACK;
  const hint = item.hints[Math.max(0, Math.min(item.hints.length - 1, hintLevel - 1))];
  return hint && inspectText(item.answer, hint, { prompt: item.prompt }).kind === 'clean' ? hint : SAFE_FALLBACK;
}

/**
 * Whether a finished sentence may be shown before the rest of the reply is checked: it carries nothing an
 * answer could be made of (no digit, number word, option reference, code or unusual token). Anything else
 * waits for the whole reply, so that an answer split over sentences is never half shown.
 */
export function harmlessSentence(sentence: string, items: readonly Item[]): boolean {
  if (items.length === 0) return true;
  if (/[\d`\\$%^=+*/<>|{}[\]&#@~]|[^\p{Script=Latin}\p{P}\p{Zs}\n'’"“”]/u.test(sentence)) return false;
  if (numberMentions(sentence).mentions.length > 0 || /\b(?:one|half|halves)\b/i.test(sentence)) return false;
  if (/\b(?:percent|point|over|option|choice|letter|first|second|third|last|answer|digit|numerator|denominator|top|bottom)s?\b/i.test(sentence)) return false;
  if (/(?:^|[\s(])[a-fA-F](?:[\s).,!?:]|$)/.test(sentence)) return false;
  if (/\b[A-Z]{2,}\b/.test(sentence)) return false;
  const words = new Set(sentence.toLowerCase().match(/[a-z']+/g) ?? []);
  // Word answers: none of their words may run ahead of the check.
  return items.every((item) => {
    const a = item.answer;
    const answerWords = a.type === 'exact' ? a.answers.join(' ') : a.type === 'pattern' ? a.display : a.type === 'rubric' ? a.reference : a.type === 'choice' ? a.options.join(' ') : '';
    return !(answerWords.toLowerCase().match(/[a-z']{3,}/g) ?? []).some((w) => words.has(w));
  });
}
