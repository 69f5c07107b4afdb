// npm run bench:scale [-- --seconds 8 --learners 50 --processes 1,2,4 --stores sqlite,postgres --json]: real
// `ponder start` server processes (offline model) on one shared database, a SQLite file and then PostgreSQL,
// with concurrent learners over HTTP on 127.0.0.1. Each learner is pinned to one process (its web session lives
// in that process's memory) and, after a short unmeasured warm-up, sends its next turn as soon as the previous one
// ended (closed loop) for a fixed time. Prints, per store and process count: turns that ended normally, turns per
// second, p50/p99 latency (from sending a turn's POST to the end of its event stream) and failed turns; then a
// turn's cost on PostgreSQL as a ratio of SQLite in the same run, and what this machine's core count allows.
// The servers' rate limits are lifted for the run (see writeServerConfig), and a turn the tutor answered with its
// apology counts as failed. The load generator and PostgreSQL share the machine with the servers, so the figures
// hold for this machine only.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { freePort, freshDatabase, startPostgres, type LocalPostgres } from '../test/helpers/postgres.ts';
import { MINI } from '../test/helpers/session.ts';

const ROOT = resolve(import.meta.dirname, '..');
const WARMUP_TURNS = 3;
// The fixture pack: real grading, hints and progress, but small and cheap to load.
const OPENING = ['start mini', 'skip'];
const CYCLE = ['4', 'hint', '5', 'progress', '8', 'why', '3'];
// The `why` the web adapter gives its apology when a turn failed inside the tutor (adapters/web/app.ts).
const TUTOR_FAILED = 'the tutor could not finish this turn';

type StoreName = 'sqlite' | 'postgres';

interface Options {
  seconds: number;
  learners: number;
  processes: number[];
  stores: StoreName[];
  json: boolean;
}

interface Server {
  url: string;
  child: ChildProcess;
  /** What the process wrote to stderr, kept short: errors it logged under load. */
  stderr: string[];
}

interface Learner {
  index: number;
  url: string;
  anonymousId: string;
  sessionId: string;
  sent: number;
}

interface TurnOutcome {
  ms: number;
  failure?: string;
}

interface Row {
  store: StoreName;
  processes: number;
  learners: number;
  turns: number;
  seconds: number;
  turnsPerSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
  failed: number;
  warmupFailed: number;
  failures: Record<string, number>;
  /** Distinct lines the servers logged to stderr, with how often. */
  serverErrors: Record<string, number>;
}

interface Ratio {
  processes: number;
  /** PostgreSQL p50 / SQLite p50: how many times longer a typical turn takes. */
  p50: number | null;
  /** SQLite turns/s / PostgreSQL turns/s: how many times fewer turns PostgreSQL serves. */
  throughput: number | null;
}

/** A database location for one configuration, fresh so that no configuration reads another's rows. */
interface Store {
  name: StoreName;
  create(): Promise<{ db: string; dispose: () => Promise<void> }>;
}

// Everything that must go away however the run ends, including Ctrl-C.
const live = { children: new Set<ChildProcess>(), dirs: new Set<string>(), postgres: undefined as LocalPostgres | undefined };

function releaseAll(): void {
  for (const child of live.children) child.kill('SIGKILL');
  live.children.clear();
  // stop() is synchronous underneath (spawnSync, rmSync), so it also finishes from a signal handler.
  void live.postgres?.stop().catch(() => undefined);
  live.postgres = undefined;
  for (const dir of live.dirs) rmSync(dir, { recursive: true, force: true });
  live.dirs.clear();
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '8' },
      learners: { type: 'string', default: '50' },
      processes: { type: 'string', default: '1,2,4' },
      stores: { type: 'string', default: 'sqlite,postgres' },
      json: { type: 'boolean', default: false },
    },
  });
  const positive = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1, not "${text}"`);
    return n;
  };
  const stores = values.stores.split(',').map((s) => s.trim());
  for (const s of stores) if (s !== 'sqlite' && s !== 'postgres') throw new Error(`--stores takes sqlite and/or postgres, not "${s}"`);
  return {
    seconds: positive('seconds', values.seconds),
    learners: positive('learners', values.learners),
    processes: values.processes.split(',').map((p) => positive('processes', p.trim())),
    stores: stores as StoreName[],
    json: values.json,
  };
}

/**
 * The servers' settings file. The defaults allow 300 requests a minute per client address and 30 turns a minute
 * per learner: every learner here comes from 127.0.0.1 and sends turns back to back, so with the defaults this
 * would measure the rate limiter, not a turn.
 */
function writeServerConfig(dir: string): string {
  const path = join(dir, 'ponder.json');
  writeFileSync(path, JSON.stringify({ host: '127.0.0.1', turnsPerMinute: 1_000_000, requestsPerMinute: 1_000_000 }));
  return path;
}

/** One log line in a few words: pino's JSON lines carry the error's type and message. */
function summarize(line: string): string {
  try {
    const entry = JSON.parse(line) as { msg?: unknown; err?: { type?: unknown; message?: unknown } };
    const error = entry.err ? `${String(entry.err.type ?? 'Error')}: ${String(entry.err.message ?? '')}` : '';
    return [typeof entry.msg === 'string' ? entry.msg : '', error].filter(Boolean).join(' — ').slice(0, 200) || line.slice(0, 200);
  } catch {
    return line.slice(0, 200);
  }
}

function spawnServer(port: number, db: string, configPath: string): Server {
  const child = spawn(process.execPath, ['bin/ponder.js', 'start', '--port', String(port), '--db', db, '--curriculum', MINI], {
    cwd: ROOT,
    env: { ...process.env, PONDER_MODEL: 'offline', PONDER_LOG_LEVEL: 'error', PONDER_CONFIG: configPath },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  live.children.add(child);
  child.on('exit', () => live.children.delete(child));
  const server: Server = { url: `http://127.0.0.1:${port}`, child, stderr: [] };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    // The start-up banner is always there; anything else is worth showing.
    for (const line of chunk.split('\n')) if (line.trim() && !line.startsWith('Ponder: model') && server.stderr.length < 1000) server.stderr.push(summarize(line));
  });
  return server;
}

async function waitReady(server: Server): Promise<void> {
  // Generous: several processes compiling and loading at once on a small, busy machine.
  for (let i = 0; i < 1200; i++) {
    if (server.child.exitCode !== null) throw new Error(`a server exited at start-up (code ${server.child.exitCode}): ${server.stderr.join(' | ')}`);
    try {
      if ((await fetch(`${server.url}/widget.js`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the server at ${server.url} did not start within 60 s`);
}

async function startServers(count: number, db: string, configPath: string): Promise<Server[]> {
  const servers: Server[] = [];
  for (let i = 0; i < count; i++) servers.push(spawnServer(await freePort(), db, configPath));
  await Promise.all(servers.map(waitReady));
  return servers;
}

async function stopServers(servers: Server[]): Promise<void> {
  await Promise.all(
    servers.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }),
  );
}

async function openSession(url: string, anonymousId: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ site: 'demo', anonymousId }),
  });
  if (!res.ok) throw new Error(`POST /api/session on ${url}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { sessionId: string }).sessionId;
}

/** Learner i on process i % N: the session must be opened where its turns will go. */
async function openLearners(servers: Server[], count: number): Promise<Learner[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const url = servers[index % servers.length]?.url ?? '';
      const anonymousId = `anon-scale-${index}-0123456789`;
      return { index, url, anonymousId, sessionId: await openSession(url, anonymousId), sent: 0 };
    }),
  );
}

const scriptLine = (n: number): string => OPENING[n] ?? CYCLE[(n - OPENING.length) % CYCLE.length] ?? 'hi';

async function sendTurn(learner: Learner): Promise<TurnOutcome> {
  const text = scriptLine(learner.sent);
  const clientTurnId = `scale-${learner.index}-${learner.sent}`;
  learner.sent += 1;
  const started = performance.now();
  try {
    const res = await fetch(`${learner.url}/api/session/${learner.sessionId}/turns`, {
      method: 'POST',
      // A session answers only the learner who opened it (adapters/web/API.md).
      headers: { 'content-type': 'application/json', origin: learner.url, 'x-ponder-learner': learner.anonymousId },
      body: JSON.stringify({ text, clientTurnId }),
    });
    const body = await res.text();
    const ms = performance.now() - started;
    if (!res.ok) return { ms, failure: `HTTP ${res.status}` };
    if (!body.includes('event: end')) {
      const code = /event: error\ndata: .*?"code":"([^"]+)"/.exec(body)?.[1];
      return { ms, failure: code ? `error event ${code}` : 'stream without an end event' };
    }
    // A turn that threw inside the tutor still ends normally, with an apology in place of a reply: without this
    // check a broken store would show up as a very fast server.
    if (body.includes(TUTOR_FAILED)) return { ms, failure: 'the tutor could not finish the turn (see server stderr)' };
    return { ms };
  } catch (error) {
    return { ms: performance.now() - started, failure: `network: ${(error as Error).message}` };
  }
}

/** Unmeasured: the first turns pay for schema caches, JIT and the learner's first rows. */
async function warmUp(learners: Learner[]): Promise<number> {
  let failed = 0;
  await Promise.all(
    learners.map(async (learner) => {
      for (let i = 0; i < WARMUP_TURNS; i++) if ((await sendTurn(learner)).failure) failed += 1;
    }),
  );
  return failed;
}

/** Closed loop: no turn starts after the deadline, and every turn started is waited for and counted. */
async function measure(learners: Learner[], seconds: number): Promise<{ latencies: number[]; failures: Map<string, number>; seconds: number }> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    learners.map(async (learner) => {
      while (performance.now() < deadline) {
        const outcome = await sendTurn(learner);
        if (outcome.failure) failures.set(outcome.failure, (failures.get(outcome.failure) ?? 0) + 1);
        else latencies.push(outcome.ms);
      }
    }),
  );
  return { latencies, failures, seconds: (performance.now() - started) / 1000 };
}

function tally(lines: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) counts[line] = (counts[line] ?? 0) + 1;
  return counts;
}

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null;
}

const round = (n: number | null, digits: number): number | null => (n === null ? null : Number(n.toFixed(digits)));

async function runConfiguration(store: Store, processes: number, options: Options, configPath: string): Promise<Row> {
  const location = await store.create();
  try {
    const servers = await startServers(processes, location.db, configPath);
    try {
      const learners = await openLearners(servers, options.learners);
      const warmupFailed = await warmUp(learners);
      const run = await measure(learners, options.seconds);
      const sorted = [...run.latencies].sort((a, b) => a - b);
      return {
        store: store.name,
        processes,
        learners: options.learners,
        turns: sorted.length,
        seconds: round(run.seconds, 2) ?? 0,
        turnsPerSecond: round(sorted.length / run.seconds, 1) ?? 0,
        p50Ms: round(quantile(sorted, 0.5), 1),
        p99Ms: round(quantile(sorted, 0.99), 1),
        failed: [...run.failures.values()].reduce((a, b) => a + b, 0),
        warmupFailed,
        failures: Object.fromEntries(run.failures),
        serverErrors: tally(servers.flatMap((s) => s.stderr)),
      };
    } finally {
      await stopServers(servers);
    }
  } finally {
    await location.dispose();
  }
}

function sqliteStore(workDir: string): Store {
  return {
    name: 'sqlite',
    async create() {
      const dir = mkdtempSync(join(workDir, 'sqlite-'));
      return { db: join(dir, 'ponder.db'), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  };
}

function postgresStore(server: LocalPostgres): Store {
  return {
    name: 'postgres',
    async create() {
      const database = await freshDatabase(server.url);
      return { db: database.url, dispose: database.drop };
    },
  };
}

/** A private PostgreSQL server, or undefined (with the reason said) when it cannot run here. */
async function startPostgresOrSay(say: (line: string) => void): Promise<LocalPostgres | undefined> {
  try {
    const server = await startPostgres();
    if (!server) say('PostgreSQL is not installed (no server binaries under /usr/lib/postgresql): measuring SQLite only.');
    return server;
  } catch (error) {
    say(`PostgreSQL is not installed or would not start (${(error as Error).message.split('\n')[0]}): measuring SQLite only.`);
    return undefined;
  }
}

function ratios(rows: Row[]): Ratio[] {
  const out: Ratio[] = [];
  for (const pg of rows.filter((r) => r.store === 'postgres')) {
    const lite = rows.find((r) => r.store === 'sqlite' && r.processes === pg.processes);
    if (!lite) continue;
    out.push({
      processes: pg.processes,
      p50: pg.p50Ms !== null && lite.p50Ms ? round(pg.p50Ms / lite.p50Ms, 2) : null,
      throughput: pg.turnsPerSecond > 0 ? round(lite.turnsPerSecond / pg.turnsPerSecond, 2) : null,
    });
  }
  return out;
}

/** What the core count allows, as sentences computed from this run's process counts. */
function machineNotes(rows: Row[], cores: number): string[] {
  const counts = [...new Set(rows.map((r) => r.processes))].sort((a, b) => a - b);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 'es'}`;
  const notes = [`This machine has ${cores} core${cores === 1 ? '' : 's'} (os.cpus().length); ${rows.some((r) => r.store === 'postgres') ? 'the load generator and PostgreSQL run' : 'the load generator runs'} on the same cores as the servers.`];
  const over = counts.filter((n) => n > cores);
  if (over.length > 0) {
    notes.push(
      `${over.map((n) => `${plural(n, 'process')} on ${cores} cores`).join(', ')}: more processes than cores share the cores, so more than ${plural(cores, 'process')} cannot show more throughput on this machine.`,
    );
  } else if (counts.length > 0) {
    const most = counts[counts.length - 1] ?? 1;
    notes.push(`${plural(most, 'process')} on ${cores} cores: each process can have a core, but it shares it with the load generator.`);
  }
  // The measured scaling, next to what the core count allows.
  for (const store of ['sqlite', 'postgres'] as const) {
    const mine = rows.filter((r) => r.store === store).sort((a, b) => a.processes - b.processes);
    const base = mine[0];
    if (!base || mine.length < 2 || base.turnsPerSecond === 0) continue;
    const steps = mine.slice(1).map((r) => `${r.processes} → ${(r.turnsPerSecond / base.turnsPerSecond).toFixed(2)}×`);
    notes.push(`${store}: turns/s relative to ${plural(base.processes, 'process')}: ${steps.join(', ')}.`);
  }
  return notes;
}

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

const shown = (n: number | null, suffix = ''): string => (n === null ? '–' : `${n}${suffix}`);

function printReport(rows: Row[], cores: number): void {
  console.log(
    table(
      ['store', 'processes', 'learners', 'turns', 'turns/s', 'p50 ms', 'p99 ms', 'failed'],
      rows.map((r) => [r.store, String(r.processes), String(r.learners), String(r.turns), r.turnsPerSecond.toFixed(1), shown(r.p50Ms), shown(r.p99Ms), String(r.failed)]),
    ),
  );
  for (const r of rows) {
    const reasons = Object.entries(r.failures).map(([why, n]) => `${n} × ${why}`);
    if (reasons.length > 0) console.log(`failed turns, ${r.store} ${r.processes}p: ${reasons.join(', ')}`);
    if (r.warmupFailed > 0) console.log(`warm-up turns failed, ${r.store} ${r.processes}p: ${r.warmupFailed}`);
    for (const [line, n] of Object.entries(r.serverErrors)) console.log(`server stderr, ${r.store} ${r.processes}p: ${n} × ${line}`);
  }
  const pgVsLite = ratios(rows);
  if (pgVsLite.length > 0) {
    console.log('\nPostgreSQL relative to SQLite (same run):');
    console.log(table(['processes', 'PG p50 / SQLite p50', 'SQLite turns/s / PG turns/s'], pgVsLite.map((r) => [String(r.processes), shown(r.p50, '×'), shown(r.throughput, '×')])));
  }
  console.log('');
  for (const note of machineNotes(rows, cores)) console.log(note);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // Progress goes to stderr so that --json leaves stdout one JSON object.
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const workDir = mkdtempSync(join(tmpdir(), 'ponder-scale-'));
  live.dirs.add(workDir);
  const configPath = writeServerConfig(workDir);
  const stores: Store[] = [];
  if (options.stores.includes('sqlite')) stores.push(sqliteStore(workDir));
  if (options.stores.includes('postgres')) {
    live.postgres = await startPostgresOrSay(say);
    if (live.postgres) stores.push(postgresStore(live.postgres));
  }
  const rows: Row[] = [];
  for (const store of stores) {
    for (const processes of options.processes) {
      say(`measuring ${store.name}, ${processes} process${processes === 1 ? '' : 'es'}, ${options.learners} learners, ${options.seconds} s…`);
      rows.push(await runConfiguration(store, processes, options, configPath));
    }
  }
  const cores = cpus().length;
  if (options.json) {
    console.log(JSON.stringify({ cores, node: process.version, seconds: options.seconds, learners: options.learners, rows, ratios: ratios(rows), notes: machineNotes(rows, cores) }));
  } else {
    printReport(rows, cores);
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    releaseAll();
    process.exit(130);
  });
}

try {
  await main();
} catch (error) {
  console.error(`bench:scale failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  releaseAll();
}
