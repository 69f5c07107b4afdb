// How Slack starts: its settings checked with the variable and the fix, and `ponder start` running it beside the
// web server in one process when they are present (the real command, against a local Slack).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSlackConfig } from '../../adapters/slack/config.ts';
import { directMessage, sendSigned, startFakeSlack, type FakeSlack } from '../fakes/slack.ts';
import { freePort } from '../helpers/postgres.ts';
import { MINI, tempDb } from '../helpers/session.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('Slack settings', () => {
  it('are absent without a bot token, and then nothing else is asked for', () => {
    expect(readSlackConfig({ SLACK_SIGNING_SECRET: 'x' })).toBeUndefined();
  });

  it('choose Socket Mode with an app token, HTTP mode with a signing secret', () => {
    expect(readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toMatchObject({ appToken: 'xapp-1' });
    expect(readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_PORT: '4000' })).toMatchObject({ signingSecret: 's', port: 4000 });
  });

  it('name the variable and the fix when one is wrong or missing', () => {
    expect(() => readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_APP_TOKEN or SLACK_SIGNING_SECRET.*Fix:/);
    expect(() => readSlackConfig({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/SLACK_BOT_TOKEN: not a bot token\. Fix:/);
    expect(() => readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'oops' })).toThrow(/SLACK_APP_TOKEN: .*Fix:/);
    expect(() => readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'not a url' })).toThrow(/SLACK_API_URL=.*Fix:/);
  });
});

describe('ponder start with Slack configured', () => {
  let slack: FakeSlack | undefined;
  const db = tempDb();
  const children: Array<ReturnType<typeof spawn>> = [];
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await slack?.close();
    db.cleanup();
  });

  it('runs the web server and Slack in one process, says which channels are live, and answers a direct message', async () => {
    slack = await startFakeSlack();
    const [port, slackPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['bin/ponder.js', 'start', '--port', String(port), '--db', db.dbPath, '--curriculum', MINI], {
      cwd: ROOT,
      env: { ...process.env, PONDER_LOG_LEVEL: 'error', PONDER_MODEL: 'offline', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret-for-start', SLACK_API_URL: slack.apiUrl, SLACK_PORT: String(slackPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await expect.poll(() => output, { timeout: 30_000, interval: 100 }).toMatch(/Channels live: web \(.+\), Slack \(http:\/\/0\.0\.0\.0:\d+\/slack\/events\)/);
    const res = await sendSigned(`http://127.0.0.1:${slackPort}/slack/events`, 'secret-for-start', directMessage('U9', 'hi', 'Ev-start'), 'application/json');
    expect(res.status).toBe(200);
    await expect.poll(() => slack?.messages.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(slack.messages[0]?.text).toMatch(/Ponder/);
  }, 60_000);
});
