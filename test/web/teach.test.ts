// The staff dashboard's pages over the real core: the class overview (misconceptions, alerts with evidence, the
// mastery grid), one learner's record, overrides made through the forms and seen by the learner, exports,
// escaping of learners' text, and a learner's "forget me" reaching every staff view.
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClassOverview } from '../../src/index.ts';
import { overviewPage } from '../../adapters/web/teach/pages/overview.ts';
import { openTeach, type Teach } from './teach-harness.ts';

let t: Teach;
beforeEach(() => {
  t = openTeach();
});
afterEach(async () => {
  await t.close();
});

const ANON = 'web:demo/anon:anon-0123456789abcdef';

/** A class with a terminal learner stuck on halves, a widget learner, and one who added the denominators. */
async function classWithLearners() {
  const ada = await t.staff('ada@school.org', 'Year 5 Maths');
  const ana = t.learner('cli:ana');
  await ana.say(`join ${ada.cls.joinCode}`);
  await ana.say('start mini');
  await ana.say('skip');
  for (const wrong of ['5', '6', '9', '3']) await ana.say(wrong);
  const web = t.learner(ANON);
  await web.say(`join ${ada.cls.joinCode}`);
  await web.say('start mini');
  await web.say('skip');
  await web.say('4');
  const cy = t.learner('cli:cy');
  await cy.say(`join ${ada.cls.joinCode}`);
  await cy.say('start mini');
  await cy.say('skip');
  const view = await t.ponder.classroom.overview(ada.staffId, ada.cls.id);
  const id = (label: string) => view?.learners.find((l) => l.label === label)?.id ?? '';
  const learnerPath = (label: string) => `/teach/classes/${ada.cls.id}/learners/${id(label)}`;
  // Cy's teacher moves them on to adding, where they add the denominators.
  await ada.post(`${learnerPath('cli:cy')}/overrides`, { kind: 'next', concept: 'mini/adding', reason: 'you know halves already' });
  await cy.say('go');
  await cy.say('3/10');
  return { ada, ana, web, cy, id, learnerPath, overview: `/teach/classes/${ada.cls.id}` };
}

/** Every form control that is not hidden has a label: by for= or by wrapping it. */
function unlabelled(page: string): string[] {
  const controls = [...page.matchAll(/<(input|select|textarea)\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/type="hidden"/.test(tag));
  return controls.filter((tag) => {
    const id = /\bid="([^"]+)"/.exec(tag)?.[1];
    if (id && page.includes(`<label for="${id}"`)) return false;
    const at = page.indexOf(tag);
    const before = page.slice(0, at);
    return before.lastIndexOf('<label') <= before.lastIndexOf('</label>');
  });
}

const text = (page: string) => page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the class overview', () => {
  it('shows the misconceptions of the week, alerts with their evidence, the mastery grid, exports and the audit', async () => {
    const { ada, overview } = await classWithLearners();
    const res = await ada.get(overview);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    const misconceptions = page.slice(page.indexOf('id="misconceptions"'), page.indexOf('id="alerts"'));
    expect(text(misconceptions)).toMatch(/1 answer: adds the denominators/);
    expect(misconceptions).toContain('“3/10”');

    const alerts = text(page.slice(page.indexOf('id="alerts"'), page.indexOf('id="mastery"')));
    expect.soft(alerts).toMatch(/Stuck terminal, ana : Stuck on Halves/);
    expect.soft(alerts).toMatch(/Evidence: 4 wrong answers in a row this week/);

    const grid = page.slice(page.indexOf('<table class="grid">'), page.indexOf('</table>'));
    expect(grid).toContain('<caption id="grid-caption">Mastery by learner and concept</caption>');
    expect(grid).toContain('<th scope="colgroup" colspan="3">Mini fractions</th>');
    expect(grid).toContain('<th scope="col">Halves</th>');
    expect(grid.match(/<th scope="row">/g)).toHaveLength(3);
    // The verdict at a glance, the probability on hover and for a screen reader.
    expect(grid).toMatch(/<td title="Halves: not yet mastered \((\d+)% likely known\)"><span class="bar b\d+" aria-hidden="true"><\/span><i>not yet, \1%<\/i><\/td>/);
    expect(grid).toContain('<td class="none" title="Multiplying fractions: not started">');
    expect(grid).toContain('terminal, ana');
    // The widget learner's anonymous id is their only proof of who they are: never shown.
    expect(grid).toMatch(/anonymous #[0-9a-f]{6} \(demo\)/);
    expect(page).not.toContain('anon-0123456789abcdef');
    expect(grid).toContain('today</time>');

    for (const link of ['export/grid.csv', 'export/attempts.csv', 'export/xapi.json', 'audit']) expect(page).toContain(`href="${overview}/${link}"`);
    const audit = await (await ada.get(`${overview}/audit`)).text();
    expect(text(audit)).toMatch(/ada@school\.org override terminal, cy next/);
  });

  it("shows a concept the tutor judges mastered with a tick, and its probability", async () => {
    const { ada, ana, learnerPath, overview } = await classWithLearners();
    await ada.post(`${learnerPath('cli:ana')}/overrides`, { kind: 'mastered', concept: 'mini/halves', reason: 'you showed me in class' });
    await ana.say('hi');
    const grid = await (await ada.get(overview)).text();
    expect(grid).toMatch(/<td class="yes" title="Halves: mastered \((\d+)% likely known\)"><span aria-hidden="true">✓<\/span><i>mastered, \1%<\/i><\/td>/);
    // Mastered concepts come back for review: the learner page says when.
    const record = await (await ada.get(learnerPath('cli:ana'))).text();
    expect(record).toMatch(/<th scope="row">Halves<\/th><td><span class="yes-text"><span aria-hidden="true">✓ <\/span>mastered<\/span> <span class="muted">\(\d+%\)<\/span><\/td><td>(?:<svg class="line"[^]*?<\/svg>)?<\/td><td>due 2026-01-\d\d<\/td>/);
  });

  it('shows each alert with its kind, a link to the learner, and its evidence', () => {
    const view: ClassOverview = {
      class: { id: 'c1', name: 'Year 5', joinCode: 'ABCDEFGH', learners: 2 },
      packs: [],
      learners: [],
      misconceptions: [],
      gradesWaiting: 0,
      alerts: [
        { kind: 'stuck', learnerId: 'l1', learner: 'cli:ana', title: 'Stuck on Halves', evidence: '4 wrong answers in a row this week' },
        { kind: 'gaming', learnerId: 'l2', learner: '<b>Bo</b>', title: 'Leaning on hints', evidence: 'hints used on 5 of their last 6 questions' },
      ],
    };
    const page = overviewPage({ email: 'ada@school.org', csrf: 'x' }, view, Date.UTC(2026, 0, 5)).text;
    expect(page).toContain('<h2 id="alerts">Alerts (2)</h2>');
    expect(page).toContain('<li class="stuck"><span class="tag">Stuck</span><a href="/teach/classes/c1/learners/l1">terminal, ana</a>: Stuck on Halves\n<div><span class="muted">Evidence:</span> 4 wrong answers in a row this week</div></li>');
    expect(page).toContain('<span class="tag">Gaming</span><a href="/teach/classes/c1/learners/l2">&lt;b&gt;Bo&lt;/b&gt;</a>: Leaning on hints');
  });

  it("shows a large class's grid a page of 200 learners at a time", () => {
    const view: ClassOverview = {
      class: { id: 'c1', name: 'Everyone', joinCode: 'ABCDEFGH', learners: 450 },
      packs: [{ id: 'mini', title: 'Mini fractions', concepts: [{ id: 'halves', title: 'Halves' }] }],
      learners: Array.from({ length: 450 }, (_, i) => ({ id: `l${i}`, label: `Learner ${i}`, lastActive: Date.UTC(2026, 0, 1), cells: { 'mini/halves': { p: 0.5, mastered: false } } })),
      misconceptions: [],
      gradesWaiting: 0,
      alerts: [],
    };
    const show = (asked: number) => overviewPage({ email: 'ada@school.org', csrf: 'x' }, view, Date.UTC(2026, 0, 5), asked).text;
    const rows = (page: string) => page.match(/<th scope="row">/g)?.length ?? 0;
    expect(rows(show(1))).toBe(200);
    expect(text(show(1))).toContain('Learners 1–200 of 450 Next ›');
    expect(show(1)).toContain('href="/teach/classes/c1?page=2#mastery"');
    expect(rows(show(3))).toBe(50);
    expect(text(show(3))).toContain('‹ Previous Learners 401–450 of 450');
    expect(show(99)).toBe(show(3));
    expect(show(Number.NaN)).toBe(show(1));
  });

  it('tells staff of an empty class how learners join', async () => {
    const ada = await t.staff('ada@school.org', 'Empty class');
    const page = await (await ada.get(`/teach/classes/${ada.cls.id}`)).text();
    expect(text(page)).toContain(`No learners yet. They join by typing join ${ada.cls.joinCode.slice(0, 4)}-${ada.cls.joinCode.slice(4)}`);
  });
});

describe('one learner', () => {
  it('shows mastery and reviews per concept, a plot of attempts, how they learn, hints, the timeline with each why, and labelled forms', async () => {
    const { ada, learnerPath } = await classWithLearners();
    const res = await ada.get(learnerPath('cli:ana'));
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>terminal, ana</h1>');
    expect(page).toContain('<caption>Mini fractions <span class="muted">· working level');
    expect(page).toMatch(/<th scope="row">Halves<\/th><td><span class="bar b\d+" aria-hidden="true"><\/span> not yet <span class="muted">\(\d+%\)<\/span><\/td>/);
    expect(page).toContain('<svg class="dots" width="');
    expect(page).toContain('role="img" aria-label="Halves: 4 attempts, 4 wrong; latest wrong"');
    expect(page.match(/<path class="wrong"/g)?.length).toBeGreaterThanOrEqual(4);
    expect(text(page)).toMatch(/Hints used: \d+ in total/);
    expect(text(page)).toMatch(/worked example 1 0 of 1/);
    // The timeline, latest first, with the same why the learner can read.
    const record = await t.ponder.classroom.learner(ada.staffId, ada.cls.id, (await t.ponder.classroom.overview(ada.staffId, ada.cls.id))?.learners[0]?.id ?? '');
    const lastWhy = record?.timeline.at(-1)?.replies[0]?.why ?? 'missing';
    expect(page).toContain('<ol class="timeline" reversed>');
    expect(page.indexOf('They said: </span>3</p>')).toBeLessThan(page.indexOf('They said: </span>5</p>'));
    expect(text(page)).toContain(`Why: ${lastWhy.replace(/'/g, '&#39;')}`);
    expect(unlabelled(page)).toEqual([]);
    for (const legend of ['Mastery', 'Next concept or topic', 'Working level', 'Worked solutions']) expect(page).toContain(`<legend>${legend}</legend>`);
    // Only the page's own confirmations are shown, whatever the address asks for.
    for (const done of ['toString', '<b>hi</b>', 'constructor']) {
      const asked = await ada.get(`${learnerPath('cli:ana')}?done=${encodeURIComponent(done)}`);
      expect(asked.status).toBe(200);
      expect(await asked.text()).not.toContain('role="status"');
    }
    // Opening a record is itself recorded.
    expect((await t.ponder.classroom.audit(ada.staffId, ada.cls.id))?.[0]?.action).toBe('viewed-learner');
  });
});

describe('overrides through the forms', () => {
  it("reach the learner at their next turn with the teacher's reason, are listed with their state, and can be undone", async () => {
    const { ada, ana, learnerPath } = await classWithLearners();
    const path = learnerPath('cli:ana');
    const made = await ada.post(`${path}/overrides`, { kind: 'next', concept: 'mini/adding', reason: 'we did halves in class' });
    expect(made.status).toBe(303);
    expect(made.headers.get('location')).toBe(`${path}?done=override`);
    let page = await (await ada.get(`${path}?done=override`)).text();
    expect(page).toContain('<p class="notice" role="status">Saved. The learner sees this change, with your reason, at their next turn.</p>');
    expect(text(page)).toMatch(/ada@school\.org Assigned Adding fractions next we did halves in class waiting for their next turn/);

    const seen = await ana.say('ok');
    const told = seen.replies.find((r) => r.move === 'teacher-override');
    expect(told?.text).toBe('Your teacher moved you on to **Adding fractions**: "we did halves in class"');
    expect(seen.replies.map((r) => r.text).join('\n')).toMatch(/\d\/\d+ \+ \d\/\d+/);
    page = await (await ada.get(path)).text();
    expect(text(page)).toMatch(/Assigned Adding fractions next we did halves in class seen by the learner 2026-01-05/);

    await ada.post(`${path}/overrides`, { kind: 'level', pack: 'mini', level: '4', reason: 'you are ready for harder ones' });
    const levelled = await ana.say('hmm');
    expect(levelled.replies[0]?.text).toBe('Your teacher set your working level in **Mini fractions** to 4.0 (of 5): "you are ready for harder ones"');
    const level = (await t.ponder.classroom.learner(ada.staffId, ada.cls.id, /learners\/([^/?]+)/.exec(path)?.[1] ?? ''))?.overrides.at(-1);
    const undone = await ada.post(`${path}/overrides/${level?.id}/revert`, { reason: 'too soon, sorry' });
    expect(undone.headers.get('location')).toBe(`${path}?done=revert`);
    page = await (await ada.get(`${path}?done=revert`)).text();
    expect(text(page)).toMatch(/Set the working level in Mini fractions to 4 you are ready for harder ones undone 2026-01-05/);
    const back = await ana.say('ok');
    expect(back.replies[0]?.text).toMatch(/^Your teacher set your working level in \*\*Mini fractions\*\* to \d\.\d \(of 5\): "too soon, sorry"$/);
    // Undoing twice does nothing more, and says so.
    expect((await ada.post(`${path}/overrides/${level?.id}/revert`, { reason: 'again' })).headers.get('location')).toBe(`${path}?done=not-reverted`);

    await ada.post(`${path}/overrides`, { kind: 'solutions', solutions: 'hidden', reason: 'try without the answers' });
    expect((await ana.say('ok')).replies[0]?.text).toBe('Your teacher asked me not to show worked solutions for now: "try without the answers"');
  });

  it('a change without a reason, or one the curriculum does not have, is refused with the reason why', async () => {
    const { ada, learnerPath } = await classWithLearners();
    const path = learnerPath('cli:ana');
    const cases: Array<[Record<string, string>, string]> = [
      [{ kind: 'mastered', concept: 'mini/halves', reason: '  ' }, 'Give a reason'],
      [{ kind: 'mastered', concept: 'mini/nope', reason: 'r' }, 'No concept &quot;nope&quot; in Mini fractions.'],
      [{ kind: 'next', concept: 'nopack/halves', reason: 'r' }, 'No pack &quot;nopack&quot;.'],
      [{ kind: 'level', pack: 'mini', level: '9', reason: 'r' }, 'A working level is between 1 and 5.'],
      [{ kind: 'solutions', solutions: 'all', reason: 'r' }, 'Choose whether worked solutions'],
      [{ kind: 'delete-everything', reason: 'r' }, 'Choose what to change.'],
    ];
    for (const [fields, why] of cases) {
      const res = await ada.post(`${path}/overrides`, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const page = await res.text();
      expect(page).toContain('<p class="notice error" role="alert">');
      expect(page).toContain(why);
    }
    expect((await t.ponder.classroom.learner(ada.staffId, ada.cls.id, /learners\/([^/?]+)/.exec(path)?.[1] ?? ''))?.overrides).toEqual([]);
  });
});

describe('exports', () => {
  it('the grid and the attempts as CSV downloads, and the attempts as xAPI statements with the server as home page', async () => {
    const { ada, overview } = await classWithLearners();
    const grid = await ada.get(`${overview}/export/grid.csv`);
    expect(grid.status).toBe(200);
    expect(grid.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(grid.headers.get('content-disposition')).toBe('attachment; filename="year-5-maths-grid-2026-01-05.csv"');
    const gridRows = (await grid.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(gridRows[0]).toMatch(/^learner,last active,Mini fractions: Halves \(p\),Mini fractions: Halves \(mastered\)/);
    expect(gridRows).toHaveLength(4);
    expect(gridRows.some((r) => r.startsWith('cli:ana,2026-01-05T'))).toBe(true);

    const attempts = await ada.get(`${overview}/export/attempts.csv`);
    expect(attempts.headers.get('content-disposition')).toBe('attachment; filename="year-5-maths-attempts-2026-01-05.csv"');
    const attemptRows = (await attempts.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(attemptRows[0]).toBe('learner,at,pack,concept,item,answer,verdict,hints used,response ms,misconception');
    expect(attemptRows.filter((r) => r.startsWith('cli:ana,'))).toHaveLength(4);
    expect(attemptRows.some((r) => r.includes(',3/10,incorrect,') && r.endsWith(',adds-denominators'))).toBe(true);

    const xapi = await ada.get(`${overview}/export/xapi.json`);
    expect(xapi.headers.get('content-type')).toMatch(/^application\/json/);
    expect(xapi.headers.get('content-disposition')).toBe('attachment; filename="year-5-maths-xapi-2026-01-05.json"');
    const statements = (await xapi.json()) as Array<{ actor: { account: { homePage: string } }; verb: { id: string }; result: { success: boolean; response: string }; timestamp: string }>;
    expect(statements).toHaveLength(attemptRows.length - 1);
    expect(statements.every((s) => s.actor.account.homePage === 'http://localhost')).toBe(true);
    expect(statements[0]?.verb.id).toBe('http://adlnet.gov/expapi/verbs/answered');
    expect(statements.some((s) => s.result.response === '3/10' && !s.result.success)).toBe(true);
    // Each export is recorded.
    expect((await t.ponder.classroom.audit(ada.staffId, ada.cls.id))?.filter((a) => a.action === 'export')).toHaveLength(3);
  });
});

describe('learner text', () => {
  it('is shown as text: a learner called <script>alert(1)</script> who answers <script>alert(1)</script>', async () => {
    const ada = await t.staff('ada@school.org', 'Year 5 Maths');
    const evil = t.learner('cli:<script>alert(1)</script>');
    await evil.say(`join ${ada.cls.joinCode}`);
    await evil.say('start mini');
    await evil.say('skip');
    await evil.say('<script>alert(1)</script>');
    await evil.say('<img src=x onerror=alert(2)>');
    const overview = await (await ada.get(`/teach/classes/${ada.cls.id}`)).text();
    const learnerPath = /href="(\/teach\/classes\/[^"]+\/learners\/[^"]+)"/.exec(overview)?.[1] ?? '';
    const record = await (await ada.get(learnerPath)).text();
    await ada.post(`${learnerPath}/overrides`, { kind: 'solutions', solutions: 'hidden', reason: '<script>alert(3)</script>' });
    const after = await (await ada.get(learnerPath)).text();
    const audit = await (await ada.get(`/teach/classes/${ada.cls.id}/audit`)).text();
    for (const page of [overview, record, after, audit]) {
      expect(page).not.toMatch(/<script|<img/i);
      expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(record).toContain('They said: </span>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(record).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(after).toContain('<td>&lt;script&gt;alert(3)&lt;/script&gt;</td>');
  });
});

describe('forget me', () => {
  it('removes a learner from the grid, the exports and the audit, which keeps only that a deletion happened', async () => {
    const { ada, ana, id, learnerPath, overview } = await classWithLearners();
    const anaId = id('cli:ana');
    await ada.get(learnerPath('cli:ana'));
    await ada.post(`${learnerPath('cli:ana')}/overrides`, { kind: 'solutions', solutions: 'hidden', reason: 'for ana only' });
    await ada.get(`${overview}/export/attempts.csv`);
    expect(await (await ada.get(`${overview}/audit`)).text()).toContain('for ana only');

    await ana.say('forget me');
    await ana.press('/yes');

    const page = await (await ada.get(overview)).text();
    expect(page).not.toContain('terminal, ana');
    expect(page).not.toContain(anaId);
    expect(page).toContain('terminal, cy');
    expect((await ada.get(learnerPath('cli:ana').replace(/learners\/.*/, `learners/${anaId}`))).status).toBe(404);
    for (const file of ['grid.csv', 'attempts.csv', 'xapi.json']) {
      const body = await (await ada.get(`${overview}/export/${file}`)).text();
      expect(body, file).not.toContain('cli:ana');
      expect(body, file).not.toContain(anaId);
      expect(body, file).toContain('cli:cy');
    }
    const audit = await (await ada.get(`${overview}/audit`)).text();
    expect(audit).not.toContain('for ana only');
    expect(audit).not.toContain(anaId);
    expect(text(audit)).toMatch(/the learner learner deleted a learner deleted their data/);
    expect((await t.ponder.classroom.audit(ada.staffId, ada.cls.id))?.filter((a) => a.action === 'learner-deleted')).toHaveLength(1);
  });
});

describe('page sizes', () => {
  it('stay small: the overview of a class of 40, a learner page and the style sheet (sizes logged)', async () => {
    const ada = await t.staff('ada@school.org', 'Year 5 Maths');
    for (let i = 0; i < 40; i++) {
      const l = t.learner(`cli:learner-${i}`);
      await l.say(`join ${ada.cls.joinCode}`);
      await l.say('start mini');
      await l.say('skip');
      await l.say(i % 2 ? '4' : '5');
    }
    const overview = await (await ada.get(`/teach/classes/${ada.cls.id}`)).text();
    const learnerPath = /href="(\/teach\/classes\/[^"]+\/learners\/[^"]+)"/.exec(overview)?.[1] ?? '';
    const learner = await (await ada.get(learnerPath)).text();
    const classes = await (await ada.get('/teach')).text();
    const css = await (await t.request(/<link rel="stylesheet" href="([^"]+)">/.exec(classes)?.[1] ?? '')).text();
    const sizes = Object.fromEntries(
      Object.entries({ classes, overview40: overview, learner, css }).map(([name, body]) => [name, { bytes: Buffer.byteLength(body), gzip: gzipSync(body).length }]),
    );
    console.log('teach page sizes', JSON.stringify(sizes));
    expect(sizes.overview40?.gzip).toBeLessThan(12_000);
    expect(sizes.learner?.gzip).toBeLessThan(12_000);
    expect(sizes.css?.bytes).toBeLessThan(8_000);
  }, 60_000);
});
