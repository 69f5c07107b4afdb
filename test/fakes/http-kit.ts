// Plumbing shared by the local protocol fakes: a 127.0.0.1 server that can always be closed at once,
// request lifetimes that cancel pending timers, and the rough token arithmetic the fakes report.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * One request in flight. `sleep` resolves early (with false) once the client has gone away or the fake is
 * closing, so a delayed answer never outlives its test or writes to a dead socket.
 */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** True once the client disconnected or the server is closing. */
  readonly gone: () => boolean;
  sleep(ms: number): Promise<boolean>;
  /** Ends the TCP connection without an HTTP answer, as a crashed proxy or a reset would. */
  drop(): void;
}

export type ExchangeHandler = (exchange: Exchange) => Promise<void>;

export async function startFakeServer(handle: ExchangeHandler, port = 0): Promise<FakeServer> {
  const sockets = new Set<Socket>();
  const cancels = new Set<() => void>();
  let closing = false;

  const server: Server = createServer((req, res) => {
    let gone = false;
    const wakers = new Set<() => void>();
    const markGone = (): void => {
      gone = true;
      for (const wake of wakers) wake();
      wakers.clear();
    };
    // 'close' on the response fires both after a normal end and on a client abort; only the latter matters.
    res.on('close', () => {
      if (!res.writableFinished) markGone();
    });
    cancels.add(markGone);
    res.on('close', () => cancels.delete(markGone));

    const exchange: Exchange = {
      req,
      res,
      gone: () => gone || closing,
      sleep: (ms) =>
        new Promise<boolean>((resolve) => {
          if (gone || closing) return resolve(false);
          if (ms <= 0) return resolve(true);
          const wake = (): void => {
            clearTimeout(timer);
            resolve(false);
          };
          const timer = setTimeout(() => {
            wakers.delete(wake);
            resolve(true);
          }, ms);
          wakers.add(wake);
        }),
      drop: () => {
        req.socket.destroy();
      },
    };

    handle(exchange).catch((error: unknown) => {
      // A bug in a fake or a throwing handler must fail the test that hit it, not hang it, and must not be
      // hidden by client retries: hence a 500 the SDKs are told not to retry.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'text/plain', 'x-should-retry': 'false' });
        res.end(`fake server error: ${error instanceof Error ? error.stack : String(error)}`);
      } else {
        res.destroy();
      }
    });
  });

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${bound}`,
    close: async () => {
      if (closing) return;
      closing = true;
      for (const cancel of [...cancels]) cancel();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Client libraries keep idle keep-alive sockets open; without this the close waits for their timeout.
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Header values flattened to strings, names lower-cased, so tests can compare them directly. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function parseJsonObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text).toString(),
    ...headers,
  });
  res.end(text);
}

/** Provider-style opaque ids, e.g. `msg_01…`, `toolu_01…`, `chatcmpl-…`. */
export function fakeId(prefix: string, bytes = 12): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

/** The common "four characters a token" estimate; good enough for budgets and cache accounting. */
export function tokensForChars(chars: number): number {
  return Math.ceil(chars / 4);
}

/**
 * Splits model output into several stream deltas the way a tokenizer would: on word boundaries, a couple of
 * words at a time, never fewer than two pieces for text of two or more characters (so consumers that only
 * look at the first delta are caught).
 */
export function splitForStreaming(text: string, wordsPerDelta = 2): string[] {
  if (text.length < 2) return text.length ? [text] : [];
  const words = text.match(/\s*\S+\s*/g) ?? [text];
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerDelta) pieces.push(words.slice(i, i + wordsPerDelta).join(''));
  if (pieces.length >= 2) return pieces;
  const mid = Math.ceil(text.length / 2);
  return [text.slice(0, mid), text.slice(mid)];
}

/**
 * Splits a JSON string into arbitrary small chunks, cutting through keys, strings and numbers as real
 * tool-argument streams do, so a consumer that parses each chunk on its own fails.
 */
export function splitJson(json: string, size = 7): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < json.length; i += size) pieces.push(json.slice(i, i + size));
  return pieces.length ? pieces : [''];
}

/** Like the real servers: finish every write before the socket closes. */
export function writeAsync(res: ServerResponse, chunk: string): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed || res.writableEnded) return resolve();
    res.write(chunk, () => resolve());
  });
}

/** How a fake answers in time; the same for every protocol. */
export interface ReplyTiming {
  /** Wait before answering at all (headers included): drives client timeouts. */
  delayMs?: number;
  /** Streams only: pause after the first content delta, as a stalled generation would. */
  stallMs?: number;
  /** Streams only: pause between consecutive events, to model a generation speed. */
  deltaDelayMs?: number;
}

export interface DropReply extends ReplyTiming {
  /** true: close the socket with no answer. 'midStream': start a streamed answer, then close the socket. */
  dropConnection: true | 'midStream';
}

export interface HandlerContext {
  /** 1-based arrival order across all requests, retries included. */
  count: number;
  stream: boolean;
  headers: Record<string, string>;
}

/** What every fake does with a scripted reply, by protocol: the steps differ only in their wire format. */
export interface ReplyRoutes<E> {
  stream: boolean;
  /** Start a streamed answer, then cut the connection. */
  dropMidStream(): Promise<void>;
  /** Start a streamed answer, then send the protocol's error event. */
  errorMidStream(error: E): Promise<void>;
  /** Answer with the protocol's HTTP error. */
  sendError(error: E): void;
  /** Answer normally, streamed or not. */
  answer(): Promise<void>;
}

/** The shared order of a scripted reply: wait, give up if the client left, drop, fail, or answer. */
export async function routeReply<E>(
  exchange: Exchange,
  reply: ReplyTiming & { dropConnection?: true | 'midStream'; error?: E; midStream?: boolean },
  routes: ReplyRoutes<E>,
): Promise<void> {
  if (reply.delayMs && !(await exchange.sleep(reply.delayMs))) return;
  if (exchange.gone()) return;
  if (reply.dropConnection !== undefined) {
    if (reply.dropConnection === true || !routes.stream) return exchange.drop();
    return routes.dropMidStream();
  }
  if (reply.error !== undefined) {
    if (routes.stream && reply.midStream) return routes.errorMidStream(reply.error);
    return routes.sendError(reply.error);
  }
  return routes.answer();
}
