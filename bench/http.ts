// node bin/run-ts.js bench/http.ts: what HTTP adds to a turn. One process holds the tutor (offline model, the
// fixture pack, SQLite on disk) and the real web server on 127.0.0.1. The same scripted turns are timed for three
// learners, each with its own state: in process (tutor.reply), and over HTTP (POST .../turns, timed until the
// event stream has been read to its end) with Node's fetch and with node:http, both on keep-alive connections.
// The three take turns, in an order that rotates, so that the machine's drift, the database's growth and the
// caches one leaves cold for the next hit all of them alike. Then 50 learners over HTTP (fetch) in a closed loop
// for a few seconds. Prints p50/p99 of each, the ratio HTTP p50 / in-process p50, and one JSON line.
// The clients share the process with the server, so an HTTP figure includes what the client library costs: the
// floor line (GET /healthz, the cheapest request the server answers) shows that share, and the node:http line
// shows how much of it is fetch's own.
// Environment: BENCH_TURNS (measured turns per way, default 2000), BENCH_WARMUP (unmeasured, default 300),
// BENCH_LEARNERS (default 50), BENCH_SECONDS (default 4).
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openPonder } from '../src/app.ts';
import { readWebConfig } from '../adapters/web/config.ts';
import { createWebAdapter } from '../adapters/web/server.ts';
import { MINI } from '../test/helpers/session.ts';

const TURNS = Number(process.env.BENCH_TURNS ?? 2000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
// The script of bench/scale.ts: real grading, hints and progress on a small pack.
const OPENING = ['start mini', 'skip'];
const CYCLE = ['4', 'hint', '5', 'progress', '8', 'why', '3'];
const scriptLine = (n: number): string => OPENING[n] ?? CYCLE[(n - OPENING.length) % CYCLE.length] ?? 'hi';
// The bench measures turns, not refusals: limits no run reaches.
const UNLIMITED = 1_000_000_000;
// The apology the web adapter sends when a turn failed inside the tutor (adapters/web/app.ts).
const TUTOR_FAILED = 'the tutor could not finish this turn';

const dir = mkdtempSync(join(tmpdir(), 'ponder-bench-http-'));
const ponder = openPonder({ curriculumDir: MINI, dbPath: join(dir, 'bench.db') });
const web = await createWebAdapter({
  tutor: ponder.tutor,
  config: { ...readWebConfig({}), port: 0, host: '127.0.0.1', turnsPerMinute: UNLIMITED, requestsPerMinute: UNLIMITED, newLearnersPerHour: UNLIMITED },
});
const origin = web.url;
const agent = new Agent({ keepAlive: true });

interface Answer {
  status: number;
  body: string;
}

type Client = (method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string) => Promise<Answer>;

const viaFetch: Client = async (method, path, headers, body) => {
  const res = await fetch(`${origin}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, body: await res.text() };
};

const viaNodeHttp: Client = (method, path, headers, body) =>
  new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method, agent, headers: body !== undefined ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });

interface HttpLearner {
  client: Client;
  anonymousId: string;
  sessionId: string;
  sent: number;
}

async function openLearner(client: Client, name: string): Promise<HttpLearner> {
  const anonymousId = `anon-bench-http-${name}-0123456789`;
  const res = await client('POST', '/api/session', { 'content-type': 'application/json', origin }, JSON.stringify({ site: 'demo', anonymousId }));
  if (res.status !== 200) throw new Error(`POST /api/session: HTTP ${res.status} ${res.body}`);
  return { client, anonymousId, sessionId: (JSON.parse(res.body) as { sessionId: string }).sessionId, sent: 0 };
}

/** One turn over HTTP, timed from sending the POST to having read the whole event stream. */
async function httpTurn(learner: HttpLearner): Promise<number> {
  const text = scriptLine(learner.sent);
  const clientTurnId = `bench-${learner.anonymousId.slice(16, 40)}-${learner.sent}`;
  learner.sent += 1;
  const started = performance.now();
  const res = await learner.client(
    'POST',
    `/api/session/${learner.sessionId}/turns`,
    // A session answers only the learner who opened it (adapters/web/API.md).
    { 'content-type': 'application/json', origin, 'x-ponder-learner': learner.anonymousId },
    JSON.stringify({ text, clientTurnId }),
  );
  const ms = performance.now() - started;
  // Refusals, broken streams or apologies counted as turns would flatter the server.
  if (res.status !== 200 || !res.body.includes('event: end') || res.body.includes(TUTOR_FAILED)) {
    throw new Error(`turn ${JSON.stringify(text)} over HTTP: ${res.status} ${res.body.slice(0, 300)}`);
  }
  return ms;
}

const inProcess = { identity: 'bench:in-process', sent: 0 };
async function inProcessTurn(): Promise<number> {
  const text = scriptLine(inProcess.sent);
  inProcess.sent += 1;
  const started = performance.now();
  const result = await ponder.tutor.reply({ identity: inProcess.identity, text });
  const ms = performance.now() - started;
  if (result.replies.length === 0) throw new Error(`turn ${JSON.stringify(text)} in process: no reply`);
  return ms;
}

async function floor(client: Client): Promise<number> {
  const started = performance.now();
  const res = await client('GET', '/healthz', {});
  if (res.status !== 200) throw new Error(`GET /healthz: HTTP ${res.status}`);
  return performance.now() - started;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const ms3 = (n: number) => Number(n.toFixed(3));

const byFetch = await openLearner(viaFetch, 'fetch');
const byNodeHttp = await openLearner(viaNodeHttp, 'node-http');
const ways = [
  { name: 'in process', turn: inProcessTurn, times: [] as number[] },
  { name: 'fetch', turn: () => httpTurn(byFetch), times: [] as number[] },
  { name: 'node:http', turn: () => httpTurn(byNodeHttp), times: [] as number[] },
];
const floors = { fetch: [] as number[], nodeHttp: [] as number[] };
for (let i = 0; i < WARMUP + TURNS; i++) {
  for (let k = 0; k < ways.length; k++) {
    const way = ways[(i + k) % ways.length] as (typeof ways)[number];
    const ms = await way.turn();
    if (i >= WARMUP) way.times.push(ms);
    // A server's event loop runs its timers (the store's checkpoints among them) between requests: so here too.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const f = await floor(viaFetch);
  const n = await floor(viaNodeHttp);
  if (i >= WARMUP) {
    floors.fetch.push(f);
    floors.nodeHttp.push(n);
  }
}
const [local, remote, remoteNode] = ways.map((w) => w.times) as [number[], number[], number[]];

const crowd = await Promise.all(Array.from({ length: LEARNERS }, (_, i) => openLearner(viaFetch, `crowd-${i}`)));
// Unmeasured: each learner's first turns pay for its first rows.
await Promise.all(
  crowd.map(async (learner) => {
    for (let i = 0; i < 3; i++) await httpTurn(learner);
  }),
);
const concurrent: number[] = [];
const crowdStarted = performance.now();
const deadline = crowdStarted + SECONDS * 1000;
// Closed loop: each learner sends its next turn when the last one has ended; every turn started is counted.
await Promise.all(
  crowd.map(async (learner) => {
    while (performance.now() < deadline) concurrent.push(await httpTurn(learner));
  }),
);
const crowdSeconds = (performance.now() - crowdStarted) / 1000;

agent.destroy();
await web.close();
await ponder.close();
rmSync(dir, { recursive: true, force: true });

const inProcessP50 = quantile(local, 0.5);
const figures = {
  turns: TURNS,
  inProcessP50Ms: ms3(inProcessP50),
  inProcessP99Ms: ms3(quantile(local, 0.99)),
  httpP50Ms: ms3(quantile(remote, 0.5)),
  httpP99Ms: ms3(quantile(remote, 0.99)),
  ratioP50: Number((quantile(remote, 0.5) / inProcessP50).toFixed(2)),
  nodeHttpP50Ms: ms3(quantile(remoteNode, 0.5)),
  nodeHttpP99Ms: ms3(quantile(remoteNode, 0.99)),
  nodeHttpRatioP50: Number((quantile(remoteNode, 0.5) / inProcessP50).toFixed(2)),
  healthzFetchP50Ms: ms3(quantile(floors.fetch, 0.5)),
  healthzNodeHttpP50Ms: ms3(quantile(floors.nodeHttp, 0.5)),
  learners: LEARNERS,
  concurrentTurns: concurrent.length,
  concurrentTurnsPerSecond: Math.round(concurrent.length / crowdSeconds),
  concurrentP50Ms: ms3(quantile(concurrent, 0.5)),
  concurrentP99Ms: ms3(quantile(concurrent, 0.99)),
  node: process.version,
};
console.log(`1 learner each way, ${TURNS} turns each after ${WARMUP} unmeasured, taking turns:`);
console.log(`  in process (tutor.reply):        p50 ${figures.inProcessP50Ms} ms, p99 ${figures.inProcessP99Ms} ms`);
console.log(`  HTTP, fetch (POST to its end):   p50 ${figures.httpP50Ms} ms, p99 ${figures.httpP99Ms} ms: ${figures.ratioP50}× in process`);
console.log(`  HTTP, node:http:                 p50 ${figures.nodeHttpP50Ms} ms, p99 ${figures.nodeHttpP99Ms} ms: ${figures.nodeHttpRatioP50}× in process`);
console.log(`  floor, GET /healthz:             p50 ${figures.healthzFetchP50Ms} ms with fetch, ${figures.healthzNodeHttpP50Ms} ms with node:http`);
console.log(`${LEARNERS} learners over HTTP (fetch), closed loop, ${crowdSeconds.toFixed(1)} s: ${figures.concurrentTurns} turns, ${figures.concurrentTurnsPerSecond} turns/s, p50 ${figures.concurrentP50Ms} ms, p99 ${figures.concurrentP99Ms} ms`);
console.log(JSON.stringify(figures));
