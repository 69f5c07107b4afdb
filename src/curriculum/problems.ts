// A curriculum problem names the file, the line, the field and the fix, so an author can act on it at once.
import type { z } from 'zod';
import { isMap, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export interface CurriculumProblem {
  severity: 'error' | 'warning';
  file: string;
  line?: number;
  /** Where in the file, e.g. "items[2].hints". */
  field: string;
  message: string;
  fix: string;
}

export class CurriculumError extends Error {
  readonly code = 'CURRICULUM_INVALID';
  constructor(readonly problems: CurriculumProblem[]) {
    super(
      `The curriculum has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map(formatProblem).join('\n') +
        '\nRun `npx ponder curriculum check` after fixing them.',
    );
  }
}

export function formatProblem(p: CurriculumProblem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  return `  ${where}  ${p.field || '(top level)'}: ${p.message}. Fix: ${p.fix}`;
}

export function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** The line of the deepest node along `path` that exists in the YAML document. */
export function lineOf(doc: Document, counter: LineCounter, path: ReadonlyArray<PropertyKey>): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as Node | undefined;
    const start = node && (isMap(node) || isSeq(node) || 'range' in node) ? node.range?.[0] : undefined;
    if (start !== undefined) return counter.linePos(start).line;
  }
  return undefined;
}

/** Edits (insert, delete, change a letter) between two words, for "did you mean". */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** The field a misspelt key most likely meant ("revealafter" → "revealAfter"), if one is close. */
export function closestField(key: string, fields: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const field of fields) {
    const d = field.toLowerCase() === key.toLowerCase() ? 0 : distance(key.toLowerCase(), field.toLowerCase());
    if (d < bestDistance) {
      best = field;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(key.length / 4)) ? best : undefined;
}

function fixFor(issue: z.core.$ZodIssue, fields: Iterable<string>): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `add the field (${issue.expected} expected)`
        : `make it a ${issue.expected}`;
    case 'unrecognized_keys': {
      const meant = issue.keys.map((k) => [k, closestField(k, fields)] as const).filter((pair): pair is readonly [string, string] => pair[1] !== undefined);
      if (meant.length > 0) return meant.map(([k, m]) => `rename "${k}" to "${m}"`).join('; ');
      return `remove ${issue.keys.map((k) => `"${k}"`).join(', ')} or check the spelling against curriculum/README.md`;
    }
    case 'invalid_value':
      return `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `${issue.origin === 'array' ? 'give at least' : 'make it at least'} ${String(issue.minimum)} (${issue.message.replace(/^Too small: /, '')})`;
    case 'too_big':
      return `${issue.origin === 'array' ? 'give at most' : 'make it at most'} ${String(issue.maximum)} (${issue.message.replace(/^Too big: /, '')})`;
    case 'invalid_union':
      return 'check the field against the formats in curriculum/README.md';
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}

/**
 * A value that fits none of a union's forms ("a hint is a text or { ask, answer }") is reported by the form it
 * comes closest to (fewest problems, a plain text ranking last), so the author reads "display: add the field"
 * rather than "Invalid input".
 */
function closestBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || !Array.isArray(issue.errors) || issue.errors.length === 0) return [issue];
  const branches = issue.errors.filter((b) => b.length > 0 && !b.every((i) => i.code === 'invalid_type' && i.path.length === 0));
  if (branches.length === 0) return [issue];
  const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
  return best.flatMap((inner) => closestBranch({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue));
}

export function problemsFromZod(
  error: z.ZodError,
  file: string,
  doc: Document,
  counter: LineCounter,
  /** The field names the file may use, for suggesting the one a misspelt key meant. */
  fields: Iterable<string> = [],
): CurriculumProblem[] {
  return error.issues.flatMap(closestBranch).map((issue) => {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
    const line = lineOf(doc, counter, path);
    return {
      severity: 'error' as const,
      file,
      ...(line !== undefined ? { line } : {}),
      field: fieldName(path),
      message: issue.message.replace(/^Invalid input: /, ''),
      fix: fixFor(issue, fields),
    };
  });
}
