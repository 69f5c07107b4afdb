// The real @slack/bolt app over a local Slack (test/fakes/slack.ts) and a tutor on the fixture curriculum, in
// HTTP mode; `settle` sends a signed request and waits until the app has posted what it will for it.
import { expect } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/app.ts';
import { openPonder, type Ponder } from '../../src/app.ts';
import type { Logger, Model } from '../../src/index.ts';
import { startFakeSlack } from '../fakes/slack.ts';
import { MINI, tempDb } from '../helpers/session.ts';

export const SECRET = 'slack-signing-secret-for-tests';

export async function openSlack(options: { model?: Model; curriculumDir?: string; logger?: Logger } = {}) {
  const slack = await startFakeSlack();
  const db = tempDb();
  const ponder: Ponder = openPonder({ curriculumDir: options.curriculumDir ?? MINI, dbPath: db.dbPath, ...(options.model ? { model: options.model } : {}) });
  const start = () => createSlackAdapter({ tutor: ponder.tutor, botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl, turnsPerMinute: 1000, ...(options.logger ? { logger: options.logger } : {}) }, { port: 0, host: '127.0.0.1' });
  let adapter = await start();
  /** Sends and waits until the app has posted what it will for it (the app acknowledges first, then answers). */
  const settle = async (send: () => Promise<Response>) => {
    const before = slack.messages.length;
    const res = await send();
    expect(res.status).toBe(200);
    // Until a message has come and no Web API call at all (posts, stream appends, edits) for 50 ms.
    let stable = 0;
    for (let i = 0; i < 200 && stable < 5; i++) {
      const calls = slack.calls.length;
      await new Promise((r) => setTimeout(r, 10));
      stable = slack.calls.length === calls && slack.messages.length > before ? stable + 1 : 0;
    }
    return slack.messages.slice(before);
  };
  return {
    slack,
    ponder,
    dbPath: db.dbPath,
    get adapter() {
      return adapter;
    },
    settle,
    /** The app stopped and started again over the same database: a restart. */
    async restart() {
      await adapter.close();
      adapter = await start();
    },
    async close() {
      await adapter.close();
      await slack.close();
      await ponder.close();
      db.cleanup();
    },
  };
}

