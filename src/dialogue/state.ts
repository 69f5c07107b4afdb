// The learner's whole state as the dialogue policy sees it: profile, model and where the conversation is.
import type { Style } from '../curriculum/schema.ts';
import type { ConceptState, PackState, StatedProfile, StyleArms } from '../learner/types.ts';

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
}

export interface PlacementState {
  packId: string;
  /** Questions asked so far. */
  asked: number;
  /** Concepts probed so far. (Optional fields: a check stored by an older version reads as just begun.) */
  probes?: number;
  /** Concepts shown known, with what they build on. */
  known?: string[];
  /** Concepts shown not known, with what builds on them. */
  unknown?: string[];
  /** The concept being probed, and its right answers so far. */
  probe?: { conceptId: string; right: number };
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
  /** Styles used to explain the current concept, so the next explanation is a different one. */
  explainedStyles: { conceptId: string; styles: Style[] };
  /** An explanation was given: the next graded attempt rewards (or not) its style. */
  pendingStyle?: Style;
  posesSinceReview: number;
  correctSinceWhy: number;
  lastWhy: string;
  turns: number;
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
