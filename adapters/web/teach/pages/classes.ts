// /teach: the classes this staff member teaches, with the code their learners type to join.
import type { ClassSummary } from '../../../../src/index.ts';
import { html, type Html } from '../html.ts';
import { page, type Viewer } from '../layout.ts';

/** A join code in two halves, easier to read aloud and copy; learners may type it either way. */
export const shownCode = (code: string): string => (code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code);

export const classHref = (id: string): string => `/teach/classes/${encodeURIComponent(id)}`;

export function classesPage(viewer: Viewer, classes: readonly ClassSummary[]): Html {
  const body = classes.length
    ? html`<table>
<caption>Your classes</caption>
<thead><tr><th scope="col">Class</th><th scope="col">Join code</th><th scope="col">Learners</th></tr></thead>
<tbody>${classes.map((c) => html`<tr><th scope="row"><a href="${classHref(c.id)}">${c.name}</a></th><td><code>${shownCode(c.joinCode)}</code></td><td>${c.learners}</td></tr>`)}</tbody>
</table>
<p class="muted">A learner joins a class by typing <code>join</code> and its code to the tutor, on any channel. The tutor then tells them who sees their progress and answers.</p>`
    : html`<p>You do not teach a class yet. Whoever runs the Ponder server can add you to one with <code>ponder staff add ${viewer.email} --class "Class name"</code>.</p>`;
  return page({ title: 'Your classes', viewer, body: html`<h1>Your classes</h1>${body}` });
}
