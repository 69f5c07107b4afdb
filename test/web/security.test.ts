// What keeps one learner's data from another page or another person: token signatures in their one canonical
// form, origins allowed per site (and no DNS rebinding), and sessions bound to the learner who opened them.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../src/index.ts';
import { signLearnerToken } from '../../adapters/web/tokens.ts';
import { closeWebs, LEARNER, openWeb, SECRET } from './harness.ts';

afterEach(closeWebs);

type ErrorBody = { error: { code: string; message: string; origin?: string; site?: string } };

/** A config file with a site "school" that only https://school.example may use. */
function schoolConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ponder-sites-'));
  const file = join(dir, 'ponder.config.json');
  writeFileSync(file, JSON.stringify({ sites: { school: { secret: 'school-secret-sixteen-plus', origins: ['https://school.example'] } } }));
  return file;
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('signed learner tokens', () => {
  const variants = (token: string) => {
    const [payload, signature = ''] = token.split('.');
    // 32 bytes take 43 characters; the last one carries 2 spare bits, which a decoder ignores.
    const last = signature.at(-1) ?? 'A';
    const spare = BASE64URL[BASE64URL.indexOf(last) + 1] ?? 'B';
    return {
      'two exclamation marks': `${payload}.${signature}!!`,
      'padding': `${payload}.${signature}==`,
      'a space': `${payload}.${signature} `,
      'a space inside': `${payload}.${signature.slice(0, 10)} ${signature.slice(10)}`,
      'spare bits set': `${payload}.${signature.slice(0, -1)}${spare}`,
    };
  };

  it('accepts only the canonical signature when a session is started', async () => {
    const { start, clock } = openWeb();
    const token = signLearnerToken({ site: 'demo', sub: 'user-42', exp: Math.floor(clock.now / 1000) + 3600 }, SECRET);
    expect((await start({ token })).res.status).toBe(200);
    for (const [change, altered] of Object.entries(variants(token))) {
      const { res, body } = await start({ token: altered });
      expect({ change, status: res.status, code: body.error?.code }).toEqual({ change, status: 401, code: 'TOKEN_INVALID' });
    }
  });

  it('accepts only the canonical signature as the proof of a session\'s learner', async () => {
    const { start, inSession, clock } = openWeb();
    const token = signLearnerToken({ site: 'demo', sub: 'user-42', exp: Math.floor(clock.now / 1000) + 3600 }, SECRET);
    const { body } = await start({ token });
    expect((await inSession('GET', body.sessionId, '/export')).status).toBe(200);
    for (const [change, altered] of Object.entries(variants(token))) {
      // HTTP itself trims a header's trailing space, before the server sees it.
      if (change === 'a space') continue;
      const res = await inSession('GET', body.sessionId, '/export', undefined, { [LEARNER]: altered });
      expect({ change, status: res.status }).toEqual({ change, status: 404 });
    }
  });
});

describe('origins are allowed per site', () => {
  it('lets a page use only the sites it is configured for', async () => {
    const { start, send, inSession } = openWeb({ env: { PONDER_CONFIG: schoolConfig(), PONDER_ORIGINS: '' } });
    const school = { origin: 'https://school.example' };
    expect((await start({ anonymousId: 'anon-school-0123456789' }, school, 'school')).res.status).toBe(200);
    const refused = await start({ anonymousId: 'anon-school-0123456789' }, school, 'demo');
    expect(refused.res.status).toBe(403);
    expect(refused.body.error?.code).toBe('ORIGIN_NOT_ALLOWED');

    // A demo learner's session, opened on the server's own page, cannot be driven or read from the school's page.
    const demo = await start({ anonymousId: 'anon-demo-0123456789' });
    await send(demo.body.sessionId, { text: 'my name is Ana' });
    const turn = await send(demo.body.sessionId, { text: 'hi' }, 'turn-from-school-1', school);
    expect(turn.res.status).toBe(403);
    const exported = await inSession('GET', demo.body.sessionId, '/export', undefined, school);
    expect(exported.status).toBe(403);
    expect(await exported.text()).not.toContain('Ana');
    expect((await inSession('DELETE', demo.body.sessionId, '', undefined, school)).status).toBe(403);
    expect((await inSession('GET', demo.body.sessionId, '/progress', undefined, school)).status).toBe(403);
    expect((await inSession('GET', demo.body.sessionId, '/export')).status).toBe(200);
  });

  it('keeps PONDER_ORIGINS without a site allowing every site, as in a one-site setup', async () => {
    const { start } = openWeb({ env: { PONDER_CONFIG: schoolConfig(), PONDER_ORIGINS: 'https://intranet.example' } });
    for (const site of ['demo', 'school']) expect((await start({ anonymousId: 'anon-intranet-0123456789' }, { origin: 'https://intranet.example' }, site)).res.status).toBe(200);
  });

  it('reads "site=origin" in PONDER_ORIGINS as an origin for that site only', async () => {
    const { start } = openWeb({ env: { PONDER_ORIGINS: 'school=https://school.example' } });
    expect((await start({ anonymousId: 'anon-school-0123456789' }, { origin: 'https://school.example' }, 'school')).res.status).toBe(200);
    expect((await start({ anonymousId: 'anon-school-0123456789' }, { origin: 'https://school.example' }, 'demo')).res.status).toBe(403);
  });

  it('refuses a page whose Origin merely equals the Host it sent (DNS rebinding)', async () => {
    const { app } = openWeb();
    const from = (url: string, origin: string) =>
      app.request(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ site: 'demo', anonymousId: 'anon-rebind-0123456789' }) });
    const rebound = await from('http://evil.example:3000', 'http://evil.example:3000');
    expect(rebound.status).toBe(403);
    expect(((await rebound.json()) as ErrorBody).error.code).toBe('ORIGIN_NOT_ALLOWED');
    // The server's own demo page, on localhost at its port, is still allowed.
    expect((await from('http://localhost:3000', 'http://localhost:3000')).status).toBe(200);
  });

  it('allows the server\'s own public URL when it is configured', async () => {
    const { app } = openWeb({ env: { PONDER_PUBLIC_URL: 'https://tutor.school.example/' } });
    const res = await app.request('https://tutor.school.example/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://tutor.school.example' },
      body: JSON.stringify({ site: 'demo', anonymousId: 'anon-public-0123456789' }),
    });
    expect(res.status).toBe(200);
  });

  it('never takes a property every object has, such as "constructor", for a site', async () => {
    const { start } = openWeb();
    const { res, body } = await start({ anonymousId: 'anon-proto-0123456789' }, {}, 'constructor');
    expect(res.status).toBe(404);
    expect(body.error?.code).toBe('SITE_NOT_FOUND');
  });
});

describe('a page whose origin is not allowed', () => {
  function recordingLogger() {
    const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
    const logger: Logger = { info() {}, error() {}, warn: (fields, message) => void warnings.push({ fields: fields as Record<string, unknown>, message: message ?? '' }) };
    return { logger, warnings };
  }

  it('gets a stable code and a message its owner can act on, readable by the page', async () => {
    const { start } = openWeb();
    const { res, body } = await start({ anonymousId: 'anon-elsewhere-0123456789' }, { origin: 'https://blog.example' });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://blog.example');
    expect(body.error).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED', origin: 'https://blog.example', site: 'demo' });
    for (const part of ['https://blog.example', 'site "demo"', 'PONDER_ORIGINS']) expect(body.error?.message).toContain(part);
  });

  it('is logged for the operator once per origin and site every few minutes, with the fix', async () => {
    const { logger, warnings } = recordingLogger();
    const { start, clock } = openWeb({ logger });
    const visit = (origin: string) => start({ anonymousId: 'anon-elsewhere-0123456789' }, { origin });
    for (let i = 0; i < 5; i++) await visit('https://blog.example');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toEqual({ origin: 'https://blog.example', site: 'demo' });
    expect(warnings[0]?.message).toMatch(/https:\/\/blog\.example.*"demo".*add it to PONDER_ORIGINS/);
    await visit('https://wiki.example');
    expect(warnings).toHaveLength(2);
    clock.now += 10 * 60_000;
    await visit('https://blog.example');
    expect(warnings).toHaveLength(3);
  });

  it('cannot be made to flood the log with invented origins', async () => {
    const { logger, warnings } = recordingLogger();
    const { start } = openWeb({ logger });
    for (let i = 0; i < 200; i++) await start({ anonymousId: 'anon-elsewhere-0123456789' }, { origin: `https://invented-${i}.example` });
    expect(warnings.length).toBeLessThanOrEqual(51);
    expect(warnings.at(-1)?.message).toMatch(/not logged/);
  });
});

describe('a session belongs to the learner who opened it', () => {
  it('answers a session id without the learner\'s proof exactly as an unknown one, on every route', async () => {
    const { start, send, call } = openWeb();
    const ana = await start({ anonymousId: 'anon-ana-0123456789' });
    await send(ana.body.sessionId, { text: 'my name is Ana' });
    const unknown = await call('GET', '/api/session/no-such-session-0123/export', undefined, { [LEARNER]: 'anon-ana-0123456789' });
    const expected = { status: unknown.status, body: await unknown.text() };
    expect(expected.status).toBe(404);
    const routes: Array<[string, string, unknown]> = [
      ['GET', '/export', undefined],
      ['GET', '/progress', undefined],
      ['POST', '/turns', { text: 'hi', clientTurnId: 'turn-stolen-0001' }],
      ['DELETE', '', undefined],
    ];
    for (const proof of [undefined, 'anon-ben-0123456789', 'anon-ana-0123456789x', '']) {
      for (const [method, rest, body] of routes) {
        const res = await call(method, `/api/session/${ana.body.sessionId}${rest}`, body, proof === undefined ? {} : { [LEARNER]: proof });
        expect({ method, rest, proof, status: res.status, body: await res.text() }).toEqual({ method, rest, proof, ...expected });
      }
    }
    // Nothing was deleted or sent on Ana's behalf.
    const again = await start({ anonymousId: 'anon-ana-0123456789' });
    expect(again.body.history.filter((m) => m.role === 'learner').map((m) => m.text)).toEqual(['my name is Ana']);
  });

  it('binds a signed-in learner\'s session to their token: another user\'s token, or an expired one, gets nothing', async () => {
    const { start, inSession, clock } = openWeb();
    const exp = Math.floor(clock.now / 1000) + 3600;
    const ana = signLearnerToken({ site: 'demo', sub: 'ana', exp }, SECRET);
    const { body } = await start({ token: ana });
    expect((await inSession('GET', body.sessionId, '/export')).status).toBe(200);
    // A fresh token for the same user (a reload of the host page) is the same learner.
    expect((await inSession('GET', body.sessionId, '/export', undefined, { [LEARNER]: signLearnerToken({ site: 'demo', sub: 'ana', exp: exp + 60 }, SECRET) })).status).toBe(200);
    expect((await inSession('GET', body.sessionId, '/export', undefined, { [LEARNER]: signLearnerToken({ site: 'demo', sub: 'ben', exp }, SECRET) })).status).toBe(404);
    clock.now += 2 * 3600_000;
    expect((await inSession('GET', body.sessionId, '/export')).status).toBe(404);
  });

  it('lets a cross-origin page send the learner header', async () => {
    const { call } = openWeb();
    const preflight = await call('OPTIONS', '/api/session/abc/turns', undefined, { origin: 'https://school.example', 'access-control-request-headers': 'content-type, x-ponder-learner' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/x-ponder-learner/i);
  });
});
