// Slack's AI-app surface and its streaming: the assistant view (suggested prompts, "thinking…" while a turn runs)
// and replies streamed with chat.startStream/appendStream/stopStream, through the real Bolt against a local Slack.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assistantMessage, assistantThreadStarted, mention, sendSigned, threadReply } from '../fakes/slack.ts';
import { useFakeAnthropic } from '../helpers/anthropic.ts';
import { openSlack, SECRET } from './harness.ts';

const suite = useFakeAnthropic();
const LLM_PACK = resolve(import.meta.dirname, '../fixtures/curriculum-llm');
const model = () => suite.model();
const json = 'application/json';

describe("Slack's assistant view", () => {
  it('opens a thread with suggested prompts and a welcome, and shows the learner it is thinking while a turn runs', async () => {
    const s = await openSlack();
    try {
      const welcome = await s.settle(() => sendSigned(s.adapter.url, SECRET, assistantThreadStarted('U7', '1700.0001', 'Ev-a1'), json));
      expect(s.slack.assistant.prompts).toEqual([
        {
          thread: 'D-U7/1700.0001',
          prompts: [
            { title: 'Start Mini fractions', message: 'start mini' },
            { title: 'Show my progress', message: 'progress' },
          ],
        },
      ]);
      expect(welcome.length).toBeGreaterThan(0);
      expect(welcome.every((m) => m.channel === 'D-U7' && m.thread === '1700.0001')).toBe(true);

      // The learner picks a suggested prompt: Slack sends its message as theirs, in the thread.
      const started = await s.settle(() => sendSigned(s.adapter.url, SECRET, assistantMessage('U7', 'start mini', '1700.0001', 'Ev-a2'), json));
      expect(s.slack.assistant.statuses).toEqual([{ thread: 'D-U7/1700.0001', status: 'is thinking…' }]);
      const thinkingAt = s.slack.calls.indexOf('assistant.threads.setStatus');
      expect(thinkingAt).toBeGreaterThanOrEqual(0);
      expect(s.slack.calls.slice(thinkingAt).some((m) => m.startsWith('chat.'))).toBe(true);
      expect(started.map((m) => m.text).join('\n')).toMatch(/Let's start Mini fractions[\s\S]*What is .+\?/);
      expect(started.every((m) => m.thread === '1700.0001')).toBe(true);

      const progress = await s.settle(() => sendSigned(s.adapter.url, SECRET, assistantMessage('U7', 'progress', '1700.0001', 'Ev-a3'), json));
      expect(progress.map((m) => m.text).join('\n')).toMatch(/Halves/);
    } finally {
      await s.close();
    }
  }, 30_000);
});

describe('a reply streamed in Slack', () => {
  const handler = () => suite.fake.setHandler(() => ({ text: 'Think about it for a moment. Picture one whole cut into equal parts. How many halves fit into one whole?', chunkSize: 8 }));

  it("streams with Slack's own calls in a thread, and the final text is the tutor's final reply", async () => {
    handler();
    const s = await openSlack({ model: model(), curriculumDir: LLM_PACK });
    try {
      const opened = await s.settle(() => sendSigned(s.adapter.url, SECRET, mention('U8', 'C2', 'start llm', 'Ev-s1'), json));
      const thread = opened[0]?.thread ?? '';
      const answered = await s.settle(() => sendSigned(s.adapter.url, SECRET, threadReply('U8', 'C2', 'what should I think about?', 'Ev-s2', thread), json));
      const streamed = answered.filter((m) => m.stream);
      expect(streamed.length).toBeGreaterThan(0);
      expect(streamed.every((m) => m.stream?.stopped && m.thread === thread)).toBe(true);
      expect(answered.map((m) => m.text).join('\n')).toContain('How many halves fit into one whole?');
      // The streamed message was then replaced by the final reply, as Block Kit with its buttons, if any.
      const [first] = streamed;
      expect(s.slack.calls.lastIndexOf('chat.update')).toBeGreaterThan(s.slack.calls.lastIndexOf('chat.stopStream'));
      expect(first?.text).not.toMatch(/…$/);
    } finally {
      await s.close();
    }
  }, 30_000);

  it('is posted and edited instead where the workspace refuses streaming, and Slack is not asked again', async () => {
    handler();
    const s = await openSlack({ model: model(), curriculumDir: LLM_PACK });
    s.slack.streaming = false;
    try {
      const opened = await s.settle(() => sendSigned(s.adapter.url, SECRET, mention('U9', 'C3', 'start llm', 'Ev-f1'), json));
      const thread = opened[0]?.thread ?? '';
      const answered = await s.settle(() => sendSigned(s.adapter.url, SECRET, threadReply('U9', 'C3', 'what should I think about?', 'Ev-f2', thread), json));
      expect(answered.some((m) => m.stream)).toBe(false);
      expect(answered.map((m) => m.text).join('\n')).toContain('How many halves fit into one whole?');
      expect(answered.every((m) => m.thread === thread)).toBe(true);
      const refusals = s.slack.calls.filter((m) => m === 'chat.startStream').length;
      expect(refusals).toBe(1);
    } finally {
      await s.close();
    }
  }, 30_000);
});
