// node bin/run-ts.js bench/slack.ts (npm run bench:slack): what the Slack channel adds to a turn. One process
// holds the tutor (offline model, the fixture pack, SQLite on disk, as `ponder start` runs it) and the real Bolt
// app in Socket Mode; a local Slack (test/fakes/slack.ts: the Web API and the Socket Mode WebSocket) runs in a
// process of its own (bench/slack-fake.ts), as Slack's servers are not in the app's process in production.
// 50 learners talk at once, each sending its next message when the last reply is out. A Slack turn is timed from
// the event pushed over the socket to the last Web API call the app made for it. The core's own turn is timed in
// the same run on the same script (tutor.reply, 50 other learners at once), in rounds that alternate with the
// Slack rounds so that drift and the database's growth hit both alike. Prints turns/s and p50/p99 of each, the
// adapter's overhead as a ratio of the core's p50 (goal: at most 2×), and one JSON line.
// Environment: BENCH_LEARNERS (default 50), BENCH_TURNS (turns per learner per round, default 10), BENCH_ROUNDS (3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSlackAdapter } from '../adapters/slack/app.ts';
import { openPonder } from '../src/app.ts';
import type { Tutor, TutorEvent } from '../src/index.ts';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { directMessage } from '../test/fakes/slack.ts';
import { MINI } from '../test/helpers/session.ts';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 50);
const TURNS = Number(process.env.BENCH_TURNS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// The script of bench/scale.ts and bench/http.ts: real grading, hints and progress on a small pack.
const OPENING = ['start mini', 'skip'];
const CYCLE = ['4', 'hint', '5', 'progress', '8', 'why', '3'];
const scriptLine = (n: number): string => OPENING[n] ?? CYCLE[(n - OPENING.length) % CYCLE.length] ?? "hi";

const dir = mkdtempSync(join(tmpdir(), 'ponder-bench-slack-'));
const ponder = openPonder({ curriculumDir: MINI, dbPath: join(dir, 'bench.db') });
const fake = fork(resolve(import.meta.dirname, '../bin/run-ts.js'), [resolve(import.meta.dirname, 'slack-fake.ts')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const [ready] = (await once(fake, 'message')) as [{ apiUrl: string }];
const measured = new Map<number, (answer: { ms: number | null; calls: number }) => void>();
fake.on('message', (m: { type: string; id: number; ms: number | null; calls: number }) => {
  if (m.type === 'measured') measured.get(m.id)?.(m);
});
let totalCalls = 0;

// The adapter's tutor is the real one; this wrapper only tells the benchmark when a turn's events have all been
// delivered (deliver pulls the next event only once the last Web API call for the previous one has returned).
const finished = new Map<string, () => void>();
const tutor: Tutor = {
  ...ponder.tutor,
  handle(turn) {
    const events = ponder.tutor.handle(turn);
    return (async function* (): AsyncGenerator<TutorEvent> {
      yield* events;
      finished.get(turn.identity)?.();
    })();
  },
};
const adapter = await createSlackAdapter({ tutor, botToken: 'xoxb-bench', appToken: 'xapp-bench', apiUrl: ready.apiUrl, turnsPerMinute: 1_000_000_000 });

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const summary = (ms: number[], seconds: number) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { turns: ms.length, turnsPerSecond: ms.length / seconds, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
};

let eventSeq = 0;
/** Learner i's next line of the script. */
const next = (counts: number[], i: number): number => {
  const n = counts[i] ?? 0;
  counts[i] = n + 1;
  return n;
};
const sent = new Array<number>(LEARNERS).fill(0);

/** One Slack turn: pushed over the socket, timed to the app's last Web API call for that conversation. */
async function slackTurn(i: number): Promise<number> {
  const user = `U${i}`;
  const channel = `D-${user}`;
  const done = new Promise<void>((resolve) => finished.set(`slack:T1/${user}`, resolve));
  const id = ++eventSeq;
  fake.send({ type: 'push', id, body: directMessage(user, scriptLine(next(sent, i)), `Ev-bench-${id}`) });
  await done;
  const answer = await new Promise<{ ms: number | null; calls: number }>((resolve) => {
    measured.set(id, resolve);
    fake.send({ type: 'measure', id, channel });
  });
  measured.delete(id);
  if (answer.ms === null) throw new Error(`turn ${id} of ${user} made no Web API call`);
  totalCalls += answer.calls;
  return answer.ms;
}

const coreSent = new Array<number>(LEARNERS).fill(0);
async function coreTurn(i: number): Promise<number> {
  const started = performance.now();
  await ponder.tutor.reply({ identity: `bench:core-${i}`, text: scriptLine(next(coreSent, i)) });
  return performance.now() - started;
}

async function round(turn: (i: number) => Promise<number>): Promise<{ ms: number[]; seconds: number }> {
  const ms: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: LEARNERS }, async (_, i) => {
      for (let t = 0; t < TURNS; t++) ms.push(await turn(i));
    }),
  );
  return { ms, seconds: (performance.now() - started) / 1000 };
}

// Unmeasured: each side's first turns (learners created, caches warm, the socket settled).
await round(coreTurn);
await round(slackTurn);
const core = { ms: [] as number[], seconds: 0 };
const viaSlack = { ms: [] as number[], seconds: 0 };
for (let r = 0; r < ROUNDS; r++) {
  for (const [side, turn] of (r % 2 === 0 ? [[core, coreTurn], [viaSlack, slackTurn]] : [[viaSlack, slackTurn], [core, coreTurn]]) as Array<[typeof core, (i: number) => Promise<number>]>) {
    const result = await round(turn);
    side.ms.push(...result.ms);
    side.seconds += result.seconds;
  }
}

const callsPerTurn = totalCalls / (viaSlack.ms.length + LEARNERS * TURNS);
const coreStats = summary(core.ms, core.seconds);
const slackStats = summary(viaSlack.ms, viaSlack.seconds);
const overhead = (slackStats.p50 - coreStats.p50) / coreStats.p50;
const line = (name: string, s: ReturnType<typeof summary>) => `${name.padEnd(26)} ${s.turnsPerSecond.toFixed(0).padStart(6)} turns/s   p50 ${s.p50.toFixed(2).padStart(7)} ms   p99 ${s.p99.toFixed(2).padStart(7)} ms   (${s.turns} turns)`;
console.log(`Slack (Socket Mode, real Bolt, local Slack), ${LEARNERS} learners at once, ${ROUNDS} rounds of ${TURNS} turns each`);
console.log(line('core (tutor.reply)', coreStats));
console.log(line('Slack event → last call', slackStats));
console.log(`Web API calls per Slack turn: ${callsPerTurn.toFixed(2)}`);
console.log(`adapter overhead at p50: ${overhead.toFixed(2)}× the core's p50 (goal ≤ 2×): ${overhead <= 2 ? 'met' : 'missed'}`);
console.log(JSON.stringify({ bench: 'slack', learners: LEARNERS, core: coreStats, slack: slackStats, overheadAtP50: overhead }));

await adapter.close();
await new Promise((r) => setTimeout(r, 100));
fake.send({ type: 'close' });
await once(fake, 'exit');
await ponder.close();
rmSync(dir, { recursive: true, force: true });
