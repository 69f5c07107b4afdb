// The real @anthropic-ai/sdk against the local fake: if these pass, code under test that uses the SDK sees
// the same objects, errors and retries it would see from the service.
import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AnthropicError,
  BadRequestError,
  InternalServerError,
  OverloadedError,
  RateLimitError,
} from '@anthropic-ai/sdk';
import type { MessageCreateParamsNonStreaming, TextBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from './anthropic-server.ts';

const MODEL = 'claude-sonnet-4-6';
const checkAnswer: Tool = {
  name: 'check_answer',
  description: 'Checks a learner answer against the open item.',
  input_schema: {
    type: 'object',
    properties: { answer: { type: 'string' }, confidence: { type: 'number' } },
    required: ['answer'],
  },
};
const base: MessageCreateParamsNonStreaming = {
  model: MODEL,
  max_tokens: 200,
  messages: [{ role: 'user', content: 'What is 1/2 + 1/4?' }],
};
// About 1,500 estimated tokens: over the 1,024-token minimum a Sonnet prefix needs before it is cached.
const LONG_SYSTEM = 'You are a patient Socratic tutor. Ask, do not tell. '.repeat(115);

let fake: FakeAnthropic;
let client: Anthropic;

async function restart(options: FakeAnthropicOptions = {}, clientOptions: { maxRetries?: number; timeout?: number } = {}): Promise<void> {
  await fake?.close();
  fake = await startFakeAnthropic(options);
  client = new Anthropic({ baseURL: fake.url, apiKey: 'test', maxRetries: 0, ...clientOptions });
}

beforeEach(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ baseURL: fake.url, apiKey: 'test', maxRetries: 0 });
});
afterEach(async () => {
  await fake.close();
});

const cachedSystem = (text = LONG_SYSTEM): TextBlockParam[] => [
  { type: 'text', text, cache_control: { type: 'ephemeral' } },
];

describe('fake Anthropic: JSON responses', () => {
  it('answers messages.create with text and realistic usage', async () => {
    const reply = 'What do you get if you write both with the same denominator?';
    fake.setHandler(() => ({ text: reply }));
    const message = await client.messages.create({ ...base, system: 'Be brief.' });

    expect(message.type).toBe('message');
    expect(message.id).toMatch(/^msg_/);
    expect(message.model).toBe(MODEL);
    expect(message.content).toEqual([
      { type: 'text', text: reply, citations: null },
    ]);
    expect(message.stop_reason).toBe('end_turn');
    // ceil(chars / 4) over system + messages; output likewise.
    expect(message.usage.input_tokens).toBe(Math.ceil(('Be brief.'.length + 'What is 1/2 + 1/4?'.length) / 4));
    expect(message.usage.output_tokens).toBe(Math.ceil(reply.length / 4));
    expect(message.usage.cache_read_input_tokens).toBe(0);

    const [recorded] = fake.requests;
    expect(recorded?.headers.authorization).toBe('Bearer test');
    expect(recorded?.headers['anthropic-version']).toBeTruthy();
    expect(recorded?.body.messages).toEqual(base.messages);
    expect(recorded?.body.stream).toBeUndefined();
  });

  it('answers with a tool_use block and stop_reason tool_use', async () => {
    fake.setHandler((body) => ({ toolUse: { name: body.tools?.[0]?.name ?? '?', input: { answer: '3/4' } } }));
    const message = await client.messages.create({ ...base, tools: [checkAnswer] });

    expect(message.stop_reason).toBe('tool_use');
    const block = message.content[0];
    expect(block?.type).toBe('tool_use');
    if (block?.type !== 'tool_use') return;
    expect(block.id).toMatch(/^toolu_/);
    expect(block.name).toBe('check_answer');
    expect(block.input).toEqual({ answer: '3/4' });
    expect(fake.requests[0]?.body.tools?.[0]?.name).toBe('check_answer');
  });

  it('lets the handler see each request and the attempt count', async () => {
    fake.setHandler((body, { count, stream }) => ({ text: `#${count} stream=${stream} ${body.messages.length}` }));
    const first = await client.messages.create(base);
    const second = await client.messages.create(base);
    expect(first.content[0]).toMatchObject({ text: '#1 stream=false 1' });
    expect(second.content[0]).toMatchObject({ text: '#2 stream=false 1' });
  });

  it('ends generation at a stop sequence or at max_tokens, as the API does', async () => {
    fake.setHandler(() => ({ text: 'One. Two. STOP Three.' }));
    const stopped = await client.messages.create({ ...base, stop_sequences: ['STOP'] });
    expect(stopped.stop_reason).toBe('stop_sequence');
    expect(stopped.stop_sequence).toBe('STOP');
    expect(stopped.content[0]).toMatchObject({ text: 'One. Two. ' });

    const cut = await client.messages.create({ ...base, max_tokens: 2 });
    expect(cut.stop_reason).toBe('max_tokens');
    expect(cut.usage.output_tokens).toBe(2);
    expect(cut.content[0]).toMatchObject({ text: 'One. Two' });
  });

  it('counts tokens on /v1/messages/count_tokens', async () => {
    const counted = await client.messages.countTokens({ model: MODEL, messages: base.messages, system: 'Be brief.' });
    expect(counted.input_tokens).toBe(Math.ceil(27 / 4));
    expect(fake.requests).toHaveLength(0);
    expect(fake.countTokensRequests[0]?.body.system).toBe('Be brief.');
  });
});

describe('fake Anthropic: streaming', () => {
  it('streams text as several text_delta events and a final message with usage', async () => {
    const text = 'Good start. Which denominator could both fractions share?';
    fake.setHandler(() => ({ text }));
    const deltas: string[] = [];
    const stream = client.messages.stream(base);
    stream.on('text', (delta) => deltas.push(delta));
    const final = await stream.finalMessage();

    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe(text);
    expect(final.content).toEqual([{ type: 'text', text }]);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage).toMatchObject({
      input_tokens: Math.ceil('What is 1/2 + 1/4?'.length / 4),
      output_tokens: Math.ceil(text.length / 4),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
    expect(fake.requests[0]?.body.stream).toBe(true);
  });

  it('sends the events in the documented order', async () => {
    fake.setHandler(() => ({ text: 'Try drawing it.' }));
    const events: string[] = [];
    const stream = await client.messages.create({ ...base, stream: true });
    for await (const event of stream) events.push(event.type);
    const deltas = events.filter((e) => e === 'content_block_delta').length;
    expect(deltas).toBeGreaterThanOrEqual(2);
    expect(events).toEqual([
      'message_start',
      'content_block_start',
      ...Array<string>(deltas).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('puts an event: line before every data: line on the wire', async () => {
    const response = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'test', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ ...base, stream: true }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const frames = (await response.text()).trim().split('\n\n');
    for (const frame of frames) expect(frame).toMatch(/^event: [a-z_]+\ndata: \{.*\}$/s);
    expect(frames.some((f) => f.startsWith('event: ping'))).toBe(true);
  });

  it('streams tool input as several input_json_delta chunks', async () => {
    const input = { answer: '3/4', confidence: 0.8 };
    fake.setHandler(() => ({ text: 'Let me check that.', toolUse: { name: 'check_answer', input } }));
    const chunks: string[] = [];
    const stream = client.messages.stream({ ...base, tools: [checkAnswer] });
    stream.on('inputJson', (partial) => chunks.push(partial));
    const final = await stream.finalMessage();

    expect(chunks.length).toBeGreaterThan(2);
    expect(JSON.parse(chunks.join(''))).toEqual(input);
    expect(final.stop_reason).toBe('tool_use');
    expect(final.content[0]).toEqual({ type: 'text', text: 'Let me check that.' });
    expect(final.content[1]).toMatchObject({ type: 'tool_use', name: 'check_answer', input });
  });

  it('reports cache usage on the streamed final message', async () => {
    const stream1 = client.messages.stream({ ...base, system: cachedSystem() });
    const first = await stream1.finalMessage();
    const stream2 = client.messages.stream({ ...base, system: cachedSystem() });
    const second = await stream2.finalMessage();
    const prefix = Math.ceil(LONG_SYSTEM.length / 4);
    expect(first.usage.cache_creation_input_tokens).toBe(prefix);
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(prefix);
  });
});

describe('fake Anthropic: errors and retries', () => {
  it('is retried by the SDK on 429, 529 and 500, waiting only retry-after-ms', async () => {
    await restart({}, { maxRetries: 3 });
    const failures = [
      { status: 429, type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' },
      { status: 529, type: 'overloaded_error', message: 'Overloaded' },
      { status: 500, type: 'api_error', message: 'Internal server error' },
    ];
    fake.setHandler((_body, { count }) => {
      const failure = failures[count - 1];
      return failure ? { error: failure, retryAfterMs: 5 } : { text: 'Third time lucky.' };
    });
    const started = Date.now();
    const message = await client.messages.create(base);

    expect(message.content[0]).toMatchObject({ text: 'Third time lucky.' });
    expect(fake.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1', '2', '3']);
    // The SDK's own backoff (0.5 s, 1 s, 2 s) would take over three seconds.
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('returns typed errors at once with maxRetries: 0', async () => {
    const cases = [
      { status: 429, type: 'rate_limit_error', cls: RateLimitError },
      { status: 529, type: 'overloaded_error', cls: OverloadedError },
      { status: 500, type: 'api_error', cls: InternalServerError },
      { status: 400, type: 'invalid_request_error', cls: BadRequestError },
    ];
    for (const { status, type, cls } of cases) {
      fake.setHandler(() => ({ error: { status, type, message: `${type} happened` }, retryAfterMs: 5 }));
      const error = await client.messages.create(base).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(cls);
      expect(error).toBeInstanceOf(APIError);
      const apiError = error as APIError;
      expect(apiError.status).toBe(status);
      expect(apiError.type).toBe(type);
      expect(apiError.apiMessage).toBe(`${type} happened`);
      expect(apiError.requestID).toMatch(/^req_/);
      expect(apiError.headers?.get('retry-after-ms')).toBe('5');
    }
    expect(fake.requests).toHaveLength(cases.length);
  });

  it('stops retrying when told x-should-retry: false', async () => {
    await restart({}, { maxRetries: 2 });
    fake.setHandler(() => ({
      error: { status: 529, type: 'overloaded_error', message: 'Overloaded' },
      retryAfterMs: 5,
      shouldRetry: false,
    }));
    await expect(client.messages.create(base)).rejects.toBeInstanceOf(OverloadedError);
    expect(fake.requests).toHaveLength(1);
  });

  it('lets the timeout option fire on a delayed answer', async () => {
    fake.setHandler(() => ({ delayMs: 2000, text: 'too late' }));
    const started = Date.now();
    const error = await client.messages.create(base, { timeout: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('retries a timed-out request (timeouts count as retryable)', async () => {
    await restart({}, { maxRetries: 1 });
    fake.setHandler((_body, { count }) => (count === 1 ? { delayMs: 2000, text: 'late' } : { text: 'on time' }));
    const message = await client.messages.create(base, { timeout: 100 });
    expect(message.content[0]).toMatchObject({ text: 'on time' });
    expect(fake.requests).toHaveLength(2);
  });

  it('does not time out a stream that stalls after its headers (the timeout covers the fetch only)', async () => {
    fake.setHandler(() => ({ text: 'Slow but steady answer.', stallMs: 300 }));
    const started = Date.now();
    let firstDeltaAt = 0;
    const stream = client.messages.stream(base, { timeout: 100 });
    stream.once('text', () => {
      firstDeltaAt = Date.now();
    });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ text: 'Slow but steady answer.' });
    expect(firstDeltaAt - started).toBeLessThan(250);
    expect(Date.now() - firstDeltaAt).toBeGreaterThanOrEqual(250);
  });

  it('answers the default text after a bare { delayMs }', async () => {
    fake.setHandler(() => ({ delayMs: 30 }));
    const started = Date.now();
    const message = await client.messages.create(base);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(message.content[0]).toMatchObject({ type: 'text' });
  });

  it('turns a throwing handler into a 500 the SDK will not retry', async () => {
    await restart({}, { maxRetries: 2 });
    fake.setHandler(() => {
      throw new Error('script bug');
    });
    const error = await client.messages.create(base).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(String(error)).toMatch(/script bug/);
    expect(fake.requests).toHaveLength(1);
  });

  it('surfaces malformed tool input: a stream error, or a non-object input in JSON mode', async () => {
    fake.setHandler(() => ({ rawToolInput: '{"answer": 3/4', name: 'check_answer' }));
    const stream = client.messages.stream({ ...base, tools: [checkAnswer] });
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnthropicError);
    expect((error as Error).message).toMatch(/JSON|position/i);

    const message = await client.messages.create({ ...base, tools: [checkAnswer] });
    const block = message.content[0];
    expect(block?.type).toBe('tool_use');
    if (block?.type === 'tool_use') expect(typeof block.input).toBe('string');
  });

  it('drops connections: APIConnectionError, retried by the SDK', async () => {
    fake.setHandler(() => ({ dropConnection: true }));
    await expect(client.messages.create(base)).rejects.toBeInstanceOf(APIConnectionError);

    await restart({}, { maxRetries: 1 });
    fake.setHandler((_body, { count }) => (count === 1 ? { dropConnection: true } : { text: 'back again' }));
    const message = await client.messages.create(base);
    expect(message.content[0]).toMatchObject({ text: 'back again' });
  });

  it('can drop a stream after it started; the SDK does not retry that', async () => {
    await restart({}, { maxRetries: 2 });
    fake.setHandler(() => ({ dropConnection: 'midStream' }));
    const stream = client.messages.stream(base);
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(AnthropicError);
    expect(fake.requests).toHaveLength(1);
  });

  it('can send an error event mid-stream (status undefined, type kept), not retried', async () => {
    await restart({}, { maxRetries: 2 });
    fake.setHandler(() => ({ error: { status: 529, type: 'overloaded_error', message: 'Overloaded' }, midStream: true }));
    const error = await client.messages.stream(base).finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).type).toBe('overloaded_error');
    expect((error as APIError).status).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
  });

  it('refuses what the real API refuses, without calling the handler', async () => {
    const tooMany = Array.from({ length: 5 }, (_, i): TextBlockParam => ({
      type: 'text',
      text: `part ${i}`,
      cache_control: { type: 'ephemeral' },
    }));
    const error = await client.messages.create({ ...base, system: tooMany }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as APIError).apiMessage).toBe('A maximum of 4 blocks with cache_control may be provided. Found 5.');

    const empty = await client.messages
      .create({ ...base, system: [{ type: 'text', text: '', cache_control: { type: 'ephemeral' } }] })
      .catch((e: unknown) => e);
    expect((empty as APIError).apiMessage).toMatch(/empty text blocks/);

    const noVersion = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'test' },
      body: JSON.stringify(base),
    });
    expect(noVersion.status).toBe(400);
    const noKey = await fetch(`${fake.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(base),
    });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(fake.requests).toHaveLength(0);
    expect(fake.rejected.map((r) => r.status)).toEqual([400, 400, 400, 401]);
  });

  it('closes promptly with a request still waiting, and the client sees a connection error', async () => {
    fake.setHandler(() => ({ delayMs: 10_000, text: 'never' }));
    const pending = client.messages.create(base).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await fake.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(APIConnectionError);
  });
});

describe('fake Anthropic: prompt caching', () => {
  const prefixTokens = Math.ceil(LONG_SYSTEM.length / 4);

  it('writes a cacheable prefix once and reads it on the next identical-prefix request', async () => {
    const first = await client.messages.create({ ...base, system: cachedSystem() });
    const second = await client.messages.create({
      ...base,
      system: cachedSystem(),
      messages: [{ role: 'user', content: 'And what is 1/3 + 1/6?' }],
    });

    expect(first.usage.cache_creation_input_tokens).toBe(prefixTokens);
    expect(first.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: prefixTokens, ephemeral_1h_input_tokens: 0 });
    expect(first.usage.cache_read_input_tokens).toBe(0);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.usage.cache_read_input_tokens).toBe(prefixTokens);
    // Only what follows the last breakpoint is billed as plain input.
    const total = Math.ceil((LONG_SYSTEM.length + 'And what is 1/3 + 1/6?'.length) / 4);
    expect(second.usage.input_tokens).toBe(total - prefixTokens);
    expect(fake.requests[1]?.body.system).toEqual(cachedSystem());
  });

  it('does not cache a prefix below the model minimum, as the real API silently does', async () => {
    const short = await client.messages.create({ ...base, system: cachedSystem('Short prompt.') });
    const again = await client.messages.create({ ...base, system: cachedSystem('Short prompt.') });
    for (const message of [short, again]) {
      expect(message.usage.cache_creation_input_tokens).toBe(0);
      expect(message.usage.cache_read_input_tokens).toBe(0);
    }
    // Haiku 4.5 needs 4,096 tokens, so even the long prompt is too short there.
    const haiku = await client.messages.create({ ...base, model: 'claude-haiku-4-5', system: cachedSystem() });
    expect(haiku.usage.cache_creation_input_tokens).toBe(0);
  });

  it('misses when anything before the breakpoint changes, and per model', async () => {
    await client.messages.create({ ...base, system: cachedSystem() });
    const changed = await client.messages.create({ ...base, system: cachedSystem(LONG_SYSTEM + ' ') });
    expect(changed.usage.cache_read_input_tokens).toBe(0);
    expect(changed.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    const otherModel = await client.messages.create({ ...base, model: 'claude-opus-4-1', system: cachedSystem() });
    expect(otherModel.usage.cache_read_input_tokens).toBe(0);
  });

  it('caches tools before system before messages, and reads a shorter cached prefix as the conversation grows', async () => {
    const tools: Tool[] = [{ ...checkAnswer, cache_control: { type: 'ephemeral' } }];
    const turn1 = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi!', cache_control: { type: 'ephemeral' as const } }] }];
    const first = await client.messages.create({ ...base, tools, system: cachedSystem(), messages: turn1 });
    const toolChars = JSON.stringify({
      name: checkAnswer.name,
      description: checkAnswer.description,
      input_schema: checkAnswer.input_schema,
    }).length;
    const upToTurn1 = Math.ceil((toolChars + LONG_SYSTEM.length + 3) / 4);
    expect(first.usage.cache_creation_input_tokens).toBe(upToTurn1);

    const turn2 = [
      { role: 'user' as const, content: 'Hi!' },
      { role: 'assistant' as const, content: 'Hello. Ready for a fraction?' },
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'Yes.', cache_control: { type: 'ephemeral' as const } }] },
    ];
    const second = await client.messages.create({ ...base, tools, system: cachedSystem(), messages: turn2 });
    const upToTurn2 = Math.ceil((toolChars + LONG_SYSTEM.length + 3 + 28 + 4) / 4);
    // The breakpoint moved, but the earlier one is within the look-back window: read that, write the rest.
    expect(second.usage.cache_read_input_tokens).toBe(upToTurn1);
    expect(second.usage.cache_creation_input_tokens).toBe(upToTurn2 - upToTurn1);
    expect(second.usage.input_tokens).toBe(0);
  });

  it('supports automatic caching with a top-level cache_control', async () => {
    const request = { ...base, system: LONG_SYSTEM, cache_control: { type: 'ephemeral' as const } };
    const first = await client.messages.create(request);
    const second = await client.messages.create(request);
    const all = Math.ceil((LONG_SYSTEM.length + 'What is 1/2 + 1/4?'.length) / 4);
    expect(first.usage.cache_creation_input_tokens).toBe(all);
    expect(second.usage.cache_read_input_tokens).toBe(all);
    expect(second.usage.input_tokens).toBe(0);
  });

  it('expires entries after their TTL and honours ttl: 1h', async () => {
    let now = 1_000_000;
    await restart({ now: () => now });
    await client.messages.create({ ...base, system: cachedSystem() });
    now += 4 * 60_000;
    expect((await client.messages.create({ ...base, system: cachedSystem() })).usage.cache_read_input_tokens).toBe(prefixTokens);
    // A hit refreshes the 5-minute lifetime; only 5 idle minutes expire it.
    now += 4 * 60_000;
    expect((await client.messages.create({ ...base, system: cachedSystem() })).usage.cache_read_input_tokens).toBe(prefixTokens);
    now += 6 * 60_000;
    const expired = await client.messages.create({ ...base, system: cachedSystem() });
    expect(expired.usage.cache_read_input_tokens).toBe(0);
    expect(expired.usage.cache_creation_input_tokens).toBe(prefixTokens);

    const hour: TextBlockParam[] = [{ type: 'text', text: LONG_SYSTEM, cache_control: { type: 'ephemeral', ttl: '1h' } }];
    const written = await client.messages.create({ ...base, model: 'claude-opus-4-1', system: hour });
    expect(written.usage.cache_creation).toEqual({ ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: prefixTokens });
    now += 50 * 60_000;
    const read = await client.messages.create({ ...base, model: 'claude-opus-4-1', system: hour });
    expect(read.usage.cache_read_input_tokens).toBe(prefixTokens);
  });

  it('lets tests lower the minimum and clear the cache', async () => {
    await restart({ minCacheableTokens: 1 });
    await client.messages.create({ ...base, system: cachedSystem('Short prompt.') });
    const hit = await client.messages.create({ ...base, system: cachedSystem('Short prompt.') });
    expect(hit.usage.cache_read_input_tokens).toBe(Math.ceil('Short prompt.'.length / 4));
    fake.clearCache();
    const miss = await client.messages.create({ ...base, system: cachedSystem('Short prompt.') });
    expect(miss.usage.cache_read_input_tokens).toBe(0);
  });

  it('records bodies so tests can check what left the process', async () => {
    await client.messages.create({
      ...base,
      system: cachedSystem(),
      messages: [{ role: 'user', content: 'My name is Sam.' }],
    });
    const sent = fake.requests[0];
    expect(sent?.rawBody).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    const system = sent?.body.system;
    expect(Array.isArray(system) && system[0]?.cache_control).toEqual({ type: 'ephemeral' });
  });
});
