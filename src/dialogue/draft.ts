// A turn in progress: a private copy of the learner's state that the policy changes, the moves it makes and
// the records the store will write, all in one place so that the store can commit them in one transaction.
import type { Curriculum, Item, Pack } from '../curriculum/pack.ts';
import type { MoveBody, Move, MoveKind } from './moves.ts';
import type { AttemptRecord, ItemStat, LearnerState, OpenItem } from './state.ts';
import type { Diagnosis, ModelGrade } from '../model/model.ts';
import { ABILITY } from '../learner/ability.ts';
import { conceptState } from '../learner/selection.ts';
import { conceptKey, type ConceptState, type PackState } from '../learner/types.ts';
import { own } from '../own.ts';

export interface ItemStats {
  /** The item's difficulty as refined by every learner's first attempts (the authored level at first). */
  difficulty(packId: string, item: Item): number;
  attempts(packId: string, itemId: string): number;
}

/**
 * How the tutor teaches. `adaptive` is Ponder's policy (placement, items near the target success, a bandit
 * over explanation styles); `fixed` is the classic baseline on the same core (pack order, authored item
 * order, first authored style), kept so that the adaptivity can be measured against it. A `worksheet` is
 * the fixed course without mastery learning: every learner gets the same number of items per concept and
 * moves on after them, as with a textbook's exercises.
 */
export type Teaching = 'adaptive' | 'fixed' | { worksheet: number };

export interface PolicyContext {
  curriculum: Curriculum;
  items: ItemStats;
  now: number;
  /** Adaptive unless set. */
  teaching?: Teaching;
  /** The packs this channel offers (Turn.offers, known ids only); undefined offers every pack. */
  offers?: ReadonlySet<string>;
  /** The learner's classes, the class whose code they typed, and their teachers' overrides not yet seen. */
  classes?: ClassContext;
}

/** A class as its learner knows it: its name and the staff who can see their progress and answers. */
export interface ClassView {
  classId: string;
  name: string;
  staff: string[];
  /** The class's own setting for worked solutions, which a learner joining it takes on. */
  solutions?: 'hidden' | 'course';
}

/** What a teacher changed for the learner, to be applied and told at their next turn (see dialogue/overrides.ts). */
export interface TeacherOverride {
  id: number;
  kind: 'mastered' | 'not-mastered' | 'next' | 'level' | 'solutions' | 'grade';
  packId?: string;
  conceptId?: string;
  level?: number;
  solutions?: 'hidden' | 'course';
  /** A teacher's grade of a queued answer (kind 'grade'). */
  itemId?: string;
  verdict?: 'correct' | 'partial' | 'incorrect';
  reason: string;
  /** Who made it, and in which class. */
  staff: string;
  className: string;
}

export interface ClassContext {
  memberships: ClassView[];
  /** The class whose join code the learner typed this turn, when there is one. */
  joining?: ClassView;
  overrides: TeacherOverride[];
}

/** A change of class membership this turn, stored with the turn. */
export type ClassChange = { join: string } | { leave: string };

/** What a language model contributed before the policy decides: a rubric grade, a diagnosis. */
export interface Assist {
  grade?: ModelGrade;
  diagnosis?: Diagnosis;
  /** A teacher graded this very answer to this item before (a labelled example): their verdict stands. */
  labelled?: { verdict: 'correct' | 'partial' | 'incorrect' };
}

/**
 * What the tutor made of the learner's message, as data a channel can show (a tick, a cross) and tests can
 * hold the rules to: an answer to the item, a reply to the tutor's own guiding question, or a reason given
 * for "why does that work?". `credited`: the answer fed the learner model as unaided success.
 */
export interface TurnVerdict {
  on: 'item' | 'step' | 'why';
  result: 'right' | 'partial' | 'wrong' | 'noted';
  credited?: boolean;
}

export interface Draft {
  ctx: PolicyContext;
  verdict?: TurnVerdict;
  assist: Assist;
  state: LearnerState;
  moves: Move[];
  dirtyConcepts: Set<string>;
  attempts: AttemptRecord[];
  itemUpdates: Map<string, ItemStat>;
  forget: boolean;
  exportData: boolean;
  classChanges: ClassChange[];
  /** Overrides applied this turn, with what they replaced (so that a teacher can undo them). */
  appliedOverrides: Array<{ id: number; prior: unknown }>;
  /** Answers a model graded without confidence, for the learner's teacher to grade. */
  gradeReviews: Array<{ packId: string; itemId: string; conceptId: string; answer: string; points: string[]; confidence: number }>;
  /** A teacher assigned this concept this turn: posed once nothing else is open. */
  assigned?: { packId: string; conceptId: string };
}

export function newDraft(ctx: PolicyContext, prior: LearnerState, assist: Assist = {}): Draft {
  return {
    ctx,
    assist,
    // A copy the turn may change and drop on failure. The state is plain data, stored as JSON between turns, so a
    // JSON round trip copies it exactly, and faster than structuredClone (8% more turns a second in `npm run bench`).
    state: JSON.parse(JSON.stringify(prior)) as LearnerState,
    moves: [],
    dirtyConcepts: new Set(),
    attempts: [],
    itemUpdates: new Map(),
    forget: false,
    exportData: false,
    classChanges: [],
    appliedOverrides: [],
    gradeReviews: [],
  };
}

/** Records a move. The open item at this moment is the one the answer guard protects. */
export function say(d: Draft, body: MoveBody, why: string, options: { reveals?: boolean } = {}): void {
  const open = d.state.conversation.open;
  // The export is the learner's own record (their answers, replies they were already shown): not guarded.
  const guardItem = open && body.kind !== 'export' ? itemById(d, open.packId, open.itemId) : undefined;
  d.moves.push({ ...body, why, ...(guardItem ? { guardItem } : {}), ...(options.reveals ? { reveals: true } : {}) });
  if (TEACHING_MOVES.has(body.kind)) d.state.conversation.lastWhy = why;
}

/** Moves that are teaching decisions; `why` explains the latest of these, not a reply to "progress". */
const TEACHING_MOVES = new Set<MoveKind>([
  'pose', 'correct', 'noted', 'partial', 'misconception', 'hint', 'explain', 'reveal', 'ask-why', 'why-feedback', 'step', 'remediation',
  'explain-request', 'mastered', 'placement-done', 'level-changed', 'skipped', 'pack-complete',
]);

export const isOffered = (ctx: PolicyContext, packId: string): boolean => !ctx.offers || ctx.offers.has(packId);

/** The packs this channel offers, in curriculum order. */
export function offeredPacks(ctx: PolicyContext): Pack[] {
  return [...ctx.curriculum.packs.values()].filter((pack) => isOffered(ctx, pack.id));
}

export function currentPack(d: Draft): Pack | undefined {
  const id = d.state.conversation.packId;
  return id ? d.ctx.curriculum.packs.get(id) : undefined;
}

export function itemById(d: Draft, packId: string, itemId: string): Item | undefined {
  return d.ctx.curriculum.packs.get(packId)?.items.get(itemId);
}

export function openItem(d: Draft): { open: OpenItem; pack: Pack; item: Item } | undefined {
  const open = d.state.conversation.open;
  if (!open) return undefined;
  const pack = d.ctx.curriculum.packs.get(open.packId);
  const item = pack?.items.get(open.itemId);
  if (!pack || !item) {
    // The pack changed under a stored conversation: drop the stale item rather than fail the turn.
    d.state.conversation.open = undefined;
    return undefined;
  }
  return { open, pack, item };
}

export function packState(d: Draft, packId: string): PackState {
  const existing = own(d.state.packs, packId);
  if (existing) return existing;
  const created: PackState = { ability: ABILITY.start, placed: false, startedAt: d.ctx.now };
  d.state.packs[packId] = created;
  return created;
}

/** The learner's state for a concept, ready to change; the store will write it. */
export function editConcept(d: Draft, packId: string, conceptId: string, pInit?: number): ConceptState {
  const key = conceptKey(packId, conceptId);
  const state = d.state.concepts[key] ?? conceptState(d.state.concepts, packId, conceptId, pInit);
  d.state.concepts[key] = state;
  d.dirtyConcepts.add(key);
  return state;
}

export const pct = (p: number) => `${Math.round(p * 100)}%`;

export const isFixed = (d: Draft): boolean => d.ctx.teaching !== undefined && d.ctx.teaching !== 'adaptive';

/** Items per concept under a worksheet; undefined under mastery learning. */
export const worksheetLength = (d: Draft): number | undefined => (typeof d.ctx.teaching === 'object' ? d.ctx.teaching.worksheet : undefined);
