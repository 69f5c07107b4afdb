// node bin/run-ts.js bench/dashboard.ts (npm run bench:dashboard): how long the class overview takes for a class of
// 40 learners and for one of 2,000 learners with 100 turns each, on SQLite on disk, as `ponder start` runs it.
// The classes are filled through the real tutor (simulated learners on the bundled packs, their clock spread over
// the past week so that the week's misconceptions and alerts have data), then the overview is loaded again and
// again: the data (Classroom.overview, every SQL statement it runs) and the page the web adapter renders from it
// (GET /teach/classes/:id through the app in process: the server's work, without the HTTP hop that bench:http
// measures, about 0.3 ms here). Prints p50/p99 of each and one JSON line.
// Goal: under 200 ms p50 at 2,000 learners.
// Environment: BENCH_SIZES (default "40,2000"), BENCH_TURNS (turns per learner, default 100), BENCH_LOADS (30).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createWebApp } from '../adapters/web/app.ts';
import { readWebConfig } from '../adapters/web/config.ts';
import { openPonder, type Ponder } from '../src/app.ts';
import type { SqlValue } from '../src/store/sql.ts';
import { itemIn, nextMessage, rng } from './simulated-learner.ts';

const SIZES = (process.env.BENCH_SIZES ?? '40,2000').split(',').map(Number);
const TURNS = Number(process.env.BENCH_TURNS ?? 100);
const LOADS = Number(process.env.BENCH_LOADS ?? 30);
const DAY = 86_400_000;

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const stats = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
};

/** A class of `size` learners who joined with its code and then worked through `TURNS` turns each. */
async function fill(ponder: Ponder, size: number, clock: { now: number }): Promise<{ classId: string; staffId: string; session: string }> {
  const cls = await ponder.classroom.createClass(`Class of ${size}`);
  const staff = await ponder.classroom.addStaff(`teacher-${size}@school.example`, cls.name);
  const signed = await ponder.classroom.signIn(staff.token);
  const packs = [...ponder.curriculum.packs.keys()];
  const random = rng(size);
  const learners = Array.from({ length: size }, (_, i) => ({ identity: `bench:${size}/${i}`, skill: 1 + random() * 4, random: rng(size * 1000 + i), open: undefined as string | undefined, turns: 0 }));
  const started = clock.now;
  // Interleaved, as a school's week would see them; the clock walks through the last six days.
  for (let round = 0; round < TURNS; round++) {
    for (const learner of learners) {
      clock.now = started + Math.floor(((round * size + learners.indexOf(learner)) / (TURNS * size)) * 6 * DAY);
      const text = round === 0 ? `join ${cls.joinCode}` : round === 1 ? `start ${packs[learner.turns % packs.length]}` : round === 2 ? 'skip' : nextMessage(learner, itemIn(ponder.curriculum, learner.open));
      const result = await ponder.tutor.reply({ identity: learner.identity, text, at: clock.now });
      // Between requests a server's event loop runs its timers (the store's checkpoints among them): so here too.
      await new Promise((resolve) => setImmediate(resolve));
      learner.open = result.open?.id;
      learner.turns += 1;
    }
  }
  return { classId: cls.id, staffId: staff.staffId, session: signed?.session ?? '' };
}

/** The staff page as the web adapter serves it: the HTML a browser gets. */
function pageLoader(ponder: Ponder): (classId: string, session: string) => Promise<number> {
  const app = createWebApp({ tutor: ponder.tutor, classroom: ponder.classroom, config: readWebConfig({}), widget: { code: '' } });
  return async (classId, session) => {
    const res = await app.request(`/teach/classes/${classId}`, { headers: { cookie: `ponder_staff=${session}` } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET /teach/classes/${classId} answered ${res.status}`);
    return body.length;
  };
}

const dir = mkdtempSync(join(tmpdir(), 'ponder-bench-dashboard-'));
const clock = { now: Date.now() - 7 * DAY };
const ponder = openPonder({ dbPath: join(dir, 'bench.db'), now: () => clock.now });
const page = pageLoader(ponder);
const results = [];
for (const size of SIZES) {
  const filling = performance.now();
  const { classId, staffId, session } = await fill(ponder, size, clock);
  const fillSeconds = (performance.now() - filling) / 1000;
  clock.now = Date.now();
  // Every statement the overview runs, counted by wrapping the store's plain SQL for one load.
  const statements: string[] = [];
  const sql = ponder.store.sql;
  const all = sql.all.bind(sql);
  // SQLite runs a statement inside the call (better-sqlite3 is synchronous), so the call's own time is the
  // statement's, even when several are started together.
  (sql as { all: typeof sql.all }).all = ((text: string, params?: readonly SqlValue[]) => {
    const t0 = performance.now();
    const rows = all(text, params);
    statements.push(`${(performance.now() - t0).toFixed(1).padStart(6)} ms  ${text.replace(/\s+/g, ' ').trim()}`);
    return rows;
  }) as typeof sql.all;
  const first = await ponder.classroom.overview(staffId, classId);
  (sql as { all: typeof sql.all }).all = all;
  const data: number[] = [];
  const html: number[] = [];
  let pageBytes = 0;
  for (let i = 0; i < LOADS; i++) {
    const t0 = performance.now();
    await ponder.classroom.overview(staffId, classId);
    data.push(performance.now() - t0);
    const t1 = performance.now();
    pageBytes = await page(classId, session);
    html.push(performance.now() - t1);
  }
  const result = {
    learners: size,
    turns: size * TURNS,
    fillSeconds: Math.round(fillSeconds),
    alerts: first?.alerts.length ?? 0,
    misconceptions: first?.misconceptions.length ?? 0,
    overview: stats(data),
    page: { ...stats(html), bytes: pageBytes },
    statements,
  };
  results.push(result);
  console.log(`class of ${size} learners (${size * TURNS} turns, filled in ${result.fillSeconds} s; ${result.alerts} alerts, ${result.misconceptions} misconceptions shown)`);
  console.log(`  overview data   p50 ${result.overview.p50.toFixed(1)} ms   p99 ${result.overview.p99.toFixed(1)} ms   (${LOADS} loads, ${statements.length} SQL statements)`);
  console.log(`  overview page   p50 ${result.page.p50.toFixed(1)} ms   p99 ${result.page.p99.toFixed(1)} ms   (${result.page.bytes} bytes of HTML)`);
}
for (const s of results.at(-1)?.statements ?? []) console.log(`  SQL ${s.slice(0, 170)}${s.length > 170 ? '…' : ''}`);
const largest = results.at(-1);
const headline = largest?.page.p50 ?? NaN;
console.log(`goal: under 200 ms p50 at ${largest?.learners} learners: ${headline.toFixed(1)} ms, ${headline < 200 ? 'met' : 'missed'}`);
console.log(JSON.stringify({ bench: 'dashboard', results: results.map(({ statements, ...r }) => ({ ...r, statements: statements.length })) }));
await ponder.close();
rmSync(dir, { recursive: true, force: true });
