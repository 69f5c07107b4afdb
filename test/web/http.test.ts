// The API as a client on a real socket sees it: oversized bodies refused whether or not they declare their length,
// and a turn's event stream (headers, framing, order, replay) whether the turn is already over or still running.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { openPonder, type Ponder } from '../../src/app.ts';
import type { Tutor, TutorEvent } from '../../src/index.ts';
import { readWebConfig, type WebConfig } from '../../adapters/web/config.ts';
import { createWebAdapter, type WebAdapter } from '../../adapters/web/server.ts';
import { MINI, tempDb } from '../helpers/session.ts';
import { LEARNER, parseSse } from './harness.ts';

const ANON = 'anon-http-test-0123456789';

const serverConfig = (overrides: Partial<WebConfig> = {}): WebConfig => ({ ...readWebConfig({}), port: 0, host: '127.0.0.1', ...overrides });

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A POST through node:http, so that the framing is the test's choice: `chunks` are sent with
 * Transfer-Encoding: chunked and no Content-Length, a string with its Content-Length.
 */
function post(url: string, body: string | string[], headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunked = Array.isArray(body);
    const req = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) }), ...headers },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    // The server may answer (and close) before a refused body is all sent: what the client reads is the answer.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (chunked) {
      for (const chunk of body) req.write(chunk);
      req.end();
    } else req.end(body);
  });
}

/** A turn's body padded with spaces (valid JSON) to exactly `bytes` bytes. */
function turnBodyOf(bytes: number, clientTurnId: string): string {
  const bare = JSON.stringify({ text: 'hi', clientTurnId });
  return `${bare.slice(0, -1)}${' '.repeat(bytes - Buffer.byteLength(bare))}}`;
}

describe('request bodies over the limit, on a real socket', () => {
  let ponder: Ponder;
  let web: WebAdapter;
  let cleanup: () => void;
  let sessionId: string;
  let limit: number;
  let n = 0;

  beforeAll(async () => {
    const db = tempDb();
    cleanup = db.cleanup;
    ponder = openPonder({ curriculumDir: MINI, dbPath: db.dbPath });
    const config = serverConfig({ turnsPerMinute: 1000 });
    limit = config.maxBodyBytes;
    web = await createWebAdapter({ tutor: ponder.tutor, config });
    const started = await post(`${web.url}/api/session`, JSON.stringify({ site: 'demo', anonymousId: ANON }));
    sessionId = (JSON.parse(started.body) as { sessionId: string }).sessionId;
  }, 60_000);

  afterAll(async () => {
    await web?.close();
    await ponder?.close();
    cleanup?.();
  });

  const turnUrl = () => `${web.url}/api/session/${sessionId}/turns`;
  const nextId = () => `limit-turn-${++n}-abcdef`;
  const expectTooLarge = (answer: Answer) => {
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'TOO_LARGE', message: `A request body may be at most ${limit} bytes.` } });
  };

  it('refuses a body whose Content-Length is over the limit, and answers the next request', async () => {
    expectTooLarge(await post(turnUrl(), turnBodyOf(limit + 1, nextId()), { [LEARNER]: ANON }));
    expectTooLarge(await post(`${web.url}/api/session`, JSON.stringify({ site: 'demo', anonymousId: 'x'.repeat(20_000) })));
    expect((await post(turnUrl(), turnBodyOf(200, nextId()), { [LEARNER]: ANON })).status).toBe(200);
  });

  it('refuses a chunked body with no Content-Length once it passes the limit, in one chunk or in many', async () => {
    expectTooLarge(await post(turnUrl(), [turnBodyOf(limit + 1, nextId())], { [LEARNER]: ANON }));
    const body = turnBodyOf(limit * 2, nextId());
    const chunks = Array.from({ length: Math.ceil(body.length / 1000) }, (_, i) => body.slice(i * 1000, (i + 1) * 1000));
    expectTooLarge(await post(turnUrl(), chunks, { [LEARNER]: ANON }));
    expect((await post(turnUrl(), turnBodyOf(200, nextId()), { [LEARNER]: ANON })).status).toBe(200);
  });

  it('takes a body of exactly the limit, declared or chunked, and refuses one byte more', async () => {
    for (const chunked of [false, true]) {
      const at = turnBodyOf(limit, nextId());
      const over = turnBodyOf(limit + 1, nextId());
      const send = (body: string) => post(turnUrl(), chunked ? [body.slice(0, 5000), body.slice(5000)] : body, { [LEARNER]: ANON });
      const taken = await send(at);
      expect(taken.status).toBe(200);
      expect(parseSse(taken.body).at(-1)?.event).toBe('end');
      expectTooLarge(await send(over));
    }
  });

  it('reads a chunked body under the limit like a declared one', async () => {
    const clientTurnId = nextId();
    const body = JSON.stringify({ text: 'hi', clientTurnId });
    const answer = await post(turnUrl(), [body.slice(0, 7), body.slice(7, 20), body.slice(20)], { [LEARNER]: ANON });
    expect(answer.status).toBe(200);
    // The same turn sent again with its length declared is the same turn, replayed.
    expect((await post(turnUrl(), body, { [LEARNER]: ANON })).body).toBe(answer.body);
    const broken = await post(turnUrl(), ['{"text": "hi", ', '"clientTurnId": '], { [LEARNER]: ANON });
    expect(broken.status).toBe(400);
    expect((JSON.parse(broken.body) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
  });

  it('refuses an oversized body before anything else reads it, with the page still told why', async () => {
    const answer = await post(`${web.url}/api/session`, [JSON.stringify({ site: 'demo', anonymousId: 'y'.repeat(20_000) })], { origin: 'https://evil.example' });
    expectTooLarge(answer);
    expect(answer.headers['access-control-allow-origin']).toBe('https://evil.example');
  });
});

describe("a turn's event stream, on a real socket", () => {
  let ponder: Ponder;
  let web: WebAdapter;
  let cleanup: () => void;

  beforeAll(async () => {
    const db = tempDb();
    cleanup = db.cleanup;
    ponder = openPonder({ curriculumDir: MINI, dbPath: db.dbPath });
    web = await createWebAdapter({ tutor: ponder.tutor, config: serverConfig({ turnsPerMinute: 1000 }) });
  }, 60_000);

  afterAll(async () => {
    await web?.close();
    await ponder?.close();
    cleanup?.();
  });

  it('sends the SSE headers, CORS for the page, every event in order as `event:`/`data:` blocks, and replays a resent turn byte for byte', async () => {
    const origin = web.url;
    const started = await post(`${web.url}/api/session`, JSON.stringify({ site: 'demo', anonymousId: ANON }), { origin });
    const { sessionId } = JSON.parse(started.body) as { sessionId: string };
    const turn = (text: string, clientTurnId: string) => post(`${web.url}/api/session/${sessionId}/turns`, JSON.stringify({ text, clientTurnId }), { origin, [LEARNER]: ANON });

    const first = await turn('start mini', 'stream-turn-000001');
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('text/event-stream');
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers['transfer-encoding']).toBe('chunked');
    expect(first.headers['access-control-allow-origin']).toBe(origin);
    expect(first.headers['access-control-expose-headers']).toBe('Retry-After');
    expect(first.headers.vary).toBe('Origin');
    // Blocks of exactly "event: <type>\ndata: <one line of JSON>\n\n", nothing else.
    expect(first.body).toMatch(/^(event: (delta|reply|end)\ndata: [^\n]+\n\n)+$/);
    const events = parseSse(first.body);
    expect(events.map((e) => e.event)).toEqual([...events.slice(0, -1).map(() => 'reply'), 'end']);
    expect(events.at(-1)?.data).toMatchObject({ open: { concept: expect.any(String) }, mastered: [] });

    const again = await turn('start mini', 'stream-turn-000001');
    expect(again.body).toBe(first.body);
    const next = await turn('skip', 'stream-turn-000002');
    expect(parseSse(next.body).at(-1)?.event).toBe('end');
    expect(next.body).not.toBe(first.body);
  });
});

/** A tutor whose turns go as far as the test lets them: each event waits for `step()`. */
function steppedTutor() {
  const waiting: Array<() => void> = [];
  const gates: Array<Promise<void>> = [];
  let handled = 0;
  const gate = (i: number) => (gates[i] ??= new Promise<void>((resolve) => (waiting[i] = resolve)));
  const script: TutorEvent[] = [
    { type: 'delta', text: 'Think about ' },
    { type: 'reply', reply: { text: 'Think about halves.', why: 'a test', move: 'hint' } },
    { type: 'end', open: null, mastery: {}, mastered: [] },
  ];
  const tutor = {
    modelId: 'stepped',
    async *handle() {
      handled += 1;
      for (let i = 0; i < script.length; i++) {
        await gate(i);
        yield script[i] as TutorEvent;
      }
    },
    history: async () => [],
    status: async () => ({ open: null, mastery: {}, mastered: [] }),
  } as unknown as Tutor;
  return {
    tutor,
    /** Lets the turn emit its next event. */
    step(i: number) {
      gate(i);
      waiting[i]?.();
    },
    handled: () => handled,
  };
}

describe('a turn still running while its stream is read', () => {
  let web: WebAdapter | undefined;
  afterEach(async () => {
    await web?.close();
    web = undefined;
  });

  /** Reads a streamed answer as it comes: the headers at once, then the text so far on demand. */
  function open(url: string, body: string, headers: Record<string, string>) {
    let text = '';
    let ended = false;
    const waiters: Array<() => void> = [];
    const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
    const response = new Promise<{ status: number; headers: IncomingHttpHeaders }>((resolve, reject) => {
      req.on('response', (res) => {
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
          for (const wake of waiters.splice(0)) wake();
        });
        res.on('end', () => {
          ended = true;
          for (const wake of waiters.splice(0)) wake();
        });
        res.on('error', () => {});
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      });
      req.on('error', reject);
    });
    req.end(body);
    return {
      response,
      /** Waits until the text read so far satisfies `test`. */
      async until(test: (text: string, ended: boolean) => boolean): Promise<string> {
        while (!test(text, ended)) {
          if (ended) throw new Error(`the stream ended with ${JSON.stringify(text)}`);
          await new Promise<void>((resolve) => waiters.push(resolve));
        }
        return text;
      },
      abort: () => req.destroy(),
    };
  }

  it('sends the headers before the first event, each event as it happens, and a resent turn from its first event', async () => {
    const stepped = steppedTutor();
    web = await createWebAdapter({ tutor: stepped.tutor, config: serverConfig() });
    const started = await post(`${web.url}/api/session`, JSON.stringify({ site: 'demo', anonymousId: ANON }));
    const { sessionId } = JSON.parse(started.body) as { sessionId: string };
    const url = `${web.url}/api/session/${sessionId}/turns`;
    const body = JSON.stringify({ text: 'hi', clientTurnId: 'stepped-turn-0001' });

    const stream = open(url, body, { [LEARNER]: ANON });
    const { status, headers } = await stream.response;
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('text/event-stream');
    stepped.step(0);
    expect(await stream.until((t) => t.includes('\n\n'))).toBe('event: delta\ndata: {"text":"Think about "}\n\n');

    // The client drops the connection mid-turn; the turn goes on, and the same turn sent again gets all of it.
    stream.abort();
    const resent = open(url, body, { [LEARNER]: ANON });
    expect((await resent.response).status).toBe(200);
    await resent.until((t) => t.includes('event: delta'));
    stepped.step(1);
    await resent.until((t) => t.includes('event: reply'));
    stepped.step(2);
    const all = await resent.until((_, ended) => ended);
    expect(all).toBe(
      'event: delta\ndata: {"text":"Think about "}\n\n' +
        'event: reply\ndata: {"text":"Think about halves.","why":"a test","move":"hint"}\n\n' +
        'event: end\ndata: {"open":null,"mastery":{},"mastered":[]}\n\n',
    );
    expect(stepped.handled()).toBe(1);
    // And once more after the turn is over: the same bytes, at once.
    const replay = await post(url, body, { [LEARNER]: ANON });
    expect(replay.body).toBe(all);
  });

  it('streams one running turn to two connections at once, each in full', async () => {
    const stepped = steppedTutor();
    web = await createWebAdapter({ tutor: stepped.tutor, config: serverConfig() });
    const started = await post(`${web.url}/api/session`, JSON.stringify({ site: 'demo', anonymousId: ANON }));
    const { sessionId } = JSON.parse(started.body) as { sessionId: string };
    const url = `${web.url}/api/session/${sessionId}/turns`;
    const body = JSON.stringify({ text: 'hi', clientTurnId: 'stepped-turn-0002' });
    const first = open(url, body, { [LEARNER]: ANON });
    await first.response;
    stepped.step(0);
    await first.until((t) => t.includes('event: delta'));
    const second = open(url, body, { [LEARNER]: ANON });
    await second.until((t) => t.includes('event: delta'));
    stepped.step(1);
    stepped.step(2);
    const [a, b] = await Promise.all([first.until((_, ended) => ended), second.until((_, ended) => ended)]);
    expect(a).toBe(b);
    expect(parseSse(a).map((e) => e.event)).toEqual(['delta', 'reply', 'end']);
    expect(stepped.handled()).toBe(1);
  });
});
