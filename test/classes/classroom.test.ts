// Classes through the real core, on SQLite and on PostgreSQL: joining is never silent, staff see only their own
// classes, an override reaches the learner at their next turn with the teacher's reason and can be undone, and
// "forget me" takes a learner out of every class view, export and audit record.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openPonder, type Ponder } from '../../src/app.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { freshDatabase } from '../helpers/postgres.ts';
import { correctAnswer, MINI, tempDb } from '../helpers/session.ts';

const postgresUrl = inject('postgresUrl');
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const stores: Array<{ name: string; available: boolean; open: (now: () => number) => Promise<Ponder> }> = [
  {
    name: 'SQLite',
    available: true,
    open: async (now) => {
      const db = tempDb();
      const ponder = openPonder({ curriculumDir: MINI, dbPath: db.dbPath, now });
      cleanups.push(async () => {
        await ponder.close();
        db.cleanup();
      });
      return ponder;
    },
  },
  {
    name: 'PostgreSQL',
    available: postgresUrl !== '',
    open: async (now) => {
      const db = await freshDatabase(postgresUrl);
      const ponder = openPonder({ curriculumDir: MINI, store: openPostgresStore(db.url), now });
      cleanups.push(async () => {
        await ponder.close();
        await db.drop();
      });
      return ponder;
    },
  },
];

const texts = (r: { replies: Array<{ text: string }> }) => r.replies.map((x) => x.text).join('\n');
const moves = (r: { replies: Array<{ move: string }> }) => r.replies.map((x) => x.move);

for (const kind of stores) {
  describe.skipIf(!kind.available)(`classes on ${kind.name}`, () => {
    const clock = { now: Date.UTC(2026, 2, 2, 9) };
    const now = () => clock.now;
    const say = (p: Ponder, identity: string, text: string) => {
      clock.now += 30_000;
      return p.tutor.reply({ identity, text });
    };

    it('tells a learner who joins who will see their work, lists their classes, and lets them leave', async () => {
      const p = await kind.open(now);
      const cls = await p.classroom.createClass('Year 5 Maths');
      await p.classroom.addStaff('ada@school.example', 'Year 5 Maths');
      expect(cls.joinCode).toMatch(/^[A-Z0-9]{8}$/);

      const joined = await say(p, 'cli:ana', `join ${cls.joinCode.slice(0, 4).toLowerCase()}-${cls.joinCode.slice(4)}`);
      expect(moves(joined)).toContain('joined');
      expect(texts(joined)).toMatch(/Year 5 Maths/);
      expect(texts(joined)).toMatch(/ada@school\.example can see your progress/);
      expect(moves(await say(p, 'cli:ana', `join ${cls.joinCode}`))).toContain('already-joined');
      expect(moves(await say(p, 'cli:ana', 'join ZZZZ-ZZZZ'))).toContain('join-unknown');
      expect(texts(await say(p, 'cli:ana', 'me'))).toMatch(/Classes: Year 5 Maths/);
      expect(texts(await say(p, 'cli:ana', 'classes'))).toMatch(/Year 5 Maths\*\*: ada@school\.example/);
      expect((await p.classroom.findClass('year 5 maths'))?.learners).toBe(1);

      // "leave it" is not about a class; "leave <a class of theirs>" is.
      expect(moves(await say(p, 'cli:ana', 'leave it'))).not.toContain('leave-unknown');
      expect((await p.classroom.findClass('Year 5 Maths'))?.learners).toBe(1);
      expect(moves(await say(p, 'cli:ana', 'leave year 5 maths'))).toContain('left');
      expect((await p.classroom.findClass('Year 5 Maths'))?.learners).toBe(0);
      expect(moves(await say(p, 'cli:ana', 'leave class year 5'))).toContain('leave-unknown');
      expect(texts(await say(p, 'cli:ana', 'classes'))).toMatch(/aren't in any class/);
    });

    it('reads a join code however politely it is asked for', async () => {
      const p = await kind.open(now);
      const cls = await p.classroom.createClass('Year 4');
      for (const [learner, text] of [['cli:jo', `please join ${cls.joinCode}`], ['cli:kai', `can you join ${cls.joinCode}`], ['cli:lu', `I want to join ${cls.joinCode}`]] as const) {
        expect(moves(await say(p, learner, text))).toContain('joined');
      }
      expect((await p.classroom.findClass('Year 4'))?.learners).toBe(3);
    });

    it('signs staff in once per link, and shows them their own classes only', async () => {
      const p = await kind.open(now);
      const mine = await p.classroom.createClass('Team A');
      const theirs = await p.classroom.createClass('Team B');
      const ada = await p.classroom.addStaff('ada@example.org', 'Team A');
      const bo = await p.classroom.addStaff('bo@example.org', 'Team B');
      const signed = await p.classroom.signIn(ada.token);
      expect(signed?.staff.email).toBe('ada@example.org');
      expect(await p.classroom.signIn(ada.token)).toBeUndefined();
      expect(await p.classroom.signIn(`${bo.token.slice(0, -2)}xx`)).toBeUndefined();
      expect((await p.classroom.staffFor(signed?.session ?? ''))?.id).toBe(ada.staffId);
      // An expired link is refused too.
      const late = await p.classroom.addStaff('cy@example.org', 'Team A');
      clock.now += 25 * 3600_000;
      expect(await p.classroom.signIn(late.token)).toBeUndefined();

      expect((await p.classroom.classesOf(ada.staffId)).map((c) => c.name)).toEqual(['Team A']);
      expect(await p.classroom.overview(ada.staffId, mine.id)).toBeDefined();
      expect(await p.classroom.overview(ada.staffId, theirs.id)).toBeUndefined();
      expect(await p.classroom.exportGridCsv(ada.staffId, theirs.id)).toBeUndefined();
      await p.classroom.signOut(signed?.session ?? '');
      expect(await p.classroom.staffFor(signed?.session ?? '')).toBeUndefined();
    });

    it("applies a teacher's override at the learner's next turn with the reason, and undoes it on request", async () => {
      const p = await kind.open(now);
      const cls = await p.classroom.createClass('Year 6');
      const ada = await p.classroom.addStaff('ada@school.example', 'Year 6');
      await say(p, 'web:demo/anon:bo', `join ${cls.joinCode}`);
      await say(p, 'web:demo/anon:bo', 'start mini');
      await say(p, 'web:demo/anon:bo', 'skip');
      const learnerId = (await p.classroom.overview(ada.staffId, cls.id))?.learners[0]?.id ?? '';

      const made = await p.classroom.override(ada.staffId, cls.id, learnerId, { kind: 'next', packId: 'mini', conceptId: 'adding' }, 'you know halves well');
      expect(made?.appliedAt).toBeUndefined();
      const next = await say(p, 'web:demo/anon:bo', 'hi');
      expect(texts(next)).toMatch(/Your teacher moved you on to \*\*Adding fractions\*\*: "you know halves well"/);
      // The learner is then asked about the concept the teacher chose.
      expect(next.open?.concept).toBe('adding');

      await p.classroom.override(ada.staffId, cls.id, learnerId, { kind: 'mastered', packId: 'mini', conceptId: 'halves' }, 'shown in class');
      await say(p, 'web:demo/anon:bo', 'progress');
      expect((await p.tutor.progress('web:demo/anon:bo'))[0]?.concepts.find((c) => c.id === 'halves')?.mastered).toBe(true);
      const record = await p.classroom.learner(ada.staffId, cls.id, learnerId);
      const mastered = record?.overrides.find((o) => o.kind === 'mastered');
      expect(mastered?.appliedAt).toBeDefined();
      expect(record?.timeline.some((t) => t.replies.some((r) => r.move === 'teacher-override' && /shown in class/.test(r.why)))).toBe(true);

      expect(await p.classroom.revert(ada.staffId, cls.id, mastered?.id ?? 0, 'my mistake')).toBe(true);
      const undone = await say(p, 'web:demo/anon:bo', 'progress');
      expect(texts(undone)).toMatch(/keep practising \*\*Halves\*\*: "my mistake"/);
      expect((await p.tutor.progress('web:demo/anon:bo'))[0]?.concepts.find((c) => c.id === 'halves')?.mastered).toBe(false);
      // Reverting twice does nothing more; a class's staff cannot reach another class's overrides.
      expect(await p.classroom.revert(ada.staffId, cls.id, mastered?.id ?? 0, 'again')).toBe(false);
      await expect(p.classroom.override(ada.staffId, cls.id, learnerId, { kind: 'level', packId: 'mini', level: 9 }, 'too high')).rejects.toMatchObject({ code: 'OVERRIDE_INVALID' });
      await expect(p.classroom.override(ada.staffId, cls.id, learnerId, { kind: 'level', packId: 'mini', level: 3 }, '   ')).rejects.toMatchObject({ code: 'OVERRIDE_REASON' });
      expect((await p.classroom.audit(ada.staffId, cls.id))?.map((a) => a.action)).toEqual(expect.arrayContaining(['override', 'revert', 'viewed-learner']));
    });

    it('keeps worked solutions back while the teacher says so', async () => {
      const p = await kind.open(now);
      const cls = await p.classroom.createClass('Year 7');
      const ada = await p.classroom.addStaff('ada@school.example', 'Year 7');
      await say(p, 'cli:cy', `join ${cls.joinCode}`);
      await say(p, 'cli:cy', 'start mini');
      await say(p, 'cli:cy', 'skip');
      const learnerId = (await p.classroom.overview(ada.staffId, cls.id))?.learners[0]?.id ?? '';
      await p.classroom.override(ada.staffId, cls.id, learnerId, { kind: 'solutions', solutions: 'hidden' }, 'try on your own this week');
      let reveals = 0;
      for (let i = 0; i < 8; i++) reveals += moves(await say(p, 'cli:cy', '1')).filter((m) => m === 'reveal').length;
      expect(reveals).toBe(0);
    });

    it('raises an alert with its evidence for a learner who is stuck, and never shows a widget learner\'s anonymous id', async () => {
      const p = await kind.open(now);
      const cls = await p.classroom.createClass('Year 9');
      const ada = await p.classroom.addStaff('ada@school.example', 'Year 9');
      const anonymous = 'web:demo/anon:secret-anon-id-0123456789';
      await say(p, anonymous, `join ${cls.joinCode}`);
      await say(p, anonymous, 'start mini');
      await say(p, anonymous, 'skip');
      for (let i = 0; i < 4; i++) await say(p, anonymous, '999');
      const view = await p.classroom.overview(ada.staffId, cls.id);
      expect(view?.alerts).toEqual([expect.objectContaining({ kind: 'stuck', title: 'Stuck on Halves', evidence: expect.stringMatching(/\d wrong answers in a row/) })]);
      expect(view?.learners[0]?.label).toMatch(/^anonymous #[0-9a-f]{6} \(demo\)$/);
      const everything = JSON.stringify([view, await p.classroom.exportAttemptsCsv(ada.staffId, cls.id), await p.classroom.exportXapi(ada.staffId, cls.id, 'https://ponder.example'), await p.classroom.learner(ada.staffId, cls.id, view?.learners[0]?.id ?? '')]);
      expect(everything).not.toContain('secret-anon-id');
    });

    it("counts the week's misconceptions with an example answer, and a forgotten learner's part goes with them", async () => {
      const p = await kind.open(now);
      const cls = await p.classroom.createClass('Year 10');
      const ada = await p.classroom.addStaff('ada@school.example', 'Year 10');
      const misconceptionAnswer = async (identity: string) => {
        const open = (await p.tutor.status(identity)).open;
        const item = open ? p.curriculum.packs.get('mini')?.items.get(open.id) : undefined;
        return String(item?.misconceptions[0]?.answers?.[0] ?? '');
      };
      for (const learner of ['cli:eve', 'cli:fay']) {
        await say(p, learner, `join ${cls.joinCode}`);
        await say(p, learner, 'start mini');
        await say(p, learner, 'skip');
        const id = (await p.classroom.overview(ada.staffId, cls.id))?.learners.find((l) => l.label === learner)?.id ?? '';
        await p.classroom.override(ada.staffId, cls.id, id, { kind: 'next', packId: 'mini', conceptId: 'adding' }, 'on to adding');
        await say(p, learner, 'ok');
        const answer = await misconceptionAnswer(learner);
        expect(answer).not.toBe('');
        expect(moves(await say(p, learner, answer))).toContain('misconception');
      }
      const view = await p.classroom.overview(ada.staffId, cls.id);
      expect(view?.misconceptions).toEqual([{ label: 'adds the denominators', packId: 'mini', count: 2, example: expect.stringMatching(/^\d+\/\d+$/) }]);
      await p.tutor.forget('cli:eve');
      expect((await p.classroom.overview(ada.staffId, cls.id))?.misconceptions.map((m) => m.count)).toEqual([1]);
    });

    it("takes a teacher's grade of a queued answer once, as a labelled example and as an override the learner sees", async () => {
      const p = await kind.open(now);
      const cls = await p.classroom.createClass('Year 11');
      const ada = await p.classroom.addStaff('ada@school.example', 'Year 11');
      await say(p, 'cli:gil', `join ${cls.joinCode}`);
      const learnerId = (await p.classroom.overview(ada.staffId, cls.id))?.learners[0]?.id ?? '';
      // An answer the model was unsure of, as the turn stores it (see test/classes/grades.test.ts for the whole way).
      await p.store.sql.write([
        ['INSERT INTO grade_reviews (learner_id, at, pack_id, item_id, concept_id, answer, points, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [learnerId, clock.now, 'mini', 'half-of-8', 'halves', 'half is 4', '[]', 0.3]],
      ]);
      const [queued] = (await p.classroom.gradeQueue(ada.staffId, cls.id)) ?? [];
      // The fixture's item is not a rubric item, so it is not shown; the grade is taken all the same.
      expect(queued).toBeUndefined();
      const id = (await p.store.sql.all<{ id: number }>('SELECT id FROM grade_reviews WHERE learner_id = ?', [learnerId]))[0]?.id ?? 0;
      const both = await Promise.all([p.classroom.resolveGrade(ada.staffId, cls.id, id, 'correct', 'well explained'), p.classroom.resolveGrade(ada.staffId, cls.id, id, 'incorrect', 'not quite')]);
      expect(both.filter(Boolean)).toHaveLength(1);
      expect(await p.store.sql.all('SELECT verdict FROM rubric_examples')).toHaveLength(1);
      expect((await p.classroom.learner(ada.staffId, cls.id, learnerId))?.overrides.filter((o) => o.kind === 'grade')).toHaveLength(1);
    });

    it('keeps worked solutions back for a whole class: its learners are told, and whoever joins later too', async () => {
      const p = await kind.open(now);
      const cls = await p.classroom.createClass('Year 12');
      const ada = await p.classroom.addStaff('ada@school.example', 'Year 12');
      await say(p, 'cli:hal', `join ${cls.joinCode}`);
      expect(await p.classroom.setClassSolutions(ada.staffId, cls.id, 'hidden', 'exam practice week')).toBe(1);
      expect(texts(await say(p, 'cli:hal', 'start mini'))).toMatch(/not to show worked solutions for now: "exam practice week"/);
      const joined = await say(p, 'cli:ivy', `join ${cls.joinCode}`);
      expect(texts(joined)).toMatch(/In this class your teacher asked me not to show worked solutions/);
      await say(p, 'cli:ivy', 'start mini');
      await say(p, 'cli:ivy', 'skip');
      let reveals = 0;
      for (let i = 0; i < 8; i++) reveals += moves(await say(p, 'cli:ivy', '1')).filter((m) => m === 'reveal').length;
      expect(reveals).toBe(0);
      expect((await p.classroom.audit(ada.staffId, cls.id))?.map((a) => a.action)).toContain('class-solutions');
    });

    it("shows a learner's mastery over time, replayed from their counted answers", async () => {
      const p = await kind.open(now);
      const cls = await p.classroom.createClass('Year 13');
      const ada = await p.classroom.addStaff('ada@school.example', 'Year 13');
      await say(p, 'cli:jo', `join ${cls.joinCode}`);
      await say(p, 'cli:jo', 'start mini');
      await say(p, 'cli:jo', 'skip');
      for (let i = 0; i < 3; i++) {
        const open = (await p.tutor.status('cli:jo')).open;
        const item = open ? p.curriculum.packs.get('mini')?.items.get(open.id) : undefined;
        await say(p, 'cli:jo', item ? correctAnswer(item) : 'skip');
      }
      const learnerId = (await p.classroom.overview(ada.staffId, cls.id))?.learners[0]?.id ?? '';
      const halves = (await p.classroom.learner(ada.staffId, cls.id, learnerId))?.packs[0]?.concepts.find((c) => c.id === 'halves');
      const line = halves?.trajectory.map((t) => t.p) ?? [];
      expect(line.length).toBeGreaterThan(0);
      // Right answers only raise the estimate, and the last point is the tutor's own estimate now.
      expect(line.every((v, i) => i === 0 || v >= (line[i - 1] ?? 0))).toBe(true);
      expect(line.at(-1)).toBeCloseTo(halves?.p ?? -1, 2);
    });

    it('forgets a learner everywhere staff could see them: grid, exports and audit', async () => {
      const p = await kind.open(now);
      const cls = await p.classroom.createClass('Year 8');
      const ada = await p.classroom.addStaff('ada@school.example', 'Year 8');
      await say(p, 'cli:dee', `join ${cls.joinCode}`);
      await say(p, 'cli:dee', 'me name Deirdre');
      await say(p, 'cli:dee', 'start mini');
      await say(p, 'cli:dee', 'skip');
      await say(p, 'cli:dee', '5');
      const learnerId = (await p.classroom.overview(ada.staffId, cls.id))?.learners[0]?.id ?? '';
      await p.classroom.learner(ada.staffId, cls.id, learnerId);
      await p.classroom.override(ada.staffId, cls.id, learnerId, { kind: 'level', packId: 'mini', level: 2 }, 'a steady pace');
      expect(await p.classroom.exportAttemptsCsv(ada.staffId, cls.id)).toMatch(/Deirdre/);

      await p.tutor.forget('cli:dee');
      const view = await p.classroom.overview(ada.staffId, cls.id);
      expect(view?.learners).toEqual([]);
      expect(await p.classroom.exportAttemptsCsv(ada.staffId, cls.id)).not.toMatch(/Deirdre/);
      expect(await p.classroom.exportGridCsv(ada.staffId, cls.id)).not.toMatch(/Deirdre/);
      expect(await p.classroom.exportXapi(ada.staffId, cls.id, 'https://ponder.example')).toEqual([]);
      const audit = (await p.classroom.audit(ada.staffId, cls.id)) ?? [];
      expect(audit.some((a) => a.learnerId === learnerId)).toBe(false);
      expect(audit.map((a) => a.action)).toContain('learner-deleted');
    });
  });
}
