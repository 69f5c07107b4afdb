// Reads response logs: one graded first attempt a line, tab- or comma-separated, with a header row.
// The default column names are those of the public knowledge-tracing datasets (user_id item_id timestamp
// correct skill_id); any other export maps its own names with `columns`.
import { readFileSync } from 'node:fs';

export interface LogResponse {
  user: string;
  item: string;
  /** The skill or concept; one id per skill combination. */
  skill: string;
  correct: boolean;
  /** Orders a learner's responses; ties keep file order. */
  time: number;
}

export interface ColumnMapping {
  user: string;
  item: string;
  skill: string;
  correct: string;
  timestamp: string;
}

export const DEFAULT_COLUMNS: ColumnMapping = { user: 'user_id', item: 'item_id', skill: 'skill_id', correct: 'correct', timestamp: 'timestamp' };

export class LogError extends Error {
  readonly code = 'BAD_LOG';
}

/** Parses "user=student,item=problem_id" into a mapping over the defaults. */
export function parseColumns(spec: string | undefined): ColumnMapping {
  const mapping = { ...DEFAULT_COLUMNS };
  if (!spec) return mapping;
  for (const pair of spec.split(',')) {
    const [key, name] = pair.split('=').map((s) => s.trim());
    if (!key || !name || !(key in mapping)) {
      throw new LogError(`--columns: "${pair}" is not field=column; the fields are ${Object.keys(DEFAULT_COLUMNS).join(', ')}, e.g. user=student_id,item=problem_id`);
    }
    mapping[key as keyof ColumnMapping] = name;
  }
  return mapping;
}

const TRUE = new Set(['1', '1.0', 'true', 'yes', 'correct']);
const FALSE = new Set(['0', '0.0', 'false', 'no', 'wrong', 'incorrect']);

/** Reads a log and returns every response, each learner's in time order. */
export function readLog(path: string, columns: ColumnMapping = DEFAULT_COLUMNS): LogResponse[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new LogError(`${path}: cannot read the file (${(error as Error).message}); check the path`);
  }
  return parseLog(text, path, columns);
}

export function parseLog(text: string, name: string, columns: ColumnMapping = DEFAULT_COLUMNS): LogResponse[] {
  const lines = text.split(/\r?\n/);
  const header = lines[0] ?? '';
  const separator = header.includes('\t') ? '\t' : ',';
  const names = header.split(separator).map((h) => h.trim().replace(/^"|"$/g, ''));
  const index = (field: keyof ColumnMapping, required: boolean): number => {
    const at = names.indexOf(columns[field]);
    if (at < 0 && required) {
      throw new LogError(`${name}: no column "${columns[field]}" for ${field} in the header (${names.join(', ')}); name it with --columns ${field}=<column>`);
    }
    return at;
  };
  const col = { user: index('user', true), item: index('item', true), correct: index('correct', true), skill: index('skill', false), timestamp: index('timestamp', false) };
  const responses: LogResponse[] = [];
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n];
    if (!line || line.trim() === '') continue;
    const cells = line.split(separator).map((c) => c.trim().replace(/^"|"$/g, ''));
    const value = cells[col.correct]?.toLowerCase() ?? '';
    if (!TRUE.has(value) && !FALSE.has(value)) {
      throw new LogError(`${name}:${n + 1}: ${columns.correct} is "${value}"; write 1 for a correct answer and 0 for a wrong one`);
    }
    const user = cells[col.user] ?? '';
    const item = cells[col.item] ?? '';
    if (!user || !item) throw new LogError(`${name}:${n + 1}: ${!user ? columns.user : columns.item} is empty; every response needs a learner and an item`);
    const time = col.timestamp >= 0 ? timeOf(cells[col.timestamp] ?? '') : 0;
    responses.push({ user, item, skill: col.skill >= 0 ? (cells[col.skill] ?? '') : '', correct: TRUE.has(value), time });
  }
  if (responses.length === 0) throw new LogError(`${name}: no responses after the header; each line after it is one graded answer`);
  return inLearnerOrder(responses);
}

/** A number (seconds, an order id) or a date such as 2024-03-01 10:15:00; anything else keeps file order. */
function timeOf(cell: string): number {
  const n = Number(cell);
  if (cell !== '' && Number.isFinite(n)) return n;
  const date = Date.parse(cell);
  return Number.isFinite(date) ? date : 0;
}

/** Groups by learner (in order of first appearance), each in time order; a stable sort keeps ties in file order. */
export function inLearnerOrder(responses: LogResponse[]): LogResponse[] {
  const byUser = new Map<string, LogResponse[]>();
  for (const r of responses) {
    const list = byUser.get(r.user);
    if (list) list.push(r);
    else byUser.set(r.user, [r]);
  }
  return [...byUser.values()].flatMap((list) => list.sort((a, b) => a.time - b.time));
}
