// The learner's whole state as the dialogue policy sees it: profile, model and where the conversation is.
import type { AnswerSpec, Style } from '../curriculum/schema.ts';
import type { ConceptState, PackState, StatedProfile, StyleArms } from '../learner/types.ts';

/**
 * A question the tutor asked on the way to the item's answer (a hint, a misconception question): the
 * learner's next reply may answer it rather than the item, and is read against it first.
 */
export interface AskedQuestion {
  text: string;
  /** Its own answer, when the course gives one or the question is a calculation the tutor can work out. */
  expected?: AnswerSpec;
  from: 'hint' | 'misconception' | 'diagnosis';
}

export interface OpenItem {
  packId: string;
  itemId: string;
  conceptId: string;
  mode: 'practice' | 'review' | 'placement';
  posedAt: number;
  /** When the tutor last spoke about the item: response time runs from here. */
  promptedAt: number;
  attempts: number;
  wrong: number;
  hintsUsed: number;
  hintTimes: number[];
  misconceptionsAsked: string[];
  /** The first attempt has fed the learner model; later attempts do not. */
  counted: boolean;
  /** A correct answer came too fast to credit without an explanation. */
  awaitingExplanation?: boolean;
  explainRequested?: boolean;
  /** The guiding question waiting for a reply, if the tutor's last word on the item was one. */
  asked?: AskedQuestion;
  /** Every hint was given and then an explanation: one more request for help moves to an easier item. */
  outOfHints?: boolean;
  /** The value of the last guiding question answered right, for a next question about "that". */
  lastStep?: number;
  /** Misconceptions already met with their remediation, so it is given once. */
  remediated?: string[];
}

/** A question just posed: nothing answered, asked or counted yet. */
export function newOpenItem(packId: string, item: { id: string; conceptId: string }, mode: OpenItem['mode'], now: number): OpenItem {
  return {
    packId,
    itemId: item.id,
    conceptId: item.conceptId,
    mode,
    posedAt: now,
    promptedAt: now,
    attempts: 0,
    wrong: 0,
    hintsUsed: 0,
    hintTimes: [],
    misconceptionsAsked: [],
    counted: false,
  };
}

export interface PlacementState {
  packId: string;
  /** Questions asked so far. */
  asked: number;
  /** Concepts probed so far. (Optional fields: a check stored by an older version reads as just begun.) */
  probes?: number;
  /** Concepts shown known, with what they build on. */
  known?: string[];
  /** Concepts shown known by the check's own questions (the rest of `known` is inferred). */
  confirmed?: string[];
  /** Concepts shown not known, with what builds on them. */
  unknown?: string[];
  /** The concept being probed, and its right answers so far. */
  probe?: { conceptId: string; right: number };
}

/** Where a conversation stood in one pack: its open question, placement check or "why?" question. */
export interface PackPlace {
  packId: string;
  open?: OpenItem;
  placement?: PlacementState;
  askedWhy?: { packId: string; itemId: string };
}

export interface Conversation {
  greeted: boolean;
  packId?: string;
  open?: OpenItem;
  /** Waiting for the learner's answer to "why does that work?" about this item. */
  askedWhy?: { packId: string; itemId: string };
  placement?: PlacementState;
  confirmForget?: boolean;
  /** Item ids posed lately, oldest first. */
  recent: string[];
  /** Items whose worked solution or answer the learner has been shown, most recent last: never credited as unaided again. */
  solutionsShown?: Array<{ itemId: string; at: number; /** `posed` when it was shown. */ posedBefore?: number }>;
  /** Questions posed in this conversation, so "just shown" can be counted in questions as well as minutes. */
  posed?: number;
  /** Items answered right lately, most recent last: not posed again while others remain. */
  solved?: string[];
  /** Styles used to explain the current concept, so the next explanation is a different one. */
  explainedStyles: { conceptId: string; styles: Style[] };
  /** An explanation was given: the next graded attempt rewards (or not) its style. */
  pendingStyle?: Style;
  posesSinceReview: number;
  correctSinceWhy: number;
  lastWhy: string;
  turns: number;
  /**
   * Places in packs a channel did not offer (the learner came to another course's page), set aside rather than
   * dropped, and taken up again where the pack is offered. At most one per pack.
   */
  parked?: PackPlace[];
  /** Ids of the classes the learner joined: a learner in none has no teacher's override to look for. */
  classes?: string[];
  /** What a teacher decided for this learner: no worked solutions for now (`hidden`), or the course's policy. */
  teacher?: { solutions?: 'hidden' | 'course' };
}

export interface LearnerState {
  learnerId: string;
  createdAt: number;
  profile: StatedProfile;
  packs: Record<string, PackState>;
  styles: StyleArms;
  concepts: Record<string, ConceptState>;
  conversation: Conversation;
}

export function freshLearner(learnerId: string, now: number): LearnerState {
  return {
    learnerId,
    createdAt: now,
    profile: {},
    packs: {},
    styles: {},
    concepts: {},
    conversation: {
      greeted: false,
      recent: [],
      explainedStyles: { conceptId: '', styles: [] },
      posesSinceReview: 0,
      correctSinceWhy: 0,
      lastWhy: 'We have not talked yet.',
      turns: 0,
    },
  };
}

export interface AttemptRecord {
  packId: string;
  itemId: string;
  conceptId: string;
  at: number;
  answer: string;
  verdict: string;
  hintsUsed: number;
  responseMs: number;
  counted: boolean;
  misconception?: string;
}

export interface ItemStat {
  packId: string;
  itemId: string;
  difficulty: number;
  attempts: number;
}
