// A site that embeds Ponder signs its staff in with a token of its own (the staff role, their e-mail, their class),
// signed with the site's secret like its learner tokens: no sign-in link needed.
import { afterEach, describe, expect, it } from 'vitest';
import { signStaffToken } from '../../adapters/web/tokens.ts';
import { openTeach, SCHOOL_SECRET, type Teach } from './teach-harness.ts';

let teach: Teach | undefined;
afterEach(async () => {
  await teach?.close();
  teach = undefined;
});

describe('staff signed in by a site', () => {
  it('opens the dashboard on the named class for a token the site signed, and refuses a forged or expired one', async () => {
    teach = openTeach();
    const exp = Math.floor(teach.clock.now / 1000) + 300;
    const token = signStaffToken({ site: 'school', role: 'staff', email: 'Ms.Ada@school.example', exp, class: 'Year 5 Maths' }, SCHOOL_SECRET);
    const signed = await teach.request(`/teach/sign-in?site=school&token=${encodeURIComponent(token)}`);
    expect(signed.status).toBe(303);
    const cookie = (signed.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const home = await (await teach.request('/teach', { headers: { cookie } })).text();
    expect(home).toContain('Year 5 Maths');
    expect(home).toContain('ms.ada@school.example');

    const forged = signStaffToken({ site: 'school', role: 'staff', email: 'eve@school.example', exp, class: 'Year 5 Maths' }, 'not-the-secret-of-the-site');
    expect((await teach.request(`/teach/sign-in?site=school&token=${encodeURIComponent(forged)}`)).status).toBe(403);
    const expired = signStaffToken({ site: 'school', role: 'staff', email: 'eve@school.example', exp: exp - 600 }, SCHOOL_SECRET);
    expect((await teach.request(`/teach/sign-in?site=school&token=${encodeURIComponent(expired)}`)).status).toBe(403);
    // A learner token of the same site is not a staff token.
    const learnerToken = signStaffToken({ site: 'school', role: 'learner' as 'staff', email: 'pupil@school.example', exp }, SCHOOL_SECRET);
    expect((await teach.request(`/teach/sign-in?site=school&token=${encodeURIComponent(learnerToken)}`)).status).toBe(403);
    // A site without a secret signs no one in.
    expect((await teach.request(`/teach/sign-in?site=demo&token=${encodeURIComponent(token)}`)).status).toBe(403);
  });
});
