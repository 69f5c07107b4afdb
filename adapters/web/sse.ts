// A turn's events as Server-Sent Events (API.md), written straight to Node's response when there is one. Events that
// are ready together go out as one write, the headers with them, and the last ones with the end of the response:
// a turn of the offline model is one write on the socket, where a web stream between the tutor and the socket
// cost a stream of promises per event and a write of its own for the headers.
import { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { TutorEvent } from '../../src/index.ts';
import type { TurnFailure, TurnRecord } from './sessions.ts';

/** A comment line now and then keeps proxies from cutting a stream that waits on a slow model. */
const PING_MS = 15_000;
const PING = ': ping\n\n';

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'transfer-encoding': 'chunked',
} as const;

/** A turn that ended without saying how (the tutor always ends with `end` or `error`), closed for the client. */
const FALLBACK_END = 'event: end\ndata: {"open":null,"mastery":{},"mastered":[]}\n\n';

/** One event as the API sends it: `event: <type>`, then its data as one line of JSON. */
export function formatEvent(event: TutorEvent | TurnFailure): string {
  const data =
    event.type === 'delta'
      ? { text: event.text }
      : event.type === 'reply'
        ? event.reply
        : event.type === 'error'
          ? { code: event.code, message: event.message, retryable: event.retryable }
          : { open: event.open, mastery: event.mastery, mastered: event.mastered, ...(event.level !== undefined ? { level: event.level } : {}), ...(event.verdict ? { verdict: event.verdict } : {}) };
  // JSON.stringify escapes every line break, so the data is always one `data:` line.
  return `event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Where a stream's text goes: Node's response, or a web stream where there is none (app.request in tests). */
interface Sink {
  /** Sends text, with the headers if they have not gone yet. */
  write(text: string): void;
  /** Sends the headers alone: nothing else is ready, and the client should know the turn is under way. */
  open(): void;
  /** Sends the last text and ends the response. */
  end(text: string): void;
}

/**
 * Streams a turn, from its first event, to the end: events ready at the same moment are joined into one write,
 * and a client that goes away stops only its stream, never the turn (a resent turn reads the same record).
 */
function pump(turn: TurnRecord, sink: Sink, closed: (stop: () => void) => void): void {
  let sent = 0;
  let scheduled = false;
  let over = false;
  let ping: NodeJS.Timeout | undefined;
  const stop = () => {
    over = true;
    turn.listeners.delete(wake);
    clearInterval(ping);
  };
  const flush = () => {
    scheduled = false;
    if (over) return;
    let text = '';
    while (sent < turn.events.length) text += formatEvent(turn.events[sent++] as TutorEvent | TurnFailure);
    if (turn.done) {
      stop();
      if (!turn.events.some((e) => e.type === 'end' || e.type === 'error')) text += FALLBACK_END;
      sink.end(text);
      return;
    }
    if (text) sink.write(text);
    else if (ping === undefined) sink.open();
    ping ??= setInterval(() => sink.write(PING), PING_MS);
  };
  // Deferred to the next tick: the events a turn emits one after another in the same pass are sent together.
  function wake() {
    if (scheduled || over) return;
    scheduled = true;
    process.nextTick(flush);
  }
  turn.listeners.add(wake);
  closed(stop);
  wake();
}

/** Node's response for this request, when the app runs on @hono/node-server over HTTP/1.1. */
function nodeResponse(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  return outgoing instanceof ServerResponse ? outgoing : undefined;
}

/** Answers the request with the turn's event stream. */
export function streamTurn(c: Context, turn: TurnRecord): Response {
  const outgoing = nodeResponse(c);
  if (!outgoing) return webStream(c, turn);
  // The headers other middleware set for this request (CORS), with the stream's own.
  const headers: Record<string, string> = {};
  for (const [name, value] of c.newResponse(null).headers) headers[name] = value;
  Object.assign(headers, SSE_HEADERS);
  /**
   * Runs one write on the response unless the client is gone. The writes run outside the request's promise
   * chain, where nothing would catch a throw: a response that cannot be written is dropped instead.
   */
  const guarded = (write: () => void) => {
    if (outgoing.writableEnded || outgoing.destroyed) return;
    try {
      write();
    } catch (error) {
      outgoing.destroy(error as Error);
    }
  };
  const head = () => {
    if (!outgoing.headersSent) outgoing.writeHead(200, headers);
  };
  pump(
    turn,
    {
      write: (text) =>
        guarded(() => {
          head();
          outgoing.write(text);
        }),
      open: () =>
        guarded(() => {
          if (outgoing.headersSent) return;
          head();
          outgoing.flushHeaders();
        }),
      end: (text) =>
        guarded(() => {
          head();
          // Node corks the socket around end(): the last events and the chunked terminator leave in one write.
          outgoing.end(text);
        }),
    },
    (stop) => outgoing.once('close', stop),
  );
  // Tells @hono/node-server that this response is written already. The marker is made when this module loads,
  // before any server replaces the global Response with its own, and the adapter honours it only on a plain one.
  return RESPONSE_ALREADY_SENT;
}

function webStream(c: Context, turn: TurnRecord): Response {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(control) {
      controller = control;
    },
    cancel() {
      stop();
    },
  });
  pump(
    turn,
    {
      write(text) {
        controller.enqueue(encoder.encode(text));
      },
      open() {},
      end(text) {
        if (text) controller.enqueue(encoder.encode(text));
        controller.close();
      },
    },
    (onClose) => (stop = onClose),
  );
  return c.newResponse(body, 200, SSE_HEADERS);
}
