// The web API through the real core and SQLite: sessions, streamed turns, no duplicates on resend, signed
// learner tokens, origins, limits, progress, export and forget.
import { afterEach, describe, expect, it } from 'vitest';
import { openPonder, type Ponder } from '../../src/app.ts';
import { createWebApp } from '../../adapters/web/app.ts';
import { readWebConfig, type WebConfig } from '../../adapters/web/config.ts';
import { signLearnerToken } from '../../adapters/web/tokens.ts';
import { MINI, tempDb } from '../helpers/session.ts';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { BASE as ORIGIN, closeWebs, LEARNER, openWeb, parseSse, replies, SECRET } from './harness.ts';

let ponder: Ponder | undefined;
let cleanup: (() => void) | undefined;
afterEach(async () => {
  await ponder?.close();
  cleanup?.();
  ponder = undefined;
  await closeWebs();
});

const setup = (overrides: Partial<WebConfig> = {}) => openWeb({ config: overrides });

describe('a busy database', () => {
  it('stores nothing, says so in plain words, and runs the same turn afresh when the client sends it again', async () => {
    const db = tempDb();
    cleanup = db.cleanup;
    const clock = { now: Date.UTC(2026, 0, 5, 9) };
    ponder = openPonder({ curriculumDir: MINI, store: openSqliteStore(db.dbPath, { busyBudgetMs: 300 }), now: () => clock.now });
    const config = readWebConfig({ PONDER_SITE_SECRETS: `demo=${SECRET}` });
    const app = createWebApp({ tutor: ponder.tutor, config, widget: { code: '' }, now: () => clock.now });
    const call = (path: string, body: unknown) => app.request(`${ORIGIN}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', [LEARNER]: 'anon-busy-0123456789' }, body: JSON.stringify(body) });
    const { sessionId } = (await (await call('/api/session', { site: 'demo', anonymousId: 'anon-busy-0123456789' })).json()) as { sessionId: string };
    // Another process (a report, a backup) holds the write lock for longer than the turn may wait.
    const other = new Database(db.dbPath);
    other.exec('BEGIN IMMEDIATE');
    const blocked = parseSse(await (await call(`/api/session/${sessionId}/turns`, { text: 'hi', clientTurnId: 'turn-busy-000001' })).text());
    const failure = blocked.find((e) => e.event === 'error');
    expect(failure?.data).toMatchObject({ code: 'STORE_BUSY', retryable: true });
    expect(JSON.stringify(blocked)).not.toMatch(/locked|SQLITE/i);
    other.exec('COMMIT');
    other.close();
    expect(await ponder.tutor.history('web:demo/anon:anon-busy-0123456789')).toEqual([]);
    const resent = parseSse(await (await call(`/api/session/${sessionId}/turns`, { text: 'hi', clientTurnId: 'turn-busy-000001' })).text());
    expect(resent.at(-1)?.event).toBe('end');
    const history = await ponder.tutor.history('web:demo/anon:anon-busy-0123456789');
    expect(history.filter((m) => m.role === 'learner')).toEqual([{ role: 'learner', text: 'hi' }]);
  });
});

describe('a turn sent again after a restart', () => {
  it('is answered from the store with what it sent the first time, never run twice', async () => {
    const db = tempDb();
    cleanup = db.cleanup;
    const clock = { now: Date.UTC(2026, 0, 5, 9) };
    const open = () => {
      ponder = openPonder({ curriculumDir: MINI, dbPath: db.dbPath, now: () => clock.now });
      const app = createWebApp({ tutor: ponder.tutor, config: readWebConfig({ PONDER_SITE_SECRETS: `demo=${SECRET}` }), widget: { code: '' }, now: () => clock.now });
      const call = (path: string, body: unknown) => app.request(`${ORIGIN}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', [LEARNER]: 'anon-restart-0123456789' }, body: JSON.stringify(body) });
      const turn = async (body: Record<string, string>) => {
        const { sessionId } = (await (await call('/api/session', { site: 'demo', anonymousId: 'anon-restart-0123456789' })).json()) as { sessionId: string };
        clock.now += 20_000;
        return parseSse(await (await call(`/api/session/${sessionId}/turns`, body)).text());
      };
      return turn;
    };
    let turn = open();
    await turn({ text: 'hi', clientTurnId: 'turn-restart-0001' });
    await turn({ choice: '/start mini', clientTurnId: 'turn-restart-0002' });
    const first = await turn({ text: 'hint', clientTurnId: 'turn-restart-0003' });
    await ponder?.close();
    turn = open();
    const again = await turn({ text: 'hint', clientTurnId: 'turn-restart-0003' });
    expect(replies(again)).toEqual(replies(first));
    expect(again.at(-1)?.event).toBe('end');
    const said = (await ponder!.tutor.history('web:demo/anon:anon-restart-0123456789')).filter((m) => m.role === 'learner' && m.text === 'hint');
    expect(said).toHaveLength(1);
    // A new turn id is a new turn.
    const next = await turn({ text: 'hint', clientTurnId: 'turn-restart-0004' });
    expect(replies(next)).not.toEqual(replies(first));
  });
});

describe('sessions and turns', () => {
  it('starts a session, streams the replies of a turn, and shows the conversation again after a reload', async () => {
    const { start, send } = setup();
    const { res, body } = await start();
    expect(res.status).toBe(200);
    expect(body.sessionId).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(body.history).toEqual([]);
    const hi = await send(body.sessionId, { text: 'hi' });
    expect(hi.res.headers.get('content-type')).toMatch(/text\/event-stream/);
    expect(replies(hi.events).map((r) => r.move)).toEqual(['welcome', 'topics']);
    expect(hi.events.at(-1)?.event).toBe('end');
    await send(body.sessionId, { choice: '/start mini' });
    const again = await start();
    // The same learner on the same site gets their live session back: one per learner, however many reloads.
    expect(again.body.sessionId).toBe(body.sessionId);
    expect(again.body.history.map((m) => m.role)).toContain('learner');
    expect(again.body.history.some((m) => /Mini fractions/.test(m.text))).toBe(true);
    expect(again.body.open).not.toBeNull();
  });

  it('never runs a turn twice when the client sends it again after a dropped connection', async () => {
    const { start, send, inSession } = setup();
    const { body } = await start();
    await send(body.sessionId, { text: 'start mini' });
    const first = await send(body.sessionId, { text: 'hint' }, 'resent-turn-1');
    const second = await send(body.sessionId, { text: 'hint' }, 'resent-turn-1');
    expect(replies(second.events)).toEqual(replies(first.events));
    expect(replies(first.events)[0]?.move).toBe('placement-no-hints');
    const exported = await (await inSession('GET', body.sessionId, '/export')).json() as { turns: Array<{ text: string }> };
    expect(exported.turns.filter((t) => t.text === 'hint')).toHaveLength(1);
  });

  it('keeps one learner out of another\'s session', async () => {
    const { start, send } = setup();
    const ana = await start({ anonymousId: 'anon-ana-0123456789' });
    await send(ana.body.sessionId, { text: 'my name is Ana' });
    const ben = await start({ anonymousId: 'anon-ben-0123456789' });
    expect(ben.body.history).toEqual([]);
    const guess = await send(`${ana.body.sessionId.slice(0, -2)}xx`, { text: 'me' });
    expect(guess.res.status).toBe(404);
  });
});

describe('signed learner tokens', () => {
  it('gives a host site\'s user one profile across devices, and refuses forged and expired tokens', async () => {
    const { start, send, clock } = setup();
    const token = signLearnerToken({ site: 'demo', sub: 'user-42', exp: Math.floor(clock.now / 1000) + 3600, name: 'Ana' }, SECRET);
    const laptop = await start({ token });
    expect(laptop.res.status).toBe(200);
    expect(laptop.body.learner.name).toBe('Ana');
    await send(laptop.body.sessionId, { text: 'start mini' });
    const phone = await start({ token });
    expect(phone.body.history.some((m) => m.text === 'start mini')).toBe(true);
    const forged = await start({ token: signLearnerToken({ site: 'demo', sub: 'user-42', exp: Math.floor(clock.now / 1000) + 3600 }, 'not-the-secret-at-all') });
    expect(forged.res.status).toBe(401);
    expect((forged.body as unknown as { error: { code: string } }).error.code).toBe('TOKEN_INVALID');
    const expired = await start({ token: signLearnerToken({ site: 'demo', sub: 'user-42', exp: Math.floor(clock.now / 1000) - 1 }, SECRET) });
    expect(expired.res.status).toBe(401);
    expect((expired.body as unknown as { error: { code: string; message: string } }).error.code).toBe('TOKEN_EXPIRED');
  });
});

describe('safety', () => {
  it('answers only allowed origins', async () => {
    const { call } = setup();
    const denied = await call('POST', '/api/session', { site: 'demo', anonymousId: 'anon-0123456789abcdef' }, { origin: 'https://evil.example' });
    expect(denied.status).toBe(403);
    const allowed = await call('POST', '/api/session', { site: 'demo', anonymousId: 'anon-0123456789abcdef' }, { origin: 'https://school.example' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://school.example');
  });

  it('refuses oversized bodies and malformed requests with clear errors', async () => {
    const { call, start, inSession } = setup();
    const big = await call('POST', '/api/session', JSON.stringify({ site: 'demo', anonymousId: 'x'.repeat(20_000) }));
    expect(big.status).toBe(413);
    const bad = await call('POST', '/api/session', '{not json');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/anonymousId/);
    const { body } = await start();
    const noId = await inSession('POST', body.sessionId, '/turns', { text: 'hi' });
    expect(noId.status).toBe(400);
  });

  it('rate-limits a learner who sends too many turns', async () => {
    const { start, inSession } = setup({ turnsPerMinute: 3 });
    const { body } = await start();
    const burst = (i: number) => inSession('POST', body.sessionId, '/turns', { text: 'help', clientTurnId: `burst-turn-${i}` });
    for (let i = 0; i < 3; i++) expect((await burst(i)).status).toBe(200);
    const limited = await burst(3);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('rate-limits an address that floods the server', async () => {
    const { call } = setup({ requestsPerMinute: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call('GET', '/api/session/none/progress')).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('serves the demo page with a content security policy', async () => {
    const { call } = setup();
    const page = await call('GET', '/');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await page.text()).toContain('<script src="/widget.js"');
  });
});

describe('progress, export and forget', () => {
  it('shows progress, exports the data and deletes everything on request', async () => {
    const { start, send, inSession } = setup();
    const { body } = await start();
    await send(body.sessionId, { text: 'start mini' });
    await send(body.sessionId, { text: 'skip' });
    await send(body.sessionId, { text: '4' });
    const progress = (await (await inSession('GET', body.sessionId, '/progress')).json()) as { packs: Array<{ id: string; concepts: Array<{ id: string; mastery: number }> }> };
    expect(progress.packs[0]?.id).toBe('mini');
    expect(progress.packs[0]?.concepts.find((c) => c.id === 'halves')?.mastery).toBeGreaterThan(0.2);
    const exported = await inSession('GET', body.sessionId, '/export');
    expect(exported.headers.get('content-disposition')).toMatch(/attachment/);
    const gone = await inSession('DELETE', body.sessionId, '');
    expect(gone.status).toBe(204);
    expect((await inSession('GET', body.sessionId, '/progress')).status).toBe(404);
    const fresh = await start();
    expect(fresh.body.history).toEqual([]);
  });
});
