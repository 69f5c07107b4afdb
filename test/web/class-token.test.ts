// A site that knows its user's class signs the class's join code into the learner token: the learner joins when
// the widget opens, and is told, in the conversation, who will now see their work. Once, whatever sessions follow.
import { afterEach, describe, expect, it } from 'vitest';
import { signLearnerToken } from '../../adapters/web/tokens.ts';
import { closeWebs, openWeb, SECRET } from './harness.ts';

afterEach(closeWebs);

describe('a learner token that names a class', () => {
  it('joins the learner to the class when the session starts, telling them who sees their work, once', async () => {
    const web = openWeb();
    const cls = await web.ponder.classroom.createClass('Year 5 Maths');
    await web.ponder.classroom.addStaff('ada@school.example', 'Year 5 Maths');
    const exp = Math.floor(web.clock.now / 1000) + 3600;
    const token = signLearnerToken({ site: 'demo', sub: 'pupil-17', exp, class: cls.joinCode }, SECRET);

    const first = await web.start({ token });
    expect(first.res.status).toBe(200);
    const told = first.body.history.map((m) => m.text).join('\n');
    expect(told).toMatch(/You joined \*\*Year 5 Maths\*\*/);
    expect(told).toMatch(/ada@school\.example can see your progress/);
    expect((await web.ponder.classroom.findClass('Year 5 Maths'))?.learners).toBe(1);

    const again = await web.start({ token });
    expect(again.body.history.filter((m) => /You joined/.test(m.text))).toHaveLength(1);
    // The same code written another way (lower case, with a dash) is the same class: no second join, no "already in".
    const written = `${cls.joinCode.slice(0, 4).toLowerCase()}-${cls.joinCode.slice(4)}`;
    const other = await web.start({ token: signLearnerToken({ site: 'demo', sub: 'pupil-17', exp, class: written }, SECRET) });
    expect(other.res.status).toBe(200);
    expect(other.body.history.map((m) => m.text).join('\n')).not.toMatch(/already/i);

    // A token whose class is not a join code is refused like any malformed token.
    const bad = signLearnerToken({ site: 'demo', sub: 'pupil-18', exp, class: '<script>' }, SECRET);
    expect((await web.start({ token: bad })).res.status).toBe(401);
  });
});
