// LangChain's universal chat model (ChatOpenAI underneath, via the openai SDK) against the local
// Chat Completions fake: invoke, stream, tools, structured output, usage and errors, all over real HTTP.
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { initChatModel } from 'langchain/chat_models/universal';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { z } from 'zod';
import { startFakeOpenAI, type FakeOpenAI } from './openai-server.ts';

let fake: FakeOpenAI;

beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

// LangChain retries on its own (p-retry, at least a second between attempts), so tests that expect an
// error switch that off; the openai SDK's retries are always off under LangChain.
function model(extra: Record<string, unknown> = {}) {
  return initChatModel('openai:gpt-4o-mini', {
    configuration: { baseURL: fake.baseURL },
    apiKey: 'test',
    maxRetries: 0,
    ...extra,
  });
}

const checkAnswer = tool(async ({ answer }) => `checked ${answer}`, {
  name: 'check_answer',
  description: 'Checks a learner answer against the open item.',
  schema: z.object({ answer: z.string(), confidence: z.number().optional() }),
});

// About 1,500 estimated tokens, past the 1,024-token threshold for automatic caching.
const LONG_SYSTEM = 'You are a patient Socratic tutor. Ask, do not tell. '.repeat(115);

describe('fake OpenAI with LangChain initChatModel', () => {
  it('invokes: text, usage and the request as sent', async () => {
    fake.setHandler(() => ({ text: 'What do the two fractions have in common?' }));
    const chat = await model();
    const reply = await chat.invoke([new SystemMessage('Be brief.'), new HumanMessage('What is 1/2 + 1/4?')]);

    expect(reply.content).toBe('What do the two fractions have in common?');
    expect(reply.usage_metadata).toMatchObject({
      output_tokens: Math.ceil('What do the two fractions have in common?'.length / 4),
    });
    expect(reply.usage_metadata?.input_tokens).toBeGreaterThan(0);
    expect(reply.response_metadata).toMatchObject({ finish_reason: 'stop', model_name: 'gpt-4o-mini' });

    const sent = fake.requests[0];
    expect(sent?.path).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe('Bearer test');
    expect(sent?.body.model).toBe('gpt-4o-mini');
    expect(sent?.body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is 1/2 + 1/4?' },
    ]);
    expect(sent?.body.stream).toBeFalsy();
  });

  it('streams several chunks and ends with usage', async () => {
    const text = 'Good start. Which denominator could both fractions share?';
    fake.setHandler(() => ({ text }));
    const chat = await model();
    const pieces: string[] = [];
    let usage: { input_tokens: number; output_tokens: number } | undefined;
    for await (const chunk of await chat.stream('What is 1/2 + 1/4?')) {
      if (typeof chunk.content === 'string' && chunk.content) pieces.push(chunk.content);
      if (chunk.usage_metadata) usage = chunk.usage_metadata;
    }
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.join('')).toBe(text);
    expect(usage?.output_tokens).toBe(Math.ceil(text.length / 4));
    expect(fake.requests[0]?.body.stream).toBe(true);
    expect(fake.requests[0]?.body.stream_options).toEqual({ include_usage: true });
  });

  it('returns tool calls from bindTools, invoked and streamed', async () => {
    fake.setHandler(() => ({ toolUse: { name: 'check_answer', input: { answer: '3/4', confidence: 0.9 } } }));
    const chat = (await model()).bindTools([checkAnswer]);

    const reply = await chat.invoke('Check 3/4 please.');
    expect(reply.tool_calls).toHaveLength(1);
    expect(reply.tool_calls?.[0]).toMatchObject({ name: 'check_answer', args: { answer: '3/4', confidence: 0.9 } });
    expect(reply.tool_calls?.[0]?.id).toMatch(/^call_/);
    expect(reply.response_metadata.finish_reason).toBe('tool_calls');
    expect(fake.requests[0]?.body.tools?.[0]?.function.name).toBe('check_answer');

    let merged: Awaited<ReturnType<typeof chat.invoke>> | undefined;
    let chunks = 0;
    for await (const chunk of await chat.stream('Check 3/4 please.')) {
      chunks += 1;
      merged = merged ? merged.concat(chunk) : chunk;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(merged?.tool_calls?.[0]).toMatchObject({ name: 'check_answer', args: { answer: '3/4', confidence: 0.9 } });
  });

  it('accepts a tool round trip and rejects an orphan tool message as the API does', async () => {
    const chat = (await model()).bindTools([checkAnswer]);
    const call = { id: 'call_1', name: 'check_answer', args: { answer: '3/4' }, type: 'tool_call' as const };
    const reply = await chat.invoke([
      new HumanMessage('Check 3/4.'),
      new AIMessage({ content: '', tool_calls: [call] }),
      new ToolMessage({ tool_call_id: 'call_1', content: 'correct' }),
    ]);
    expect(reply.content).toBeTruthy();
    expect(fake.requests[0]?.body.messages[1]?.tool_calls?.[0]?.id).toBe('call_1');

    const orphan = await chat
      .invoke([new HumanMessage('Check 3/4.'), new ToolMessage({ tool_call_id: 'call_9', content: 'correct' })])
      .catch((e: unknown) => e);
    expect(orphan).toMatchObject({ status: 400, lc_error_code: 'INVALID_TOOL_RESULTS' });
    expect(fake.rejected).toHaveLength(1);
  });

  it('puts malformed tool arguments in invalid_tool_calls', async () => {
    // @langchain/core prints an upgrade notice whenever every tool call of a message is invalid; it is noise.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    onTestFinished(() => warn.mockRestore());
    fake.setHandler(() => ({ rawToolInput: '{"answer": 3/4', name: 'check_answer' }));
    const reply = await (await model()).bindTools([checkAnswer]).invoke('Check 3/4.');
    expect(reply.tool_calls).toEqual([]);
    expect(reply.invalid_tool_calls?.[0]).toMatchObject({ name: 'check_answer', args: '{"answer": 3/4' });
  });

  it('gives structured output with the default json_schema method and with function calling', async () => {
    const Verdict = z.object({ correct: z.boolean(), feedback: z.string() });
    fake.setHandler((body) =>
      body.response_format?.type === 'json_schema'
        ? { text: JSON.stringify({ correct: true, feedback: 'Nice work.' }) }
        : { toolUse: { name: 'verdict', input: { correct: false, feedback: 'Look again.' } } },
    );
    const chat = await model();

    const bySchema = await chat.withStructuredOutput(Verdict, { name: 'verdict' }).invoke('Is 3/4 right?');
    expect(bySchema).toEqual({ correct: true, feedback: 'Nice work.' });
    expect(fake.requests[0]?.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'verdict' } });

    const byTool = await chat
      .withStructuredOutput(Verdict, { name: 'verdict', method: 'functionCalling' })
      .invoke('Is 3/4 right?');
    expect(byTool).toEqual({ correct: false, feedback: 'Look again.' });
    expect(fake.requests[1]?.body.tools?.[0]?.function.name).toBe('verdict');
  });

  it('reports automatic prefix caching in cached_tokens (usage_metadata cache_read)', async () => {
    const chat = await model();
    const first = await chat.invoke([new SystemMessage(LONG_SYSTEM), new HumanMessage('What is 1/2 + 1/4?')]);
    const second = await chat.invoke([new SystemMessage(LONG_SYSTEM), new HumanMessage('What is 1/3 + 1/6?')]);
    expect(first.usage_metadata?.input_token_details?.cache_read).toBe(0);
    const cached = second.usage_metadata?.input_token_details?.cache_read ?? 0;
    // Whole 128-token steps from 1,024 up, never more than the shared prefix.
    expect(cached).toBeGreaterThanOrEqual(1024);
    expect((cached - 1024) % 128).toBe(0);
    expect(cached).toBeLessThanOrEqual(Math.ceil(LONG_SYSTEM.length / 4));

    const short = await chat.invoke([new SystemMessage('Short.'), new HumanMessage('Hi')]);
    const shortAgain = await chat.invoke([new SystemMessage('Short.'), new HumanMessage('Hi')]);
    expect(short.usage_metadata?.input_token_details?.cache_read).toBe(0);
    expect(shortAgain.usage_metadata?.input_token_details?.cache_read).toBe(0);
  });

  it('surfaces API errors with their status and the OpenAI error shape', async () => {
    const chat = await model();
    fake.setHandler(() => ({
      error: { status: 429, type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached' },
      retryAfterMs: 5,
    }));
    const limited = await chat.invoke('hi').catch((e: unknown) => e);
    expect(limited).toMatchObject({ status: 429, code: 'rate_limit_exceeded', lc_error_code: 'MODEL_RATE_LIMIT' });

    fake.setHandler(() => ({ error: { status: 500, type: 'server_error', message: 'The server had an error' } }));
    await expect(chat.invoke('hi')).rejects.toMatchObject({ status: 500 });

    fake.setHandler(() => ({ error: { status: 503, type: 'server_error', message: 'Slow down' }, midStream: true }));
    const midStream = await (async () => {
      for await (const _chunk of await chat.stream('hi')) void _chunk;
    })().catch((e: unknown) => e);
    expect(midStream).toBeInstanceOf(Error);
    expect(String(midStream)).toMatch(/Slow down/);
  });

  it('times out on delayMs and fails on a dropped connection', async () => {
    fake.setHandler(() => ({ delayMs: 2000, text: 'late' }));
    const started = Date.now();
    await expect((await model({ timeout: 50 })).invoke('hi')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);

    fake.setHandler(() => ({ dropConnection: true }));
    await expect((await model()).invoke('hi')).rejects.toThrow(/connection/i);
  });
});
