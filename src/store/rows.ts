// Rows as both stores read them back (same schema, schema.ts), turned into the core's types in one place.
import type { AttemptRecord, Conversation, LearnerState } from '../dialogue/state.ts';
import type { ConceptState } from '../learner/types.ts';
import type { LearnerExport, ModelStats, StoredReply } from './store.ts';

export interface ConceptRow {
  pack_id: string;
  concept_id: string;
  p_known: number;
  evidence: number;
  correct: number;
  wrong: number;
  hints: number;
  recent: number | null;
  streak: number;
  free_correct: number;
  last_practiced: number | null;
  mastered_at: number | null;
  review: string | null;
}

export function conceptFromRow(row: ConceptRow): ConceptState {
  return {
    packId: row.pack_id,
    conceptId: row.concept_id,
    pKnown: row.p_known,
    evidence: row.evidence,
    correct: row.correct,
    wrong: row.wrong,
    hints: row.hints,
    ...(row.recent !== null ? { recent: row.recent } : {}),
    streak: row.streak,
    freeCorrect: row.free_correct,
    ...(row.last_practiced !== null ? { lastPracticed: row.last_practiced } : {}),
    ...(row.mastered_at !== null ? { masteredAt: row.mastered_at } : {}),
    ...(row.review !== null ? { review: JSON.parse(row.review) } : {}),
  };
}

export interface AttemptRow {
  at: number;
  pack_id: string;
  item_id: string;
  concept_id: string;
  answer: string;
  verdict: string;
  hints_used: number;
  response_ms: number;
  counted: number;
  misconception: string | null;
}

export function attemptFromRow(r: AttemptRow): AttemptRecord {
  return {
    packId: r.pack_id,
    itemId: r.item_id,
    conceptId: r.concept_id,
    at: r.at,
    answer: r.answer,
    verdict: r.verdict as AttemptRecord['verdict'],
    hintsUsed: r.hints_used,
    responseMs: r.response_ms,
    counted: r.counted === 1,
    ...(r.misconception ? { misconception: r.misconception } : {}),
  };
}

export interface TurnRow {
  at: number;
  text: string;
  choice: string | null;
  replies: string;
}

export function turnFromRow(r: TurnRow): { at: number; text: string; choice?: string; replies: StoredReply[] } {
  return { at: r.at, text: r.text, ...(r.choice ? { choice: r.choice } : {}), replies: JSON.parse(r.replies) as StoredReply[] };
}

/** Everything stored about a learner, as `export my data` gives it. */
export function learnerExport(state: LearnerState, identities: string[], threads: string[], attempts: AttemptRow[], turns: TurnRow[]): LearnerExport {
  return {
    learnerId: state.learnerId,
    identities,
    threads,
    createdAt: new Date(state.createdAt).toISOString(),
    profile: state.profile,
    packs: state.packs,
    explanationStyles: state.styles,
    concepts: Object.values(state.concepts),
    attempts: attempts.map(attemptFromRow),
    turns: turns.map((t) => ({ ...turnFromRow(t), at: new Date(t.at).toISOString() })),
    conversation: state.conversation,
  };
}

export interface LearnerRow {
  id: string;
  created_at: number;
  profile: string;
  packs: string;
  styles: string;
  conversation: string;
}

export function learnerFromRows(row: LearnerRow, conceptRows: ConceptRow[]): LearnerState {
  const concepts: LearnerState['concepts'] = {};
  for (const c of conceptRows) concepts[`${c.pack_id}/${c.concept_id}`] = conceptFromRow(c);
  return {
    learnerId: row.id,
    createdAt: row.created_at,
    profile: JSON.parse(row.profile),
    packs: JSON.parse(row.packs),
    styles: JSON.parse(row.styles),
    conversation: JSON.parse(row.conversation) as Conversation,
    concepts,
  };
}

/** Model calls summed per model and purpose. */
export interface CallGroupRow {
  model: string;
  purpose: string;
  calls: number;
  turns: number;
  input: number;
  cached: number;
  output: number;
}

export function modelStatsFromRow(g: CallGroupRow, latency: { p50: number; p95: number }): ModelStats {
  return {
    model: g.model,
    purpose: g.purpose,
    calls: g.calls,
    turns: g.turns,
    inputTokens: g.input,
    cachedTokens: g.cached,
    outputTokens: g.output,
    p50LatencyMs: latency.p50,
    p95LatencyMs: latency.p95,
  };
}
