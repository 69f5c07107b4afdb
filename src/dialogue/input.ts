// Whatever arrives from a channel becomes clean text before the tutor reads it: never a crash, never a
// silent loss. Control characters go, long messages are cut with a note, binary junk is recognised.
import type { InputNote } from './moves.ts';

export const MAX_INPUT = 4000;

export interface CleanInput {
  text: string;
  notes: InputNote[];
}

// C0 and C1 controls except tab and newline, zero-width and bidi controls that can disguise text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function cleanInput(raw: unknown): CleanInput {
  const notes: InputNote[] = [];
  let text = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
  const total = text.length;
  if (total > 0) {
    // eslint-disable-next-line no-control-regex -- counting control characters is the point
    const junk = (text.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g) ?? []).length;
    if (junk >= 3 && junk / total > 0.1) return { text: '', notes: ['binary'] };
  }
  text = text.normalize('NFC').replace(CONTROLS, '').replace(/\r\n?/g, '\n');
  if (text.length > MAX_INPUT) {
    // Cut on a code point boundary so a surrogate pair is never split.
    text = Array.from(text.slice(0, MAX_INPUT + 1)).join('').slice(0, MAX_INPUT).replace(/[\ud800-\udbff]$/, '');
    notes.push('cut');
  }
  text = text.trim();
  if (text.length === 0) notes.push('empty');
  return { text, notes };
}

/** A name or goal the learner gives us is shown back to them: keep it short and free of markup. */
export function cleanProfileValue(value: string, max = 60): string {
  return value
    .replace(/[<>`*_[\]{}\\|#]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}
