// Every HTTP route against seeded random requests over a real socket on 127.0.0.1: odd methods and paths,
// hostile headers (origins, content types, oversized and binary values) and bodies (wrong shapes, huge strings,
// invalid UTF-8, prototype keys). Whatever arrives, the server answers below 500 and says nothing of its insides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { openPonder, type Ponder } from '../../src/app.ts';
import { readWebConfig } from '../../adapters/web/config.ts';
import { createWebAdapter, type WebAdapter } from '../../adapters/web/server.ts';
import { signLearnerToken } from '../../adapters/web/tokens.ts';
import { MINI, tempDb } from '../helpers/session.ts';

const SEED = 20260105;
const CASES = 600;
const RAW_CASES = 40;
const SECRET = 'fuzz-site-secret-0123456789';

/** mulberry32: a small seeded generator, so that a failure can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)] as T;
  const chance = (p: number) => next() < p;
  const text = (max: number, alphabet = 'abcXYZ019 -_.,;:!?/\\"\'{}[]<>&%$#@éß漢字😀\u0000\u0007\u202e\ufeff') =>
    Array.from({ length: int(max + 1) }, () => pick([...alphabet])).join('');
  return { next, int, pick, chance, text };
}

/** What a response must never show: file paths, stack frames, error names, SQL or the database's words. */
const INTERNAL = [
  /\/(work|home|tmp|usr|app|srv)\/[\w.-]/,
  /node_modules|node:internal|\.ts:\d+/,
  /\n\s*at \S+/,
  /\bat [\w.<>]+ \(.*:\d+:\d+\)/,
  /\b[A-Z]\w*Error:/,
  /\bError: /,
  /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b/,
  /SQLITE_|sqlite3?\b|syntax error|constraint failed|relation "/i,
];

interface Answer {
  status: number;
  body: string;
}

describe('the HTTP surface under random requests', () => {
  let ponder: Ponder;
  let web: WebAdapter;
  let cleanup: () => void;
  let port = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });

  beforeAll(async () => {
    const db = tempDb();
    cleanup = db.cleanup;
    ponder = openPonder({ curriculumDir: MINI, dbPath: db.dbPath });
    const config = readWebConfig({ PONDER_SITE_SECRETS: `demo=${SECRET}`, PONDER_ORIGINS: 'https://school.example,school=https://only-school.example' });
    web = await createWebAdapter({ tutor: ponder.tutor, config: { ...config, port: 0, host: '127.0.0.1', requestsPerMinute: 100_000, turnsPerMinute: 100_000, newLearnersPerHour: 100_000 } });
    port = Number(new URL(web.url).port);
  }, 30_000);

  afterAll(async () => {
    agent.destroy();
    await web?.close();
    await ponder?.close();
    cleanup?.();
  });

  function send(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Answer> {
    return new Promise((resolve, reject) => {
      // An explicit length: Node frames no body of its own for DELETE or OPTIONS, and the server would read the
      // bytes as the next request.
      const framed = body ? { ...headers, 'content-length': String(body.length) } : headers;
      const req = request({ host: '127.0.0.1', port, method, path, headers: framed, agent, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path}`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Bytes written straight to a socket, for what an HTTP client library refuses to send. */
  function sendRaw(bytes: Buffer): Promise<Answer> {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.setTimeout(5_000, () => socket.destroy());
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        // One answer is enough: keep-alive would hold the socket open.
        if (Buffer.concat(chunks).includes('\r\n\r\n')) socket.end();
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('latin1');
        resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), body: text });
      });
      socket.end(bytes);
    });
  }

  it(`answers ${CASES} random requests with no 5xx and no internal text`, async () => {
    const r = random(SEED);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const token = signLearnerToken({ site: 'demo', sub: 'fuzz-user', exp }, SECRET);
    // A few real sessions, so that the session routes are reached past the 404.
    const sessions: Array<{ id: string; proof: string }> = [];
    const open = async () => {
      const proof = r.chance(0.5) ? token : `anon-fuzz-${r.int(1e9)}-abcdefgh`;
      const res = await send('POST', '/api/session', { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(proof === token ? { site: 'demo', token } : { site: 'demo', anonymousId: proof })));
      expect(res.status).toBe(200);
      sessions.push({ id: (JSON.parse(res.body) as { sessionId: string }).sessionId, proof });
    };
    for (let i = 0; i < 4; i++) await open();

    const ids = () => [
      r.pick(sessions).id,
      r.pick(sessions).id,
      'no-such-session',
      '',
      '%00',
      '..%2F..%2Fetc%2Fpasswd',
      '%E0%A4%A',
      '__proto__',
      'constructor',
      encodeURIComponent(r.text(30)),
      'x'.repeat(r.int(3000)),
    ];
    const paths = () => {
      const id = r.pick(ids());
      return [
        '/',
        '/widget.js',
        '/healthz',
        '/api',
        '/api/',
        '/api/session',
        `/api/session/${id}`,
        `/api/session/${id}/turns`,
        `/api/session/${id}/progress`,
        `/api/session/${id}/export`,
        `/api/session/${id}/${encodeURIComponent(r.text(8))}`,
        `/${encodeURIComponent(r.text(12))}`,
        `/api/session?site=${encodeURIComponent(r.text(10))}`,
        '//api//session',
        '/api/session/%2e%2e/export',
        `/widget.js?${'v='.repeat(r.int(200))}`,
      ];
    };
    const binary = () => Array.from({ length: r.int(40) }, () => String.fromCharCode(0x80 + r.int(0x80))).join('');
    const headerValue = () =>
      r.pick([
        () => r.text(20, 'abcdefghijklmnopqrstuvwxyz0123456789-_.'),
        () => binary(),
        () => 'x'.repeat(r.int(8000)),
        () => token,
        () => `${token}!!`,
        () => r.pick(sessions).proof,
        () => `anon-${r.int(1e6)}-0123456789abcdef`,
        () => '',
      ])();
    const origins = ['https://school.example', 'https://only-school.example', 'https://evil.example', 'null', `http://127.0.0.1:${port}`, `http://localhost:${port}`, 'http://evil.example:80', binary(), `https://${'a'.repeat(3000)}.example`, 'file://'];
    const contentTypes = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', 'application/json; charset=latin1', binary()];
    const jsonValue = (depth = 0): unknown =>
      r.pick([
        () => null,
        () => r.int(2) === 0,
        () => r.next() * 1e308 * (r.chance(0.5) ? -1 : 1),
        () => r.text(40),
        () => 'y'.repeat(r.int(30_000)),
        () => (depth > 3 ? [] : Array.from({ length: r.int(4) }, () => jsonValue(depth + 1))),
        () => (depth > 3 ? {} : Object.fromEntries(Array.from({ length: r.int(4) }, () => [r.pick(['site', 'anonymousId', 'token', 'text', 'choice', 'clientTurnId', '__proto__', 'constructor', 'prototype', r.text(6)]), jsonValue(depth + 1)]))),
      ])();
    const body = (): Buffer | undefined =>
      r.pick([
        () => undefined,
        () => Buffer.from(JSON.stringify(jsonValue())),
        () => Buffer.from(JSON.stringify({ site: r.pick(['demo', 'school', 'constructor', '__proto__', 'toString', r.text(8)]), anonymousId: r.pick([`anon-${r.int(1e9)}-0123456789`, r.text(20), r.pick(sessions).proof]), ...(r.chance(0.3) ? { token: r.pick([token, `${token}==`, r.text(60)]) } : {}) })),
        () => Buffer.from(JSON.stringify({ text: r.pick(['hi', 'start mini', 'hint', '4', '1/2', 'skip', r.text(200), 'z'.repeat(r.int(19_000))]), clientTurnId: `fuzz-turn-${r.int(1e9)}`, ...(r.chance(0.2) ? { choice: r.text(30) } : {}) })),
        () => Buffer.from(`{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "site": "demo", "anonymousId": "anon-proto-0123456789"}`),
        () => Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
        () => Buffer.from(Array.from({ length: r.int(2000) }, () => r.int(256))),
        () => Buffer.from(`{"text":"${'a'.repeat(17_000)}"}`),
        () => Buffer.from('['.repeat(5000) + ']'.repeat(5000)),
        () => Buffer.from('{"site":"demo","anonymousId":"anon-0123456789abcdef"'),
      ])();

    const startBody = () => Buffer.from(JSON.stringify(r.chance(0.5) ? { site: 'demo', token } : { site: r.pick(['demo', 'demo', 'school']), anonymousId: `anon-fuzz-${r.int(1e9)}-abcdefgh` }));
    const turnBody = () => Buffer.from(JSON.stringify({ ...(r.chance(0.8) ? { text: r.pick(['hi', 'start mini', 'hint', '4', '1/2', 'skip', 'why?', r.text(200)]) } : { choice: r.pick(['/start mini', 'answer:half-1:1', r.text(30)]) }), clientTurnId: `fuzz-turn-${r.int(1e9)}` }));
    /** A request a client could mean to send, to a real route, in a real session, with one part or none gone wrong. */
    const plausible = () => {
      const session = r.pick(sessions);
      const [method, path, shaped] = r.pick<[string, string, (() => Buffer) | undefined]>([
        ['POST', '/api/session', startBody],
        ['POST', `/api/session/${session.id}/turns`, turnBody],
        ['POST', `/api/session/${session.id}/turns`, turnBody],
        ['GET', `/api/session/${session.id}/progress`, undefined],
        ['GET', `/api/session/${session.id}/export`, undefined],
        ['OPTIONS', `/api/session/${session.id}/turns`, undefined],
        ['GET', '/widget.js', undefined],
        ['GET', '/', undefined],
        ...(r.chance(0.1) ? [['DELETE', `/api/session/${session.id}`, undefined] as [string, string, undefined]] : []),
      ]);
      const headers: Record<string, string> = {};
      if (r.chance(0.85)) headers['x-ponder-learner'] = session.proof;
      else headers['x-ponder-learner'] = headerValue();
      if (r.chance(0.5)) headers.origin = r.chance(0.7) ? 'https://school.example' : r.pick(origins);
      headers['content-type'] = r.chance(0.85) ? 'application/json' : r.pick(contentTypes);
      const payload = shaped && r.chance(0.7) ? shaped() : method === 'GET' ? undefined : body();
      return { method, path, headers, payload, session };
    };
    const wild = () => {
      const method = r.pick(['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD', 'GET', 'POST']);
      const path = r.pick(paths());
      const headers: Record<string, string> = {};
      if (r.chance(0.6)) headers.origin = r.pick(origins);
      if (r.chance(0.7)) headers['content-type'] = r.pick(contentTypes);
      if (r.chance(0.6)) headers['x-ponder-learner'] = headerValue();
      if (r.chance(0.2)) headers['x-forwarded-for'] = r.pick(['1.2.3.4', headerValue(), '::1, 10.0.0.1', 'unknown']);
      if (r.chance(0.2)) headers['accept-encoding'] = r.pick(['br', 'gzip;q=0', '*', 'identity;q=0', headerValue()]);
      if (r.chance(0.1)) headers['if-none-match'] = r.pick(['*', '"x"', headerValue()]);
      if (r.chance(0.1)) headers[`x-${r.text(6, 'abcdef')}`] = headerValue();
      const payload = method === 'GET' || method === 'HEAD' ? undefined : body();
      return { method, path, headers, payload, session: undefined };
    };

    const problems: string[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      if (sessions.length < 4) await open();
      const { method, path, headers, payload, session } = r.chance(0.5) ? plausible() : wild();
      let answer: Answer;
      try {
        answer = await send(method, path, headers, payload);
      } catch (error) {
        problems.push(`#${i} ${method} ${path.slice(0, 80)}: ${(error as Error).message}`);
        continue;
      }
      const route = `${method} ${path.replace(/\/api\/session\/[^?]+?(?=\/turns$|\/progress$|\/export$|$)/, '/api/session/:id')}`;
      seen.set(`${route} ${answer.status}`, (seen.get(`${route} ${answer.status}`) ?? 0) + 1);
      // A learner deleted by the fuzz leaves the pool; another takes their place.
      if (session && method === 'DELETE' && answer.status < 300) {
        for (let k = sessions.length - 1; k >= 0; k--) if (sessions[k]?.id === session.id) sessions.splice(k, 1);
      }
      if (answer.status >= 500) problems.push(`#${i} ${method} ${path.slice(0, 80)}: status ${answer.status}`);
      const leak = INTERNAL.find((pattern) => pattern.test(answer.body));
      if (leak) problems.push(`#${i} ${method} ${path.slice(0, 80)}: ${leak} in ${answer.body.slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
    // The cases reached every route's success, not only its refusals.
    for (const reached of ['POST /api/session 200', 'POST /api/session/:id/turns 200', 'GET /api/session/:id/progress 200', 'GET /api/session/:id/export 200', 'GET /widget.js 200', 'GET / 200', 'OPTIONS /api/session/:id/turns 204']) {
      expect(seen.get(reached) ?? 0, reached).toBeGreaterThan(0);
    }
    expect([...seen.keys()].some((k) => /^DELETE \/api\/session\/:id 20[24]$/.test(k))).toBe(true);
    // Prototype keys in a body never reached the objects of the process.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);

  it(`answers ${RAW_CASES} malformed raw requests with no 5xx`, async () => {
    const r = random(SEED + 1);
    const problems: string[] = [];
    for (let i = 0; i < RAW_CASES; i++) {
      const line = r.pick([
        `GET /api/session/${r.text(10, 'abc%\u0000\u00ff')} HTTP/1.1`,
        `${r.text(6, 'ABCXYZ')} / HTTP/1.1`,
        'POST /api/session HTTP/1.1',
        `GET /widget.js HTTP/1.${r.int(3)}`,
        'GET / HTTP/9.9',
      ]);
      const header = r.pick([`Origin: ${r.text(20, 'ab\u0000\u0001\u007f\r')}`, `X-Ponder-Learner: ${r.text(30, 'ab\u0000\u00ff.')}`, `Content-Length: ${r.pick(['-1', 'abc', '99999999999', '5, 6'])}`, 'Transfer-Encoding: chunked', `X: ${'v'.repeat(r.int(20_000))}`]);
      const bytes = Buffer.concat([Buffer.from(`${line}\r\nHost: 127.0.0.1\r\n${header}\r\nConnection: close\r\n\r\n`, 'latin1'), Buffer.from(r.text(50), 'utf8')]);
      const answer = await sendRaw(bytes);
      if (answer.status >= 500) problems.push(`raw #${i} ${JSON.stringify(line)}: status ${answer.status}`);
      const leak = INTERNAL.find((pattern) => pattern.test(answer.body));
      if (leak) problems.push(`raw #${i}: ${leak} in ${answer.body.slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
  }, 30_000);
});
