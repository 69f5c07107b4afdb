// A local stand-in for the Anthropic Messages API (POST /v1/messages, JSON and SSE), close enough to the
// real service that @anthropic-ai/sdk drives it unmodified: same bodies, event framing, error shape,
// retry headers and usage accounting, including prompt caching. Tests script each answer with a handler.
import { routeReply, type DropReply, type HandlerContext, type ReplyTiming } from './http-kit.ts';
import { createHash } from 'node:crypto';
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
// Request shapes (validated at the door, so handlers and assertions can rely on them)

export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface AnthropicContentBlock {
  type: string;
  text?: string;
  cache_control?: AnthropicCacheControl | null;
  [field: string]: unknown;
}

export interface AnthropicMessageParam {
  role: 'user' | 'assistant' | 'system';
  content: string | AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema?: Record<string, unknown>;
  cache_control?: AnthropicCacheControl | null;
  [field: string]: unknown;
}

export interface AnthropicRequestBody {
  model: string;
  max_tokens: number;
  messages: AnthropicMessageParam[];
  system?: string | AnthropicContentBlock[];
  tools?: AnthropicTool[];
  stream?: boolean;
  stop_sequences?: string[];
  /** Automatic caching: a breakpoint on the last cacheable block. */
  cache_control?: AnthropicCacheControl | null;
  [field: string]: unknown;
}

export interface RecordedAnthropicRequest {
  method: string;
  path: string;
  /** Lower-cased names, values flattened to strings. */
  headers: Record<string, string>;
  body: AnthropicRequestBody;
  rawBody: string;
  /** 1-based arrival order across all message requests (retries count). */
  count: number;
}

/** A /v1/messages/count_tokens call: the same body without max_tokens; never reaches the handler. */
export interface RecordedCountTokensRequest {
  headers: Record<string, string>;
  body: Omit<AnthropicRequestBody, 'max_tokens'>;
  rawBody: string;
}

/** Requests the fake refused before any handler saw them (bad JSON, failed validation, no key, ...). */
export interface RejectedAnthropicRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  rawBody: string;
  status: number;
  message: string;
}

// ---------------------------------------------------------------------------------------------------------
// Handler replies

export interface ToolUseSpec {
  name: string;
  input: unknown;
  /** Defaults to a fresh `toolu_…` id. */
  id?: string;
}

export type { ReplyTiming, DropReply } from './http-kit.ts';

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

export interface TextReply extends ReplyTiming {
  text: string;
  /** Overrides the computed stop reason (end_turn, or max_tokens / stop_sequence when those apply). */
  stopReason?: StopReason;
}

export interface ToolUseReply extends ReplyTiming {
  toolUse: ToolUseSpec | ToolUseSpec[];
  /** Text the model "says" before calling the tool(s), as Claude often does. */
  text?: string;
}

export interface RawToolInputReply extends ReplyTiming {
  /** Sent verbatim: as input_json_delta chunks when streaming, as a non-object `input` in JSON mode. */
  rawToolInput: string;
  name?: string;
  text?: string;
}

export interface AnthropicErrorSpec {
  status: number;
  /** e.g. rate_limit_error, overloaded_error, api_error, invalid_request_error, authentication_error. */
  type: string;
  message: string;
}

export interface ErrorReply extends ReplyTiming {
  error: AnthropicErrorSpec;
  /** Sent as `retry-after-ms` (and a rounded-up `retry-after` in seconds, as the real API does). */
  retryAfterMs?: number;
  /** Sent as `x-should-retry`, which the SDK obeys over its own status rules. */
  shouldRetry?: boolean;
  /**
   * Streams only: answer 200, start the message, then send an SSE `error` event, as the real API does when
   * it overloads after the stream began. Ignored for JSON requests (they get the HTTP error).
   */
  midStream?: boolean;
}


/** Timing alone (e.g. `{ delayMs: 50 }`) answers the default text after the delay. */
export type AnthropicReply = TextReply | ToolUseReply | RawToolInputReply | ErrorReply | DropReply | ReplyTiming;

export type AnthropicHandlerContext = HandlerContext;

export type AnthropicHandler = (
  body: AnthropicRequestBody,
  context: AnthropicHandlerContext,
) => AnthropicReply | Promise<AnthropicReply>;

// ---------------------------------------------------------------------------------------------------------
// Usage

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  service_tier: 'standard';
}

export interface FakeAnthropicOptions {
  handler?: AnthropicHandler;
  /** Listen on this port instead of a free one. */
  port?: number;
  /** When set, requests must carry exactly this key (as `x-api-key` or `Authorization: Bearer`). */
  apiKey?: string;
  /**
   * The smallest prefix (in estimated tokens) the cache stores. Defaults to the published per-model minimums
   * (1024 for most models, 2048 for Haiku 3.x, 4096 for Opus 4.5+ and Haiku 4.5). Tests with short prompts can
   * lower it; benchmarks should not, or they will report savings the real service would not give.
   */
  minCacheableTokens?: number | ((model: string) => number);
  /** Clock for cache lifetimes (5 minutes, or 1 hour with ttl '1h'), refreshed on every hit. */
  now?: () => number;
}

export interface FakeAnthropic {
  /** Pass as `baseURL`; the SDK appends `/v1/messages`. */
  url: string;
  /** Every accepted message request, in arrival order. */
  requests: RecordedAnthropicRequest[];
  /** Token-counting calls, kept apart so `requests` holds only generations. */
  countTokensRequests: RecordedCountTokensRequest[];
  /** Requests refused before reaching the handler. */
  rejected: RejectedAnthropicRequest[];
  setHandler(handler: AnthropicHandler): void;
  /** Forgets every cached prefix, as if the cache lifetime had passed. */
  clearCache(): void;
  close(): Promise<void>;
}

const DEFAULT_REPLY = 'What do you notice about the problem so far?';
const MAX_BREAKPOINTS = 4;
// The real service looks for earlier cache entries up to about 20 blocks before each breakpoint.
const LOOKBACK_BLOCKS = 20;
const TTL_MS = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const;
// Published as "~1,600 tokens" for a large image; the fake has no decoder, so every image costs that.
const IMAGE_CHARS = 1600 * 4;

export function defaultMinCacheableTokens(model: string): number {
  if (/haiku-3|3-haiku|3-5-haiku/.test(model)) return 2048;
  if (/opus-4-[5-9]|haiku-4-5/.test(model)) return 4096;
  return 1024;
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  let handler: AnthropicHandler = options.handler ?? (() => ({ text: DEFAULT_REPLY }));
  const requests: RecordedAnthropicRequest[] = [];
  const rejected: RejectedAnthropicRequest[] = [];
  const countTokensRequests: RecordedCountTokensRequest[] = [];
  const cache = new PromptCache(options.now ?? Date.now);
  const minTokens = (model: string): number => {
    const option = options.minCacheableTokens;
    if (typeof option === 'number') return option;
    if (typeof option === 'function') return option(model);
    return defaultMinCacheableTokens(model);
  };
  let count = 0;

  const server = await startFakeServer(async (exchange) => {
    const { req, res } = exchange;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const headers = flatHeaders(req);
    const rawBody = await readBody(req);
    const reject = (status: number, type: string, message: string): void => {
      rejected.push({ method: req.method ?? '', path, headers, rawBody, status, message });
      sendError(res, { status, type, message });
    };

    const isMessages = path === '/v1/messages';
    const isCount = path === '/v1/messages/count_tokens';
    if (!isMessages && !isCount) return reject(404, 'not_found_error', 'Not found');
    if (req.method !== 'POST') return reject(405, 'invalid_request_error', `Method ${req.method} not allowed`);

    const key = headers['x-api-key'] ?? headers['authorization']?.replace(/^Bearer\s+/i, '');
    if (!key) return reject(401, 'authentication_error', 'x-api-key header is required');
    if (options.apiKey !== undefined && key !== options.apiKey) {
      return reject(401, 'authentication_error', 'invalid x-api-key');
    }
    if (!headers['anthropic-version']) {
      return reject(400, 'invalid_request_error', 'anthropic-version: header is required');
    }

    const parsed = parseJsonObject(rawBody);
    if (!parsed) {
      return reject(400, 'invalid_request_error', 'There was an error parsing the body of your request as JSON');
    }
    const problem = validateBody(parsed, isCount);
    if (problem) return reject(400, 'invalid_request_error', problem);
    const body = parsed as AnthropicRequestBody;

    const prompt = flattenPrompt(body);
    if (typeof prompt === 'string') return reject(400, 'invalid_request_error', prompt);

    if (isCount) {
      countTokensRequests.push({ headers, body, rawBody });
      sendJson(res, 200, { input_tokens: prompt.totalTokens }, { 'request-id': fakeId('req_') });
      return;
    }

    count += 1;
    const stream = body.stream === true;
    requests.push({ method: req.method, path, headers, body, rawBody, count });
    const reply = await handler(body, { count, stream, headers });
    await answer(exchange, body, reply, () => cache.account(body.model, prompt, minTokens(body.model)));
  }, options.port);

  return {
    url: server.origin,
    requests,
    countTokensRequests,
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

interface PlannedBlock {
  kind: 'text' | 'tool_use';
  text?: string;
  name?: string;
  id?: string;
  /** JSON mode: the `input` value. Streams: ignored in favour of `json`. */
  input?: unknown;
  /** Streams: the partial_json payload, chunked. */
  json?: string;
}

interface Plan {
  blocks: PlannedBlock[];
  stopReason: StopReason;
  stopSequence: string | null;
  outputTokens: number;
}

async function answer(
  exchange: Exchange,
  body: AnthropicRequestBody,
  reply: AnthropicReply,
  accountUsage: () => CacheUsage,
): Promise<void> {
  const { res } = exchange;
  const stream = body.stream === true;
  await routeReply(exchange, reply, {
    stream,
    dropMidStream: () => streamMessage(exchange, body, planText(body, DEFAULT_REPLY), accountUsage(), reply, { dropAfterFirstDelta: true }),
    errorMidStream: (error) => streamMessage(exchange, body, planText(body, ''), zeroUsage(), reply, { error }),
    sendError: (error) => sendError(res, error, reply as ErrorReply),
    answer: () => answerNormally(exchange, body, reply as TextReply | ToolUseReply | RawToolInputReply | ReplyTiming, accountUsage, stream),
  });
}

async function answerNormally(
  exchange: Exchange,
  body: AnthropicRequestBody,
  reply: TextReply | ToolUseReply | RawToolInputReply | ReplyTiming,
  accountUsage: () => CacheUsage,
  stream: boolean,
): Promise<void> {
  const { res } = exchange;
  const plan = planReply(body, reply);
  const usage = accountUsage();
  if (stream) {
    await streamMessage(exchange, body, plan, usage, reply, {});
    return;
  }
  sendJson(
    res,
    200,
    {
      id: fakeId('msg_'),
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: plan.blocks.map((block) =>
        block.kind === 'text'
          ? { type: 'text', text: block.text ?? '', citations: null }
          : { type: 'tool_use', id: block.id, name: block.name, input: block.input },
      ),
      stop_reason: plan.stopReason,
      stop_sequence: plan.stopSequence,
      usage: fullUsage(usage, plan.outputTokens),
    },
    { 'request-id': fakeId('req_') },
  );
}

function planReply(body: AnthropicRequestBody, reply: TextReply | ToolUseReply | RawToolInputReply | ReplyTiming): Plan {
  if ('toolUse' in reply || 'rawToolInput' in reply) {
    const blocks: PlannedBlock[] = [];
    if (reply.text) blocks.push({ kind: 'text', text: reply.text });
    if ('toolUse' in reply) {
      const calls = Array.isArray(reply.toolUse) ? reply.toolUse : [reply.toolUse];
      for (const call of calls) {
        const json = JSON.stringify(call.input ?? {});
        blocks.push({ kind: 'tool_use', id: call.id ?? fakeId('toolu_'), name: call.name, input: call.input, json });
      }
    } else {
      blocks.push({
        kind: 'tool_use',
        id: fakeId('toolu_'),
        name: reply.name ?? body.tools?.[0]?.name ?? 'tool',
        input: reply.rawToolInput,
        json: reply.rawToolInput,
      });
    }
    const chars = blocks.reduce((sum, b) => sum + (b.text?.length ?? 0) + (b.name?.length ?? 0) + (b.json?.length ?? 0), 0);
    return { blocks, stopReason: 'tool_use', stopSequence: null, outputTokens: tokensForChars(chars) };
  }
  const plan = planText(body, 'text' in reply ? reply.text : DEFAULT_REPLY);
  if ('stopReason' in reply && reply.stopReason) plan.stopReason = reply.stopReason;
  return plan;
}

/** Applies stop_sequences and max_tokens to plain text the way generation would have ended. */
function planText(body: AnthropicRequestBody, fullText: string): Plan {
  let text = fullText;
  let stopReason: StopReason = 'end_turn';
  let stopSequence: string | null = null;
  let cut = -1;
  for (const sequence of body.stop_sequences ?? []) {
    const at = sequence ? text.indexOf(sequence) : -1;
    if (at >= 0 && (cut < 0 || at < cut)) {
      cut = at;
      stopSequence = sequence;
    }
  }
  if (cut >= 0) {
    text = text.slice(0, cut);
    stopReason = 'stop_sequence';
  }
  let outputTokens = tokensForChars(text.length);
  if (outputTokens > body.max_tokens) {
    text = text.slice(0, body.max_tokens * 4);
    outputTokens = body.max_tokens;
    stopReason = 'max_tokens';
    stopSequence = null;
  }
  return { blocks: [{ kind: 'text', text }], stopReason, stopSequence, outputTokens };
}

interface StreamExtras {
  dropAfterFirstDelta?: boolean;
  error?: AnthropicErrorSpec;
}

async function streamMessage(
  exchange: Exchange,
  body: AnthropicRequestBody,
  plan: Plan,
  usage: CacheUsage,
  timing: ReplyTiming,
  extras: StreamExtras,
): Promise<void> {
  const { res } = exchange;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'request-id': fakeId('req_'),
  });
  // Without an explicit flush the headers wait for the first body write, which hides delayMs-style bugs.
  res.flushHeaders();

  let sentDelta = false;
  let first = true;
  const send = async (type: string, data: unknown): Promise<boolean> => {
    if (exchange.gone()) return false;
    if (!first && timing.deltaDelayMs && !(await exchange.sleep(timing.deltaDelayMs))) return false;
    first = false;
    // The SDK ignores any event without an `event:` line, so each one carries its type twice, as the API does.
    await writeAsync(res, `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    if (type === 'content_block_delta' && !sentDelta) {
      sentDelta = true;
      if (extras.dropAfterFirstDelta) {
        exchange.drop();
        return false;
      }
      if (timing.stallMs && !(await exchange.sleep(timing.stallMs))) return false;
    }
    return !exchange.gone();
  };

  const messageStart = {
    type: 'message_start',
    message: {
      id: fakeId('msg_'),
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: fullUsage(usage, 1),
    },
  };
  if (!(await send('message_start', messageStart))) return;

  if (extras.error) {
    await send('error', { type: 'error', error: { type: extras.error.type, message: extras.error.message } });
    res.end();
    return;
  }

  for (const [index, block] of plan.blocks.entries()) {
    const start =
      block.kind === 'text'
        ? { type: 'text', text: '' }
        : { type: 'tool_use', id: block.id, name: block.name, input: {} };
    if (!(await send('content_block_start', { type: 'content_block_start', index, content_block: start }))) return;
    if (index === 0 && !(await send('ping', { type: 'ping' }))) return;
    const deltas =
      block.kind === 'text'
        ? splitForStreaming(block.text ?? '').map((text) => ({ type: 'text_delta', text }))
        : // The API opens every tool input with an empty partial_json before the real chunks.
          ['', ...splitJson(block.json ?? '{}')].map((partial_json) => ({ type: 'input_json_delta', partial_json }));
    for (const delta of deltas) {
      if (!(await send('content_block_delta', { type: 'content_block_delta', index, delta }))) return;
    }
    if (!(await send('content_block_stop', { type: 'content_block_stop', index }))) return;
  }

  const finalUsage = fullUsage(usage, plan.outputTokens);
  const messageDelta = {
    type: 'message_delta',
    delta: { stop_reason: plan.stopReason, stop_sequence: plan.stopSequence },
    usage: {
      input_tokens: finalUsage.input_tokens,
      cache_creation_input_tokens: finalUsage.cache_creation_input_tokens,
      cache_read_input_tokens: finalUsage.cache_read_input_tokens,
      output_tokens: finalUsage.output_tokens,
    },
  };
  if (!(await send('message_delta', messageDelta))) return;
  if (!(await send('message_stop', { type: 'message_stop' }))) return;
  res.end();
}

function sendError(
  res: ServerResponse,
  error: AnthropicErrorSpec,
  extra: { retryAfterMs?: number; shouldRetry?: boolean } = {},
): void {
  const requestId = fakeId('req_');
  const headers: Record<string, string> = { 'request-id': requestId };
  if (extra.retryAfterMs !== undefined) {
    headers['retry-after-ms'] = String(extra.retryAfterMs);
    headers['retry-after'] = String(Math.max(1, Math.ceil(extra.retryAfterMs / 1000)));
  }
  if (extra.shouldRetry !== undefined) headers['x-should-retry'] = String(extra.shouldRetry);
  sendJson(
    res,
    error.status,
    { type: 'error', error: { type: error.type, message: error.message }, request_id: requestId },
    headers,
  );
}

function fullUsage(usage: CacheUsage, outputTokens: number): AnthropicUsage {
  return {
    input_tokens: usage.input,
    cache_creation_input_tokens: usage.creation5m + usage.creation1h,
    cache_read_input_tokens: usage.read,
    cache_creation: { ephemeral_5m_input_tokens: usage.creation5m, ephemeral_1h_input_tokens: usage.creation1h },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

function zeroUsage(): CacheUsage {
  return { input: 0, read: 0, creation5m: 0, creation1h: 0 };
}

// ---------------------------------------------------------------------------------------------------------
// Validation, mirroring the messages the real API gives for the common mistakes

function validateBody(body: Record<string, unknown>, countOnly: boolean): string | undefined {
  if (typeof body.model !== 'string' || !body.model) return 'model: Field required';
  if (!countOnly) {
    if (body.max_tokens === undefined) return 'max_tokens: Field required';
    if (typeof body.max_tokens !== 'number' || !Number.isInteger(body.max_tokens) || body.max_tokens < 1) {
      return 'max_tokens: Input should be a valid integer greater than or equal to 1';
    }
  }
  if (body.messages === undefined) return 'messages: Field required';
  if (!Array.isArray(body.messages)) return 'messages: Input should be a valid list';
  if (body.messages.length === 0) return 'messages: at least one message is required';
  for (const [i, message] of body.messages.entries()) {
    if (!isRecord(message)) return `messages.${i}: Input should be a valid dictionary`;
    if (message.role !== 'user' && message.role !== 'assistant' && message.role !== 'system') {
      return `messages.${i}.role: Input should be 'user', 'assistant' or 'system'`;
    }
    const problem = validateContent(message.content, `messages.${i}.content`);
    if (problem) return problem;
  }
  if (body.system !== undefined) {
    const problem = validateContent(body.system, 'system');
    if (problem) return problem;
  }
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return 'tools: Input should be a valid list';
    for (const [i, tool] of body.tools.entries()) {
      if (!isRecord(tool) || typeof tool.name !== 'string') return `tools.${i}.name: Field required`;
    }
  }
  if (body.stop_sequences !== undefined) {
    if (!Array.isArray(body.stop_sequences) || body.stop_sequences.some((s) => typeof s !== 'string')) {
      return 'stop_sequences: Input should be a valid list of strings';
    }
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return 'stream: Input should be a valid boolean';
  return undefined;
}

function validateContent(content: unknown, where: string): string | undefined {
  if (typeof content === 'string') return undefined;
  if (!Array.isArray(content)) return `${where}: Input should be a valid string or list`;
  for (const [i, block] of content.entries()) {
    if (!isRecord(block) || typeof block.type !== 'string') return `${where}.${i}.type: Field required`;
    if (block.type === 'text' && typeof block.text !== 'string') return `${where}.${i}.text: Field required`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Prompt flattening and the cache, in the order the API renders a prompt: tools, then system, then messages

interface PromptBlock {
  /** Everything that makes this block "the same" for the cache, cache_control excluded. */
  key: string;
  chars: number;
  breakpoint?: '5m' | '1h';
  cacheable: boolean;
  where: string;
}

interface FlatPrompt {
  blocks: PromptBlock[];
  totalTokens: number;
}

function flattenPrompt(body: AnthropicRequestBody): FlatPrompt | string {
  const blocks: PromptBlock[] = [];
  const add = (where: string, role: string, block: AnthropicContentBlock | AnthropicTool | string): string | undefined => {
    if (typeof block === 'string') {
      // The API reads string content as one text block, so both spellings share a cache entry.
      const key = `${role}:${JSON.stringify({ type: 'text', text: block })}`;
      blocks.push({ key, chars: block.length, cacheable: block.length > 0, where });
      return undefined;
    }
    const { cache_control: control, ...rest } = block;
    const type = typeof rest.type === 'string' ? rest.type : 'tool';
    const empty = type === 'text' && !rest.text;
    const thinking = type === 'thinking' || type === 'redacted_thinking';
    const entry: PromptBlock = {
      key: `${role}:${JSON.stringify(rest)}`,
      chars: blockChars(rest),
      cacheable: !empty && !thinking,
      where,
    };
    if (control !== undefined && control !== null) {
      if (!isRecord(control) || control.type !== 'ephemeral') {
        return `${where}.cache_control.type: Input should be 'ephemeral'`;
      }
      if (control.ttl !== undefined && control.ttl !== '5m' && control.ttl !== '1h') {
        return `${where}.cache_control.ttl: Input should be '5m' or '1h'`;
      }
      if (empty) return `${where}: cache_control cannot be set for empty text blocks`;
      if (thinking) return `${where}: cache_control cannot be set for ${type} blocks`;
      entry.breakpoint = control.ttl ?? '5m';
    }
    blocks.push(entry);
    return undefined;
  };

  for (const [i, tool] of (body.tools ?? []).entries()) {
    const problem = add(`tools.${i}`, 'tool', tool);
    if (problem) return problem;
  }
  if (typeof body.system === 'string') {
    if (body.system) add('system', 'system', body.system);
  } else {
    for (const [i, block] of (body.system ?? []).entries()) {
      const problem = add(`system.${i}`, 'system', block);
      if (problem) return problem;
    }
  }
  for (const [i, message] of body.messages.entries()) {
    if (typeof message.content === 'string') {
      add(`messages.${i}.content`, message.role, message.content);
      continue;
    }
    for (const [j, block] of message.content.entries()) {
      const problem = add(`messages.${i}.content.${j}`, message.role, block);
      if (problem) return problem;
    }
  }

  const explicit = blocks.filter((b) => b.breakpoint).length;
  if (body.cache_control) {
    const control = body.cache_control;
    if (control.type !== 'ephemeral') return "cache_control.type: Input should be 'ephemeral'";
    const last = [...blocks].reverse().find((b) => b.cacheable);
    if (last && !last.breakpoint) last.breakpoint = control.ttl ?? '5m';
  }
  const total = blocks.filter((b) => b.breakpoint).length;
  if (total > MAX_BREAKPOINTS) {
    return explicit > MAX_BREAKPOINTS
      ? `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${explicit}.`
      : `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided, including the automatic one. Found ${total}.`;
  }
  let seenShort = false;
  for (const block of blocks) {
    if (block.breakpoint === '5m') seenShort = true;
    if (block.breakpoint === '1h' && seenShort) {
      return `${block.where}: a ttl='1h' cache_control block must not come after a ttl='5m' cache_control block`;
    }
  }
  const totalChars = blocks.reduce((sum, b) => sum + b.chars, 0);
  return { blocks, totalTokens: tokensForChars(totalChars) };
}

function blockChars(block: Record<string, unknown>): number {
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? block.text.length : 0;
    case 'image':
      return IMAGE_CHARS;
    case 'tool_use':
      return String(block.name ?? '').length + JSON.stringify(block.input ?? {}).length;
    case 'tool_result': {
      const content = block.content;
      if (typeof content === 'string') return content.length;
      if (Array.isArray(content)) {
        return content.reduce<number>((sum, part) => sum + (isRecord(part) ? blockChars(part) : 0), 0);
      }
      return 0;
    }
    case 'thinking':
      return typeof block.thinking === 'string' ? block.thinking.length : 0;
    default:
      // Tool definitions and the less common block types: their JSON is what the model reads.
      return JSON.stringify(block).length;
  }
}

interface CacheUsage {
  input: number;
  read: number;
  creation5m: number;
  creation1h: number;
}

interface CacheEntry {
  expiresAt: number;
  ttl: '5m' | '1h';
}

class PromptCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly now: () => number) {}

  clear(): void {
    this.entries.clear();
  }

  /**
   * Reads the longest cached prefix ending at or shortly before a breakpoint, writes every breakpoint's
   * prefix that is long enough, and splits the prompt into read / created / uncached tokens.
   */
  account(model: string, prompt: FlatPrompt, minTokens: number): CacheUsage {
    const now = this.now();
    const keys: string[] = [];
    const tokensAt: number[] = [];
    let hash = createHash('sha256').update(model).digest('hex');
    let chars = 0;
    for (const block of prompt.blocks) {
      hash = createHash('sha256').update(hash).update('\u0000').update(block.key).digest('hex');
      chars += block.chars;
      keys.push(hash);
      tokensAt.push(tokensForChars(chars));
    }

    const breakpoints = prompt.blocks
      .map((block, index) => ({ index, ttl: block.breakpoint }))
      .filter((b): b is { index: number; ttl: '5m' | '1h' } => b.ttl !== undefined)
      .filter((b) => (tokensAt[b.index] ?? 0) >= minTokens);
    const last = breakpoints.at(-1);
    if (!last) return { input: prompt.totalTokens, read: 0, creation5m: 0, creation1h: 0 };

    let hit = -1;
    for (const b of breakpoints) {
      for (let j = b.index; j >= Math.max(0, b.index - LOOKBACK_BLOCKS); j -= 1) {
        const entry = this.entries.get(keys[j] ?? '');
        if (entry && entry.expiresAt > now && j > hit) hit = j;
      }
    }

    const read = hit >= 0 ? (tokensAt[hit] ?? 0) : 0;
    let creation5m = 0;
    let creation1h = 0;
    let boundary = read;
    for (const b of breakpoints) {
      if (b.index <= hit) continue;
      const segment = (tokensAt[b.index] ?? 0) - boundary;
      boundary = tokensAt[b.index] ?? boundary;
      if (b.ttl === '1h') creation1h += segment;
      else creation5m += segment;
    }

    if (hit >= 0) {
      const entry = this.entries.get(keys[hit] ?? '');
      if (entry) entry.expiresAt = now + TTL_MS[entry.ttl];
    }
    for (const b of breakpoints) {
      const key = keys[b.index] ?? '';
      const existing = this.entries.get(key);
      const ttl = existing?.ttl === '1h' ? '1h' : b.ttl;
      this.entries.set(key, { ttl, expiresAt: now + TTL_MS[ttl] });
    }

    return { input: prompt.totalTokens - (tokensAt[last.index] ?? 0), read, creation5m, creation1h };
  }
}
