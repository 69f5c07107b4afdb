// A local stand-in for the OpenAI Chat Completions API (POST /v1/chat/completions, JSON and SSE `data:`
// chunks ending in `data: [DONE]`), faithful enough for the openai SDK and LangChain's ChatOpenAI: function
// calling, stream usage chunks, the error shape, retry headers and automatic prefix caching in usage.
import { routeReply, type DropReply, type HandlerContext, type ReplyTiming } from './http-kit.ts';
import type { ServerResponse } from 'node:http';
import {
  fakeId,
  flatHeaders,
  isRecord,
  parseJsonObject,
  readBody,
  sendJson,
  splitForStreaming,
  splitJson,
  startFakeServer,
  tokensForChars,
  writeAsync,
  type Exchange,
} from './http-kit.ts';

// ---------------------------------------------------------------------------------------------------------
// Request shapes

export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface OpenAIContentPart {
  type: string;
  text?: string;
  [field: string]: unknown;
}

export interface OpenAIMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  content?: string | OpenAIContentPart[] | null;
  name?: string;
  tool_calls?: OpenAIToolCall[];
  tool_call_id?: string;
  [field: string]: unknown;
}

export interface OpenAITool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
}

export interface OpenAIChatRequestBody {
  model: string;
  messages: OpenAIMessage[];
  tools?: OpenAITool[];
  tool_choice?: unknown;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  response_format?: { type: string; [field: string]: unknown } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  stop?: string | string[] | null;
  prompt_cache_key?: string | null;
  prompt_cache_retention?: string | null;
  [field: string]: unknown;
}

export interface RecordedOpenAIRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: OpenAIChatRequestBody;
  rawBody: string;
  count: number;
}

export interface RejectedOpenAIRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  rawBody: string;
  status: number;
  message: string;
}

// ---------------------------------------------------------------------------------------------------------
// Handler replies: the same vocabulary as the Anthropic fake, so one script can drive either

export interface OpenAIToolUseSpec {
  name: string;
  /** Serialised to the `arguments` JSON string. */
  input: unknown;
  /** Defaults to a fresh `call_…` id. */
  id?: string;
}

export type OpenAIReplyTiming = ReplyTiming;

export interface OpenAITextReply extends OpenAIReplyTiming {
  text: string;
  finishReason?: 'stop' | 'length' | 'content_filter';
}

export interface OpenAIToolUseReply extends OpenAIReplyTiming {
  toolUse: OpenAIToolUseSpec | OpenAIToolUseSpec[];
  /** Content sent alongside the tool calls (the API allows both). */
  text?: string;
}

export interface OpenAIRawToolInputReply extends OpenAIReplyTiming {
  /** Sent verbatim as the `arguments` string, so it can be invalid JSON. */
  rawToolInput: string;
  name?: string;
}

export interface OpenAIErrorSpec {
  status: number;
  /** e.g. invalid_request_error, requests / tokens (429), server_error, insufficient_quota. */
  type: string;
  message: string;
  code?: string | null;
  param?: string | null;
}

export interface OpenAIErrorReply extends OpenAIReplyTiming {
  error: OpenAIErrorSpec;
  retryAfterMs?: number;
  shouldRetry?: boolean;
  /** Streams only: answer 200 and send `data: {"error": …}` after the first chunk. */
  midStream?: boolean;
}

export type OpenAIDropReply = DropReply;

/** Timing alone (e.g. `{ delayMs: 50 }`) answers the default text after the delay. */
export type OpenAIReply =
  | OpenAITextReply
  | OpenAIToolUseReply
  | OpenAIRawToolInputReply
  | OpenAIErrorReply
  | OpenAIDropReply
  | OpenAIReplyTiming;

export type OpenAIHandlerContext = HandlerContext;

export type OpenAIHandler = (
  body: OpenAIChatRequestBody,
  context: OpenAIHandlerContext,
) => OpenAIReply | Promise<OpenAIReply>;

export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

export interface FakeOpenAIOptions {
  handler?: OpenAIHandler;
  port?: number;
  /** When set, `Authorization: Bearer` must carry exactly this key. */
  apiKey?: string;
  /**
   * Prompts shorter than this (estimated tokens) are never cached; hits are reported from here upwards in
   * steps of 128 tokens, as the real service does. Default 1024.
   */
  minCacheableTokens?: number;
  now?: () => number;
}

export interface FakeOpenAI {
  /** Origin, `http://127.0.0.1:<port>`. */
  url: string;
  /** What the openai SDK and LangChain call `baseURL`: the origin plus `/v1`. */
  baseURL: string;
  requests: RecordedOpenAIRequest[];
  rejected: RejectedOpenAIRequest[];
  setHandler(handler: OpenAIHandler): void;
  clearCache(): void;
  close(): Promise<void>;
}

const DEFAULT_REPLY = 'What do you notice about the problem so far?';
const CACHE_STEP = 128;
// Cached prefixes survive a few minutes of inactivity (up to an hour off-peak); the fake takes the short end.
const IN_MEMORY_TTL_MS = 5 * 60_000;
const EXTENDED_TTL_MS = 24 * 60 * 60_000;
const MAX_REMEMBERED_PROMPTS = 200;

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let handler: OpenAIHandler = options.handler ?? (() => ({ text: DEFAULT_REPLY }));
  const requests: RecordedOpenAIRequest[] = [];
  const rejected: RejectedOpenAIRequest[] = [];
  const cache = new PrefixCache(options.now ?? Date.now, options.minCacheableTokens ?? 1024);
  let count = 0;

  const server = await startFakeServer(async (exchange) => {
    const { req, res } = exchange;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const headers = flatHeaders(req);
    const rawBody = await readBody(req);
    const reject = (status: number, error: OpenAIErrorSpec): void => {
      rejected.push({ method: req.method ?? '', path, headers, rawBody, status, message: error.message });
      sendError(res, error);
    };

    if (path !== '/v1/chat/completions' || req.method !== 'POST') {
      return reject(404, {
        status: 404,
        type: 'invalid_request_error',
        message: `Invalid URL (${req.method} ${path})`,
      });
    }
    const key = headers['authorization']?.replace(/^Bearer\s+/i, '');
    if (!key || (options.apiKey !== undefined && key !== options.apiKey)) {
      return reject(401, {
        status: 401,
        type: 'invalid_request_error',
        code: key ? 'invalid_api_key' : null,
        message: key
          ? 'Incorrect API key provided.'
          : "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      });
    }
    const parsed = parseJsonObject(rawBody);
    if (!parsed) {
      return reject(400, {
        status: 400,
        type: 'invalid_request_error',
        message: 'We could not parse the JSON body of your request.',
      });
    }
    const problem = validateBody(parsed);
    if (problem) return reject(400, { status: 400, type: 'invalid_request_error', ...problem });
    const body = parsed as OpenAIChatRequestBody;

    count += 1;
    const stream = body.stream === true;
    requests.push({ method: req.method, path, headers, body, rawBody, count });
    const reply = await handler(body, { count, stream, headers });
    await answer(exchange, body, reply, () => cache.account(body));
  }, options.port);

  return {
    url: server.origin,
    baseURL: `${server.origin}/v1`,
    requests,
    rejected,
    setHandler: (next) => {
      handler = next;
    },
    clearCache: () => cache.clear(),
    close: () => server.close(),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Answering

interface PlannedCall {
  id: string;
  name: string;
  arguments: string;
}

interface Plan {
  content: string | null;
  calls: PlannedCall[];
  finishReason: 'stop' | 'length' | 'content_filter' | 'tool_calls';
  completionTokens: number;
}

interface PromptAccount {
  promptTokens: number;
  cachedTokens: number;
}

async function answer(
  exchange: Exchange,
  body: OpenAIChatRequestBody,
  reply: OpenAIReply,
  account: () => PromptAccount,
): Promise<void> {
  const { res } = exchange;
  const stream = body.stream === true;
  await routeReply(exchange, reply, {
    stream,
    dropMidStream: () => streamCompletion(exchange, body, planText(body, DEFAULT_REPLY), account(), reply, { drop: true }),
    errorMidStream: (error) => streamCompletion(exchange, body, planText(body, ''), account(), reply, { error }),
    sendError: (error) => sendError(res, error, reply as OpenAIErrorReply),
    answer: () => answerNormally(exchange, body, reply as OpenAITextReply | OpenAIToolUseReply | OpenAIRawToolInputReply | OpenAIReplyTiming, account, stream),
  });
}

async function answerNormally(
  exchange: Exchange,
  body: OpenAIChatRequestBody,
  reply: OpenAITextReply | OpenAIToolUseReply | OpenAIRawToolInputReply | OpenAIReplyTiming,
  account: () => PromptAccount,
  stream: boolean,
): Promise<void> {
  const { res } = exchange;
  const plan = planReply(body, reply);
  const prompt = account();
  if (stream) {
    await streamCompletion(exchange, body, plan, prompt, reply, {});
    return;
  }
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: plan.content,
    refusal: null,
    annotations: [],
  };
  if (plan.calls.length) {
    message.tool_calls = plan.calls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  sendJson(
    res,
    200,
    {
      id: fakeId('chatcmpl-'),
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: plan.finishReason }],
      usage: usageOf(prompt, plan.completionTokens),
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    },
    responseHeaders(),
  );
}

function planReply(
  body: OpenAIChatRequestBody,
  reply: OpenAITextReply | OpenAIToolUseReply | OpenAIRawToolInputReply | OpenAIReplyTiming,
): Plan {
  if ('toolUse' in reply || 'rawToolInput' in reply) {
    const calls: PlannedCall[] =
      'toolUse' in reply
        ? (Array.isArray(reply.toolUse) ? reply.toolUse : [reply.toolUse]).map((call) => ({
            id: call.id ?? fakeId('call_'),
            name: call.name,
            arguments: JSON.stringify(call.input ?? {}),
          }))
        : [
            {
              id: fakeId('call_'),
              name: reply.name ?? body.tools?.[0]?.function.name ?? 'tool',
              arguments: reply.rawToolInput,
            },
          ];
    const content = 'text' in reply && reply.text ? reply.text : null;
    const chars = (content?.length ?? 0) + calls.reduce((sum, c) => sum + c.name.length + c.arguments.length, 0);
    return { content, calls, finishReason: 'tool_calls', completionTokens: tokensForChars(chars) };
  }
  const plan = planText(body, 'text' in reply ? reply.text : DEFAULT_REPLY);
  if ('finishReason' in reply && reply.finishReason) plan.finishReason = reply.finishReason;
  return plan;
}

function planText(body: OpenAIChatRequestBody, fullText: string): Plan {
  let text = fullText;
  const stops = typeof body.stop === 'string' ? [body.stop] : (body.stop ?? []);
  for (const stop of stops) {
    const at = stop ? text.indexOf(stop) : -1;
    if (at >= 0) text = text.slice(0, at);
  }
  let finishReason: Plan['finishReason'] = 'stop';
  let completionTokens = tokensForChars(text.length);
  const limit = body.max_completion_tokens ?? body.max_tokens;
  if (typeof limit === 'number' && completionTokens > limit) {
    text = text.slice(0, limit * 4);
    completionTokens = limit;
    finishReason = 'length';
  }
  return { content: text, calls: [], finishReason, completionTokens };
}

interface StreamExtras {
  drop?: boolean;
  error?: OpenAIErrorSpec;
}

async function streamCompletion(
  exchange: Exchange,
  body: OpenAIChatRequestBody,
  plan: Plan,
  prompt: PromptAccount,
  timing: OpenAIReplyTiming,
  extras: StreamExtras,
): Promise<void> {
  const { res } = exchange;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', ...responseHeaders() });
  res.flushHeaders();
  const includeUsage = body.stream_options?.include_usage === true;
  const id = fakeId('chatcmpl-');
  const created = Math.floor(Date.now() / 1000);
  let chunks = 0;

  const send = async (payload: unknown): Promise<boolean> => {
    if (exchange.gone()) return false;
    if (chunks > 0 && timing.deltaDelayMs && !(await exchange.sleep(timing.deltaDelayMs))) return false;
    await writeAsync(res, `data: ${JSON.stringify(payload)}\n\n`);
    chunks += 1;
    if (chunks === 2) {
      if (extras.drop) {
        exchange.drop();
        return false;
      }
      if (timing.stallMs && !(await exchange.sleep(timing.stallMs))) return false;
    }
    return !exchange.gone();
  };
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: body.model,
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    // With include_usage every chunk carries `usage: null` until the final usage-only chunk.
    ...(includeUsage ? { usage: null } : {}),
  });

  const opening: Record<string, unknown> = { role: 'assistant', content: plan.content === null ? null : '', refusal: null };
  if (!(await send(chunk(opening)))) return;
  if (extras.error) {
    const { status: _status, ...error } = extras.error;
    await send({ error: { param: null, code: null, ...error } });
    res.end();
    return;
  }
  for (const text of splitForStreaming(plan.content ?? '')) {
    if (!(await send(chunk({ content: text })))) return;
  }
  for (const [index, call] of plan.calls.entries()) {
    const head = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
    if (!(await send(chunk({ tool_calls: [head] })))) return;
    for (const piece of splitJson(call.arguments)) {
      if (!(await send(chunk({ tool_calls: [{ index, function: { arguments: piece } }] })))) return;
    }
  }
  if (!(await send(chunk({}, plan.finishReason)))) return;
  if (includeUsage) {
    const { choices: _choices, ...rest } = chunk({});
    if (!(await send({ ...rest, choices: [], usage: usageOf(prompt, plan.completionTokens) }))) return;
  }
  await writeAsync(res, 'data: [DONE]\n\n');
  res.end();
}

function usageOf(prompt: PromptAccount, completionTokens: number): OpenAIUsage {
  return {
    prompt_tokens: prompt.promptTokens,
    completion_tokens: completionTokens,
    total_tokens: prompt.promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: prompt.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function responseHeaders(): Record<string, string> {
  return { 'x-request-id': fakeId('req_'), 'openai-processing-ms': '1' };
}

function sendError(
  res: ServerResponse,
  error: OpenAIErrorSpec,
  extra: { retryAfterMs?: number; shouldRetry?: boolean } = {},
): void {
  const headers = responseHeaders();
  if (extra.retryAfterMs !== undefined) {
    headers['retry-after-ms'] = String(extra.retryAfterMs);
    headers['retry-after'] = String(Math.max(1, Math.ceil(extra.retryAfterMs / 1000)));
  }
  if (extra.shouldRetry !== undefined) headers['x-should-retry'] = String(extra.shouldRetry);
  sendJson(
    res,
    error.status,
    { error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code ?? null } },
    headers,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Validation: the mistakes a client library can actually make, with the real API's wording

type Problem = { message: string; param?: string; code?: string };

function validateBody(body: Record<string, unknown>): Problem | undefined {
  if (typeof body.model !== 'string' || !body.model) {
    return { message: 'you must provide a model parameter', param: 'model' };
  }
  if (body.messages === undefined) {
    return { message: "Missing required parameter: 'messages'.", param: 'messages', code: 'missing_required_parameter' };
  }
  if (!Array.isArray(body.messages)) return { message: "Invalid type for 'messages': expected an array.", param: 'messages' };
  if (body.messages.length === 0) {
    return { message: "Invalid 'messages': empty array. Expected an array with minimum length 1.", param: 'messages', code: 'empty_array' };
  }
  const roles = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
  let pending = new Set<string>();
  for (const [i, message] of body.messages.entries()) {
    if (!isRecord(message) || typeof message.role !== 'string' || !roles.has(message.role)) {
      return { message: `Invalid value for 'messages[${i}].role'.`, param: `messages[${i}].role` };
    }
    if (message.role === 'tool') {
      const callId = message.tool_call_id;
      if (typeof callId !== 'string' || !pending.has(callId)) {
        return {
          message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          param: `messages.[${i}].role`,
        };
      }
      pending.delete(callId);
      continue;
    }
    if (pending.size) {
      return {
        message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending].join(', ')}`,
        param: 'messages',
      };
    }
    if (message.role === 'assistant' && Array.isArray(message.tool_calls)) {
      pending = new Set(
        message.tool_calls.flatMap((call) => (isRecord(call) && typeof call.id === 'string' ? [call.id] : [])),
      );
    }
  }
  if (body.tools !== undefined && body.tools !== null) {
    if (!Array.isArray(body.tools)) return { message: "Invalid type for 'tools': expected an array.", param: 'tools' };
    for (const [i, tool] of body.tools.entries()) {
      if (!isRecord(tool) || !isRecord(tool.function) || typeof tool.function.name !== 'string') {
        return { message: `Missing required parameter: 'tools[${i}].function'.`, param: `tools[${i}].function` };
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Automatic prefix caching: no markers; the longest exact prefix seen recently, in 128-token steps

/** The prompt as the model would see it, in a stable order: tool definitions, output schema, then turns. */
function renderPrompt(body: OpenAIChatRequestBody): string {
  const parts: string[] = [];
  for (const tool of body.tools ?? []) parts.push(`tool\n${JSON.stringify(tool.function)}\n`);
  if (body.response_format && body.response_format.type !== 'text') {
    parts.push(`format\n${JSON.stringify(body.response_format)}\n`);
  }
  for (const message of body.messages) {
    let text = '';
    if (typeof message.content === 'string') text = message.content;
    else if (Array.isArray(message.content)) {
      text = message.content.map((part) => (typeof part.text === 'string' ? part.text : JSON.stringify(part))).join('');
    }
    if (message.tool_calls?.length) text += JSON.stringify(message.tool_calls.map((call) => call.function));
    parts.push(`${message.role}\n${text}\n`);
  }
  return parts.join('');
}

interface RememberedPrompt {
  text: string;
  expiresAt: number;
}

class PrefixCache {
  private readonly byNamespace = new Map<string, RememberedPrompt[]>();

  constructor(
    private readonly now: () => number,
    private readonly minTokens: number,
  ) {}

  clear(): void {
    this.byNamespace.clear();
  }

  account(body: OpenAIChatRequestBody): PromptAccount {
    const text = renderPrompt(body);
    const promptTokens = tokensForChars(text.length);
    const now = this.now();
    // Requests with different prompt_cache_key values are routed apart, so they do not share a cache.
    const namespace = `${body.model}\u0000${body.prompt_cache_key ?? ''}`;
    const remembered = (this.byNamespace.get(namespace) ?? []).filter((p) => p.expiresAt > now);

    let best = 0;
    let bestEntry: RememberedPrompt | undefined;
    for (const prior of remembered) {
      const shared = commonPrefixLength(prior.text, text);
      if (shared > best) {
        best = shared;
        bestEntry = prior;
      }
    }
    const sharedTokens = Math.floor(best / 4);
    const cachedTokens =
      sharedTokens < this.minTokens
        ? 0
        : Math.min(this.minTokens + Math.floor((sharedTokens - this.minTokens) / CACHE_STEP) * CACHE_STEP, promptTokens);

    const ttl = body.prompt_cache_retention === '24h' ? EXTENDED_TTL_MS : IN_MEMORY_TTL_MS;
    if (bestEntry && cachedTokens > 0) bestEntry.expiresAt = Math.max(bestEntry.expiresAt, now + ttl);
    if (promptTokens >= this.minTokens && !remembered.some((p) => p.text === text)) {
      remembered.push({ text, expiresAt: now + ttl });
      if (remembered.length > MAX_REMEMBERED_PROMPTS) remembered.shift();
    }
    this.byNamespace.set(namespace, remembered);
    return { promptTokens, cachedTokens };
  }
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
  return i;
}
