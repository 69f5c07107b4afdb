// The load of bench/slack.ts and bench/discord.ts: learners talking at once, a channel's turns and the core's
// own turns (tutor.reply, other learners, the same script) in alternating rounds of one run, so that drift and
// the database's growth hit both alike. Two loads: people, who pause between a reply and their next message
// (BENCH_THINK_MS, 2 s on average), and a flood with no pause at all.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openPonder } from '../src/app.ts';
import type { Tutor, TutorEvent } from '../src/index.ts';
import { MINI } from '../test/helpers/session.ts';

export const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 50);
export const TURNS = Number(process.env.BENCH_TURNS ?? 10);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The mean pause of a person between a reply and their next message. */
export const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 2000);

// The script of bench/scale.ts and bench/http.ts: real grading, hints and progress on a small pack.
const OPENING = ['start mini', 'skip'];
const CYCLE = ['4', 'hint', '5', 'progress', '8', 'why', '3'];
export const scriptLine = (n: number): string => OPENING[n] ?? CYCLE[(n - OPENING.length) % CYCLE.length] ?? 'hi';

/** Learner i's next line of the script. */
export function nextLine(counts: number[], i: number): string {
  const n = counts[i] ?? 0;
  counts[i] = n + 1;
  return scriptLine(n);
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
export function summary(ms: number[], seconds: number) {
  const sorted = [...ms].sort((a, b) => a - b);
  return { turns: ms.length, turnsPerSecond: ms.length / seconds, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
}

/** A person's pause: `meanMs` on average, between half and one and a half of it. */
let seed = 7;
function think(meanMs: number): Promise<void> {
  if (meanMs <= 0) return Promise.resolve();
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return new Promise((r) => setTimeout(r, meanMs * (0.5 + seed / 2 ** 31)));
}

type Turn = (learner: number) => Promise<number>;

async function round(turn: Turn, turns: number, thinkMs: number): Promise<{ ms: number[]; seconds: number }> {
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

export interface Channel {
  /** "Slack event → last call". */
  label: string;
  /** "Web API calls", "REST calls". */
  calls: string;
  turn: Turn;
  /** Platform calls made so far. */
  callsMade(): number;
}

/**
 * The unmeasured first turns of each side, as many as one load measures: learners created, caches warm, and the
 * code of both paths compiled by the JIT, as in a server that has been up a while. (With one round, the first load
 * measured ran partly on code not yet optimised, and a second identical load in the same process came out faster.)
 */
export async function warmUp(core: Turn, channel: Channel): Promise<void> {
  for (let r = 0; r < ROUNDS; r++) {
    await round(core, TURNS, 0);
    await round(channel.turn, TURNS, 0);
  }
}

/** Alternating rounds of core and channel turns under one load; prints the figures and returns them. */
export async function measure(name: string, core: Turn, channel: Channel, rounds: number, turns: number, thinkMs: number) {
  const own = { ms: [] as number[], seconds: 0 };
  const via = { ms: [] as number[], seconds: 0 };
  const callsBefore = channel.callsMade();
  for (let r = 0; r < rounds; r++) {
    for (const [side, turn] of (r % 2 === 0 ? [[own, core], [via, channel.turn]] : [[via, channel.turn], [own, core]]) as Array<[typeof own, Turn]>) {
      const result = await round(turn, turns, thinkMs);
      side.ms.push(...result.ms);
      side.seconds += result.seconds;
    }
  }
  const callsPerTurn = (channel.callsMade() - callsBefore) / via.ms.length;
  const coreStats = summary(own.ms, own.seconds);
  const channelStats = summary(via.ms, via.seconds);
  const overhead = (channelStats.p50 - coreStats.p50) / coreStats.p50;
  const line = (label: string, s: ReturnType<typeof summary>) => `  ${label.padEnd(28)} ${s.turnsPerSecond.toFixed(0).padStart(6)} turns/s   p50 ${s.p50.toFixed(2).padStart(8)} ms   p99 ${s.p99.toFixed(2).padStart(8)} ms   (${s.turns} turns)`;
  console.log(`${name}: ${LEARNERS} learners at once, ${rounds} rounds of ${turns} turns each${thinkMs > 0 ? `, ${thinkMs} ms between a reply and the next message on average` : ', each next message sent the moment the reply is out'}`);
  console.log(line('core (tutor.reply)', coreStats));
  console.log(line(channel.label, channelStats));
  console.log(`  ${channel.calls} per turn: ${callsPerTurn.toFixed(2)}`);
  console.log(`  adapter overhead at p50: ${overhead.toFixed(2)}× the core's p50 (goal ≤ 2×): ${overhead <= 2 ? 'met' : 'missed'}`);
  return { load: name, thinkMs, core: coreStats, channel: channelStats, callsPerTurn, overheadAtP50: overhead };
}

/**
 * What both channel benchmarks stand on: the tutor (offline model, the fixture pack, SQLite on disk, as `ponder
 * start` runs it), a local platform in a process of its own (`fakeScript`, which timestamps what it sends and the
 * calls it receives), and the core's own turns for the comparison.
 */
export async function openRig<Ready>(name: string, fakeScript: string, fakeArgs: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), `ponder-bench-${name}-`));
  const ponder = openPonder({ curriculumDir: MINI, dbPath: join(dir, 'bench.db') });
  const fake = fork(resolve(import.meta.dirname, '../bin/run-ts.js'), [fakeScript, ...fakeArgs], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [ready] = (await once(fake, 'message')) as [Ready];
  const measured = new Map<number, (answer: { ms: number | null; calls: number }) => void>();
  fake.on('message', (m: { type: string; id: number; ms: number | null; calls: number }) => {
    if (m.type === 'measured') measured.get(m.id)?.(m);
  });
  let calls = 0;
  let seq = 0;

  // The adapter's tutor is the real one; this wrapper only says when a turn's events have all been delivered
  // (deliver pulls the next event only once the platform call for the previous one has returned).
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
  const coreSent = new Array<number>(LEARNERS).fill(0);

  return {
    ponder,
    ready,
    tutor,
    callsMade: () => calls,
    async coreTurn(i: number): Promise<number> {
      const started = performance.now();
      await ponder.tutor.reply({ identity: `bench:core-${i}`, text: nextLine(coreSent, i) });
      return performance.now() - started;
    },
    /**
     * One channel turn of the learner behind `identity`: `send(id)` has the fake deliver their message, and the
     * fake answers how long after that its last call for the turn came (`measure`: extra fields of the question).
     */
    async channelTurn(identity: string, send: (id: number) => object, measure: object = {}): Promise<number> {
      const done = new Promise<void>((settle) => finished.set(identity, settle));
      const id = ++seq;
      fake.send(send(id));
      await done;
      const answer = await new Promise<{ ms: number | null; calls: number }>((settle) => {
        measured.set(id, settle);
        fake.send({ type: 'measure', id, ...measure });
      });
      measured.delete(id);
      if (answer.ms === null) throw new Error(`turn ${id} of ${identity} made no call to the platform`);
      calls += answer.calls;
      return answer.ms;
    },
    async close(adapter: { close(): Promise<void> }): Promise<void> {
      await adapter.close();
      await new Promise((r) => setTimeout(r, 100));
      fake.send({ type: 'close' });
      await once(fake, 'exit');
      await ponder.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
