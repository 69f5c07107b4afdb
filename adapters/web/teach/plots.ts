// The pictures on the staff pages: a mastery cell that reads at a glance (a tick once the tutor judges the concept
// mastered, a shaded bar until then), and a row of dots for a learner's attempts on a concept. Each also says in
// words what it shows, on hover and to a screen reader.
import type { GridCell } from '../../../src/index.ts';
import { percent, stamp } from './format.ts';
import { html, type Html } from './html.ts';

/** The shading of a bar in tenths, so that the style sheet (no inline styles under the CSP) can draw it. */
const tenth = (p: number) => Math.max(0, Math.min(10, Math.round(p * 10)));

export function gridCell(concept: string, cell: GridCell | undefined): Html {
  if (!cell) return html`<td class="none" title="${concept}: not started"><span aria-hidden="true">·</span><i>not started</i></td>`;
  const p = percent(cell.p);
  if (cell.mastered) return html`<td class="yes" title="${concept}: mastered (${p} likely known)"><span aria-hidden="true">✓</span><i>mastered, ${p}</i></td>`;
  return html`<td title="${concept}: not yet mastered (${p} likely known)"><span class="bar b${tenth(cell.p)}" aria-hidden="true"></span><i>not yet, ${p}</i></td>`;
}

/** The same verdict with its probability written out, for the learner page where there is room. */
export function masteryText(p: number, mastered: boolean): Html {
  return mastered
    ? html`<span class="yes-text"><span aria-hidden="true">✓ </span>mastered</span> <span class="muted">(${percent(p)})</span>`
    : html`<span class="bar b${tenth(p)}" aria-hidden="true"></span> not yet <span class="muted">(${percent(p)})</span>`;
}

export interface AttemptDot {
  at: number;
  verdict: string;
  hints: number;
}

const SHOWN = 40;
const STEP = 11;
/** Extra room where a new day starts, so that sessions stand apart. */
const DAY_GAP = 8;
const HEIGHT = 22;

function kind(a: AttemptDot): 'right' | 'hinted' | 'partial' | 'wrong' | 'other' {
  if (a.verdict === 'correct') return a.hints > 0 ? 'hinted' : 'right';
  if (a.verdict === 'partial') return 'partial';
  if (a.verdict === 'incorrect' || a.verdict === 'wrong') return 'wrong';
  return 'other';
}

const WORDS = { right: 'right', hinted: 'right with hints', partial: 'partly right', wrong: 'wrong', other: 'not readable' } as const;

function dot(a: AttemptDot, x: number, titled = true): Html {
  const k = kind(a);
  const label = titled && html`<title>${stamp(a.at)}: ${WORDS[k]}${a.hints > 0 ? `, ${a.hints} hint${a.hints === 1 ? '' : 's'}` : ''}</title>`;
  const y = HEIGHT / 2;
  // Shape as well as colour tells them apart, for readers who do not see the colours.
  if (k === 'wrong') return html`<path class="wrong" d="M${x - 3.5} ${y - 3.5}l7 7m0 -7l-7 7">${label}</path>`;
  if (k === 'partial') return html`<path class="partial" d="M${x} ${y - 4.5}l4.5 4.5l-4.5 4.5l-4.5 -4.5z">${label}</path>`;
  return html`<circle class="${k}" cx="${x}" cy="${y}" r="${k === 'other' ? 2 : 4}">${label}</circle>`;
}

/** The attempts on one concept as dots in time order; nothing when there are none. */
export function attemptsPlot(concept: string, attempts: readonly AttemptDot[]): Html {
  if (attempts.length === 0) return html`<span class="muted">no attempts yet</span>`;
  const shown = attempts.slice(-SHOWN);
  const counts = { right: 0, hinted: 0, partial: 0, wrong: 0, other: 0 };
  const marks: Html[] = [];
  let x = 6;
  let lastDay = '';
  for (const a of shown) {
    counts[kind(a)] += 1;
    const today = new Date(a.at).toISOString().slice(0, 10);
    if (lastDay && today !== lastDay) {
      x += DAY_GAP;
      marks.push(html`<line class="day" x1="${x - STEP / 2 - DAY_GAP / 2}" x2="${x - STEP / 2 - DAY_GAP / 2}" y1="2" y2="${HEIGHT - 2}"/>`);
    }
    lastDay = today;
    marks.push(dot(a, x));
    x += STEP;
  }
  const width = x - STEP + 6;
  const parts = [`${counts.right} right`, `${counts.hinted} right with hints`, `${counts.partial} partly right`, `${counts.wrong} wrong`].filter((s) => !s.startsWith('0 '));
  const latest = shown.at(-1);
  const summary = `${concept}: ${attempts.length > SHOWN ? `last ${SHOWN} of ${attempts.length}` : attempts.length} attempts, ${parts.join(', ') || 'none graded'}${latest ? `; latest ${WORDS[kind(latest)]}` : ''}`;
  return html`<svg class="dots" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label="${summary}">${marks}</svg>`;
}

/** The key to the dots, shown once per page. */
export function dotsLegend(): Html {
  const sample = (k: AttemptDot) => html`<svg class="dots" width="12" height="${HEIGHT}" viewBox="0 0 12 ${HEIGHT}" aria-hidden="true">${dot(k, 6, false)}</svg>`;
  return html`<p class="legend">Attempts, oldest first: ${sample({ at: 0, verdict: 'correct', hints: 0 })} right, ${sample({ at: 0, verdict: 'correct', hints: 1 })} right with hints, ${sample({ at: 0, verdict: 'partial', hints: 0 })} partly right, ${sample({ at: 0, verdict: 'incorrect', hints: 0 })} wrong; a gap marks a new day.</p>`;
}

/** Mastery over time as a line from 0 to 100%, with the tutor's mastery threshold drawn across; nothing before an answer. */
export function masteryLine(concept: string, trajectory: ReadonlyArray<{ at: number; p: number }>, threshold: number): Html {
  if (trajectory.length === 0) return html``;
  const width = Math.max(40, Math.min(220, trajectory.length * 12));
  const x = (i: number) => (trajectory.length === 1 ? width / 2 : 3 + (i * (width - 6)) / (trajectory.length - 1));
  const y = (p: number) => 2 + (1 - p) * (HEIGHT - 4);
  const points = trajectory.map((t, i) => `${x(i).toFixed(1)},${y(t.p).toFixed(1)}`).join(' ');
  const first = trajectory[0]?.p ?? 0;
  const last = trajectory.at(-1)?.p ?? 0;
  const label = `${concept}: mastery estimate from ${percent(first)} to ${percent(last)} over ${trajectory.length} answer${trajectory.length === 1 ? '' : 's'}`;
  return html`<svg class="line" width="${width}" height="${HEIGHT}" viewBox="0 0 ${width} ${HEIGHT}" role="img" aria-label="${label}"><title>${label}</title><line class="threshold" x1="0" x2="${width}" y1="${y(threshold).toFixed(1)}" y2="${y(threshold).toFixed(1)}"/><polyline points="${points}"/></svg>`;
}
