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

interface JsonTurn {
  text?: unknown;
  choice?: unknown;
  at?: unknown;
}

export async function runJsonl(tutor: Tutor, identity: string, input: Readable, out: (s: string) => void): Promise<void> {
  const rl = createInterface({ input, terminal: false });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let turn: JsonTurn;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected an object');
      turn = parsed as JsonTurn;
    } catch (error) {
      out(`${JSON.stringify({ error: `not a JSON turn (${(error as Error).message}); send {"text": "..."} or {"choice": "..."}` })}\n`);
      continue;
    }
    try {
      const at = typeof turn.at === 'number' || typeof turn.at === 'string' ? new Date(turn.at) : undefined;
      if (at && !Number.isFinite(at.getTime())) {
        out(`${JSON.stringify({ error: '"at" is not a time; send epoch milliseconds or an ISO date' })}\n`);
        continue;
      }
      const result = await tutor.reply({
        identity,
        ...(typeof turn.text === 'string' ? { text: turn.text } : {}),
        ...(typeof turn.choice === 'string' ? { choice: turn.choice } : {}),
        ...(at ? { at } : {}),
      });
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
