// `ponder chat --jsonl` in process: what a script reads back for each line it sends, and what is stored.
import { afterEach, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { runJsonl } from '../../src/cli/chat.ts';
import { startSession, type Session } from '../helpers/session.ts';

const IDENTITY = 'cli:script';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Sends the lines through runJsonl and returns each output line, parsed. */
async function jsonl(s: Session, lines: string[]): Promise<Array<Record<string, unknown>>> {
  let written = '';
  await runJsonl(s.ponder.tutor, IDENTITY, Readable.from([`${lines.join('\n')}\n`]), (text) => {
    written += text;
  });
  return written
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('chat --jsonl lines that are not a turn', () => {
  it.each([
    ['{"text": 5}', /"text" must be a string/],
    ['{"text": null}', /"text" must be a string/],
    ['{"choice": ["/skip"]}', /"choice" must be a string/],
    ['{"foo": 1}', /unknown field "foo"/],
    ['{"txt": "hi", "chioce": "x"}', /unknown fields "txt", "chioce"/],
    ['{}', /no "text" or "choice"/],
    ['{"at": 1767600000000}', /no "text" or "choice"/],
  ])('answers %s with an error naming what to send, and stores nothing', async (line, message) => {
    session = await startSession();
    const [out, ...rest] = await jsonl(session, [line]);
    expect(rest).toEqual([]);
    expect(out).toEqual({ error: expect.stringMatching(message) });
    expect(out?.error).toMatch(/send \{"text": "\.\.\."\} or \{"choice": /);
    expect(await session.ponder.tutor.history(IDENTITY)).toEqual([]);
  });

  it('goes on after a bad line, and ignores unknown fields beside a text', async () => {
    session = await startSession();
    const out = await jsonl(session, ['{"text": 5}', '{"text": "hi", "mood": "curious"}', '{"at": "soon", "text": "hi"}']);
    expect(out).toHaveLength(3);
    expect(out[0]).toHaveProperty('error');
    expect(out[1]).toHaveProperty('replies');
    expect(out[2]).toEqual({ error: expect.stringMatching(/"at" is not a time/) });
    expect((await session.ponder.tutor.history(IDENTITY)).filter((m) => m.role === 'learner').map((m) => m.text)).toEqual(['hi']);
  });
});
