// /teach/classes/:id/learners/:learnerId: one learner. Where they stand in each topic and how they got there, how
// they learn, the conversation with each reply's why, and the staff's changes to what the tutor does.
import type { ClassSummary, LearnerRecord, OverrideRecord } from '../../../../src/index.ts';
import { day, shownIdentity, shownLabel, tutorText, when } from '../format.ts';
import { html, type Html } from '../html.ts';
import { csrfField, page, type Viewer } from '../layout.ts';
import { attemptsPlot, dotsLegend, masteryLine, masteryText } from '../plots.ts';
import { classHref } from './classes.ts';
import { learnerHref } from './overview.ts';

/** What a redirect after a change may ask the page to confirm; fixed texts, so nothing is reflected from the URL. */
export const DONE = {
  override: 'Saved. The learner sees this change, with your reason, at their next turn.',
  revert: 'Undone. If the learner had already seen the change, their next turn tells them it was undone, with your reason.',
  'not-reverted': 'Nothing to undo: that change was already undone.',
} as const;
export type Done = keyof typeof DONE;

const REASON_MAX = 200;

function review(due: number | undefined, now: number): Html | string {
  if (due === undefined) return html`<span class="muted">none</span>`;
  return due < now ? html`<strong>overdue</strong> since ${day(due)}` : `due ${day(due)}`;
}

function progress(record: LearnerRecord, now: number): Html {
  if (!record.packs.length) return html`<p class="muted">They have not started a topic yet.</p>`;
  return html`${dotsLegend()}${record.packs.map(
    (p) => html`<table>
<caption>${p.title} <span class="muted">· working level ${p.level.toFixed(1)} of 5</span></caption>
<thead><tr><th scope="col">Concept</th><th scope="col">Mastery</th><th scope="col">Over time</th><th scope="col">Review</th><th scope="col">Attempts</th></tr></thead>
<tbody>${p.concepts.map((c) => html`<tr><th scope="row">${c.title}</th><td>${masteryText(c.p, c.mastered)}</td><td>${masteryLine(c.title, c.trajectory, p.masteryThreshold)}</td><td>${review(c.reviewDue, now)}</td><td>${attemptsPlot(c.title, c.attempts)}</td></tr>`)}</tbody>
</table>`,
  )}`;
}

const styleName = (style: string) => style.replace(/-/g, ' ');

function learning(record: LearnerRecord): Html {
  const { stated, measured } = record.styles;
  const tried = measured.length
    ? html`<table><caption>Explanations tried, and how often the next answer was right</caption>
<thead><tr><th scope="col">Kind of explanation</th><th scope="col">Tried</th><th scope="col">Worked</th></tr></thead>
<tbody>${[...measured].sort((a, b) => b.worked / b.tried - a.worked / a.tried).map((m) => html`<tr><th scope="row">${styleName(m.style)}</th><td>${m.tried}</td><td>${m.worked} of ${m.tried}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">No explanation tried yet.</p>`;
  return html`<p>Asked for: ${stated ? html`<strong>${styleName(stated)}</strong>` : html`<span class="muted">no preference stated</span>`}. Hints used: <strong>${record.hintsUsed}</strong> in total.</p>${tried}`;
}

function conceptTitle(record: LearnerRecord, packId: unknown, conceptId: unknown): string {
  const pack = record.packs.find((p) => p.id === packId);
  return pack?.concepts.find((c) => c.id === conceptId)?.title ?? String(conceptId ?? '');
}

function describe(record: LearnerRecord, o: OverrideRecord): string {
  const data = o.data as { packId?: string; conceptId?: string; itemId?: string; level?: number; solutions?: string; verdict?: string };
  switch (o.kind) {
    case 'mastered':
      return `Marked ${conceptTitle(record, data.packId, data.conceptId)} as mastered`;
    case 'not-mastered':
      return `Marked ${conceptTitle(record, data.packId, data.conceptId)} as not yet mastered`;
    case 'next':
      return `Assigned ${conceptTitle(record, data.packId, data.conceptId)} next`;
    case 'level':
      return `Set the working level in ${record.packs.find((p) => p.id === data.packId)?.title ?? data.packId ?? ''} to ${data.level ?? ''}`;
    case 'solutions':
      return data.solutions === 'hidden' ? 'Hid worked solutions' : 'Showed worked solutions as the course allows';
    case 'grade':
      return `Graded an answer to ${data.itemId ?? ''} in ${conceptTitle(record, data.packId, data.conceptId)}: ${data.verdict === 'correct' ? 'right' : data.verdict === 'partial' ? 'partly right' : 'not right yet'}`;
  }
}

function overrideState(o: OverrideRecord): Html {
  if (o.revertedAt !== undefined) return html`undone ${when(o.revertedAt)}`;
  if (o.appliedAt !== undefined) return html`seen by the learner ${when(o.appliedAt)}`;
  return html`<strong>waiting</strong> for their next turn`;
}

function overrides(record: LearnerRecord, action: string, csrf: string): Html {
  if (!record.overrides.length) return html`<p class="muted">No staff changes yet: the tutor decides everything on its own.</p>`;
  return html`<div class="scroll"><table>
<caption>Every change staff made for this learner, oldest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">By</th><th scope="col">Change</th><th scope="col">Reason given</th><th scope="col">State</th><th scope="col">Undo</th></tr></thead>
<tbody>${record.overrides.map((o) => {
    const undo =
      o.revertedAt === undefined
        ? html`<form class="revert" method="post" action="${action}/${o.id}/revert">${csrfField(csrf)}
<div><label for="revert-${o.id}">Reason for undoing</label><input type="text" id="revert-${o.id}" name="reason" maxlength="${REASON_MAX}"></div>
<button class="quiet" type="submit">Undo<span class="vh"> change ${o.id}</span></button></form>${o.kind === 'next' && o.appliedAt !== undefined ? html`<div class="muted">Undoing does not move them back; assign another concept instead.</div>` : ''}`
        : '';
    return html`<tr><td>${when(o.at)}</td><td>${o.staff}</td><td>${describe(record, o)}</td><td>${o.reason}</td><td>${overrideState(o)}</td><td>${undo}</td></tr>`;
  })}</tbody></table></div>`;
}

function reasonField(id: string): Html {
  return html`<label for="${id}">Reason (the learner reads it)</label><input type="text" id="${id}" name="reason" required maxlength="${REASON_MAX}">`;
}

type PackChoice = { id: string; title: string; concepts: ReadonlyArray<{ id: string; title: string }> };

function conceptSelect(packs: readonly PackChoice[], id: string): Html {
  return html`<select id="${id}" name="concept" required>${packs.map(
    (p) => html`<optgroup label="${p.title}">${p.concepts.map((c) => html`<option value="${p.id}/${c.id}">${c.title}</option>`)}</optgroup>`,
  )}</select>`;
}

/** A level the form's number field accepts (steps of a half), nearest to where the learner is. */
const halfStep = (level: number) => Math.min(5, Math.max(1, Math.round(level * 2) / 2));

/** `packs`: every pack of the course, so that a learner can be moved on to a topic they have not started. */
function changeForms(record: LearnerRecord, packs: readonly PackChoice[], action: string, csrf: string): Html {
  const token = csrfField(csrf);
  const started = record.packs.length > 0;
  const nextForm = html`<form method="post" action="${action}">${token}<input type="hidden" name="kind" value="next"><fieldset><legend>Next concept or topic</legend>
<label for="n-concept">Concept to work on next</label>${conceptSelect(packs, 'n-concept')}
${reasonField('n-reason')}<button type="submit">Assign</button></fieldset></form>`;
  const topicForms = started
    ? html`<form method="post" action="${action}">${token}<fieldset><legend>Mastery</legend>
<label for="m-concept">Concept</label>${conceptSelect(record.packs, 'm-concept')}
<div role="radiogroup" aria-label="Verdict"><label class="choice"><input type="radio" name="kind" value="mastered" required> Mastered</label><label class="choice"><input type="radio" name="kind" value="not-mastered"> Not yet</label></div>
${reasonField('m-reason')}<button type="submit">Save mastery</button></fieldset></form>
${nextForm}
<form method="post" action="${action}">${token}<input type="hidden" name="kind" value="level"><fieldset><legend>Working level</legend>
<label for="l-pack">Topic</label><select id="l-pack" name="pack" required>${record.packs.map((p) => html`<option value="${p.id}">${p.title} (now ${p.level.toFixed(1)})</option>`)}</select>
<label for="l-level">Level, 1 (easiest) to 5</label><input type="number" id="l-level" name="level" min="1" max="5" step="0.5" value="${halfStep(record.packs[0]?.level ?? 3)}" required>
${reasonField('l-reason')}<button type="submit">Set level</button></fieldset></form>`
    : html`${nextForm}<p class="muted">Mastery and level can be changed once they have started a topic.</p>`;
  return html`<div class="forms">${topicForms}
<form method="post" action="${action}">${token}<input type="hidden" name="kind" value="solutions"><fieldset><legend>Worked solutions</legend>
<div role="radiogroup" aria-label="Worked solutions"><label class="choice"><input type="radio" name="solutions" value="hidden" required> Hide them</label><label class="choice"><input type="radio" name="solutions" value="course"> As the course allows</label></div>
${reasonField('s-reason')}<button type="submit">Save</button></fieldset></form></div>`;
}

function timeline(record: LearnerRecord): Html {
  if (!record.timeline.length) return html`<p class="muted">No conversation yet.</p>`;
  return html`<ol class="timeline" reversed>${[...record.timeline].reverse().map(
    (t) => html`<li><div>${when(t.at)}</div><p class="said"><span class="vh">They said: </span>${t.text}</p>${t.replies.map(
      (r) => html`<div class="reply">${tutorText(r.text)}</div><p class="why"><strong>Why:</strong> ${r.why}</p>`,
    )}</li>`,
  )}</ol>`;
}

export function learnerPage(options: { viewer: Viewer; cls: ClassSummary; record: LearnerRecord; packs?: readonly PackChoice[]; now: number; done?: Done; error?: string }): Html {
  const { viewer, cls, record, now, done, error } = options;
  const packs = options.packs ?? record.packs;
  const label = shownLabel(record.label);
  const action = `${learnerHref(cls.id, record.id)}/overrides`;
  const status = error ? html`<p class="notice error" role="alert">${error}</p>` : done ? html`<p class="notice" role="status">${DONE[done]}</p>` : '';
  return page({
    title: `${label} · ${cls.name}`,
    viewer,
    crumbs: [{ href: classHref(cls.id), label: cls.name }, { label }],
    body: html`<h1>${label}</h1>
<p class="muted">In ${cls.name}; talks to the tutor on: ${record.identities.map(shownIdentity).join('; ') || 'no channel'}</p>
${status}
<section aria-labelledby="progress"><h2 id="progress">Progress</h2>${progress(record, now)}</section>
<section aria-labelledby="learning"><h2 id="learning">How they learn</h2>${learning(record)}</section>
<section aria-labelledby="changes"><h2 id="changes">Staff changes</h2>${overrides(record, action, viewer.csrf)}</section>
<section aria-labelledby="change"><h2 id="change">Change what the tutor does</h2>
<p class="muted">Each change is shown to the learner at their next turn, with your reason, and is recorded in the audit log.</p>
${changeForms(record, packs, action, viewer.csrf)}</section>
<section aria-labelledby="conversation"><h2 id="conversation">Conversation, latest first</h2><p class="muted">Each of the tutor's replies with the reason it gave it, the same reason the learner can read.</p>${timeline(record)}</section>`,
  });
}
