// Builds what a language model reads for one move: the stable part first (the tutor's rules and the pack's
// own texts, the same for the whole conversation, so providers can cache it), the learner's turn last.
import { answerText } from '../curriculum/answers.ts';
import type { Item, Pack } from '../curriculum/pack.ts';
import type { Move } from '../dialogue/moves.ts';
import { realizeOffline } from './offline.ts';
import type { SayContext } from './model.ts';
import { MODEL_MOVES, render, type ModelMove, type Prompts, type Slot } from './prompts.ts';
import { redact, type Redaction } from './redact.ts';

export interface PromptParts {
  /** The tutor's rules: identical for every call on a pack. */
  system: string;
  /** The pack's concepts and explanations: identical for every call on a pack. */
  context: string;
  /** This move, for this learner, now. */
  user: string;
}

export function isModelMove(kind: string): kind is ModelMove {
  return (MODEL_MOVES as readonly string[]).includes(kind);
}

const contextCache = new WeakMap<Pack, string>();

function packContext(prompts: Prompts, pack: Pack | undefined): string {
  if (!pack) return 'No course is chosen yet.';
  const cached = contextCache.get(pack);
  if (cached) return cached;
  const concepts = pack.order
    .map((id) => pack.concepts.get(id))
    .filter((c) => c !== undefined)
    .map((c) => [`## ${c.title}`, c.summary, ...Object.entries(c.explanations).map(([style, text]) => `### ${style}\n${text}`)].join('\n'))
    .join('\n\n');
  const text = render(prompts.pack, {
    pack_title: pack.spec.title,
    pack_summary: pack.spec.summary,
    audience: pack.spec.audience,
    concepts,
  });
  contextCache.set(pack, text);
  return text;
}

function systemFor(prompts: Prompts, pack: Pack | undefined): string {
  return render(prompts.system, {
    audience: pack?.spec.audience ?? 'learners of every age',
    pack_title: pack?.spec.title ?? 'the topics on offer',
    language: pack?.spec.language === 'en' || !pack ? 'English' : pack.spec.language,
  });
}

const quotes = (evidence: string[] | undefined) => (evidence?.length ? evidence.map((e) => `"${e}"`).join(', ') : '(none quoted)');

function moveSlots(move: Move): Partial<Record<Slot, string | number>> {
  switch (move.kind) {
    case 'partial':
      return { note: move.missing?.length ? `missing: ${move.missing.join('; ')}` : move.note, evidence: quotes(move.evidence) };
    case 'correct':
      return { evidence: quotes(move.evidence) };
    case 'unreadable':
      return { note: move.note ?? 'unreadable' };
    case 'misconception':
    case 'remediation':
      return { misconception: move.misconception.label };
    case 'step':
      return { note: { right: 'right', wrong: 'not right yet', noted: 'not graded (no single right answer)' }[move.result] };
    case 'why-feedback':
      return { note: move.assessment };
    case 'diagnosis':
      return { misconception: move.diagnosis.label };
    case 'hint':
      return { hint_level: move.level, hint_count: move.of };
    case 'explain':
      return { concept: move.concept.title, style: move.style };
    case 'question':
      return { concept: move.concept.title, style: move.style, note: move.covered === false ? 'not directly' : 'yes' };
    case 'explain-request':
      return { reason: move.reason === 'rapid-answer' ? 'a very fast answer' : 'several hints in a row without an answer' };
    case 'mastered':
      return { concept: move.concept.title };
    case 'follow-up':
      return { missing: move.missing.join('; ') };
    default:
      return {};
  }
}

/** The stable prefix alone, for calls that are not a move (grading, diagnosis). */
export function stableParts(prompts: Prompts, pack: Pack | undefined): Omit<PromptParts, 'user'> {
  return { system: systemFor(prompts, pack), context: packContext(prompts, pack) };
}

export function buildPrompt(prompts: Prompts, move: Move, context: SayContext, redactions: readonly Redaction[]): PromptParts {
  const item: Item | undefined = move.guardItem ?? ('item' in move ? move.item : undefined);
  const kind = move.kind as ModelMove;
  const instructions = render(prompts.moves[kind] ?? '', { style: context.style ?? 'best-fitting', ...moveSlots(move) });
  const authored = realizeOffline(move, { ...context, variant: 0 });
  const user = render(prompts.turn, {
    move: move.kind,
    why: move.why,
    name: context.name ?? '(not given)',
    difficulty: context.level !== undefined ? context.level.toFixed(1) : '2',
    language_level: context.languageLevel ?? context.pack?.spec.audience ?? 'plain, simple English',
    style: context.style ?? 'none stated',
    item_prompt: move.guardItem ? move.guardItem.prompt : item ? `${item.prompt} (already answered)` : '(none)',
    reveal: move.reveals ? `ALLOWED (the answer is ${item ? answerText(item.answer) : ''})` : 'NOT allowed',
    learner_text: redact(context.learnerText, redactions).slice(0, 2000),
    instructions,
    authored,
    strict: context.strict
      ? 'IMPORTANT: your previous wording gave the answer away and was not sent. Write it again without the answer, any equivalent form of it, or any example that uses the same numbers.'
      : '',
  });
  return { ...stableParts(prompts, context.pack), user };
}
