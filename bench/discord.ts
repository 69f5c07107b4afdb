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

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 50);
const TURNS = Number(process.env.BENCH_TURNS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The mean pause of a person between a reply and their next message. */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 2000);
const FLOOD_TURNS = Number(process.env.BENCH_FLOOD_TURNS ?? 4);
// The script of bench/scale.ts and bench/http.ts: real grading, hints and progress on a small pack.
const OPENING = ['start mini', 'skip'];
const CYCLE = ['4', 'hint', '5', 'progress', '8', 'why', '3'];
const scriptLine = (n: number): string => OPENING[n] ?? CYCLE[(n - OPENING.length) % CYCLE.length] ?? 'hi';

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

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const summary = (ms: number[], seconds: number) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { turns: ms.length, turnsPerSecond: ms.length / seconds, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
};

let messageSeq = 0;
/** Learner i's next line of the script. */
const next = (counts: number[], i: number): number => {
  const n = counts[i] ?? 0;
  counts[i] = n + 1;
  return n;
};
const sent = new Array<number>(LEARNERS).fill(0);

/** One Discord turn: a direct message dispatched over the gateway, timed to the bot's last reply post or edit. */
async function discordTurn(i: number): Promise<number> {
  const user = ready.users[i];
  if (!user) throw new Error(`no learner ${i} in the fake`);
  const done = new Promise<void>((resolve) => finished.set(`discord:${user}`, resolve));
  const id = ++messageSeq;
  fake.send({ type: 'dm', id, learner: i, text: scriptLine(next(sent, i)) });
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
  await ponder.tutor.reply({ identity: `bench:core-${i}`, text: scriptLine(next(coreSent, i)) });
  return performance.now() - started;
}

/** A person's pause before their next message: THINK_MS on average, between half and one and a half of it. */
let seed = 7;
const think = (meanMs: number): Promise<void> => {
  if (meanMs <= 0) return Promise.resolve();
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return new Promise((r) => setTimeout(r, meanMs * (0.5 + seed / 2 ** 31)));
};

async function round(turn: (i: number) => Promise<number>, turns: number, thinkMs: number): Promise<{ ms: number[]; seconds: number }> {
  const ms: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: LEARNERS }, async (_, i) => {
      // People do not all write in the same millisecond: each starts after a pause of their own.
      await think(thinkMs);
      for (let t = 0; t < turns; t++) {
        ms.push(await turn(i));
        await think(thinkMs);
      }
    }),
  );
  return { ms, seconds: (performance.now() - started) / 1000 };
}

/** Alternating rounds of core and Discord turns under one load; prints the figures and returns them. */
async function measure(name: string, rounds: number, turns: number, thinkMs: number) {
  const core = { ms: [] as number[], seconds: 0 };
  const viaDiscord = { ms: [] as number[], seconds: 0 };
  const callsBefore = totalCalls;
  for (let r = 0; r < rounds; r++) {
    for (const [side, turn] of (r % 2 === 0 ? [[core, coreTurn], [viaDiscord, discordTurn]] : [[viaDiscord, discordTurn], [core, coreTurn]]) as Array<[typeof core, (i: number) => Promise<number>]>) {
      const result = await round(turn, turns, thinkMs);
      side.ms.push(...result.ms);
      side.seconds += result.seconds;
    }
  }
  const callsPerTurn = (totalCalls - callsBefore) / viaDiscord.ms.length;
  const coreStats = summary(core.ms, core.seconds);
  const discordStats = summary(viaDiscord.ms, viaDiscord.seconds);
  const overhead = (discordStats.p50 - coreStats.p50) / coreStats.p50;
  const line = (label: string, s: ReturnType<typeof summary>) => `  ${label.padEnd(28)} ${s.turnsPerSecond.toFixed(0).padStart(6)} turns/s   p50 ${s.p50.toFixed(2).padStart(8)} ms   p99 ${s.p99.toFixed(2).padStart(8)} ms   (${s.turns} turns)`;
  console.log(`${name}: ${LEARNERS} learners at once, ${rounds} rounds of ${turns} turns each${thinkMs > 0 ? `, ${thinkMs} ms between a reply and the next message on average` : ', each next message sent the moment the reply is out'}`);
  console.log(line('core (tutor.reply)', coreStats));
  console.log(line('MESSAGE_CREATE → last call', discordStats));
  console.log(`  REST calls per Discord turn: ${callsPerTurn.toFixed(2)}`);
  console.log(`  adapter overhead at p50: ${overhead.toFixed(2)}× the core's p50 (goal ≤ 2×): ${overhead <= 2 ? 'met' : 'missed'}`);
  return { load: name, thinkMs, core: coreStats, discord: discordStats, callsPerTurn, overheadAtP50: overhead };
}

// Unmeasured: each side's first turns (learners created, caches warm, DM channels known to the client).
await round(coreTurn, TURNS, 0);
await round(discordTurn, TURNS, 0);
console.log('Discord (gateway, real discord.js with its default REST limits, local Discord in its own process)');
// People pause to read and type; the goal is judged at that load. Then the same learners with no pause at all,
// which discord.js holds to Discord's global limit of 50 requests a second per bot, as Discord itself would.
const people = await measure('people', ROUNDS, TURNS, THINK_MS);
const flood = await measure('flood', 1, FLOOD_TURNS, 0);
console.log(JSON.stringify({ bench: 'discord', learners: LEARNERS, people, flood }));

await adapter.close();
await new Promise((r) => setTimeout(r, 100));
fake.send({ type: 'close' });
await once(fake, 'exit');
await ponder.close();
rmSync(dir, { recursive: true, force: true });
