// Who may see and change what on the staff dashboard: one-time sign-in links, the session cookie, a staff member
// confined to their own classes, and CSRF and origin checks on every change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTeach, type Teach } from './teach-harness.ts';

let t: Teach;
beforeEach(() => {
  t = openTeach();
});
afterEach(async () => {
  await t.close();
});

async function learnerIn(joinCode: string, identity: string) {
  const learner = t.learner(identity);
  await learner.say(`join ${joinCode}`);
  await learner.say('start mini');
  await learner.say('skip');
  return learner;
}

const idOf = async (staffId: string, classId: string, label: string) => (await t.ponder.classroom.overview(staffId, classId))?.learners.find((l) => l.label === label)?.id ?? '';

describe('staff sign-in', () => {
  it('counts sign-in attempts per address, so that made-up links cannot keep the server busy', async () => {
    const made = Array.from({ length: 60 }, (_, i) => t.request(`/teach/sign-in?token=made-up-${i}`));
    expect((await Promise.all(made)).every((r) => r.status === 403)).toBe(true);
    const over = await t.request('/teach/sign-in?token=made-up-again');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('a sign-in link works once: an HttpOnly, SameSite=Strict cookie for /teach and a redirect; replayed, it is refused', async () => {
    const link = await t.ponder.classroom.addStaff('ada@school.org', 'Year 5 Maths');
    const res = await t.request(`/teach/sign-in?token=${link.token}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/teach');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^ponder_staff=[\w-]{20,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/teach/);
    expect(cookie).not.toMatch(/Secure/);
    const home = await t.browserWith(cookie.split(';')[0] ?? '').get('/teach');
    expect(home.status).toBe(200);
    const page = await home.text();
    expect(page).toContain('Year 5 Maths');
    expect(page).toContain('ada@school.org');

    const replayed = await t.request(`/teach/sign-in?token=${link.token}`);
    expect(replayed.status).toBe(403);
    expect(replayed.headers.get('set-cookie')).toBeNull();
    const text = await replayed.text();
    expect(text).toContain('invalid or already used');
    expect(text).toContain('ponder staff add');
    expect(text).not.toContain('still signed in');
    // The same person clicking their link a second time is refused too, and shown the way to their classes.
    const again = await t.browserWith(cookie.split(';')[0] ?? '').get(`/teach/sign-in?token=${link.token}`);
    expect(again.status).toBe(403);
    expect(await again.text()).toContain('You are still signed in on this browser: <a href="/teach">open your classes</a>');
  });

  it('a forged, empty or expired link is refused with a 403 that says how to get a new one', async () => {
    for (const token of ['forged-token-forged-token-forged', '', 'x']) {
      const res = await t.request(`/teach/sign-in?token=${token}`);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Ask for a new link');
    }
    expect((await t.request('/teach/sign-in')).status).toBe(403);
    const link = await t.ponder.classroom.addStaff('ada@school.org', 'Year 5 Maths');
    t.clock.now += 25 * 3600_000;
    expect((await t.request(`/teach/sign-in?token=${link.token}`)).status).toBe(403);
  });

  it('a chat or mail program fetching the link for a preview does not use it up', async () => {
    const link = await t.ponder.classroom.addStaff('ada@school.org', 'Year 5 Maths');
    const path = `/teach/sign-in?token=${link.token}`;
    expect((await t.request(path, { method: 'HEAD' })).status).toBe(200);
    for (const agent of ['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)']) {
      const preview = await t.request(path, { headers: { 'user-agent': agent } });
      expect(preview.status).toBe(200);
      expect(preview.headers.get('set-cookie')).toBeNull();
      expect(await preview.text()).toContain('Open this link in your browser to sign in');
    }
    expect((await t.request(path)).status).toBe(303);
  });

  it('over https the session cookie is also Secure', async () => {
    const link = await t.ponder.classroom.addStaff('ada@school.org', 'Year 5 Maths');
    const res = await t.request(`https://localhost/teach/sign-in?token=${link.token}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('a link opened from another site (webmail, chat) signs in on a page of ours that then opens the dashboard', async () => {
    // The browser would not send a SameSite=Strict cookie on a redirect that another site started.
    const link = await t.ponder.classroom.addStaff('ada@school.org', 'Year 5 Maths');
    const res = await t.request(`/teach/sign-in?token=${link.token}`, { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
    const page = await res.text();
    expect(page).toContain('<meta http-equiv="refresh" content="0; url=/teach">');
    expect(page).toContain('<a href="/teach">');
  });

  it('signing out needs the CSRF token, and ends the session', async () => {
    const ada = await t.staff('ada@school.org', 'Year 5 Maths');
    expect((await ada.post('/teach/sign-out', { csrf: 'wrong-wrong-wrong-wrong' })).status).toBe(403);
    expect((await ada.get('/teach')).status).toBe(200);
    const out = await ada.post('/teach/sign-out', {});
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/teach/signed-out');
    expect(out.headers.get('set-cookie')).toMatch(/ponder_staff=;.*Max-Age=0/);
    expect((await ada.get('/teach')).status).toBe(401);
    expect(await (await t.request('/teach/signed-out')).text()).toContain('You are signed out');
  });
});

describe('sessions and classes', () => {
  it('without a valid session every page and change is a 401 that says how to sign in', async () => {
    const ada = await t.staff('ada@school.org', 'Year 5 Maths');
    await learnerIn(ada.cls.joinCode, 'cli:ana');
    const learnerId = await idOf(ada.staffId, ada.cls.id, 'cli:ana');
    const base = `/teach/classes/${ada.cls.id}`;
    const pages = ['/teach', base, `${base}/learners/${learnerId}`, `${base}/audit`, `${base}/export/grid.csv`, `${base}/export/attempts.csv`, `${base}/export/xapi.json`, '/teach/nowhere'];
    for (const cookie of ['', 'ponder_staff=made-up-session-made-up-session', 'ponder_staff=']) {
      for (const path of pages) {
        const res = await t.request(path, { headers: cookie ? { cookie } : {} });
        expect(res.status, `${path} with "${cookie}"`).toBe(401);
        expect(await res.text()).toContain('ponder staff add');
      }
      const change = await t.browserWith(cookie).post(`${base}/learners/${learnerId}/overrides`, { csrf: 'x'.repeat(32), kind: 'solutions', solutions: 'hidden', reason: 'r' });
      expect(change.status).toBe(401);
    }
    // A session the core has ended (30 days) is no session either.
    t.clock.now += 31 * 86_400_000;
    expect((await ada.get('/teach')).status).toBe(401);
    expect((await t.ponder.classroom.learner(ada.staffId, ada.cls.id, learnerId))?.overrides).toEqual([]);
  });

  it("staff see only their own classes: another class, its learners, exports and changes are 404", async () => {
    const ada = await t.staff('ada@school.org', 'Year 5 Maths');
    const bob = await t.staff('bob@school.org', 'Year 6 Maths');
    await learnerIn(ada.cls.joinCode, 'cli:ana');
    await learnerIn(bob.cls.joinCode, 'cli:ben');
    const ben = await idOf(bob.staffId, bob.cls.id, 'cli:ben');
    const ana = await idOf(ada.staffId, ada.cls.id, 'cli:ana');

    const list = await (await ada.get('/teach')).text();
    expect(list).toContain('Year 5 Maths');
    expect(list).not.toContain('Year 6 Maths');
    const theirs = `/teach/classes/${bob.cls.id}`;
    for (const path of [theirs, `${theirs}/learners/${ben}`, `${theirs}/audit`, `${theirs}/export/grid.csv`, `${theirs}/export/attempts.csv`, `${theirs}/export/xapi.json`, `/teach/classes/${ada.cls.id}/learners/${ben}`, '/teach/classes/no-such-class']) {
      const res = await ada.get(path);
      expect(res.status, path).toBe(404);
      const text = await res.text();
      expect(text).toContain('a class you do not teach');
      expect(text).not.toContain('ben');
    }
    // Nor can they change a learner of another class, through their own class or the other one.
    const change = { kind: 'solutions', solutions: 'hidden', reason: 'no' };
    expect((await ada.post(`${theirs}/learners/${ben}/overrides`, change)).status).toBe(404);
    expect((await ada.post(`/teach/classes/${ada.cls.id}/learners/${ben}/overrides`, change)).status).toBe(404);
    expect((await t.ponder.classroom.learner(bob.staffId, bob.cls.id, ben))?.overrides).toEqual([]);
    // Bob's own override cannot be undone by Ada.
    await bob.post(`${theirs}/learners/${ben}/overrides`, change);
    const [made] = (await t.ponder.classroom.learner(bob.staffId, bob.cls.id, ben))?.overrides ?? [];
    expect((await ada.post(`${theirs}/learners/${ben}/overrides/${made?.id}/revert`, { reason: 'x' })).status).toBe(404);
    expect((await ada.post(`/teach/classes/${ada.cls.id}/learners/${ana}/overrides/${made?.id}/revert`, { reason: 'x' })).headers.get('location')).toContain('done=not-reverted');
    expect((await t.ponder.classroom.learner(bob.staffId, bob.cls.id, ben))?.overrides[0]?.revertedAt).toBeUndefined();
  });
});

describe('changes', () => {
  it('a change without the CSRF token, with a wrong one, from another origin or not as a form is refused (403) and changes nothing', async () => {
    const ada = await t.staff('ada@school.org', 'Year 5 Maths');
    const bob = await t.staff('bob@school.org', 'Year 6 Maths');
    await learnerIn(ada.cls.joinCode, 'cli:ana');
    const ana = await idOf(ada.staffId, ada.cls.id, 'cli:ana');
    const path = `/teach/classes/${ada.cls.id}/learners/${ana}/overrides`;
    const change = { kind: 'level', pack: 'mini', level: '4', reason: 'ready for more' };
    const token = await ada.csrf();
    const refused = async (res: Response, what: string) => {
      expect(res.status, what).toBe(403);
      expect(await res.text(), what).toContain('That change was refused');
    };
    const raw = (body: string, headers: Record<string, string>) => t.request(path, { method: 'POST', headers: { cookie: ada.cookie, ...headers }, body });
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const urlencoded = { 'content-type': 'application/x-www-form-urlencoded' };

    await refused(await raw(form(change), { ...urlencoded, origin: 'http://localhost' }), 'no token');
    await refused(await ada.post(path, { ...change, csrf: 'not-the-token-not-the-token' }), 'wrong token');
    await refused(await ada.post(path, { ...change, csrf: await bob.csrf() }), "another session's token");
    await refused(await ada.post(path, { ...change, csrf: token }, { origin: 'https://evil.example' }), 'another origin');
    await refused(await ada.post(path, { ...change, csrf: token }, { origin: 'null' }), 'an opaque origin');
    await refused(await raw(form({ ...change, csrf: token }), { ...urlencoded, referer: 'https://evil.example/page' }), 'another referer');
    await refused(await raw(JSON.stringify({ ...change, csrf: token }), { 'content-type': 'application/json', origin: 'http://localhost' }), 'not a form');
    expect((await t.ponder.classroom.learner(ada.staffId, ada.cls.id, ana))?.overrides).toEqual([]);

    // The same change from our own page (or from a browser that sends neither Origin nor Referer) goes through.
    const ok = await raw(form({ ...change, csrf: token }), { ...urlencoded, referer: `http://localhost/teach/classes/${ada.cls.id}/learners/${ana}` });
    expect(ok.status).toBe(303);
    expect((await raw(form({ ...change, csrf: token }), urlencoded)).status).toBe(303);
    expect((await t.ponder.classroom.learner(ada.staffId, ada.cls.id, ana))?.overrides).toHaveLength(2);
  });

  it('a form larger than any of ours is refused unread', async () => {
    const ada = await t.staff('ada@school.org', 'Year 5 Maths');
    const res = await ada.post('/teach/sign-out', { padding: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect((await ada.get('/teach')).status).toBe(200);
  });
});

describe('addresses', () => {
  it('an address typed with a trailing slash leads to the page', async () => {
    const ada = await t.staff('ada@school.org', 'Year 5 Maths');
    const res = await ada.get('/teach/');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/teach');
    expect((await ada.get(`/teach/classes/${ada.cls.id}/`)).headers.get('location')).toBe(`/teach/classes/${ada.cls.id}`);
    expect((await ada.get('/teach/nowhere')).status).toBe(404);
  });
});

describe('headers', () => {
  it('staff pages carry a strict CSP, are never cached, and the style sheet is cached for good', async () => {
    const ada = await t.staff('ada@school.org', 'Year 5 Maths');
    for (const res of [await ada.get('/teach'), await t.request('/teach'), await t.request('/teach/sign-in?token=nope')]) {
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*style-src 'self'.*form-action 'self'.*frame-ancestors 'none'/);
      expect(res.headers.get('content-security-policy')).not.toContain('script-src');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    }
    const page = await (await ada.get('/teach')).text();
    const sheet = /<link rel="stylesheet" href="([^"]+)">/.exec(page)?.[1] ?? '';
    const css = await t.request(sheet);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect(await css.text()).toContain(':focus-visible');
  });
});
