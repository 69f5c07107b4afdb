// How values read on the staff pages: dates, probabilities, where a learner is, and the tutor's light markdown.
import { html, type Html } from './html.ts';

const DAY = 86_400_000;

/** An absolute time as text, the same for every reader (the server does not know their time zone). */
export const stamp = (at: number): string => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The same, machine-readable for assistive tools. */
export function when(at: number): Html {
  return html`<time datetime="${new Date(at).toISOString()}">${stamp(at)}</time>`;
}

/** "today", "yesterday", "5 days ago": what a teacher scanning a list wants; the exact time is on hover. */
export function ago(at: number, now: number): Html {
  const days = Math.floor((now - at) / DAY);
  const text = days <= 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
  return html`<time datetime="${new Date(at).toISOString()}" title="${stamp(at)}">${text}</time>`;
}

export const percent = (p: number): string => `${Math.round(p * 100)}%`;

/** The date part only, for review schedules. */
export const day = (at: number): string => new Date(at).toISOString().slice(0, 10);

/**
 * A learner's channel identity in words staff read. The core never hands an anonymous widget id to staff (it is the
 * learner's proof of who they are): it sends a digest of it instead (classes/classroom.ts, shownIdentity).
 */
export function shownIdentity(identity: string): string {
  const user = /^web:([^/]+)\/user:(.+)$/.exec(identity);
  if (user) return `web widget on ${user[1]}, user ${user[2]}`;
  const cli = /^cli:(.+)$/.exec(identity);
  if (cli) return `terminal, ${cli[1]}`;
  return identity;
}

/** The core labels a learner by name, else by identity: an identity is shown as above. */
export function shownLabel(label: string): string {
  return /^[a-z]+:/.test(label) ? shownIdentity(label) : label;
}

/** The tutor's replies use **bold**; the rest of their markdown reads fine as text. Escapes first, so no markup gets through. */
export function tutorText(text: string): Html {
  const parts = text.split(/\*\*(.+?)\*\*/s);
  return html`${parts.map((part, i) => (i % 2 === 1 ? html`<strong>${part}</strong>` : part))}`;
}
