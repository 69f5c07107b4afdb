// A learner's own question ("why do we flip the second fraction?"): answered from the course's text for the
// concept it is about, never by solving the open item.
import type { Concept, Item, Pack } from '../curriculum/pack.ts';
import { say, type Draft } from './draft.ts';
import { chooseExplanation } from './practice.ts';

const QUESTION_START = /^(why|how|what|what's|whats|when|where|which|who|can|could|do|does|did|is|are|was|were|should|would|will|isn't|aren't|don't|doesn't)\b/i;

/** "Why do we flip the second fraction?": a question of the learner's own, not an answer. */
export function isLearnerQuestion(text: string): boolean {
  const t = text.trim();
  return /\?\s*$/.test(t) && QUESTION_START.test(t) && t.split(/\s+/).length >= 4;
}

const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'is', 'are', 'do', 'does', 'we', 'you', 'i', 'it', 'why', 'how', 'what', 'when', 'that', 'this', 'with', 'for', 'by', 'be', 'can', 'one', 'two']);

function words(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2 && !STOP.has(w))
      .map((w) => w.replace(/(ing|ed|es|s)$/, '')),
  );
}

/** The concept a question is about: the one whose own words it shares most, else the current one. */
export function conceptOfQuestion(pack: Pack, question: string, current: Concept): Concept {
  const asked = words(question);
  const score = (c: Concept) => {
    const own = words(`${c.title} ${c.summary} ${Object.values(c.explanations).join(' ')}`);
    let shared = 0;
    for (const w of asked) if (own.has(w)) shared += 1;
    return shared;
  };
  let best = current;
  let bestScore = score(current);
  for (const concept of pack.concepts.values()) {
    const s = score(concept);
    if (s > bestScore) {
      best = concept;
      bestScore = s;
    }
  }
  return best;
}

export function answerQuestion(d: Draft, pack: Pack, current: Concept, item: Item | undefined, question: string): void {
  const concept = conceptOfQuestion(pack, question, current);
  const { style, text, why } = chooseExplanation(d, concept, concept.id === item?.conceptId ? item : undefined, false);
  const open = d.state.conversation.open;
  if (open) open.promptedAt = d.ctx.now;
  say(
    d,
    { kind: 'question', ...(item ? { item } : {}), concept, question, style, grounding: text },
    `you asked a question of your own, about ${concept.title}: answered from the course's ${style} explanation (${why})${item ? ', without solving the open question' : ''}`,
  );
}
