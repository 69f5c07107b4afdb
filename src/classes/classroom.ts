// Classes as staff see them: create a class, add staff with a one-time sign-in link, sign in, and for a staff
// member's own classes only: the class overview (mastery grid, misconceptions, alerts), one learner's record,
// overrides of the tutor (recorded, visible, reversible), exports and the audit. Every staff action is audited.
// No channel code here: the web adapter's /teach pages and the CLI call this.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Curriculum } from '../curriculum/pack.ts';
import type { TeacherOverride } from '../dialogue/draft.ts';
import type { Sql, SqlValue } from '../store/sql.ts';
import { expectedMs } from '../learner/ability.ts';
import { updateMastery } from '../learner/mastery.ts';
import { measuredStyles } from '../learner/style.ts';
import type { StyleArms } from '../learner/types.ts';
import { conceptParams, packModel, startingMastery } from '../learner/performance.ts';
import { alertsFor, type Alert, type AttemptRow } from './alerts.ts';
import { answerWords, normalizeJoinCode } from './turn.ts';

export interface ClassSummary {
  id: string;
  name: string;
  joinCode: string;
  learners: number;
}

export interface Staff {
  id: string;
  email: string;
  /** The session's token that every change must carry (CSRF). */
  csrf: string;
}

export interface GridCell {
  /** The learner model's probability that the concept is known. */
  p: number;
  /** The tutor's own verdict. */
  mastered: boolean;
}

export interface ClassOverview {
  class: ClassSummary;
  packs: Array<{ id: string; title: string; concepts: Array<{ id: string; title: string }> }>;
  learners: Array<{ id: string; label: string; lastActive: number; cells: Record<string, GridCell> }>;
  /** The misconceptions seen most this week, with how often and one learner's answer that showed it. */
  misconceptions: Array<{ label: string; packId: string; count: number; example: string }>;
  alerts: Alert[];
  /** Answers a model graded with low confidence, waiting for staff to grade them (see gradeQueue). */
  gradesWaiting: number;
}

export interface LearnerRecord {
  id: string;
  label: string;
  identities: string[];
  packs: Array<{
    id: string;
    title: string;
    level: number;
    /** The pack's mastery threshold: a concept whose estimate passes it (with enough evidence) is mastered. */
    masteryThreshold: number;
    concepts: Array<{
      id: string;
      title: string;
      p: number;
      mastered: boolean;
      reviewDue?: number;
      attempts: Array<{ at: number; verdict: string; hints: number }>;
      /** The mastery estimate after each counted answer, replayed from the answers by the learner model's update. */
      trajectory: Array<{ at: number; p: number }>;
    }>;
  }>;
  styles: { stated?: string; measured: Array<{ style: string; tried: number; worked: number }> };
  hintsUsed: number;
  timeline: Array<{ at: number; text: string; replies: Array<{ text: string; why: string; move: string }> }>;
  overrides: OverrideRecord[];
}

export type OverrideInput =
  | { kind: 'mastered' | 'not-mastered' | 'next'; packId: string; conceptId: string }
  | { kind: 'level'; packId: string; level: number }
  | { kind: 'solutions'; solutions: 'hidden' | 'course' };

export interface OverrideRecord {
  id: number;
  at: number;
  staff: string;
  kind: TeacherOverride['kind'];
  data: Omit<OverrideInput, 'kind'>;
  reason: string;
  /** When the learner saw it (their next turn); undefined until then. */
  appliedAt?: number;
  revertedAt?: number;
}

/** An answer a model graded without confidence, waiting for the learner's teacher. */
export interface GradeReview {
  id: number;
  at: number;
  learnerId: string;
  learner: string;
  packId: string;
  itemId: string;
  prompt: string;
  answer: string;
  /** The rubric's key points, and whether the model thought the answer showed each. */
  points: Array<{ text: string; met: boolean }>;
  confidence: number;
}

export interface AuditEntry {
  at: number;
  staff: string;
  action: string;
  learnerId?: string;
  /** How the learner is shown, while they are still in the class. */
  learner?: string;
  detail: string;
}

export interface Classroom {
  createClass(name: string): Promise<ClassSummary>;
  findClass(name: string): Promise<ClassSummary | undefined>;
  /** Creates the staff member if new, adds them to the class, and returns a one-time sign-in token (24 h). */
  addStaff(email: string, className?: string): Promise<{ staffId: string; token: string }>;
  /** Exchanges a sign-in token, once and before it expires, for a session (30 days). */
  signIn(token: string): Promise<{ session: string; staff: Staff } | undefined>;
  /**
   * A session for a staff member a trusted party vouches for (a site's signed token with a staff role): created if
   * new, added to the class if one is named (created if new), audited.
   */
  vouchedSignIn(email: string, className: string | undefined, by: string): Promise<{ session: string; staff: Staff }>;
  staffFor(session: string): Promise<Staff | undefined>;
  signOut(session: string): Promise<void>;
  classesOf(staffId: string): Promise<ClassSummary[]>;
  /** Every pack of the curriculum with its concepts in teaching order (to assign a concept in a pack not yet started). */
  packs(): Array<{ id: string; title: string; concepts: Array<{ id: string; title: string }> }>;
  /** Undefined when the class is not this staff member's. */
  overview(staffId: string, classId: string): Promise<ClassOverview | undefined>;
  learner(staffId: string, classId: string, learnerId: string): Promise<LearnerRecord | undefined>;
  override(staffId: string, classId: string, learnerId: string, change: OverrideInput, reason: string): Promise<OverrideRecord | undefined>;
  revert(staffId: string, classId: string, overrideId: number, reason: string): Promise<boolean>;
  /**
   * Worked solutions for the whole class: every learner in it is told at their next turn (an override each, with
   * the reason), and whoever joins later takes the setting on. The number of learners it was sent to.
   */
  setClassSolutions(staffId: string, classId: string, solutions: 'hidden' | 'course', reason: string): Promise<number | undefined>;
  audit(staffId: string, classId: string): Promise<AuditEntry[] | undefined>;
  /** Answers of the class's learners that a model graded with low confidence, oldest first, not yet graded. */
  gradeQueue(staffId: string, classId: string): Promise<GradeReview[] | undefined>;
  /**
   * The teacher's grade of a queued answer: the learner is told at their next turn (with the reason) and their
   * mastery takes it in; the answer and grade are kept as a labelled example of the item's rubric.
   */
  resolveGrade(staffId: string, classId: string, reviewId: number, verdict: 'correct' | 'partial' | 'incorrect', reason: string): Promise<boolean>;
  exportGridCsv(staffId: string, classId: string): Promise<string | undefined>;
  exportAttemptsCsv(staffId: string, classId: string): Promise<string | undefined>;
  /** The class's attempts as xAPI statements, for a school's learning record store. */
  exportXapi(staffId: string, classId: string, homePage: string): Promise<object[] | undefined>;
}

const DAY = 86_400_000;
/** The attempts per learner that alerts are read from (see alerts.ts). */
const RECENT_ATTEMPTS = 12;
const LINK_TTL = DAY;
const SESSION_TTL = 30 * DAY;
/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');
const token = () => randomBytes(24).toString('base64url');

function joinCode(): string {
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/**
 * An identity as staff may see it. A widget's anonymous id is the learner's only proof of who they are, so it is
 * shown as a short digest ("anonymous #3f9a1c (demo)"); a platform's user id is no secret and stays as it is.
 */
export function shownIdentity(identity: string): string {
  const anonymous = /^web:([^/]*)\/anon:(.+)$/.exec(identity);
  return anonymous ? `anonymous #${createHash('sha256').update(identity).digest('hex').slice(0, 6)} (${anonymous[1]})` : identity;
}

/** A reason as the learner reads it: one line, at most 200 characters. */
function cleanReason(reason: string): string {
  return reason.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** A class name as staff type it: one line, at most 80 characters. */
function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, 80);
}

/** CSV that a spreadsheet opens safely: quoted, and a cell that starts like a formula is defused. */
function csv(rows: ReadonlyArray<ReadonlyArray<SqlValue | boolean | undefined>>): string {
  const cell = (v: SqlValue | boolean | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

interface ClassRow {
  id: string;
  name: string;
  join_code: string;
  learners: number;
}

const summary = (r: ClassRow): ClassSummary => ({ id: r.id, name: r.name, joinCode: r.join_code, learners: Number(r.learners) });

const CLASS_FIELDS = 'c.id AS id, c.name AS name, c.join_code AS join_code, (SELECT count(*) FROM class_members m WHERE m.class_id = c.id) AS learners';

export function createClassroom(options: { sql: Sql; curriculum: Curriculum; now?: () => number }): Classroom {
  const { sql, curriculum } = options;
  const now = options.now ?? Date.now;

  const audit = (staffId: string, classId: string, action: string, detail: string, learnerId?: string): readonly [string, SqlValue[]] => [
    'INSERT INTO audit (at, staff_id, class_id, action, learner_id, detail) VALUES (?, ?, ?, ?, ?, ?)',
    [now(), staffId, classId, action, learnerId ?? null, detail.slice(0, 300)],
  ];

  /** The class, if this staff member teaches it: every view and change goes through here. */
  async function ownClass(staffId: string, classId: string): Promise<ClassSummary | undefined> {
    const rows = await sql.all<ClassRow>(`SELECT ${CLASS_FIELDS} FROM classes c JOIN class_staff cs ON cs.class_id = c.id WHERE c.id = ? AND cs.staff_id = ?`, [classId, staffId]);
    return rows[0] ? summary(rows[0]) : undefined;
  }

  async function isMember(classId: string, learnerId: string): Promise<boolean> {
    return (await sql.all('SELECT 1 AS one FROM class_members WHERE class_id = ? AND learner_id = ?', [classId, learnerId])).length > 0;
  }

  const packList = () =>
    [...curriculum.packs.values()].map((pack) => ({ id: pack.id, title: pack.spec.title, concepts: pack.order.map((id) => ({ id, title: pack.concepts.get(id)?.title ?? id })) }));

  const misconceptionLabel = (packId: string, id: string): string => {
    const pack = curriculum.packs.get(packId);
    for (const item of pack?.items.values() ?? []) {
      const found = item.misconceptions.find((m) => m.id === id);
      if (found) return found.label;
    }
    for (const concept of pack?.concepts.values() ?? []) {
      const found = concept.misconceptions?.find((m) => m.id === id);
      if (found) return found.label;
    }
    // A language model's diagnosis is stored as its own label.
    return id;
  };

  async function members(classId: string) {
    return sql.all<{ id: string; updated_at: number; profile: string; identity: string | null }>(
      `SELECT l.id AS id, l.updated_at AS updated_at, l.profile AS profile, (SELECT min(i.identity) FROM identities i WHERE i.learner_id = l.id) AS identity
       FROM class_members m JOIN learners l ON l.id = m.learner_id WHERE m.class_id = ? ORDER BY l.created_at, l.id`,
      [classId],
    );
  }

  const labelOf = (row: { profile: string; identity: string | null; id: string }) => {
    const name = (JSON.parse(row.profile) as { name?: string }).name;
    return name ?? (row.identity ? shownIdentity(row.identity) : `learner ${row.id.slice(0, 8)}`);
  };

  return {
    async createClass(name) {
      const clean = cleanName(name);
      if (!clean) throw Object.assign(new Error('A class needs a name, e.g. "Year 5 Maths".'), { code: 'CLASS_NAME' });
      const existing = await this.findClass(clean);
      if (existing) return existing;
      const id = randomUUID();
      const code = joinCode();
      await sql.write([['INSERT INTO classes (id, name, join_code, created_at, settings) VALUES (?, ?, ?, ?, ?)', [id, clean, normalizeJoinCode(code), now(), '{}']]]);
      return { id, name: clean, joinCode: normalizeJoinCode(code), learners: 0 };
    },

    async findClass(name) {
      const rows = await sql.all<ClassRow>(`SELECT ${CLASS_FIELDS} FROM classes c WHERE lower(c.name) = lower(?)`, [cleanName(name)]);
      return rows[0] ? summary(rows[0]) : undefined;
    },

    async addStaff(email, className) {
      const address = email.trim().toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) throw Object.assign(new Error(`"${email}" is not an e-mail address. Fix: give the staff member's address, e.g. teacher@school.org.`), { code: 'STAFF_EMAIL' });
      const known = (await sql.all<{ id: string }>('SELECT id FROM staff WHERE email = ?', [address]))[0];
      const staffId = known?.id ?? randomUUID();
      const cls = className ? await this.createClass(className) : undefined;
      const secret = token();
      await sql.write([
        ...(known ? [] : [['INSERT INTO staff (id, email, created_at) VALUES (?, ?, ?)', [staffId, address, now()]] as const]),
        ...(cls ? [['INSERT INTO class_staff (class_id, staff_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [cls.id, staffId]] as const] : []),
        ['INSERT INTO staff_links (token_hash, staff_id, expires) VALUES (?, ?, ?)', [hash(secret), staffId, now() + LINK_TTL]],
        ...(cls ? [audit(staffId, cls.id, 'staff-added', `${address} added to ${cls.name}`)] : []),
      ]);
      return { staffId, token: secret };
    },

    async signIn(secret) {
      if (typeof secret !== 'string' || secret.length < 16 || secret.length > 100) return undefined;
      const at = now();
      // Used once: the update that marks it used is the one that lets the sign-in through, whatever races.
      const [used] = await sql.write([['UPDATE staff_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires > ?', [at, hash(secret), at]]]);
      if (used !== 1) return undefined;
      const row = (await sql.all<{ staff_id: string; email: string }>('SELECT l.staff_id AS staff_id, s.email AS email FROM staff_links l JOIN staff s ON s.id = l.staff_id WHERE l.token_hash = ?', [hash(secret)]))[0];
      if (!row) return undefined;
      const session = token();
      const csrf = token();
      await sql.write([
        ['INSERT INTO staff_sessions (id_hash, staff_id, expires, csrf) VALUES (?, ?, ?, ?)', [hash(session), row.staff_id, at + SESSION_TTL, csrf]],
        audit(row.staff_id, '', 'signed-in', row.email),
      ]);
      return { session, staff: { id: row.staff_id, email: row.email, csrf } };
    },

    async vouchedSignIn(email, className, by) {
      const { token: link } = await this.addStaff(email, className);
      const signed = await this.signIn(link);
      if (!signed) throw new Error('a sign-in link made a moment ago was refused');
      const cls = className ? await this.findClass(className) : undefined;
      if (cls) await sql.write([audit(signed.staff.id, cls.id, 'signed-in', `${signed.staff.email}, vouched for by ${by}`.slice(0, 300))]);
      return signed;
    },

    async staffFor(session) {
      if (typeof session !== 'string' || session.length < 16 || session.length > 100) return undefined;
      const row = (
        await sql.all<{ id: string; email: string; csrf: string }>(
          'SELECT s.id AS id, s.email AS email, x.csrf AS csrf FROM staff_sessions x JOIN staff s ON s.id = x.staff_id WHERE x.id_hash = ? AND x.expires > ?',
          [hash(session), now()],
        )
      )[0];
      return row ? { id: row.id, email: row.email, csrf: row.csrf } : undefined;
    },

    async signOut(session) {
      await sql.write([['DELETE FROM staff_sessions WHERE id_hash = ?', [hash(session)]]]);
    },

    async classesOf(staffId) {
      return (await sql.all<ClassRow>(`SELECT ${CLASS_FIELDS} FROM classes c JOIN class_staff cs ON cs.class_id = c.id WHERE cs.staff_id = ? ORDER BY c.name`, [staffId])).map(summary);
    },

    packs: packList,

    async overview(staffId, classId) {
      const cls = await ownClass(staffId, classId);
      if (!cls) return undefined;
      const at = now();
      const weekAgo = at - 7 * DAY;
      const [people, states, common, recent, waiting] = await Promise.all([
        members(classId),
        sql.all<{ learner_id: string; pack_id: string; concept_id: string; p_known: number; mastered_at: number | null; review: string | null }>(
          'SELECT s.learner_id AS learner_id, s.pack_id AS pack_id, s.concept_id AS concept_id, s.p_known AS p_known, s.mastered_at AS mastered_at, s.review AS review FROM concept_states s JOIN class_members m ON m.learner_id = s.learner_id WHERE m.class_id = ?',
          [classId],
        ),
        // Counted per day as turns are stored (classes/turn.ts): a week is seven rows per misconception, not the
        // week's attempts.
        sql.all<{ misconception: string; n: number }>(
          `SELECT misconception, sum(n) AS n FROM class_misconceptions WHERE class_id = ? AND day >= ? GROUP BY misconception HAVING sum(n) > 0 ORDER BY sum(n) DESC, misconception LIMIT 3`,
          [classId, Math.floor(weekAgo / DAY)],
        ),
        // Each learner's last attempts through the (learner, id) index: a few rows each, never the week's whole log.
        sql.all<AttemptRow>(
          `SELECT a.learner_id AS learner_id, a.pack_id AS pack_id, a.concept_id AS concept_id, a.item_id AS item_id, a.verdict AS verdict, a.hints_used AS hints_used, a.response_ms AS response_ms, a.at AS at
           FROM class_members m JOIN attempts a ON a.id IN (SELECT b.id FROM attempts b WHERE b.learner_id = m.learner_id ORDER BY b.id DESC LIMIT ${RECENT_ATTEMPTS})
           WHERE m.class_id = ? AND a.at >= ? ORDER BY a.learner_id, a.id`,
          [classId, weekAgo],
        ),
        sql.all<{ n: number }>('SELECT count(*) AS n FROM class_members m JOIN grade_reviews g ON g.learner_id = m.learner_id AND g.resolved_at IS NULL WHERE m.class_id = ?', [classId]),
      ]);
      const cells = new Map<string, Record<string, GridCell>>();
      const overdue = new Set<string>();
      for (const s of states) {
        const row = cells.get(s.learner_id) ?? {};
        row[`${s.pack_id}/${s.concept_id}`] = { p: Math.round(s.p_known * 1000) / 1000, mastered: s.mastered_at !== null };
        cells.set(s.learner_id, row);
        if (s.review && (JSON.parse(s.review) as { due?: number }).due !== undefined && (JSON.parse(s.review) as { due: number }).due < at) overdue.add(s.learner_id);
      }
      const learners = people.map((p) => ({ id: p.id, label: labelOf(p), lastActive: Number(p.updated_at), cells: cells.get(p.id) ?? {} }));
      const started = new Set(states.map((s) => s.pack_id));
      return {
        class: cls,
        packs: packList().filter((p) => started.has(p.id)),
        learners,
        misconceptions: await Promise.all(
          common.map(async (m) => {
            const example = (
              await sql.all<{ pack_id: string; answer: string }>(
                'SELECT a.pack_id AS pack_id, a.answer AS answer FROM attempts a JOIN class_members c ON c.class_id = ? AND c.learner_id = a.learner_id WHERE a.misconception = ? AND a.at >= ? ORDER BY a.at DESC LIMIT 1',
                [classId, m.misconception, weekAgo],
              )
            )[0];
            const packId = example?.pack_id ?? '';
            return { label: misconceptionLabel(packId, m.misconception), packId, count: Number(m.n), example: example?.answer ?? '' };
          }),
        ),
        alerts: alertsFor({ curriculum, learners, recent, overdue, now: at }),
        gradesWaiting: Number(waiting[0]?.n ?? 0),
      };
    },

    async learner(staffId, classId, learnerId) {
      if (!(await ownClass(staffId, classId)) || !(await isMember(classId, learnerId))) return undefined;
      const [rows, identities, states, attempts, turns, overrides] = await Promise.all([
        sql.all<{ id: string; profile: string; packs: string; styles: string }>('SELECT id, profile, packs, styles FROM learners WHERE id = ?', [learnerId]),
        sql.all<{ identity: string }>('SELECT identity FROM identities WHERE learner_id = ? ORDER BY identity', [learnerId]),
        sql.all<{ pack_id: string; concept_id: string; p_known: number; mastered_at: number | null; review: string | null; hints: number }>(
          'SELECT pack_id, concept_id, p_known, mastered_at, review, hints FROM concept_states WHERE learner_id = ?',
          [learnerId],
        ),
        sql.all<{ pack_id: string; concept_id: string; item_id: string; verdict: string; hints_used: number; response_ms: number; counted: number; at: number }>(
          'SELECT pack_id, concept_id, item_id, verdict, hints_used, response_ms, counted, at FROM attempts WHERE learner_id = ? ORDER BY id',
          [learnerId],
        ),
        sql.all<{ at: number; text: string; replies: string }>('SELECT at, text, replies FROM (SELECT id, at, text, replies FROM turns WHERE learner_id = ? ORDER BY id DESC LIMIT 100) t ORDER BY id', [learnerId]),
        overridesOf(learnerId),
      ]);
      const row = rows[0];
      if (!row) return undefined;
      await sql.write([audit(staffId, classId, 'viewed-learner', 'opened the learner record', learnerId)]);
      const packStates = JSON.parse(row.packs) as Record<string, { ability: number }>;
      const stateOf = new Map(states.map((s) => [`${s.pack_id}/${s.concept_id}`, s]));
      const profile = JSON.parse(row.profile) as { name?: string; style?: string };
      const arms = JSON.parse(row.styles) as StyleArms;
      return {
        id: learnerId,
        label: profile.name ?? (identities[0] ? shownIdentity(identities[0].identity) : `learner ${learnerId.slice(0, 8)}`),
        identities: identities.map((i) => shownIdentity(i.identity)),
        packs: packList()
          .filter((p) => packStates[p.id])
          .map((p) => ({
            id: p.id,
            title: p.title,
            level: Math.round((packStates[p.id]?.ability ?? 0) * 10) / 10,
            masteryThreshold: curriculum.packs.get(p.id)?.spec.mastery.threshold ?? 0.95,
            concepts: p.concepts.map((c) => {
              const s = stateOf.get(`${p.id}/${c.id}`);
              const due = s?.review ? (JSON.parse(s.review) as { due?: number }).due : undefined;
              return {
                ...c,
                p: Math.round((s?.p_known ?? 0) * 1000) / 1000,
                mastered: s?.mastered_at !== null && s?.mastered_at !== undefined,
                ...(due !== undefined ? { reviewDue: due } : {}),
                attempts: attempts.filter((a) => a.pack_id === p.id && a.concept_id === c.id).map((a) => ({ at: Number(a.at), verdict: a.verdict, hints: Number(a.hints_used) })),
                trajectory: trajectoryOf(p.id, c.id, attempts.filter((a) => a.pack_id === p.id && a.concept_id === c.id && Number(a.counted) === 1)),
              };
            }),
          })),
        styles: {
          ...(profile.style ? { stated: profile.style } : {}),
          measured: measuredStyles(arms),
        },
        hintsUsed: attempts.reduce((n, a) => n + Number(a.hints_used), 0),
        timeline: turns.map((t) => ({ at: Number(t.at), text: t.text, replies: (JSON.parse(t.replies) as Array<{ text: string; why: string; move: string }>).map((r) => ({ text: r.text, why: r.why, move: r.move })) })),
        overrides,
      };
    },

    async override(staffId, classId, learnerId, change, reason) {
      if (!(await ownClass(staffId, classId)) || !(await isMember(classId, learnerId))) return undefined;
      const why = cleanReason(reason);
      if (!why) throw Object.assign(new Error('An override needs a reason the learner will read.'), { code: 'OVERRIDE_REASON' });
      checkOverride(curriculum, change);
      const { kind, ...data } = change;
      await sql.write([
        ['INSERT INTO overrides (learner_id, class_id, staff_id, at, kind, data, reason) VALUES (?, ?, ?, ?, ?, ?, ?)', [learnerId, classId, staffId, now(), kind, JSON.stringify(data), why]],
        audit(staffId, classId, 'override', `${kind} ${JSON.stringify(data)}: ${why}`, learnerId),
      ]);
      return (await overridesOf(learnerId)).at(-1);
    },

    async revert(staffId, classId, overrideId, reason) {
      if (!(await ownClass(staffId, classId))) return false;
      const row = (
        await sql.all<{ learner_id: string; kind: TeacherOverride['kind']; data: string; prior: string | null; applied_at: number | null; reverted_at: number | null }>(
          'SELECT learner_id, kind, data, prior, applied_at, reverted_at FROM overrides WHERE id = ? AND class_id = ?',
          [overrideId, classId],
        )
      )[0];
      if (!row || row.reverted_at !== null) return false;
      const statements: Array<readonly [string, SqlValue[]]> = [['UPDATE overrides SET reverted_at = ? WHERE id = ?', [now(), overrideId]]];
      // One the learner has seen is undone by another that puts back what it replaced, told to them the same way.
      const undo = row.applied_at !== null ? undoing(row.kind, JSON.parse(row.data) as Omit<OverrideInput, 'kind'>, row.prior ? (JSON.parse(row.prior) as Record<string, unknown>) : {}) : undefined;
      if (undo) statements.push(['INSERT INTO overrides (learner_id, class_id, staff_id, at, kind, data, reason) VALUES (?, ?, ?, ?, ?, ?, ?)', [row.learner_id, classId, staffId, now(), undo.kind, JSON.stringify(undo.data), cleanReason(reason) || 'undoing an earlier change']]);
      statements.push(audit(staffId, classId, 'revert', `override ${overrideId} (${row.kind}) undone`, row.learner_id));
      await sql.write(statements);
      return true;
    },

    async setClassSolutions(staffId, classId, solutions, reason) {
      if (!(await ownClass(staffId, classId))) return undefined;
      if (solutions !== 'hidden' && solutions !== 'course') throw Object.assign(new Error('Worked solutions are either "hidden" or as the "course" allows.'), { code: 'OVERRIDE_INVALID' });
      const why = cleanReason(reason);
      if (!why) throw Object.assign(new Error('An override needs a reason the learner will read.'), { code: 'OVERRIDE_REASON' });
      const at = now();
      const [, sent] = await sql.write([
        ['UPDATE classes SET settings = ? WHERE id = ?', [JSON.stringify({ solutions }), classId]],
        [
          'INSERT INTO overrides (learner_id, class_id, staff_id, at, kind, data, reason) SELECT m.learner_id, ?, ?, ?, ?, ?, ? FROM class_members m WHERE m.class_id = ?',
          [classId, staffId, at, 'solutions', JSON.stringify({ solutions }), why, classId],
        ],
        audit(staffId, classId, 'class-solutions', `worked solutions ${solutions === 'hidden' ? 'hidden' : 'as the course allows'} for the class: ${why}`),
      ]);
      return sent ?? 0;
    },

    async audit(staffId, classId) {
      if (!(await ownClass(staffId, classId))) return undefined;
      const rows = await sql.all<{ at: number; email: string | null; action: string; learner_id: string | null; detail: string; profile: string | null; identity: string | null }>(
        `SELECT a.at AS at, s.email AS email, a.action AS action, a.learner_id AS learner_id, a.detail AS detail, l.profile AS profile,
                (SELECT min(i.identity) FROM identities i WHERE i.learner_id = l.id) AS identity
         FROM audit a LEFT JOIN staff s ON s.id = a.staff_id
         LEFT JOIN class_members m ON m.class_id = a.class_id AND m.learner_id = a.learner_id LEFT JOIN learners l ON l.id = m.learner_id
         WHERE a.class_id = ? ORDER BY a.id DESC LIMIT 500`,
        [classId],
      );
      return rows.map((r) => ({
        at: Number(r.at),
        staff: r.email ?? '',
        action: r.action,
        ...(r.learner_id ? { learnerId: r.learner_id } : {}),
        ...(r.learner_id && r.profile !== null ? { learner: labelOf({ id: r.learner_id, profile: r.profile, identity: r.identity }) } : {}),
        detail: r.detail,
      }));
    },

    async gradeQueue(staffId, classId) {
      if (!(await ownClass(staffId, classId))) return undefined;
      const rows = await sql.all<{ id: number; at: number; learner_id: string; pack_id: string; item_id: string; answer: string; points: string; confidence: number; profile: string; identity: string | null }>(
        `SELECT g.id AS id, g.at AS at, g.learner_id AS learner_id, g.pack_id AS pack_id, g.item_id AS item_id, g.answer AS answer, g.points AS points, g.confidence AS confidence,
                l.profile AS profile, (SELECT min(i.identity) FROM identities i WHERE i.learner_id = g.learner_id) AS identity
         FROM grade_reviews g JOIN class_members m ON m.learner_id = g.learner_id AND m.class_id = ? JOIN learners l ON l.id = g.learner_id
         WHERE g.resolved_at IS NULL ORDER BY g.id LIMIT 200`,
        [classId],
      );
      return rows.flatMap((r) => {
        const item = curriculum.packs.get(r.pack_id)?.items.get(r.item_id);
        if (!item || item.answer.type !== 'rubric') return [];
        const met = new Set(JSON.parse(r.points) as string[]);
        return [
          {
            id: Number(r.id),
            at: Number(r.at),
            learnerId: r.learner_id,
            learner: labelOf({ profile: r.profile, identity: r.identity, id: r.learner_id }),
            packId: r.pack_id,
            itemId: r.item_id,
            prompt: item.prompt,
            answer: r.answer,
            points: item.answer.points.map((p) => ({ text: p.text, met: met.has(p.id) })),
            confidence: Number(r.confidence),
          },
        ];
      });
    },

    async resolveGrade(staffId, classId, reviewId, verdict, reason) {
      if (!(await ownClass(staffId, classId))) return false;
      if (verdict !== 'correct' && verdict !== 'partial' && verdict !== 'incorrect') throw Object.assign(new Error('A grade is correct, partial or incorrect.'), { code: 'GRADE_INVALID' });
      const row = (
        await sql.all<{ learner_id: string; pack_id: string; item_id: string; concept_id: string; answer: string }>(
          'SELECT g.learner_id AS learner_id, g.pack_id AS pack_id, g.item_id AS item_id, g.concept_id AS concept_id, g.answer AS answer FROM grade_reviews g JOIN class_members m ON m.learner_id = g.learner_id AND m.class_id = ? WHERE g.id = ? AND g.resolved_at IS NULL',
          [classId, reviewId],
        )
      )[0];
      if (!row) return false;
      const why = cleanReason(reason) || (verdict === 'correct' ? 'your answer has the key ideas' : 'have another look at the key ideas');
      const at = now();
      // One transaction; what follows the update happens only if this grade is the one that resolved the review
      // (two teachers grading it at once: the second changes nothing).
      const mine = 'EXISTS (SELECT 1 FROM grade_reviews WHERE id = ? AND resolved_at = ? AND resolved_by = ? AND verdict = ?)';
      const check = [reviewId, at, staffId, verdict];
      const [resolved] = await sql.write([
        ['UPDATE grade_reviews SET resolved_at = ?, resolved_by = ?, verdict = ? WHERE id = ? AND resolved_at IS NULL', [at, staffId, verdict, reviewId]],
        [`INSERT INTO rubric_examples (learner_id, at, pack_id, item_id, answer, words, verdict) SELECT ?, ?, ?, ?, ?, ?, ? WHERE ${mine}`, [row.learner_id, at, row.pack_id, row.item_id, row.answer, answerWords(row.answer), verdict, ...check]],
        [
          `INSERT INTO overrides (learner_id, class_id, staff_id, at, kind, data, reason) SELECT ?, ?, ?, ?, ?, ?, ? WHERE ${mine}`,
          [row.learner_id, classId, staffId, at, 'grade', JSON.stringify({ packId: row.pack_id, conceptId: row.concept_id, itemId: row.item_id, verdict }), why, ...check],
        ],
        [`INSERT INTO audit (at, staff_id, class_id, action, learner_id, detail) SELECT ?, ?, ?, ?, ?, ? WHERE ${mine}`, [at, staffId, classId, 'grade', row.learner_id, `${row.item_id}: ${verdict}`, ...check]],
      ]);
      return resolved === 1;
    },

    async exportGridCsv(staffId, classId) {
      const view = await this.overview(staffId, classId);
      if (!view) return undefined;
      await sql.write([audit(staffId, classId, 'export', 'mastery grid as CSV')]);
      const columns = view.packs.flatMap((p) => p.concepts.map((c) => ({ key: `${p.id}/${c.id}`, title: `${p.title}: ${c.title}` })));
      return csv([
        ['learner', 'last active', ...columns.flatMap((c) => [`${c.title} (p)`, `${c.title} (mastered)`])],
        ...view.learners.map((l) => [l.label, new Date(l.lastActive).toISOString(), ...columns.flatMap((c) => [l.cells[c.key]?.p ?? '', l.cells[c.key]?.mastered ? 'yes' : 'no'])]),
      ]);
    },

    async exportAttemptsCsv(staffId, classId) {
      if (!(await ownClass(staffId, classId))) return undefined;
      const rows = await classAttempts(classId);
      await sql.write([audit(staffId, classId, 'export', 'attempts as CSV')]);
      return csv([['learner', 'at', 'pack', 'concept', 'item', 'answer', 'verdict', 'hints used', 'response ms', 'misconception'], ...rows.map((r) => [r.label, new Date(Number(r.at)).toISOString(), r.pack_id, r.concept_id, r.item_id, r.answer, r.verdict, r.hints_used, r.response_ms, r.misconception])]);
    },

    async exportXapi(staffId, classId, homePage) {
      const cls = await ownClass(staffId, classId);
      if (!cls) return undefined;
      const rows = await classAttempts(classId);
      await sql.write([audit(staffId, classId, 'export', 'attempts as xAPI statements')]);
      return rows.map((r) => ({
        id: uuidFrom(`${r.learner_id}/${r.id}`),
        actor: { objectType: 'Agent', name: r.label, account: { homePage, name: r.learner_id } },
        verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
        object: {
          objectType: 'Activity',
          id: `${homePage.replace(/\/$/, '')}/packs/${encodeURIComponent(r.pack_id)}/items/${encodeURIComponent(r.item_id)}`,
          definition: { type: 'http://adlnet.gov/expapi/activities/cmi.interaction', name: { 'en-US': r.item_id } },
        },
        result: { success: r.verdict === 'correct', response: r.answer, duration: `PT${(Number(r.response_ms) / 1000).toFixed(1)}S`, extensions: { [`${homePage.replace(/\/$/, '')}/xapi/hints-used`]: Number(r.hints_used) } },
        context: { contextActivities: { grouping: [{ objectType: 'Activity', id: `${homePage.replace(/\/$/, '')}/classes/${cls.id}`, definition: { name: { 'en-US': cls.name } } }] } },
        timestamp: new Date(Number(r.at)).toISOString(),
      }));
    },
  };

  /**
   * Mastery over time: the learner model's update replayed over the counted answers, from the concept's starting
   * estimate. It leaves out what moved the estimate besides answers (a placement check, a teacher's override).
   */
  function trajectoryOf(packId: string, conceptId: string, counted: ReadonlyArray<{ item_id: string; verdict: string; hints_used: number; response_ms: number; at: number }>) {
    const pack = curriculum.packs.get(packId);
    if (!pack) return [];
    const params = conceptParams(packModel(pack), conceptId).bkt;
    let p = startingMastery(pack, conceptId);
    return counted.map((a) => {
      const item = pack.items.get(a.item_id);
      p = updateMastery(p, { correct: a.verdict === 'correct', hintsBefore: Number(a.hints_used), timeRatio: item ? Number(a.response_ms) / expectedMs(item) : 1 }, params);
      return { at: Number(a.at), p: Math.round(p * 1000) / 1000 };
    });
  }

  async function overridesOf(learnerId: string): Promise<OverrideRecord[]> {
    const rows = await sql.all<{ id: number; at: number; email: string; kind: TeacherOverride['kind']; data: string; reason: string; applied_at: number | null; reverted_at: number | null }>(
      'SELECT o.id AS id, o.at AS at, s.email AS email, o.kind AS kind, o.data AS data, o.reason AS reason, o.applied_at AS applied_at, o.reverted_at AS reverted_at FROM overrides o JOIN staff s ON s.id = o.staff_id WHERE o.learner_id = ? ORDER BY o.id',
      [learnerId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      at: Number(r.at),
      staff: r.email,
      kind: r.kind,
      data: JSON.parse(r.data) as Omit<OverrideInput, 'kind'>,
      reason: r.reason,
      ...(r.applied_at !== null ? { appliedAt: Number(r.applied_at) } : {}),
      ...(r.reverted_at !== null ? { revertedAt: Number(r.reverted_at) } : {}),
    }));
  }

  async function classAttempts(classId: string) {
    const rows = await sql.all<{ id: number; learner_id: string; at: number; pack_id: string; concept_id: string; item_id: string; answer: string; verdict: string; hints_used: number; response_ms: number; misconception: string | null; profile: string; identity: string | null }>(
      `SELECT a.id AS id, a.learner_id AS learner_id, a.at AS at, a.pack_id AS pack_id, a.concept_id AS concept_id, a.item_id AS item_id, a.answer AS answer, a.verdict AS verdict,
              a.hints_used AS hints_used, a.response_ms AS response_ms, a.misconception AS misconception, l.profile AS profile,
              (SELECT min(i.identity) FROM identities i WHERE i.learner_id = a.learner_id) AS identity
       FROM attempts a JOIN class_members m ON m.learner_id = a.learner_id JOIN learners l ON l.id = a.learner_id WHERE m.class_id = ? ORDER BY a.learner_id, a.id`,
      [classId],
    );
    return rows.map((r) => ({ ...r, label: labelOf({ profile: r.profile, identity: r.identity, id: r.learner_id }) }));
  }
}

/** An override names a pack and concept this curriculum has, or a level on its 1-5 scale: else it is refused. */
function checkOverride(curriculum: Curriculum, change: OverrideInput): void {
  const refuse = (why: string) => {
    throw Object.assign(new Error(why), { code: 'OVERRIDE_INVALID' });
  };
  if (change.kind === 'solutions') {
    if (change.solutions !== 'hidden' && change.solutions !== 'course') refuse('Worked solutions are either "hidden" or as the "course" allows.');
    return;
  }
  const pack = curriculum.packs.get(change.packId);
  if (!pack) return refuse(`No pack "${change.packId}".`);
  if (change.kind === 'level') {
    if (!Number.isFinite(change.level) || change.level < 1 || change.level > 5) refuse('A working level is between 1 and 5.');
    return;
  }
  if (!pack.concepts.has(change.conceptId)) refuse(`No concept "${change.conceptId}" in ${pack.spec.title}.`);
}

/** The override that puts back what an applied one replaced; none where nothing can be put back. */
function undoing(kind: TeacherOverride['kind'], data: Omit<OverrideInput, 'kind'>, prior: Record<string, unknown>): { kind: TeacherOverride['kind']; data: object } | undefined {
  switch (kind) {
    case 'mastered':
      return prior['masteredAt'] === null ? { kind: 'not-mastered', data } : undefined;
    case 'not-mastered':
      return prior['masteredAt'] !== null && prior['masteredAt'] !== undefined ? { kind: 'mastered', data } : undefined;
    case 'level':
      return typeof prior['ability'] === 'number' ? { kind: 'level', data: { ...data, level: prior['ability'] } } : undefined;
    case 'solutions':
      return { kind: 'solutions', data: { solutions: prior['solutions'] === 'hidden' ? 'hidden' : 'course' } };
    case 'next':
      // Moving on cannot be unmoved; the teacher assigns another concept instead.
      return undefined;
    case 'grade':
      // A grade is not taken back: the teacher grades the learner's next answer instead.
      return undefined;
  }
}

/** A stable UUID for a statement, so that sending the same export twice to an LRS stores it once. */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
