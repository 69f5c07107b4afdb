// node bin/run-ts.js bench/discord.ts (npm run bench:discord): what the Discord channel adds to a turn. One process
// holds the tutor (offline model, the fixture pack, SQLite on disk, as `ponder start` runs it) and the real
// discord.js client logged in over the gateway; a local Discord (test/fakes/discord.ts: REST and the gateway) runs
// in a process of its own (bench/discord-fake.ts), as Discord's servers are not in the bot's process in production.
// 50 learners talk at once in direct messages, each sending its next message after the last reply is out. A Discord
// turn is timed from the MESSAGE_CREATE dispatched over the gateway to the bot's last message post or edit for it.
// The core's own turn is timed in the same run on the same script (tutor.reply, 50 other learners at once), in
// rounds that alternate with the Discord rounds so that drift and the database's growth hit both alike. Prints
// turns/s and p50/p99 of each, the adapter's overhead as a ratio of the core's p50 (goal: at most 2×), and one
// JSON line.
// Two loads: people, who pause between a reply and their next message (BENCH_THINK_MS, default 2000 on average),
// where the goal is judged; and a flood with no pause at all, held by discord.js to Discord's global limit of 50
// requests a second per bot (so its latency is the queue, not the adapter).
// Environment: BENCH_LEARNERS (default 50), BENCH_TURNS (turns per learner per round, default 10), BENCH_ROUNDS (3),
// BENCH_THINK_MS (2000), BENCH_FLOOD_TURNS (4).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDiscordAdapter } from '../adapters/discord/app.ts';
import { openPonder } from '../src/app.ts';
import type { Tutor, TutorEvent } from '../src/index.ts';
import { MINI } from '../test/helpers/session.ts';
import { LEARNERS, measure, nextLine, ROUNDS, THINK_MS, TURNS, warmUp } from './channel-load.ts';

const FLOOD_TURNS = Number(process.env.BENCH_FLOOD_TURNS ?? 4);

const dir = mkdtempSync(join(tmpdir(), 'ponder-bench-discord-'));
const ponder = openPonder({ curriculumDir: MINI, dbPath: join(dir, 'bench.db') });
const fake = fork(resolve(import.meta.dirname, '../bin/run-ts.js'), [resolve(import.meta.dirname, 'discord-fake.ts'), String(LEARNERS)], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const [ready] = (await once(fake, 'message')) as [{ apiUrl: string; token: string; applicationId: string; users: string[] }];
const measured = new Map<number, (answer: { ms: number | null; calls: number }) => void>();
fake.on('message', (m: { type: string; id: number; ms: number | null; calls: number }) => {
  if (m.type === 'measured') measured.get(m.id)?.(m);
});
let totalCalls = 0;

// The adapter's tutor is the real one; this wrapper only tells the benchmark when a turn's events have all been
// delivered (deliver pulls the next event only once the last REST call for the previous one has returned).
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
// discord.js's own REST settings (timeout, retries, its 50 requests a second), as a bot in production has them.
const adapter = await createDiscordAdapter({ tutor, token: ready.token, applicationId: ready.applicationId, apiUrl: ready.apiUrl, turnsPerMinute: 1_000_000_000 });

let messageSeq = 0;
const sent = new Array<number>(LEARNERS).fill(0);

/** One Discord turn: a direct message dispatched over the gateway, timed to the bot's last reply post or edit. */
async function discordTurn(i: number): Promise<number> {
  const user = ready.users[i];
  if (!user) throw new Error(`no learner ${i} in the fake`);
  const done = new Promise<void>((resolve) => finished.set(`discord:${user}`, resolve));
  const id = ++messageSeq;
  fake.send({ type: 'dm', id, learner: i, text: nextLine(sent, i) });
  await done;
  const answer = await new Promise<{ ms: number | null; calls: number }>((resolve) => {
    measured.set(id, resolve);
    fake.send({ type: 'measure', id });
  });
  measured.delete(id);
  if (answer.ms === null) throw new Error(`turn ${id} of ${user} posted no reply`);
  totalCalls += answer.calls;
  return answer.ms;
}

const coreSent = new Array<number>(LEARNERS).fill(0);
async function coreTurn(i: number): Promise<number> {
  const started = performance.now();
  await ponder.tutor.reply({ identity: `bench:core-${i}`, text: nextLine(coreSent, i) });
  return performance.now() - started;
}

const channel = { label: 'MESSAGE_CREATE → last call', calls: 'REST calls', turn: discordTurn, callsMade: () => totalCalls };
await warmUp(coreTurn, channel);
console.log('Discord (gateway, real discord.js with its default REST limits, local Discord in its own process)');
// People pause to read and type; the goal is judged at that load. Then the same learners with no pause at all,
// which discord.js holds to Discord's global limit of 50 requests a second per bot, as Discord itself would.
const people = await measure('people', coreTurn, channel, ROUNDS, TURNS, THINK_MS);
const flood = await measure('flood', coreTurn, channel, 1, FLOOD_TURNS, 0);
console.log(JSON.stringify({ bench: 'discord', learners: LEARNERS, people, flood }));

await adapter.close();
await new Promise((r) => setTimeout(r, 100));
fake.send({ type: 'close' });
await once(fake, 'exit');
await ponder.close();
rmSync(dir, { recursive: true, force: true });
