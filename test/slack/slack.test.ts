// The real @slack/bolt in HTTP mode against a local Slack: signed events in, Web API calls out. The Slack adapter
// keeps the channel contract every adapter keeps, and answers a retried event once.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { describeChannelContract, type Shown } from '../channel/contract.ts';
import { buttonPress, directMessage, homeButton, homeOpened, mention, sendSigned, slashCommand, startFakeSlack, threadReply, type SlackMessage } from '../fakes/slack.ts';
import { openSlack, SECRET } from './harness.ts';
import { homeView } from '../../adapters/slack/home.ts';
import { createSlackAdapter } from '../../adapters/slack/app.ts';
import { openPonder } from '../../src/app.ts';
import { correctAnswer, MINI, tempDb } from '../helpers/session.ts';
import { learnerScanner } from '../helpers/privacy.ts';

const shown = (messages: SlackMessage[]): Shown[] => messages.map((m) => ({ text: m.text, choices: m.buttons.map((b) => ({ id: b.value, label: b.label })) }));

describeChannelContract('Slack', async () => {
  const s = await openSlack();
  const sentIn = new Map<string, SlackMessage[]>();
  const scan = learnerScanner(s.dbPath, (identity) => s.ponder.store.learnerFor(identity));
  return {
    async say(learner, input, eventId) {
      const user = `U-${learner}`;
      if ('text' in input) {
        const body = directMessage(user, input.text, eventId ?? `Ev${randomUUID()}`);
        const first = eventId ? sentIn.get(eventId) : undefined;
        if (first) {
          // A second delivery of one event is Slack's retry, and says so: whatever the app posts for it shows.
          const before = s.slack.messages.length;
          await sendSigned(s.adapter.url, SECRET, body, 'application/json', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
          await new Promise((r) => setTimeout(r, 150));
          // What the learner now sees for that one message: the first answer, and anything posted again.
          return shown([...first, ...s.slack.messages.slice(before)]);
        }
        const messages = await s.settle(() => sendSigned(s.adapter.url, SECRET, body, 'application/json'));
        if (eventId) sentIn.set(eventId, messages);
        return shown(messages);
      }
      const message = [...s.slack.messages].reverse().find((m) => m.channel === `D-${user}` && m.buttons.some((b) => b.value === input.choice));
      const button = message?.buttons.find((b) => b.value === input.choice);
      if (!message || !button) throw new Error(`no button "${input.choice}" shown to ${learner}`);
      return shown(await s.settle(() => sendSigned(s.adapter.url, SECRET, buttonPress(user, message, button), 'application/x-www-form-urlencoded')));
    },
    async storedTurns(learner) {
      const id = await s.ponder.store.learnerFor(`slack:T1/U-${learner}`);
      return id ? ((await s.ponder.store.countRows(id))['turns'] ?? 0) : 0;
    },
    rowsAbout: (learner) => scan(`slack:T1/U-${learner}`),
    close: () => s.close(),
  };
});

describe('the Slack adapter', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const s of opened) await s.close();
  });

  it('takes the buttons off a pressed message, so a question cannot be answered twice', async () => {
    const s = await openSlack();
    opened.push(s);
    const start = await s.settle(() => sendSigned(s.adapter.url, SECRET, directMessage('U1', 'start mini', 'Ev-start-1'), 'application/json'));
    const withButtons = start.find((m) => m.buttons.length > 0);
    const button = withButtons?.buttons[0];
    expect(withButtons && button).toBeTruthy();
    if (!withButtons || !button) return;
    await s.settle(() => sendSigned(s.adapter.url, SECRET, buttonPress('U1', withButtons, button), 'application/x-www-form-urlencoded'));
    expect(s.slack.messages.find((m) => m.ts === withButtons.ts)?.buttons).toEqual([]);
  });

  it('refuses a request whose signature is not Slack\'s', async () => {
    const s = await openSlack();
    opened.push(s);
    const res = await sendSigned(s.adapter.url, 'not-the-secret', directMessage('U1', 'hi', 'Ev-forged'), 'application/json');
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.slack.messages).toEqual([]);
  });
});

describe("the tutor's Markdown-lite as Slack mrkdwn", () => {
  it('keeps bold as Slack writes it, and never lets a learner\'s words become a mention or a link', async () => {
    const { toMrkdwn } = await import('../../adapters/slack/mrkdwn.ts');
    expect(toMrkdwn('**Fractions** and `1/2`')).toBe('*Fractions* and `1/2`');
    expect(toMrkdwn('you wrote <!channel> & <@U123>')).toBe('you wrote &lt;!channel&gt; &amp; &lt;@U123&gt;');
  });
});

describe('the Slack adapter in Socket Mode', () => {
  it('answers over the socket, and after the connection drops it reconnects and answers the next message', async () => {
    const slack = await startFakeSlack();
    const db = tempDb();
    const ponder = openPonder({ curriculumDir: MINI, dbPath: db.dbPath });
    const adapter = await createSlackAdapter({ tutor: ponder.tutor, botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: slack.apiUrl });
    try {
      expect(adapter.url).toBe('Socket Mode');
      await slack.socket.push(directMessage('U5', 'hi', 'Ev-sock-1'));
      await expect.poll(() => slack.messages.length, { timeout: 10_000 }).toBeGreaterThan(0);
      const before = slack.messages.length;
      slack.socket.drop();
      await slack.socket.push(directMessage('U5', 'help', 'Ev-sock-2'));
      await expect.poll(() => slack.messages.length, { timeout: 10_000 }).toBeGreaterThan(before);
      expect(slack.socket.opened).toBeGreaterThanOrEqual(2);
      expect(slack.messages.at(-1)?.text).toMatch(/What you can say/);
    } finally {
      await adapter.close();
      // The socket client keeps a timer until its socket has closed.
      await new Promise((r) => setTimeout(r, 100));
      await slack.close();
      await ponder.close();
      db.cleanup();
    }
  }, 40_000);
});

describe('the Slack adapter under Slack\'s rate limits', () => {
  it('waits as a 429 asks and still delivers the reply', async () => {
    const s = await openSlack();
    try {
      s.slack.rateLimit('chat.postMessage', 1);
      const res = await sendSigned(s.adapter.url, SECRET, directMessage('U7', 'help', 'Ev-limited'), 'application/json');
      expect(res.status).toBe(200);
      await expect.poll(() => s.slack.messages.map((m) => m.text).join('\n'), { timeout: 15_000 }).toMatch(/What you can say/);
    } finally {
      await s.close();
    }
  }, 30_000);
});

describe('the Slack adapter in a channel', () => {
  it('takes a bare mention in a tutoring thread as "where were we", not as an answer', async () => {
    const s = await openSlack();
    try {
      const opened = await s.settle(() => sendSigned(s.adapter.url, SECRET, mention('U5', 'C5', 'start mini', 'Ev-b1'), 'application/json'));
      const thread = opened[0]?.thread ?? '';
      const question = opened.at(-1)?.text ?? '';
      const attempts = async () => ((await s.ponder.tutor.exportData('slack:T1/U5')) as { attempts?: unknown[] } | undefined)?.attempts?.length ?? 0;
      const before = await attempts();
      const again = await s.settle(() => sendSigned(s.adapter.url, SECRET, mention('U5', 'C5', '', 'Ev-b2', thread), 'application/json'));
      expect(again.map((m) => m.text).join('\n')).toContain(question.split('\n').at(-1) ?? '');
      expect(await attempts()).toBe(before);
    } finally {
      await s.close();
    }
  }, 30_000);

  it('opens a tutoring thread for whoever mentions it, and takes only their replies there as answers', async () => {
    const s = await openSlack();
    try {
      const opened = await s.settle(() => sendSigned(s.adapter.url, SECRET, mention('U1', 'C1', 'start mini', 'Ev-m1'), 'application/json'));
      const thread = opened[0]?.thread;
      expect(thread).toBeDefined();
      expect(opened.every((m) => m.channel === 'C1' && m.thread === thread)).toBe(true);
      // Someone else talking in the thread is not taken as the learner's answer.
      const before = s.slack.messages.length;
      await sendSigned(s.adapter.url, SECRET, threadReply('U2', 'C1', 'skip', 'Ev-m2', thread ?? ''), 'application/json');
      await new Promise((r) => setTimeout(r, 200));
      expect(s.slack.messages.length).toBe(before);
      // Nor is their button press: they are told it is someone else's question.
      const withButtons = opened.find((m) => m.buttons.length > 0);
      const button = withButtons?.buttons[0];
      if (!withButtons || !button) throw new Error('the thread shows no buttons');
      const told = await s.settle(() => sendSigned(s.adapter.url, SECRET, buttonPress('U2', withButtons, button), 'application/x-www-form-urlencoded'));
      expect(told).toEqual([expect.objectContaining({ ephemeralTo: 'U2', text: expect.stringMatching(/someone else/) })]);
      // The learner's own reply in the thread is, also after the app restarts (the thread's owner is stored).
      await s.restart();
      await sendSigned(s.adapter.url, SECRET, threadReply('U2', 'C1', 'skip', 'Ev-m2b', thread ?? ''), 'application/json');
      await new Promise((r) => setTimeout(r, 200));
      expect(s.slack.messages.length).toBe(before + told.length);
      const answered = await s.settle(() => sendSigned(s.adapter.url, SECRET, threadReply('U1', 'C1', 'skip', 'Ev-m3', thread ?? ''), 'application/json'));
      expect(answered.map((m) => m.text).join('\n')).toMatch(/What is half of \d+\?/);
      expect(answered.every((m) => m.thread === thread)).toBe(true);
      expect(await s.ponder.store.learnerFor('slack:T1/U2')).toBeUndefined();
    } finally {
      await s.close();
    }
  }, 30_000);
});

describe('a conversation in Slack', () => {
  it('goes from the welcome through a wrong answer, a hint and a right answer to progress', async () => {
    const s = await openSlack();
    const dm = (text: string, id: string) => s.settle(() => sendSigned(s.adapter.url, SECRET, directMessage('U10', text, id), 'application/json'));
    const openItem = async () => {
      const open = (await s.ponder.tutor.status('slack:T1/U10')).open;
      return open ? s.ponder.curriculum.packs.get('mini')?.items.get(open.id) : undefined;
    };
    const textOf = (messages: SlackMessage[]) => messages.map((m) => m.text).join('\n');
    try {
      const welcome = await dm('start mini', 'Ev-j1');
      expect(textOf(welcome)).toMatch(/I'm Ponder/);
      expect(welcome.flatMap((m) => m.buttons.map((b) => b.label))).toContain('Skip the check');
      expect(textOf(await dm('skip', 'Ev-j2'))).toMatch(/What is half of \d+\?/);

      // A wrong answer is met with a guiding question, not the answer.
      const item = await openItem();
      if (!item) throw new Error('no open question');
      const answer = correctAnswer(item);
      const wrong = await dm('999', 'Ev-j3');
      expect(textOf(wrong)).toMatch(/\?\s*$/);
      expect(textOf(wrong)).not.toMatch(new RegExp(`\\b${answer}\\b`));
      expect(textOf(await dm('hint', 'Ev-j4'))).toMatch(/nudge|hint|think/i);

      const right = await dm(answer, 'Ev-j5');
      expect(textOf(right)).toMatch(/Right|Spot on|Correct|Well done|Yes/i);
      expect((await openItem())?.id).not.toBe(item.id);

      const progress = await dm('progress', 'Ev-j6');
      expect(textOf(progress)).toMatch(/Mini fractions/);
      expect(textOf(progress)).toMatch(/Halves/);
      // Every message fits a Slack section.
      expect(s.slack.messages.every((m) => m.text.length <= 3000)).toBe(true);
    } finally {
      await s.close();
    }
  }, 30_000);
});

describe('what concerns only the learner, in a channel', () => {
  it('shows progress and forget me only to the learner in their tutoring thread, and forgets them there', async () => {
    const s = await openSlack();
    try {
      const opened = await s.settle(() => sendSigned(s.adapter.url, SECRET, mention('U1', 'C1', 'start mini', 'Ev-pv1'), 'application/json'));
      const thread = opened[0]?.thread ?? '';
      const progress = await s.settle(() => sendSigned(s.adapter.url, SECRET, threadReply('U1', 'C1', 'progress', 'Ev-pv2', thread), 'application/json'));
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((m) => m.ephemeralTo === 'U1' && m.thread === thread)).toBe(true);
      expect(progress.map((m) => m.text).join('\n')).toMatch(/Mini fractions/);

      const ask = await s.settle(() => sendSigned(s.adapter.url, SECRET, threadReply('U1', 'C1', 'forget me', 'Ev-pv3', thread), 'application/json'));
      expect(ask.every((m) => m.ephemeralTo === 'U1')).toBe(true);
      const confirm = ask.find((m) => m.buttons.length > 0);
      const yes = confirm?.buttons.find((b) => /yes|delete|forget/i.test(b.label));
      if (!confirm || !yes) throw new Error('no confirmation button');
      const bye = await s.settle(() => sendSigned(s.adapter.url, SECRET, buttonPress('U1', confirm, yes, s.slack.apiUrl), 'application/x-www-form-urlencoded'));
      expect(bye.every((m) => m.ephemeralTo === 'U1')).toBe(true);
      expect(await s.ponder.store.learnerFor('slack:T1/U1')).toBeUndefined();
      // The pressed confirmation was taken away through its response_url.
      expect(s.slack.responses.length).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  }, 30_000);
});

describe('the /ponder command', () => {
  it('answers in the learner\'s direct messages, and tells only them so where they typed it', async () => {
    const s = await openSlack();
    try {
      const shownNow = await s.settle(() => sendSigned(s.adapter.url, SECRET, slashCommand('U3', 'C-general', 'topics', s.slack.apiUrl), 'application/x-www-form-urlencoded'));
      expect(shownNow.length).toBeGreaterThan(0);
      expect(shownNow.every((m) => m.channel === 'D-U3')).toBe(true);
      expect(shownNow.map((m) => m.text).join('\n')).toMatch(/Mini fractions/);
      expect(s.slack.responses).toEqual([{ text: expect.stringMatching(/direct messages/), ephemeral: true }]);
      expect(s.slack.messages.some((m) => m.channel === 'C-general')).toBe(false);
      // The direct conversation is asked of Slack once, not again for each command.
      await s.settle(() => sendSigned(s.adapter.url, SECRET, slashCommand('U3', 'C-general', 'progress', s.slack.apiUrl), 'application/x-www-form-urlencoded'));
      expect(s.slack.calls.filter((c) => c === 'conversations.open')).toHaveLength(1);
    } finally {
      await s.close();
    }
  }, 30_000);
});

describe('the App Home tab', () => {
  it('shows each pack with the tutor\'s mastery per concept, and forgets the learner after Slack\'s confirmation', async () => {
    const s = await openSlack();
    try {
      await s.settle(() => sendSigned(s.adapter.url, SECRET, directMessage('U4', 'start mini', 'Ev-h1'), 'application/json'));
      await s.settle(() => sendSigned(s.adapter.url, SECRET, directMessage('U4', 'skip', 'Ev-h2'), 'application/json'));
      await sendSigned(s.adapter.url, SECRET, homeOpened('U4', 'Ev-h3'), 'application/json');
      await expect.poll(() => s.slack.views.length, { timeout: 5_000 }).toBe(1);
      const shown = JSON.stringify(s.slack.views[0]?.view.blocks);
      expect(s.slack.views[0]?.user).toBe('U4');
      expect(shown).toMatch(/Mini fractions/);
      expect(shown).toMatch(/of \d+ mastered/);
      expect(shown).toMatch(/Delete everything\?/);

      await sendSigned(s.adapter.url, SECRET, homeButton('U4', 'ponder-forget'), 'application/x-www-form-urlencoded');
      await expect.poll(() => s.slack.views.length, { timeout: 5_000 }).toBe(2);
      expect(JSON.stringify(s.slack.views[1]?.view.blocks)).toMatch(/Nothing started yet/);
      expect(await s.ponder.store.learnerFor('slack:T1/U4')).toBeUndefined();
    } finally {
      await s.close();
    }
  }, 30_000);
});

describe('explanation styles on the App Home tab', () => {
  it('shows how the learner likes things explained, and a style button changes it, confirmed in their messages', async () => {
    const s = await openSlack();
    try {
      await s.settle(() => sendSigned(s.adapter.url, SECRET, directMessage('U6', 'start mini', 'Ev-st1'), 'application/json'));
      await sendSigned(s.adapter.url, SECRET, homeOpened('U6', 'Ev-st2'), 'application/json');
      await expect.poll(() => s.slack.views.length, { timeout: 5_000 }).toBe(1);
      expect(JSON.stringify(s.slack.views[0]?.view.blocks)).toMatch(/You have not chosen a style/);

      const confirmed = await s.settle(() => sendSigned(s.adapter.url, SECRET, homeButton('U6', 'ponder-style-visual', 'visual'), 'application/x-www-form-urlencoded'));
      expect(confirmed.every((m) => m.channel === 'D-U6')).toBe(true);
      expect(confirmed.map((m) => m.text).join('\n')).toMatch(/picture/i);
      await expect.poll(() => s.slack.views.length, { timeout: 5_000 }).toBe(2);
      expect(JSON.stringify(s.slack.views[1]?.view.blocks)).toMatch(/You asked for \*pictures\*/);
      expect((await s.ponder.tutor.stylePreferences('slack:T1/U6')).stated).toBe('visual');
    } finally {
      await s.close();
    }
  }, 30_000);

  it('lists what is due for review, with a button to start it', () => {
    const view = homeView([{ id: 'mini', title: 'Mini fractions', concepts: [{ id: 'halves', title: 'Halves', mastery: 0.97, mastered: true, unlocked: true, reviewDue: true }] }], { stated: 'concise', measured: [{ style: 'visual', tried: 4, worked: 3 }] });
    const shown = JSON.stringify(view.blocks);
    expect(shown).toMatch(/Due for review:\* Halves/);
    expect(shown).toMatch(/"action_id":"ponder-review"/);
    expect(shown).toMatch(/Pictures: helped 3 of 4 times/);
    expect(shown).toMatch(/You asked for \*short and direct\*/);
  });
});

describe('export my data in Slack', () => {
  it('arrives as a file in the learner\'s direct conversation with the app, and nowhere else', async () => {
    const s = await openSlack();
    try {
      await s.settle(() => sendSigned(s.adapter.url, SECRET, directMessage('U6', 'start mini', 'Ev-x1'), 'application/json'));
      await s.settle(() => sendSigned(s.adapter.url, SECRET, directMessage('U6', 'export my data', 'Ev-x2'), 'application/json'));
      await expect.poll(() => s.slack.files.length, { timeout: 5_000 }).toBe(1);
      const [file] = s.slack.files;
      expect(file?.channel).toBe('D-U6');
      expect(file?.filename).toMatch(/\.json$/);
      expect(JSON.parse(file?.content ?? '{}')).toMatchObject({ identities: ['slack:T1/U6'] });
    } finally {
      await s.close();
    }
  }, 30_000);
});
