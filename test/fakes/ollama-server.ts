// A local stand-in for Ollama's chat endpoint (POST /api/chat, NDJSON stream by default), enough for the
// `ollama` client behind LangChain's ChatOllama: streamed content, whole tool calls, the final chunk with
// durations and eval counts, `{error}` bodies, plus /api/tags and /api/version for model checks.
import { routeReply, type DropReply, type HandlerContext, type ReplyTiming } from './http-kit.ts';
import {
  flatHeaders,
  isRecord,
  parseJsonObject,
  readBody,
  sendJson,
  splitForStreaming,
  startFakeServer,
  tokensForChars,
  writeAsync,
  type Exchange,
} from './http-kit.ts';

export interface OllamaToolCall {
  function: { name: string; arguments: Record<string, unknown> };
}

export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  images?: string[];
  tool_calls?: OllamaToolCall[];
  [field: string]: unknown;
}

export interface OllamaChatRequestBody {
  model: string;
  messages: OllamaMessage[];
  tools?: { type: 'function'; function: { name: string; description?: string; parameters?: unknown } }[];
  /** Ollama streams unless told otherwise. */
  stream?: boolean;
  format?: string | Record<string, unknown>;
  options?: { num_predict?: number; stop?: string[]; [field: string]: unknown };
  [field: string]: unknown;
}

export interface RecordedOllamaRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: OllamaChatRequestBody;
  rawBody: string;
  count: number;
}

export type OllamaReplyTiming = ReplyTiming;

export interface OllamaTextReply extends OllamaReplyTiming {
  text: string;
}

export interface OllamaToolUseReply extends OllamaReplyTiming {
  toolUse: { name: string; input: Record<string, unknown> } | { name: string; input: Record<string, unknown> }[];
  text?: string;
}

export interface OllamaRawToolInputReply extends OllamaReplyTiming {
  /**
   * Ollama parses tool calls out of the model's text itself; when that fails the raw text arrives as plain
   * content, which is what this reply sends.
   */
  rawToolInput: string;
}

export interface OllamaErrorReply extends OllamaReplyTiming {
  /** Ollama errors are `{"error": "<message>"}` with the HTTP status. */
  error: { status: number; message: string };
  /** Streams only: answer 200 and send an `{"error": …}` line after the first chunk. */
  midStream?: boolean;
}

export type OllamaDropReply = DropReply;

/** Timing alone (e.g. `{ delayMs: 50 }`) answers the default text after the delay. */
export type OllamaReply =
  | OllamaTextReply
  | OllamaToolUseReply
  | OllamaRawToolInputReply
  | OllamaErrorReply
  | OllamaDropReply
  | OllamaReplyTiming;

export type OllamaHandlerContext = HandlerContext;

export type OllamaHandler = (
  body: OllamaChatRequestBody,
  context: OllamaHandlerContext,
) => OllamaReply | Promise<OllamaReply>;

export interface FakeOllamaOptions {
  handler?: OllamaHandler;
  port?: number;
  /**
   * Installed models, e.g. ['llama3.1:latest']. When given, other names get Ollama's 404 "not found, try
   * pulling it first"; when omitted, every model name is accepted.
   */
  models?: string[];
}

export interface FakeOllama {
  /** Pass as ChatOllama's `baseUrl` (or the ollama client's `host`). */
  url: string;
  requests: RecordedOllamaRequest[];
  setHandler(handler: OllamaHandler): void;
  close(): Promise<void>;
}

const DEFAULT_REPLY = 'What do you notice about the problem so far?';
// Durations are reported in nanoseconds; these make a plausible small local model.
const NS_PER_TOKEN_PROMPT = 2_000_000;
const NS_PER_TOKEN_EVAL = 20_000_000;

export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  let handler: OllamaHandler = options.handler ?? (() => ({ text: DEFAULT_REPLY }));
  const requests: RecordedOllamaRequest[] = [];
  let count = 0;
  const installed = options.models;
  const known = (model: string): boolean =>
    !installed || installed.some((name) => name === model || name === `${model}:latest`);

  const server = await startFakeServer(async (exchange) => {
    const { req, res } = exchange;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const rawBody = await readBody(req);

    if (req.method === 'GET' && path === '/') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Ollama is running');
      return;
    }
    if (req.method === 'GET' && path === '/api/version') return sendJson(res, 200, { version: '0.12.0' });
    if (req.method === 'GET' && path === '/api/tags') {
      const names = installed ?? ['llama3.1:latest'];
      return sendJson(res, 200, {
        models: names.map((name) => ({
          name,
          model: name,
          modified_at: new Date(0).toISOString(),
          size: 4_920_753_328,
          digest: '0'.repeat(64),
          details: { format: 'gguf', family: 'llama', parameter_size: '8.0B', quantization_level: 'Q4_K_M' },
        })),
      });
    }
    if (path !== '/api/chat' || req.method !== 'POST') return sendJson(res, 404, { error: '404 page not found' });

    const parsed = parseJsonObject(rawBody);
    if (!parsed) return sendJson(res, 400, { error: 'invalid character in request body' });
    if (typeof parsed.model !== 'string' || !parsed.model) return sendJson(res, 400, { error: 'model is required' });
    if (!known(parsed.model)) {
      return sendJson(res, 404, { error: `model "${parsed.model}" not found, try pulling it first` });
    }
    const messages = parsed.messages ?? [];
    if (!Array.isArray(messages) || messages.some((m) => !isRecord(m) || typeof m.role !== 'string')) {
      return sendJson(res, 400, { error: 'invalid message format' });
    }
    const body = { ...parsed, messages } as OllamaChatRequestBody;

    count += 1;
    const stream = body.stream !== false;
    requests.push({ method: req.method, path, headers: flatHeaders(req), body, rawBody, count });
    const reply = await handler(body, { count, stream, headers: flatHeaders(req) });
    await answer(exchange, body, reply);
  }, options.port);

  return {
    url: server.origin,
    requests,
    setHandler: (next) => {
      handler = next;
    },
    close: () => server.close(),
  };
}

interface Plan {
  content: string;
  calls: OllamaToolCall[];
  doneReason: 'stop' | 'length';
  evalCount: number;
}

async function answer(exchange: Exchange, body: OllamaChatRequestBody, reply: OllamaReply): Promise<void> {
  const { res } = exchange;
  const stream = body.stream !== false;
  await routeReply(exchange, reply, {
    stream,
    dropMidStream: () => streamChat(exchange, body, plan(body, { text: DEFAULT_REPLY }), reply, { drop: true }),
    errorMidStream: (error) => streamChat(exchange, body, plan(body, { text: '' }), reply, { error: error.message }),
    sendError: (error) => sendJson(res, error.status, { error: error.message }),
    answer: () => answerNormally(exchange, body, reply as OllamaTextReply | OllamaToolUseReply | OllamaRawToolInputReply | OllamaReplyTiming, stream),
  });
}

async function answerNormally(
  exchange: Exchange,
  body: OllamaChatRequestBody,
  reply: OllamaTextReply | OllamaToolUseReply | OllamaRawToolInputReply | OllamaReplyTiming,
  stream: boolean,
): Promise<void> {
  const { res } = exchange;
  const planned = plan(body, reply);
  if (stream) {
    await streamChat(exchange, body, planned, reply, {});
    return;
  }
  sendJson(res, 200, {
    ...frame(body.model, { role: 'assistant', content: planned.content, ...toolCallsOf(planned) }),
    ...doneFields(body, planned),
  });
}

function plan(
  body: OllamaChatRequestBody,
  reply: OllamaTextReply | OllamaToolUseReply | OllamaRawToolInputReply | OllamaReplyTiming,
): Plan {
  if ('toolUse' in reply) {
    const calls = (Array.isArray(reply.toolUse) ? reply.toolUse : [reply.toolUse]).map((call) => ({
      function: { name: call.name, arguments: call.input },
    }));
    const content = reply.text ?? '';
    const chars = content.length + calls.reduce((s, c) => s + c.function.name.length + JSON.stringify(c.function.arguments).length, 0);
    return { content, calls, doneReason: 'stop', evalCount: tokensForChars(chars) };
  }
  let text = 'rawToolInput' in reply ? reply.rawToolInput : 'text' in reply ? reply.text : DEFAULT_REPLY;
  for (const stop of body.options?.stop ?? []) {
    const at = stop ? text.indexOf(stop) : -1;
    if (at >= 0) text = text.slice(0, at);
  }
  let evalCount = tokensForChars(text.length);
  let doneReason: Plan['doneReason'] = 'stop';
  const limit = body.options?.num_predict;
  if (typeof limit === 'number' && limit >= 0 && evalCount > limit) {
    text = text.slice(0, limit * 4);
    evalCount = limit;
    doneReason = 'length';
  }
  return { content: text, calls: [], doneReason, evalCount };
}

function toolCallsOf(planned: Plan): { tool_calls?: OllamaToolCall[] } {
  return planned.calls.length ? { tool_calls: planned.calls } : {};
}

function frame(model: string, message: Record<string, unknown>): Record<string, unknown> {
  return { model, created_at: new Date().toISOString(), message, done: false };
}

function doneFields(body: OllamaChatRequestBody, planned: Plan): Record<string, unknown> {
  const messageChars = body.messages.reduce((sum, m) => sum + (typeof m.content === 'string' ? m.content.length : 0), 0);
  const toolChars = body.tools?.length ? JSON.stringify(body.tools).length : 0;
  const promptChars = messageChars + toolChars;
  const promptEvalCount = tokensForChars(promptChars);
  const promptEvalDuration = promptEvalCount * NS_PER_TOKEN_PROMPT;
  const evalDuration = Math.max(1, planned.evalCount) * NS_PER_TOKEN_EVAL;
  const loadDuration = 5_000_000;
  return {
    done: true,
    done_reason: planned.doneReason,
    total_duration: loadDuration + promptEvalDuration + evalDuration,
    load_duration: loadDuration,
    prompt_eval_count: promptEvalCount,
    prompt_eval_duration: promptEvalDuration,
    eval_count: planned.evalCount,
    eval_duration: evalDuration,
  };
}

async function streamChat(
  exchange: Exchange,
  body: OllamaChatRequestBody,
  planned: Plan,
  timing: OllamaReplyTiming,
  extras: { drop?: boolean; error?: string },
): Promise<void> {
  const { res } = exchange;
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  res.flushHeaders();
  let lines = 0;
  const send = async (payload: unknown): Promise<boolean> => {
    if (exchange.gone()) return false;
    if (lines > 0 && timing.deltaDelayMs && !(await exchange.sleep(timing.deltaDelayMs))) return false;
    await writeAsync(res, `${JSON.stringify(payload)}\n`);
    lines += 1;
    if (lines === 1) {
      if (extras.drop) {
        exchange.drop();
        return false;
      }
      if (timing.stallMs && !(await exchange.sleep(timing.stallMs))) return false;
    }
    return !exchange.gone();
  };

  if (extras.error) {
    if (!(await send(frame(body.model, { role: 'assistant', content: '' })))) return;
    await send({ error: extras.error });
    res.end();
    return;
  }
  const pieces = splitForStreaming(planned.content);
  for (const piece of pieces) {
    if (!(await send(frame(body.model, { role: 'assistant', content: piece })))) return;
  }
  // Ollama delivers each tool call whole, in its own chunk, never as argument fragments.
  if (planned.calls.length) {
    if (!(await send(frame(body.model, { role: 'assistant', content: '', tool_calls: planned.calls })))) return;
  }
  const last = { ...frame(body.model, { role: 'assistant', content: '' }), ...doneFields(body, planned) };
  if (!(await send(last))) return;
  res.end();
}
