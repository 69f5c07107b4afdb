// What a turn needs of classes: the learner's classes with their staff, the class whose code they typed, and
// their teachers' overrides not yet applied; and what the turn stores about them, in the turn's own transaction.
import type { ClassContext, ClassView, Draft, TeacherOverride } from '../dialogue/draft.ts';
import { normalizeText } from '../curriculum/answers.ts';
import type { Sql, SqlValue } from '../store/sql.ts';

const DAY = 86_400_000;

/** A join code as people type it: case and spaces do not matter. */
export function normalizeJoinCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

interface MembershipRow {
  id: string;
  name: string;
  email: string | null;
  settings?: string;
}

function views(rows: MembershipRow[]): ClassView[] {
  const byId = new Map<string, ClassView>();
  for (const row of rows) {
    const solutions = row.settings ? (JSON.parse(row.settings) as { solutions?: unknown }).solutions : undefined;
    const view = byId.get(row.id) ?? { classId: row.id, name: row.name, staff: [], ...(solutions === 'hidden' || solutions === 'course' ? { solutions } : {}) };
    if (row.email && !view.staff.includes(row.email)) view.staff.push(row.email);
    byId.set(row.id, view);
  }
  return [...byId.values()];
}

const MEMBERSHIPS = `SELECT c.id AS id, c.name AS name, s.email AS email FROM class_members m JOIN classes c ON c.id = m.class_id
  LEFT JOIN class_staff cs ON cs.class_id = c.id LEFT JOIN staff s ON s.id = cs.staff_id WHERE m.learner_id = ? ORDER BY c.name, s.email`;

const BY_CODE = `SELECT c.id AS id, c.name AS name, s.email AS email, c.settings AS settings FROM classes c
  LEFT JOIN class_staff cs ON cs.class_id = c.id LEFT JOIN staff s ON s.id = cs.staff_id WHERE c.join_code = ? ORDER BY s.email`;

const PENDING = `SELECT o.id AS id, o.kind AS kind, o.data AS data, o.reason AS reason, s.email AS staff, c.name AS class_name
  FROM overrides o JOIN staff s ON s.id = o.staff_id JOIN classes c ON c.id = o.class_id
  WHERE o.learner_id = ? AND o.applied_at IS NULL AND o.reverted_at IS NULL ORDER BY o.id`;

/**
 * The classes part of a turn. A learner in no class who is not joining one costs nothing here: only members can
 * have overrides (the learner's state keeps the ids of their classes). The list of their classes is read only
 * when the turn needs it (`needs.memberships`: a command that shows or leaves them).
 */
export async function classContext(sql: Sql, learnerId: string | undefined, memberOf: readonly string[], needs: { joinCode?: string; memberships: boolean }): Promise<ClassContext | undefined> {
  const { joinCode } = needs;
  if (memberOf.length === 0 && joinCode === undefined) return undefined;
  const [memberships, joining, pending] = await Promise.all([
    learnerId && memberOf.length > 0 && needs.memberships ? sql.all<MembershipRow>(MEMBERSHIPS, [learnerId]) : Promise.resolve([]),
    joinCode !== undefined ? sql.all<MembershipRow>(BY_CODE, [normalizeJoinCode(joinCode)]) : Promise.resolve([]),
    learnerId && memberOf.length > 0 ? sql.all<{ id: number; kind: TeacherOverride['kind']; data: string; reason: string; staff: string; class_name: string }>(PENDING, [learnerId]) : Promise.resolve([]),
  ]);
  const overrides = pending.map((row): TeacherOverride => ({ ...(JSON.parse(row.data) as Partial<TeacherOverride>), id: Number(row.id), kind: row.kind, reason: row.reason, staff: row.staff, className: row.class_name }));
  const found = views(joining)[0];
  return { memberships: views(memberships), overrides, ...(found ? { joining: found } : {}) };
}

/** The statements that store a turn's class changes and mark its overrides applied, run in the turn's commit. */
export function classStatements(d: Draft, learnerId: string, at: number): Array<[string, SqlValue[]]> {
  const statements: Array<[string, SqlValue[]]> = [];
  for (const change of d.classChanges) {
    if ('join' in change) statements.push(['INSERT INTO class_members (class_id, learner_id, joined_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [change.join, learnerId, at]]);
    else statements.push(['DELETE FROM class_members WHERE class_id = ? AND learner_id = ?', [change.leave, learnerId]]);
  }
  // Each misconception shown counts for every class the learner is in, on this day (see classroom.ts).
  const day = Math.floor(at / DAY);
  for (const attempt of d.attempts) {
    if (!attempt.misconception) continue;
    for (const classId of d.state.conversation.classes ?? []) {
      statements.push([
        'INSERT INTO class_misconceptions (class_id, day, misconception, n) VALUES (?, ?, ?, 1) ON CONFLICT (class_id, day, misconception) DO UPDATE SET n = class_misconceptions.n + 1',
        [classId, day, attempt.misconception],
      ]);
    }
  }
  for (const r of d.gradeReviews) {
    statements.push([
      'INSERT INTO grade_reviews (learner_id, at, pack_id, item_id, concept_id, answer, points, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [learnerId, at, r.packId, r.itemId, r.conceptId, r.answer, JSON.stringify(r.points), r.confidence],
    ]);
  }
  for (const applied of d.appliedOverrides) {
    statements.push(['UPDATE overrides SET applied_at = ?, prior = ? WHERE id = ? AND learner_id = ? AND applied_at IS NULL', [at, JSON.stringify(applied.prior), applied.id, learnerId]]);
  }
  return statements;
}

/**
 * Run in the deletion's own transaction (Store.forget's `before`): each class the learner was in keeps only that a
 * deletion happened (the audit rows that named them go with their other rows).
 */
export function deletionStatements(learnerId: string, at: number): Array<[string, SqlValue[]]> {
  return [
    // Their part of each class's misconception counts goes too (a learner who joined mid-day may have counted
    // less than they had: never below nothing).
    [
      `UPDATE class_misconceptions SET n = CASE WHEN n > x.k THEN n - x.k ELSE 0 END
       FROM (SELECT m.class_id AS class_id, CAST(a.at / ${DAY} AS INTEGER) AS day, a.misconception AS misconception, count(*) AS k
             FROM attempts a JOIN class_members m ON m.learner_id = a.learner_id WHERE a.learner_id = ? AND a.misconception IS NOT NULL AND a.at >= ?
             GROUP BY m.class_id, CAST(a.at / ${DAY} AS INTEGER), a.misconception) x
       WHERE class_misconceptions.class_id = x.class_id AND class_misconceptions.day = x.day AND class_misconceptions.misconception = x.misconception`,
      [learnerId, at - 8 * DAY],
    ],
    [
      "INSERT INTO audit (at, staff_id, class_id, action, learner_id, detail) SELECT ?, '', class_id, 'learner-deleted', NULL, 'a learner deleted their data' FROM class_members WHERE learner_id = ?",
      [at, learnerId],
    ],
  ];
}

/** An answer's words, whatever the case, spacing and punctuation around them: how a labelled example is matched. */
export function answerWords(answer: string): string {
  return normalizeText(answer).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** A teacher's grade of these same words for this item, kept as a labelled example; undefined when there is none. */
export async function labelledVerdict(sql: Sql, packId: string, itemId: string, answer: string): Promise<'correct' | 'partial' | 'incorrect' | undefined> {
  const words = answerWords(answer);
  if (!words) return undefined;
  const [found] = await sql.all<{ verdict: string }>('SELECT verdict FROM rubric_examples WHERE pack_id = ? AND item_id = ? AND words = ? ORDER BY id DESC LIMIT 1', [packId, itemId, words]);
  const verdict = found?.verdict;
  return verdict === 'correct' || verdict === 'partial' || verdict === 'incorrect' ? verdict : undefined;
}
