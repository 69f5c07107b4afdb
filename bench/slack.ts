// node bin/run-ts.js bench/slack.ts (npm run bench:slack): what the Slack channel adds to a turn. One process
// holds the tutor (offline model, the fixture pack, SQLite on disk, as `ponder start` runs it) and the real Bolt
// app in Socket Mode; a local Slack (test/fakes/slack.ts: the Web API and the Socket Mode WebSocket) runs in a
// process of its own (bench/slack-fake.ts), as Slack's servers are not in the app's process in production.
// 50 learners talk at once (bench/channel-load.ts: a flood, then people pausing between messages). A Slack turn is
// timed from the event pushed over the socket to the last Web API call the app made for it; the core's own turn
// in the same run on the same script. Prints turns/s and p50/p99 of each, the adapter's overhead as a ratio of the
// core's p50 (goal: at most 2×), and one JSON line.
// Environment: BENCH_LEARNERS (default 50), BENCH_TURNS (turns per learner per round, default 10), BENCH_ROUNDS (3),
// BENCH_THINK_MS (2000).
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
import { LEARNERS, measure, nextLine, ROUNDS, THINK_MS, TURNS, warmUp } from './channel-load.ts';


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

let eventSeq = 0;
const sent = new Array<number>(LEARNERS).fill(0);

/** One Slack turn: pushed over the socket, timed to the app's last Web API call for that conversation. */
async function slackTurn(i: number): Promise<number> {
  const user = `U${i}`;
  const channel = `D-${user}`;
  const done = new Promise<void>((resolve) => finished.set(`slack:T1/${user}`, resolve));
  const id = ++eventSeq;
  fake.send({ type: 'push', id, body: directMessage(user, nextLine(sent, i), `Ev-bench-${id}`) });
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
  await ponder.tutor.reply({ identity: `bench:core-${i}`, text: nextLine(coreSent, i) });
  return performance.now() - started;
}

const channel = { label: 'Slack event → last call', calls: 'Web API calls', turn: slackTurn, callsMade: () => totalCalls };
await warmUp(coreTurn, channel);
console.log('Slack (Socket Mode, the real Bolt, a local Slack in its own process)');
// A flood, each learner's next message the moment the reply is out; then people, who pause to read and type.
const flood = await measure('flood', coreTurn, channel, ROUNDS, TURNS, 0);
const people = await measure('people', coreTurn, channel, ROUNDS, TURNS, THINK_MS);
console.log(JSON.stringify({ bench: 'slack', learners: LEARNERS, flood, people }));

await adapter.close();
await new Promise((r) => setTimeout(r, 100));
fake.send({ type: 'close' });
await once(fake, 'exit');
await ponder.close();
rmSync(dir, { recursive: true, force: true });
