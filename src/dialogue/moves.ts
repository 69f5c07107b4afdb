// The moves the tutor can make. The policy decides moves; a Model puts them into words.
import type { GradeNote } from '../curriculum/answers.ts';
import type { Concept, Item } from '../curriculum/pack.ts';
import type { Misconception, Style } from '../curriculum/schema.ts';
import type { StatedProfile } from '../learner/types.ts';
import type { ReasonAssessment } from './reasons.ts';
import type { Diagnosis } from '../model/model.ts';

export interface ProgressRow {
  conceptId: string;
  title: string;
  pKnown: number;
  mastered: boolean;
  unlocked: boolean;
  reviewDue: boolean;
  /** First attempts on the concept so far: none means not started, whatever the prior says. */
  answered: number;
}

export interface PackSummary {
  id: string;
  title: string;
  summary: string;
  mastered: number;
  concepts: number;
}

/** Notes on what the learner sent; `fixed-course`: a level change asked of the fixed baseline, which has none. */
export type InputNote = 'empty' | 'cut' | 'binary' | 'unknown-command' | 'fixed-course';

export type MoveBody =
  | { kind: 'welcome'; name?: string }
  | { kind: 'topics'; packs: PackSummary[] }
  /** The learner asked for a pack this channel does not offer; `packs` are those it does. */
  | { kind: 'not-offered'; packTitle: string; packs: PackSummary[] }
  | { kind: 'placement-intro'; packTitle: string; count: number }
  | { kind: 'placement-done'; packTitle: string; startTitle: string; skipped: boolean; testedOut: string[]; toConfirm?: string[] }
  | { kind: 'placement-no-hints' }
  | { kind: 'pose'; item: Item; concept: Concept; mode: 'practice' | 'review' | 'placement'; change?: 'easier' | 'harder' | 'new-concept' | 'another' | 'again'; /** The concept's summary would give this item's answer away: left out. */ withoutSummary?: boolean }
  | { kind: 'correct'; item: Item; pace: 'fast' | 'normal' | 'slow'; helped: boolean; evidence?: string[] }
  | { kind: 'noted'; item: Item; correct: boolean }
  | { kind: 'partial'; item: Item; note: GradeNote; evidence?: string[]; missing?: string[]; feedback?: string }
  | { kind: 'follow-up'; item: Item; missing: string[] }
  | { kind: 'diagnosis'; item: Item; diagnosis: Diagnosis }
  | { kind: 'question'; item?: Item; concept: Concept; question: string; style: Style; grounding: string; covered?: boolean }
  | { kind: 'unreadable'; item: Item; note: GradeNote | undefined }
  | { kind: 'misconception'; item: Item; misconception: Misconception }
  | { kind: 'hint'; item: Item; level: number; of: number; text: string; answerRequested?: boolean }
  /** A reply to the tutor's own guiding question: right, not right yet, or (no single answer) noted. */
  | { kind: 'step'; item: Item; question: string; result: 'right' | 'wrong' | 'noted'; /** No hint follows: the question itself is asked again. */ backToQuestion?: boolean }
  | { kind: 'remediation'; item: Item; misconception: Misconception & { remediation?: string } }
  | { kind: 'explain'; concept: Concept; item?: Item; style: Style; text: string; reason: 'struggle' | 'asked' | 'differently' | 'out-of-hints' }
  | { kind: 'reveal'; item: Item; solution: string }
  | { kind: 'ask-why'; item: Item }
  | { kind: 'why-feedback'; item: Item; assessment: ReasonAssessment; model: string }
  | { kind: 'explain-request'; item: Item; reason: 'rapid-answer' | 'clicking-through' }
  | { kind: 'mastered'; concept: Concept; next?: Concept }
  | { kind: 'pack-complete'; packTitle: string }
  | { kind: 'progress'; packTitle?: string; rows: ProgressRow[]; ability?: number }
  | { kind: 'profile'; profile: StatedProfile; stored: Record<string, number>; packs: string[]; classes?: string[] }
  | { kind: 'joined'; className: string; staff: string[]; solutionsHidden?: boolean }
  | { kind: 'already-joined'; className: string }
  | { kind: 'join-unknown'; code: string }
  | { kind: 'left'; className: string }
  | { kind: 'leave-unknown'; given: string; classes: string[] }
  | { kind: 'classes'; classes: Array<{ name: string; staff: string[] }> }
  | { kind: 'teacher-override'; change: string; reason: string }
  | { kind: 'profile-updated'; field: keyof StatedProfile; value: string }
  /** `example`: a pack id to show `start` with, one this channel offers. */
  | { kind: 'help'; example?: string }
  | { kind: 'last-why'; text: string }
  | { kind: 'level-changed'; direction: 'up' | 'down'; level: number; from: number; appliesTo: 'this' | 'next' }
  | { kind: 'style-set'; style: Style }
  | { kind: 'style-unknown'; given: string }
  | { kind: 'skipped'; item: Item }
  | { kind: 'no-review-due'; nextDue?: number; conceptTitle?: string }
  | { kind: 'export'; json: string }
  | { kind: 'confirm-forget' }
  /** `pending`: the rows are gone, their last copies are still being wiped from the database's files. */
  | { kind: 'forgotten'; pending?: boolean }
  | { kind: 'forget-cancelled' }
  | { kind: 'concept-reset'; concept: Concept }
  | { kind: 'unknown-concept'; given: string; options: string[] }
  | { kind: 'unknown-topic'; given: string }
  | { kind: 'input-note'; note: InputNote }
  | { kind: 'nothing-open' }
  | { kind: 'item-closed' };

export type MoveKind = MoveBody['kind'];

export type Move = MoveBody & {
  /** Why the tutor made this move, in words a learner or teacher can read. */
  why: string;
  /** The item open when the move is spoken: the answer guard protects its answer. */
  guardItem?: Item;
  /** The move may state the open item's answer (the bottom of the ladder, when policy allows). */
  reveals?: boolean;
};
