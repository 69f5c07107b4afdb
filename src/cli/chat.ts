// The terminal chat and its scriptable twin, JSON lines in and out.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Reply, Tutor } from '../tutor.ts';

/** Markdown-lite for a terminal: bold and code in ANSI when it is one, as typed when it is a pipe. */
function styled(text: string, ansi: boolean): string {
  if (!ansi) return text;
  return text
    .replace(/\*\*(.+?)\*\*/g, '\x1b[1m$1\x1b[22m')
    .replace(/`([^`\n]+)`/g, '\x1b[36m$1\x1b[39m');
}

function render(reply: Reply, ansi = false): string {
  const lines = [styled(reply.text, ansi)];
  if (reply.choices?.length) lines.push(`  [ ${reply.choices.map((c) => c.label).join(' | ')} ]`);
  return lines.join('\n');
}

export async function runChat(tutor: Tutor, identity: string, input: Readable, out: (s: string) => void, ansi = false): Promise<void> {
  const rl = createInterface({ input, terminal: false });
  // Listen before the first await: lines piped in while the greeting is made (a remote database, a model) would
  // otherwise be read and dropped.
  const reading = rl[Symbol.asyncIterator]();
  const lines = { [Symbol.asyncIterator]: () => reading };
  const show = (r: Reply) => render(r, ansi);
  const prompt = () => out('\n> ');
  const first = await tutor.reply({ identity, text: '/resume' });
  out(first.replies.map(show).join('\n\n'));
  prompt();
  for await (const line of lines) {
    try {
      const result = await tutor.reply({ identity, text: line });
      out(`\n${result.replies.map(show).join('\n\n')}\n`);
      if (result.replies.some((r) => r.move === 'forgotten')) break;
    } catch (error) {
      out(`\nSorry, something went wrong on my side (${(error as Error).message}). Your progress up to the last answer is saved.\n`);
    }
    prompt();
  }
  out('\nBye!\n');
}

/** A line of `chat --jsonl` as the tutor takes it. */
interface JsonTurn {
  text?: string;
  choice?: string;
  at?: Date;
}

const SEND = 'send {"text": "..."} or {"choice": "<a button id>"}';
const FIELDS = new Set(['text', 'choice', 'at']);

/** One input line as a turn, or the error to write back. Nothing reaches the tutor (or the store) unless valid. */
function parseJsonTurn(line: string): JsonTurn | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    return { error: `not a JSON turn (${(error as Error).message}); ${SEND}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: `not a JSON turn (expected an object); ${SEND}` };
  const fields = parsed as Record<string, unknown>;
  for (const name of ['text', 'choice'] as const) {
    if (Object.hasOwn(fields, name) && typeof fields[name] !== 'string') return { error: `"${name}" must be a string; ${SEND}` };
  }
  const text = Object.hasOwn(fields, 'text') ? (fields.text as string) : undefined;
  const choice = Object.hasOwn(fields, 'choice') ? (fields.choice as string) : undefined;
  if (text === undefined && choice === undefined) {
    const unknown = Object.keys(fields).filter((name) => !FIELDS.has(name));
    const named = unknown.length > 0 ? `unknown field${unknown.length === 1 ? '' : 's'} ${unknown.map((n) => JSON.stringify(n)).join(', ')} and ` : '';
    return { error: `${named}no "text" or "choice"; ${SEND}` };
  }
  const at = readAt(fields.at);
  if (at === null) return { error: '"at" is not a time; send epoch milliseconds or an ISO date' };
  return { ...(text !== undefined ? { text } : {}), ...(choice !== undefined ? { choice } : {}), ...(at ? { at } : {}) };
}

/** The turn's time: undefined when not given, null when given but not a time. */
function readAt(value: unknown): Date | undefined | null {
  // null reads as "no time given", as a script that fills every field from optional values sends it.
  if (value === undefined || value === null) return undefined;
  const at = typeof value === 'number' || typeof value === 'string' ? new Date(value) : undefined;
  return at && Number.isFinite(at.getTime()) ? at : null;
}

export async function runJsonl(tutor: Tutor, identity: string, input: Readable, out: (s: string) => void): Promise<void> {
  const rl = createInterface({ input, terminal: false });
  for await (const line of rl) {
    if (!line.trim()) continue;
    const turn = parseJsonTurn(line);
    if ('error' in turn) {
      out(`${JSON.stringify(turn)}\n`);
      continue;
    }
    try {
      const result = await tutor.reply({ identity, ...turn });
      out(`${JSON.stringify({
        replies: result.replies.map((r) => ({ text: r.text, ...(r.choices ? { choices: r.choices } : {}), why: r.why, move: r.move })),
        item: result.open,
        mastery: result.mastery,
      })}\n`);
    } catch (error) {
      out(`${JSON.stringify({ error: (error as Error).message })}\n`);
    }
  }
}
