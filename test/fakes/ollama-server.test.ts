// LangChain's universal chat model with the Ollama provider (ChatOllama over the `ollama` client) against
// the local /api/chat fake, over real HTTP with NDJSON streaming.
import { tool } from '@langchain/core/tools';
import { initChatModel } from 'langchain/chat_models/universal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeOllama, type FakeOllama } from './ollama-server.ts';

let fake: FakeOllama;

beforeEach(async () => {
  fake = await startFakeOllama();
});
afterEach(async () => {
  await fake.close();
});

const model = (extra: Record<string, unknown> = {}) =>
  initChatModel('ollama:llama3.1', { baseUrl: fake.url, maxRetries: 0, ...extra });

describe('fake Ollama with LangChain initChatModel', () => {
  it('invokes over a stream and reports eval counts as usage', async () => {
    const text = 'What do the two fractions have in common?';
    fake.setHandler(() => ({ text }));
    const reply = await (await model()).invoke('What is 1/2 + 1/4?');

    expect(reply.content).toBe(text);
    expect(reply.usage_metadata).toMatchObject({
      input_tokens: Math.ceil('What is 1/2 + 1/4?'.length / 4),
      output_tokens: Math.ceil(text.length / 4),
    });
    expect(reply.response_metadata).toMatchObject({ done_reason: 'stop', model: 'llama3.1' });
    const sent = fake.requests[0];
    expect(sent?.path).toBe('/api/chat');
    // ChatOllama always streams, even for invoke().
    expect(sent?.body.stream).toBe(true);
    expect(sent?.body.messages).toEqual([{ role: 'user', content: 'What is 1/2 + 1/4?' }]);
  });

  it('streams several chunks', async () => {
    const text = 'Good start. Which denominator could both fractions share?';
    fake.setHandler(() => ({ text }));
    const pieces: string[] = [];
    for await (const chunk of await (await model()).stream('hi')) {
      if (typeof chunk.content === 'string' && chunk.content) pieces.push(chunk.content);
    }
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe(text);
  });

  it('returns tool calls from bindTools and structured output from a format schema', async () => {
    const checkAnswer = tool(async ({ answer }) => `checked ${answer}`, {
      name: 'check_answer',
      description: 'Checks a learner answer.',
      schema: z.object({ answer: z.string() }),
    });
    fake.setHandler(() => ({ toolUse: { name: 'check_answer', input: { answer: '3/4' } } }));
    const withTools = await (await model()).bindTools([checkAnswer]).invoke('Check 3/4.');
    expect(withTools.tool_calls?.[0]).toMatchObject({ name: 'check_answer', args: { answer: '3/4' } });
    expect(fake.requests[0]?.body.tools?.[0]?.function.name).toBe('check_answer');

    const Verdict = z.object({ correct: z.boolean() });
    fake.setHandler(() => ({ text: '{"correct": true}' }));
    const verdict = await (await model()).withStructuredOutput(Verdict).invoke('Is 3/4 right?');
    expect(verdict).toEqual({ correct: true });
    expect(fake.requests[1]?.body.format).toMatchObject({ type: 'object' });
  });

  it('surfaces Ollama errors: unknown model, HTTP errors and an error line mid-stream', async () => {
    await fake.close();
    fake = await startFakeOllama({ models: ['qwen2.5:latest'] });
    const missing = await (await model()).invoke('hi').catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: 'ResponseError', status_code: 404 });
    expect(String(missing)).toMatch(/not found, try pulling it first/);

    await fake.close();
    fake = await startFakeOllama();
    fake.setHandler(() => ({ error: { status: 500, message: 'out of memory' } }));
    await expect((await model()).invoke('hi')).rejects.toThrow(/out of memory/);

    fake.setHandler(() => ({ error: { status: 500, message: 'model crashed' }, midStream: true }));
    await expect((await model()).invoke('hi')).rejects.toThrow(/model crashed/);
  });
});
