// What a Slack admin counts on: people's messages only, a retried event answered once even after a restart, a
// workspace per learner identity, forged or stale requests refused and logged, an apology when Slack fails.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/index.ts';
import { createSlackAdapter } from '../../adapters/slack/app.ts';
import { openPonder } from '../../src/app.ts';
import { directMessage, notAPersonsMessage, sendSigned, startFakeSlack } from '../fakes/slack.ts';
import { MINI, tempDb } from '../helpers/session.ts';
import { openSlack, SECRET } from './harness.ts';

const json = 'application/json';
const retry = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (obj: object, msg?: string) => void lines.push(`${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

describe('the Slack adapter answers people, once', () => {
  it("ignores its own messages, other bots', edits and joins", async () => {
    const s = await openSlack();
    try {
      for (const kind of ['own', 'bot', 'edit', 'join'] as const) {
        const res = await sendSigned(s.adapter.url, SECRET, notAPersonsMessage(kind, 'U1', `Ev-${kind}`), json);
        expect(res.status).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(s.slack.messages).toEqual([]);
      expect(await s.ponder.store.learnerFor('slack:T1/UBOT')).toBeUndefined();
      expect(await s.ponder.store.learnerFor('slack:T1/U1')).toBeUndefined();
    } finally {
      await s.close();
    }
  }, 30_000);

  it('answers an event Slack sends again after the app restarted only once', async () => {
    const s = await openSlack();
    try {
      const first = await s.settle(() => sendSigned(s.adapter.url, SECRET, directMessage('U2', 'start mini', 'Ev-r1'), json));
      expect(first.length).toBeGreaterThan(0);
      await s.restart();
      const before = s.slack.messages.length;
      const res = await sendSigned(s.adapter.url, SECRET, directMessage('U2', 'start mini', 'Ev-r1'), json, retry);
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(s.slack.messages.length).toBe(before);
      const id = await s.ponder.store.learnerFor('slack:T1/U2');
      expect((await s.ponder.store.countRows(id ?? ''))['turns']).toBe(1);
    } finally {
      await s.close();
    }
  }, 30_000);

  it('answers an event delivered to two processes at once only once', async () => {
    const slack = await startFakeSlack();
    const db = tempDb();
    const ponders = [openPonder({ curriculumDir: MINI, dbPath: db.dbPath }), openPonder({ curriculumDir: MINI, dbPath: db.dbPath })];
    const adapters = await Promise.all(
      ponders.map((p) => createSlackAdapter({ tutor: p.tutor, botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl, turnsPerMinute: 1000 }, { port: 0, host: '127.0.0.1' })),
    );
    try {
      // Slack, not hearing back in time, retries the event; a load balancer sends the retry to the other process.
      const body = directMessage('U6', 'start mini', 'Ev-p1');
      // A busy disk holds both turns back until both processes have taken the event up.
      const busy = new Database(db.dbPath);
      busy.exec('BEGIN IMMEDIATE');
      await Promise.all([sendSigned(adapters[0]?.url ?? '', SECRET, body, json), sendSigned(adapters[1]?.url ?? '', SECRET, body, json, retry)]);
      await new Promise((r) => setTimeout(r, 300));
      busy.exec('COMMIT');
      busy.close();
      await expect.poll(() => slack.messages.length, { timeout: 5_000 }).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 500));
      const texts = slack.messages.map((m) => m.text);
      expect(new Set(texts).size).toBe(texts.length);
      const id = await ponders[0]?.store.learnerFor('slack:T1/U6');
      expect((await ponders[0]?.store.countRows(id ?? ''))?.['turns']).toBe(1);
    } finally {
      for (const a of adapters) await a.close();
      await slack.close();
      for (const p of ponders) await p.close();
      db.cleanup();
    }
  }, 30_000);

  it('keeps a person in two workspaces as two learners', async () => {
    const s = await openSlack();
    try {
      await s.settle(() => sendSigned(s.adapter.url, SECRET, directMessage('U3', 'start mini', 'Ev-w1', 'T1'), json));
      const other = await s.settle(() => sendSigned(s.adapter.url, SECRET, directMessage('U3', 'progress', 'Ev-w2', 'T2'), json));
      expect(other.map((m) => m.text).join('\n')).not.toMatch(/Mini fractions: \d/);
      const [one, two] = await Promise.all([s.ponder.store.learnerFor('slack:T1/U3'), s.ponder.store.learnerFor('slack:T2/U3')]);
      expect(one).toBeDefined();
      expect(two).toBeDefined();
      expect(one).not.toBe(two);
      expect(await s.ponder.tutor.progress('slack:T2/U3')).toEqual([]);
    } finally {
      await s.close();
    }
  }, 30_000);
});

describe('the Slack adapter when things go wrong', () => {
  it('refuses a forged or stale request with 401, answers nothing, and logs it', async () => {
    const logger = recordingLogger();
    const s = await openSlack({ logger });
    try {
      const forged = await sendSigned(s.adapter.url, 'not-the-secret', directMessage('U4', 'hi', 'Ev-x1'), json);
      const stale = await sendSigned(s.adapter.url, SECRET, directMessage('U4', 'hi', 'Ev-x2'), json, {}, Date.now() - 10 * 60_000);
      expect([forged.status, stale.status]).toEqual([401, 401]);
      await new Promise((r) => setTimeout(r, 200));
      expect(s.slack.messages).toEqual([]);
      expect(logger.lines.filter((l) => l.startsWith('warn') && /verify/i.test(l)).length).toBeGreaterThanOrEqual(2);
    } finally {
      await s.close();
    }
  }, 30_000);

  it("apologises briefly when Slack refuses the reply, never showing the error's text", async () => {
    const s = await openSlack();
    try {
      s.slack.fail('chat.postMessage', 1, 'internal_error');
      const shown = await s.settle(() => sendSigned(s.adapter.url, SECRET, directMessage('U5', 'start mini', 'Ev-e1'), json));
      expect(shown.map((m) => m.text)).toEqual([expect.stringMatching(/^Sorry, something went wrong on my side/)]);
      expect(shown.map((m) => m.text).join('\n')).not.toMatch(/internal_error|Error:|\bat \S+ \(/);
    } finally {
      await s.close();
    }
  }, 30_000);
});
