// npm run bench: simulated learners through the real core against SQLite on disk.
// Prints turns per second, p50/p99 turn latency (offline model: no language model is timed) and database
// bytes per 1,000 turns and bytes written per turn (Linux: /proc/self/io), then one JSON line of the figures.
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openPonder } from '../src/app.ts';
import { itemIn, nextMessage, rng, type SimLearner } from './simulated-learner.ts';
import { buildWidget } from '../adapters/web/widget/build.ts';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 200);
const TURNS_PER_LEARNER = Number(process.env.BENCH_TURNS ?? 60);

const dir = mkdtempSync(join(tmpdir(), 'ponder-bench-'));
const dbPath = join(dir, 'bench.db');
const clock = { now: Date.UTC(2026, 0, 5, 9) };
const ponder = openPonder({ dbPath, now: () => clock.now, ...(process.env.PONDER_CURRICULUM ? { curriculumDir: process.env.PONDER_CURRICULUM } : {}) });
const packs = [...ponder.curriculum.packs.keys()];

const random = rng(42);
const learners: Array<SimLearner & { identity: string; open: string | undefined; turns: number }> = Array.from({ length: LEARNERS }, (_, i) => ({
  identity: `bench:${i}`,
  skill: 1 + random() * 4,
  random: rng(1000 + i),
  open: undefined,
  turns: 0,
}));

/** Bytes this process has written: by write calls (`wchar`: the WAL, checkpoints) and to the block layer. */
function written(): { calls: number; disk: number } {
  try {
    const io = readFileSync('/proc/self/io', 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)`, 'm').exec(io)?.[1] ?? NaN);
    return { calls: field('wchar'), disk: field('write_bytes') };
  } catch {
    return { calls: NaN, disk: NaN };
  }
}

const latencies: number[] = [];
const before = written();
const started = performance.now();
// Interleave learners, as a real server would see them.
for (let round = 0; round < TURNS_PER_LEARNER; round++) {
  for (const learner of learners) {
    clock.now += 1500;
    const text = round === 0 ? 'hi' : round === 1 ? `start ${packs[learner.turns % packs.length]}` : round === 2 ? 'skip' : nextMessage(learner, itemIn(ponder.curriculum, learner.open));
    const t0 = performance.now();
    const result = await ponder.tutor.reply({ identity: learner.identity, text, at: clock.now - Math.floor(learner.random() * 60_000) + 30_000 });
    latencies.push(performance.now() - t0);
    // Between requests a server's event loop runs its timers (the store's checkpoints among them): so here too.
    await new Promise((resolve) => setImmediate(resolve));
    learner.open = result.open?.id;
    learner.turns += 1;
  }
}
const elapsed = (performance.now() - started) / 1000;
await ponder.close();
const after = written();

latencies.sort((a, b) => a - b);
const quantile = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
const bytes = ['', '-wal', '-shm'].map((s) => dbPath + s).filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
const figures = {
  learners: LEARNERS,
  turns: latencies.length,
  turnsPerSecond: Math.round(latencies.length / elapsed),
  p50Ms: Number(quantile(0.5).toFixed(3)),
  p99Ms: Number(quantile(0.99).toFixed(3)),
  dbBytesPer1000Turns: Math.round((bytes / latencies.length) * 1000),
  bytesWrittenPerTurn: Math.round((after.calls - before.calls) / latencies.length),
  diskBytesWrittenPerTurn: Math.round((after.disk - before.disk) / latencies.length),
  node: process.version,
};
rmSync(dir, { recursive: true, force: true });
const widget = await buildWidget();
Object.assign(figures, { widgetBytes: Buffer.byteLength(widget.code), widgetGzipBytes: widget.gzipBytes });
console.log(`${figures.turns} turns by ${LEARNERS} simulated learners in ${elapsed.toFixed(2)} s on one core`);
console.log(`turns per second: ${figures.turnsPerSecond}`);
console.log(`turn latency: p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms (offline model, SQLite on disk, WAL)`);
console.log(`database: ${figures.dbBytesPer1000Turns} bytes per 1,000 turns stored; ${figures.bytesWrittenPerTurn} bytes written per turn (${figures.diskBytesWrittenPerTurn} reaching the disk)`);
console.log(`widget.js: ${Buffer.byteLength(widget.code)} bytes, ${widget.gzipBytes} bytes gzipped (limit 30 KB)`);
console.log(JSON.stringify(figures));
