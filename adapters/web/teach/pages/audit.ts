// /teach/classes/:id/audit: every staff action in the class, newest first, so that staff can account for what
// they saw and changed. A learner who deleted their data appears only as "a learner deleted their data".
import type { AuditEntry, ClassSummary } from '../../../../src/index.ts';
import { shownLabel, when } from '../format.ts';
import { html, type Html } from '../html.ts';
import { page, type Viewer } from '../layout.ts';
import { classHref } from './classes.ts';
import { learnerHref } from './overview.ts';

export function auditPage(viewer: Viewer, cls: ClassSummary, entries: readonly AuditEntry[]): Html {
  const who = (e: AuditEntry) => {
    if (!e.learnerId) return '';
    const label = e.learner;
    return label ? html`<a href="${learnerHref(cls.id, e.learnerId)}">${shownLabel(label)}</a>` : html`<span class="muted">no longer in the class</span>`;
  };
  const body = entries.length
    ? html`<div class="scroll"><table>
<caption>Staff actions in ${cls.name}, newest first${entries.length >= 500 ? ' (the latest 500)' : ''}</caption>
<thead><tr><th scope="col">When</th><th scope="col">Staff</th><th scope="col">Action</th><th scope="col">Learner</th><th scope="col">Detail</th></tr></thead>
<tbody>${entries.map((e) => html`<tr><td>${when(e.at)}</td><td>${e.staff || html`<span class="muted">the learner</span>`}</td><td>${e.action.replace(/-/g, ' ')}</td><td>${who(e)}</td><td>${e.detail}</td></tr>\n`)}</tbody>
</table></div>`
    : html`<p class="muted">Nothing recorded yet.</p>`;
  return page({
    title: `Audit · ${cls.name}`,
    viewer,
    crumbs: [{ href: classHref(cls.id), label: cls.name }, { label: 'Audit log' }],
    body: html`<h1>Audit log</h1><p class="muted">Every staff member added, learner record opened, change and export in this class.</p>${body}`,
  });
}
