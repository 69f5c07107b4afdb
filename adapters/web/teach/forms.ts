// The override forms of the learner page, read into the core's OverrideInput. The core checks the pack, concept
// and level against the curriculum; this only turns form fields into that shape, or says what is missing.
import type { OverrideInput } from '../../../src/index.ts';

export type OverrideForm = { ok: true; change: OverrideInput; reason: string } | { ok: false; error: string };

function conceptOf(value: string | null): { packId: string; conceptId: string } | undefined {
  const at = value?.indexOf('/') ?? -1;
  if (!value || at <= 0 || at === value.length - 1) return undefined;
  return { packId: value.slice(0, at), conceptId: value.slice(at + 1) };
}

export function readOverride(form: URLSearchParams): OverrideForm {
  const reason = (form.get('reason') ?? '').trim();
  if (!reason) return { ok: false, error: 'Give a reason: the learner reads it with the change.' };
  const kind = form.get('kind');
  switch (kind) {
    case 'mastered':
    case 'not-mastered':
    case 'next': {
      const concept = conceptOf(form.get('concept'));
      return concept ? { ok: true, change: { kind, ...concept }, reason } : { ok: false, error: 'Choose a concept.' };
    }
    case 'level': {
      const packId = form.get('pack') ?? '';
      const level = Number(form.get('level'));
      if (!packId) return { ok: false, error: 'Choose a topic.' };
      if (!Number.isFinite(level) || level < 1 || level > 5) return { ok: false, error: 'A working level is between 1 and 5.' };
      return { ok: true, change: { kind, packId, level }, reason };
    }
    case 'solutions': {
      const solutions = form.get('solutions');
      if (solutions !== 'hidden' && solutions !== 'course') return { ok: false, error: 'Choose whether worked solutions are hidden or shown as the course allows.' };
      return { ok: true, change: { kind, solutions }, reason };
    }
    default:
      return { ok: false, error: 'Choose what to change.' };
  }
}
