// /teach/classes/:id/grades: free-text answers a language model graded without confidence, for staff to grade.
// Each shows the question, the learner's words (as text: they are untrusted), the rubric's key points with the
// model's reading of each, and a form: the grade and a reason the learner will read at their next turn.
import type { ClassSummary, GradeReview } from '../../../../src/index.ts';
import { percent, shownLabel, when } from '../format.ts';
import { html, type Html } from '../html.ts';
import { csrfField, page, type Viewer } from '../layout.ts';
import { classHref } from './classes.ts';
import { learnerHref } from './overview.ts';

export const gradesHref = (classId: string): string => `${classHref(classId)}/grades`;

function review(cls: ClassSummary, r: GradeReview, csrf: string): Html {
  const id = `grade-${r.id}`;
  return html`<article class="grade" aria-labelledby="${id}-title">
<h3 id="${id}-title"><a href="${learnerHref(cls.id, r.learnerId)}">${shownLabel(r.learner)}</a> · ${when(r.at)}</h3>
<p><strong>Question:</strong> ${r.prompt}</p>
<blockquote>${r.answer}</blockquote>
<p class="muted">The model's reading, with ${percent(r.confidence)} confidence:</p>
<ul>${r.points.map((p) => html`<li>${p.met ? '✓ shows' : '✗ does not show'}: ${p.text}</li>`)}</ul>
<form method="post" action="${gradesHref(cls.id)}/${r.id}">${csrfField(csrf)}
<fieldset><legend>Your grade</legend>
<label><input type="radio" name="verdict" value="correct" required> Right</label>
<label><input type="radio" name="verdict" value="partial"> Partly right</label>
<label><input type="radio" name="verdict" value="incorrect"> Not right yet</label>
</fieldset>
<label for="${id}-reason">Reason (the learner reads it)</label>
<input id="${id}-reason" name="reason" maxlength="200" required>
<button type="submit">Save grade</button>
</form>
</article>`;
}

export function gradesPage(viewer: Viewer & { csrf: string }, cls: ClassSummary, reviews: readonly GradeReview[], outcome?: 'saved' | 'gone'): Html {
  return page({
    title: `Answers to grade · ${cls.name}`,
    viewer,
    crumbs: [{ href: classHref(cls.id), label: cls.name }, { label: 'Answers to grade' }],
    body: html`<h1>Answers to grade</h1>
${outcome === 'saved' ? html`<p class="notice" role="status">Saved. The learner hears your grade, with your reason, at their next turn.</p>` : outcome === 'gone' ? html`<p class="notice" role="status">Not saved: this answer was graded already (by another teacher, or in another tab).</p>` : ''}
<p class="muted">Free-text answers the language model could not grade with confidence. Your grade counts for the learner's mastery and is kept as an example of the question's key points.</p>
${reviews.length ? reviews.map((r) => review(cls, r, viewer.csrf)) : html`<p class="muted">Nothing waiting.</p>`}`,
  });
}
