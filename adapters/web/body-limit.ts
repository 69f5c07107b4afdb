// The request body limit, enforced without building a web Request per call. A body that declares its length is
// judged by Content-Length alone (Node's parser holds the body to it) and later read straight off the socket; only
// one of undeclared length (chunked) is read here, its bytes counted as they come and the reading stopped at the
// limit. hono/body-limit asked for `req.raw.body` first, which on @hono/node-server builds the whole Request
// (headers copied, a web stream over the socket, an abort signal) for every POST.
import type { Context, MiddlewareHandler } from 'hono';

/** Bodies this module read while counting them, for jsonBody: the request's own stream is spent by then. */
const counted = new WeakMap<Request, string>();
const decoder = new TextDecoder();

export function limitBody(maxBytes: number, tooLarge: (c: Context) => Response): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    // As before: GET and HEAD bodies are never read, so never counted.
    if (method === 'GET' || method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) return Number(declared) > maxBytes ? tooLarge(c) : next();
    const stream = c.req.raw.body;
    if (!stream) return next();
    const body = await readAtMost(stream, maxBytes);
    if (body === undefined) return tooLarge(c);
    counted.set(c.req.raw, decoder.decode(body));
    return next();
  };
}

/**
 * A body read as it comes, its bytes counted; undefined once it passes `maxBytes`. The rest is left unread: the
 * server drains or drops it after the answer, so the client reads the refusal.
 */
export async function readAtMost(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) return undefined;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The request's body as JSON, undefined when it is not JSON. */
export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return JSON.parse(counted.get(c.req.raw) ?? (await c.req.text()));
  } catch {
    return undefined;
  }
}
