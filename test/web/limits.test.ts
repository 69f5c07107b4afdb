// Limits that stop a flood without locking out a school: the static widget is never limited per address, a
// proxy's X-Forwarded-For is believed only when configured, new anonymous learners are counted per address, and
// the defaults let a thousand learners behind one address work.
import { afterEach, describe, expect, it } from 'vitest';
import { createClientAddress, parseTrustProxy, type TrustProxy } from '../../adapters/web/client-address.ts';
import { closeWebs, openWeb } from './harness.ts';

afterEach(closeWebs);

const PEER = 'x-test-peer';

describe('per-address limits', () => {
  it('serves the widget and the demo page to an address that is over its API limit', async () => {
    const { call } = openWeb({ config: { requestsPerMinute: 3 }, remoteAddress: '203.0.113.9' });
    for (let i = 0; i < 3; i++) expect((await call('GET', '/api/session/none/progress')).status).toBe(404);
    expect((await call('GET', '/api/session/none/progress')).status).toBe(429);
    for (let i = 0; i < 20; i++) {
      expect((await call('GET', '/widget.js')).status).toBe(200);
      expect((await call('GET', '/')).status).toBe(200);
    }
  });

  it('ignores X-Forwarded-For when no proxy is trusted, so a client cannot pick a fresh address per request', async () => {
    const { call } = openWeb({ config: { requestsPerMinute: 3 }, remoteAddress: '198.51.100.7' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call('GET', '/api/session/none/progress', undefined, { 'x-forwarded-for': `192.0.2.${i}` })).status);
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
  });

  it('behind a trusted proxy, limits each client on its own and believes only the hop the proxy added', async () => {
    const { call } = openWeb({ env: { PONDER_TRUST_PROXY: '1' }, config: { requestsPerMinute: 2 }, remoteAddress: '10.0.0.2' });
    const from = (forwardedFor: string) => call('GET', '/api/session/none/progress', undefined, { 'x-forwarded-for': forwardedFor });
    expect([(await from('203.0.113.1')).status, (await from('203.0.113.1')).status, (await from('203.0.113.1')).status]).toEqual([404, 404, 429]);
    expect((await from('203.0.113.2')).status).toBe(404);
    // An address the client wrote in front of the proxy's is not believed.
    expect((await from('203.0.113.77, 203.0.113.1')).status).toBe(429);
  });

  it('believes X-Forwarded-For only from the proxies listed by address or network', async () => {
    const { call } = openWeb({ env: { PONDER_TRUST_PROXY: '10.0.0.0/8' }, config: { requestsPerMinute: 1 }, remoteAddress: (c) => c.req.header(PEER) });
    const from = (peer: string, forwardedFor: string) => call('GET', '/api/session/none/progress', undefined, { [PEER]: peer, 'x-forwarded-for': forwardedFor });
    expect((await from('10.1.2.3', '203.0.113.5')).status).toBe(404);
    expect((await from('10.9.9.9', '203.0.113.6')).status).toBe(404);
    expect((await from('10.1.2.3', '203.0.113.5')).status).toBe(429);
    // Not a listed proxy: its own address counts, whatever it forwards.
    expect((await from('198.51.100.1', '203.0.113.7')).status).toBe(404);
    expect((await from('198.51.100.1', '203.0.113.8')).status).toBe(429);
  });

  it.each<[string, TrustProxy, string | undefined, string]>([
    ['no proxy: the peer', { hops: 0 }, '1.1.1.1, 2.2.2.2', '10.0.0.2'],
    ['one hop: the address the proxy added', { hops: 1 }, '1.1.1.1, 2.2.2.2', '2.2.2.2'],
    ['two hops', { hops: 2 }, '1.1.1.1, 2.2.2.2', '1.1.1.1'],
    ['more hops than addresses: the furthest', { hops: 5 }, '2.2.2.2', '2.2.2.2'],
    ['one hop and no header: the peer', { hops: 1 }, undefined, '10.0.0.2'],
    ['listed proxies, walked back to the first untrusted', { proxies: ['10.0.0.0/8', '192.168.1.1'] }, '9.9.9.9, 3.3.3.3, 192.168.1.1', '3.3.3.3'],
    ['listed proxies, all of them trusted: the furthest', { proxies: ['10.0.0.0/8'] }, '10.1.1.1', '10.1.1.1'],
  ])('resolves the client address: %s', (_, trust, forwardedFor, expected) => {
    expect(createClientAddress(trust)('::ffff:10.0.0.2', forwardedFor)).toBe(expected);
  });

  it('reads PONDER_TRUST_PROXY as a hop count or a list of addresses and networks', () => {
    expect(parseTrustProxy('')).toEqual({ hops: 0 });
    expect(parseTrustProxy('2')).toEqual({ hops: 2 });
    expect(parseTrustProxy('10.0.0.1, fd00::/8')).toEqual({ proxies: ['10.0.0.1', 'fd00::/8'] });
    for (const bad of ['yes', '10.0.0.0/33', '10.0.0.1,', 'proxy.example']) expect(parseTrustProxy(bad)).toBeUndefined();
  });
});

describe('new anonymous learners', () => {
  it('are counted per address, so that rotating ids does not buy more turns; returning learners are not', async () => {
    const { start, inSession } = openWeb({ config: { newLearnersPerHour: 5, turnsPerMinute: 2 }, remoteAddress: (c) => c.req.header(PEER) });
    const here = { [PEER]: '203.0.113.20' };
    const ids = Array.from({ length: 6 }, (_, i) => `anon-rotating-${i}-0123456789`);
    const sessions: string[] = [];
    for (const id of ids.slice(0, 5)) {
      const { res, body } = await start({ anonymousId: id }, here);
      expect(res.status).toBe(200);
      sessions.push(body.sessionId);
    }
    const sixth = await start({ anonymousId: ids[5] as string }, here);
    expect(sixth.res.status).toBe(429);
    expect(sixth.body.error?.code).toBe('RATE_LIMITED');
    expect(Number(sixth.res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Each learner keeps the per-learner turn limit.
    const turns: number[] = [];
    for (let i = 0; i < 3; i++) turns.push((await inSession('POST', sessions[0] as string, '/turns', { text: 'hi', clientTurnId: `turn-limit-${i}-abc` }, here)).status);
    expect(turns).toEqual([200, 200, 429]);
    // A learner who already has a session, or a conversation stored, comes back at once.
    expect((await start({ anonymousId: ids[0] as string }, here)).res.status).toBe(200);
    // Learners elsewhere are not affected.
    expect((await start({ anonymousId: ids[5] as string }, { [PEER]: '198.51.100.30' })).res.status).toBe(200);
  });
});

describe('a school behind one address', () => {
  it('lets 1,000 learners start and talk in the same minute under the default limits', async () => {
    const { start, send, inSession, config } = openWeb({ remoteAddress: '203.0.113.100' });
    expect(config.requestsPerMinute).toBeGreaterThanOrEqual(3_000);
    const refused: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      const { res, body } = await start({ anonymousId: `anon-pupil-${String(i).padStart(4, '0')}-abcdef` });
      if (res.status !== 200) {
        refused.push(res.status);
        continue;
      }
      const turn = await send(body.sessionId, { text: 'hi' });
      const progress = await inSession('GET', body.sessionId, '/progress');
      if (turn.res.status !== 200) refused.push(turn.res.status);
      if (progress.status !== 200) refused.push(progress.status);
    }
    expect(refused).toEqual([]);
  }, 60_000);
});
