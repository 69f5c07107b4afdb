// Web sessions stay bounded: one live session per learner and site, however often the page is reloaded, and
// expired sessions are swept as new ones are made, so memory stays flat under a stream of new visitors.
import { describe, expect, it } from 'vitest';
import { createSessions } from '../../adapters/web/sessions.ts';

describe('web sessions', () => {
  it('gives a learner who starts again on the same site their live session, renewed', () => {
    const sessions = createSessions(60_000);
    const first = sessions.create('web:demo/anon:a', 'demo', 0);
    for (let t = 1; t <= 1000; t++) expect(sessions.create('web:demo/anon:a', 'demo', t * 10).id).toBe(first.id);
    expect(sessions.size()).toBe(1);
    expect(sessions.create('web:school/anon:a', 'school', 20_000).id).not.toBe(first.id);
    // Renewed on each start: still live a minute after the first one.
    expect(sessions.get(first.id, 65_000)?.id).toBe(first.id);
  });

  it('sweeps expired sessions as new visitors arrive, so their number stays bounded by the ones alive', () => {
    const sessions = createSessions(1_000);
    for (let i = 0; i < 20_000; i++) sessions.create(`web:demo/anon:${i}`, 'demo', i * 10);
    // 1 s of life at one new visitor every 10 ms: about 100 alive at any time.
    expect(sessions.size()).toBeLessThan(200);
  });

  it('starts a new session once the old one has expired', () => {
    const sessions = createSessions(1_000);
    const first = sessions.create('web:demo/anon:a', 'demo', 0);
    expect(sessions.create('web:demo/anon:a', 'demo', 5_000).id).not.toBe(first.id);
    expect(sessions.get(first.id, 5_000)).toBeUndefined();
  });
});
