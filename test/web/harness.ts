// The web app over the real core and a SQLite file, called in process: start a session as a learner, send turns
// with that learner's proof, read the streamed events.
import type { Context } from 'hono';
import { openPonder, type Ponder } from '../../src/app.ts';
import type { Logger } from '../../src/index.ts';
import { createWebApp } from '../../adapters/web/app.ts';
import { readWebConfig, type WebConfig } from '../../adapters/web/config.ts';
import { MINI, tempDb } from '../helpers/session.ts';

export const SECRET = 'a-site-secret-of-some-length';
/** Requests are addressed to the server as http://localhost (port 80), so this is its own origin. */
export const BASE = 'http://localhost';
export const LEARNER = 'x-ponder-learner';

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

export function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.includes('event:'))
    .map((block) => ({
      event: /event: (.+)/.exec(block)?.[1] ?? '',
      data: JSON.parse(/data: (.+)/.exec(block)?.[1] ?? '{}') as Record<string, unknown>,
    }));
}

export const replies = (events: SseEvent[]) => events.filter((e) => e.event === 'reply').map((e) => e.data as { text: string; move: string; choices?: unknown[] });

const opened: Array<() => Promise<void>> = [];

/** Closes every app opened by openWeb (call in afterEach). */
export async function closeWebs(): Promise<void> {
  for (const close of opened.splice(0)) await close();
}

export interface WebOptions {
  env?: Record<string, string>;
  config?: Partial<WebConfig>;
  /** The peer address of every request, or one per request. */
  remoteAddress?: string | ((c: Context) => string | undefined);
  logger?: Logger;
  widget?: string;
  /** An existing database file (for a restart); a fresh one otherwise. */
  dbPath?: string;
}

export function openWeb(options: WebOptions = {}) {
  let dbPath = options.dbPath;
  let cleanup = () => {};
  if (!dbPath) {
    const db = tempDb();
    dbPath = db.dbPath;
    cleanup = db.cleanup;
  }
  const clock = { now: Date.UTC(2026, 0, 5, 9) };
  const ponder: Ponder = openPonder({ curriculumDir: MINI, dbPath, now: () => clock.now });
  opened.push(async () => {
    await ponder.close();
    cleanup();
  });
  const config = { ...readWebConfig({ PONDER_SITE_SECRETS: `demo=${SECRET}`, PONDER_ORIGINS: 'https://school.example', ...options.env }), ...options.config };
  const remote = options.remoteAddress;
  const app = createWebApp({
    tutor: ponder.tutor,
    config,
    widget: { code: options.widget ?? '/* widget */' },
    now: () => clock.now,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(remote !== undefined ? { remoteAddress: typeof remote === 'string' ? () => remote : remote } : {}),
  });
  /** The proof each session was opened with, so that later calls speak for the same learner. */
  const proofs = new Map<string, string>();
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(`${BASE}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  const start = async (credentials: Record<string, string> = { anonymousId: 'anon-0123456789abcdef' }, headers: Record<string, string> = {}, site = 'demo') => {
    const res = await call('POST', '/api/session', { site, ...credentials }, headers);
    const body = (await res.json()) as { sessionId: string; history: Array<{ role: string; text: string }>; open: unknown; learner: { name?: string }; error?: { code: string; message: string } };
    const proof = credentials.token ?? credentials.anonymousId ?? '';
    if (res.status === 200) proofs.set(body.sessionId, proof);
    return { res, body, proof };
  };
  /** A call in a session as the learner who opened it. */
  const inSession = (method: string, sessionId: string, rest: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(method, `/api/session/${sessionId}${rest}`, body, { [LEARNER]: proofs.get(sessionId) ?? '', ...headers });
  let n = 0;
  const send = async (sessionId: string, turn: Record<string, string>, clientTurnId = `turn-${++n}-abcdef`, headers: Record<string, string> = {}) => {
    clock.now += 20_000;
    const res = await inSession('POST', sessionId, '/turns', { ...turn, clientTurnId }, headers);
    return { res, events: res.status === 200 ? parseSse(await res.text()) : [], clientTurnId };
  };
  return { app, ponder, config, clock, call, start, inSession, send, dbPath };
}
