// /teach/classes/:id: the class at a glance. What goes wrong most this week, who needs attention and why, then
// every learner's mastery of every concept the class has started.
import type { ClassOverview } from '../../../../src/index.ts';
import { ago, shownLabel } from '../format.ts';
import { html, type Html } from '../html.ts';
import { csrfField, page, type Viewer } from '../layout.ts';
import { gridCell } from '../plots.ts';
import { classHref, shownCode } from './classes.ts';

export const learnerHref = (classId: string, learnerId: string): string => `${classHref(classId)}/learners/${encodeURIComponent(learnerId)}`;

const ALERT_TAGS = { stuck: 'Stuck', gaming: 'Gaming', inactive: 'Away' } as const;

function misconceptions(view: ClassOverview): Html {
  if (!view.misconceptions.length) return html`<p class="muted">No misconception recognised in this class's answers this week.</p>`;
  const packTitle = (id: string) => view.packs.find((p) => p.id === id)?.title ?? id;
  return html`<ol class="cards">${view.misconceptions.map(
    (m) => html`<li><span class="n">${m.count}</span> ${m.count === 1 ? 'answer' : 'answers'}: <strong>${m.label}</strong>
<div class="muted">${packTitle(m.packId)}; for example “${m.example.slice(0, 120)}”</div></li>`,
  )}</ol>`;
}

function alerts(view: ClassOverview): Html {
  if (!view.alerts.length) return html`<p class="muted">No alerts: nobody is stuck, rushing or away with reviews overdue.</p>`;
  return html`<ul class="alerts">${view.alerts.map(
    (a) => html`<li class="${a.kind}"><span class="tag">${ALERT_TAGS[a.kind]}</span><a href="${learnerHref(view.class.id, a.learnerId)}">${shownLabel(a.learner)}</a>: ${a.title}
<div><span class="muted">Evidence:</span> ${a.evidence}</div></li>`,
  )}</ul>`;
}

/** Learners per page of the grid: a class fits on one; a whole company's stays quick to load. */
export const GRID_PAGE = 200;

function pager(view: ClassOverview, at: number): Html | string {
  const pages = Math.ceil(view.learners.length / GRID_PAGE);
  if (pages <= 1) return '';
  const link = (n: number, label: string) => html`<a href="${classHref(view.class.id)}?page=${n}#mastery">${label}</a>`;
  const first = (at - 1) * GRID_PAGE + 1;
  const last = Math.min(at * GRID_PAGE, view.learners.length);
  return html`<nav class="pager" aria-label="Pages of learners">${at > 1 ? link(at - 1, '‹ Previous') : ''} <span>Learners ${first}–${last} of ${view.learners.length}</span> ${at < pages ? link(at + 1, 'Next ›') : ''}</nav>`;
}

function grid(view: ClassOverview, now: number, at: number): Html {
  if (!view.learners.length) return html`<p>No learners yet. They join by typing <code>join ${shownCode(view.class.joinCode)}</code> to the tutor.</p>`;
  const shown = view.learners.slice((at - 1) * GRID_PAGE, at * GRID_PAGE);
  const columns = view.packs.flatMap((p) => p.concepts.map((c) => ({ key: `${p.id}/${c.id}`, title: c.title })));
  return html`<p class="legend"><span aria-hidden="true">✓</span> mastered, by the tutor's own judgement; a bar shows how likely the concept is known (hover for the figure); · not started.</p>
<div class="scroll" role="region" aria-labelledby="grid-caption" tabindex="0">
<table class="grid">
<caption id="grid-caption">Mastery by learner and concept</caption>
<thead>
<tr><th scope="col" rowspan="2">Learner</th>${view.packs.map((p) => html`<th scope="colgroup" colspan="${p.concepts.length}">${p.title}</th>`)}<th scope="col" rowspan="2">Last active</th></tr>
<tr>${columns.map((c) => html`<th scope="col">${c.title}</th>`)}</tr>
</thead>
<tbody>
${shown.map((l) => html`<tr><th scope="row"><a href="${learnerHref(view.class.id, l.id)}">${shownLabel(l.label)}</a></th>${columns.map((c) => gridCell(c.title, l.cells[c.key]))}<td>${ago(l.lastActive, now)}</td></tr>\n`)}</tbody>
</table>
</div>${pager(view, at)}`;
}

/** `asked`: which page of learners the grid shows, from 1; past the end shows the last. */
export function overviewPage(viewer: Viewer, view: ClassOverview, now: number, asked = 1): Html {
  const gridPage = Math.min(Math.max(1, Math.floor(asked) || 1), Math.max(1, Math.ceil(view.learners.length / GRID_PAGE)));
  const base = classHref(view.class.id);
  const n = view.learners.length;
  return page({
    title: view.class.name,
    viewer,
    crumbs: [{ label: view.class.name }],
    body: html`<h1>${view.class.name}</h1>
<p class="muted">${n} ${n === 1 ? 'learner' : 'learners'} · join code <code>${shownCode(view.class.joinCode)}</code></p>
<section aria-labelledby="misconceptions"><h2 id="misconceptions">Misconceptions this week</h2>${misconceptions(view)}</section>
<section aria-labelledby="alerts"><h2 id="alerts">Alerts${view.alerts.length ? ` (${view.alerts.length})` : ''}</h2>${alerts(view)}
${view.gradesWaiting ? html`<p><a href="${base}/grades">Answers to grade (${view.gradesWaiting})</a>: free-text answers the model could not grade with confidence.</p>` : ''}</section>
<section aria-labelledby="mastery"><h2 id="mastery">Mastery</h2>${grid(view, now, gridPage)}</section>
<section aria-labelledby="class-solutions"><h2 id="class-solutions">Worked solutions for the whole class</h2>
<form method="post" action="${base}/solutions">${csrfField(viewer.csrf)}<fieldset><legend>Worked solutions</legend>
<div role="radiogroup" aria-label="Worked solutions for the class"><label class="choice"><input type="radio" name="solutions" value="hidden" required> Hide them</label><label class="choice"><input type="radio" name="solutions" value="course"> As the course allows</label></div>
<label for="class-reason">Reason (every learner in the class reads it)</label><input type="text" id="class-reason" name="reason" required maxlength="200">
<button type="submit">Save for the class</button></fieldset></form>
<p class="muted">Learners who join later take this setting on, and are told so.</p></section>
<section aria-labelledby="more"><h2 id="more">Exports and audit</h2>
<ul class="exports">
<li><a href="${base}/export/grid.csv" download>Mastery grid (CSV)</a></li>
<li><a href="${base}/export/attempts.csv" download>All attempts (CSV)</a></li>
<li><a href="${base}/export/xapi.json" download>Attempts as xAPI statements (JSON)</a></li>
<li><a href="${base}/audit">Audit log: every staff action in this class</a></li>
</ul></section>`,
  });
}
