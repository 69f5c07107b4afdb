// Replays a response log through the learner model, learner by learner and in order: before each response it
// yields what the tutor would know at that moment, then updates that knowledge with the answer. Every update
// touches one learner record and one learner-concept record, so the work per answer is constant.
import { levelSuccess, updateAbility, ABILITY } from '../learner/ability.ts';
import { EMPTY_HISTORY, recordAnswer, type AnswerHistory } from '../learner/history.ts';
import { updateMastery, type BktParams } from '../learner/mastery.ts';
import type { LearnerEvidence } from '../learner/performance.ts';
import type { LogResponse } from './logs.ts';

interface LearnerRecord {
  ability: number;
  total: AnswerHistory;
}

interface ConceptRecord {
  pKnown: number;
  history: AnswerHistory;
}

export interface ReplayOptions {
  bkt: (skill: string) => BktParams;
  /** The item's difficulty on the level scale, as the learner's rating sees it. */
  difficulty: (response: LogResponse) => number;
}

export interface ReplayStep {
  response: LogResponse;
  evidence: LearnerEvidence;
}

/** A stateful replay: `before` gives the evidence for a response, `after` learns from its answer. */
export function createReplay(options: ReplayOptions) {
  const learners = new Map<string, LearnerRecord>();
  const concepts = new Map<string, ConceptRecord>();
  const key = (r: LogResponse) => `${r.user}\u0000${r.skill}`;
  return {
    before(r: LogResponse): LearnerEvidence {
      const learner = learners.get(r.user);
      const concept = concepts.get(key(r));
      return {
        ability: learner?.ability ?? ABILITY.start,
        pKnown: concept?.pKnown ?? options.bkt(r.skill).pInit,
        concept: concept?.history ?? EMPTY_HISTORY,
        total: learner?.total ?? EMPTY_HISTORY,
      };
    },
    after(r: LogResponse, evidence: LearnerEvidence): void {
      const predicted = levelSuccess(evidence.ability, options.difficulty(r));
      learners.set(r.user, {
        ability: updateAbility(evidence.ability, { correct: r.correct, helped: false, pace: 'normal', predicted }),
        total: recordAnswer(evidence.total, r.correct),
      });
      concepts.set(key(r), {
        pKnown: updateMastery(evidence.pKnown, { correct: r.correct, hintsBefore: 0, timeRatio: 1 }, options.bkt(r.skill)),
        history: recordAnswer(evidence.concept, r.correct),
      });
    },
  };
}

/** Every response with the evidence before it, in log order. */
export function replayAll(responses: readonly LogResponse[], options: ReplayOptions): ReplayStep[] {
  const replay = createReplay(options);
  return responses.map((response) => {
    const evidence = replay.before(response);
    replay.after(response, evidence);
    return { response, evidence };
  });
}
