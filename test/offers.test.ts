// A channel that offers some packs only (Turn.offers: a site's fractions page), through the real core.
import { afterEach, describe, expect, it } from 'vitest';
import type { TurnResult } from '../src/tutor.ts';
import { BUNDLED, correctAnswer, moves, startSession, texts, type Session } from './helpers/session.ts';

const FRACTIONS_PAGE = { offers: ['fractions'] };
const SQL_PAGE = { offers: ['sql-basics'] };
const SQL_TITLE = 'SQL basics for analysts';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const choiceIds = (result: TurnResult): string[] => result.replies.flatMap((r) => r.choices ?? []).map((c) => c.id);

describe('a channel that offers some packs', () => {
  it('lists only those packs in the welcome, in topics and in help', async () => {
    session = await startSession({ curriculumDir: BUNDLED });
    const first = await session.send('hi', FRACTIONS_PAGE);
    expect(moves(first)).toEqual(['welcome', 'topics']);
    expect(texts(first)).toMatch(/Fractions/);
    expect(texts(first)).not.toMatch(/SQL/);
    expect(choiceIds(first)).toEqual(['/start fractions']);
    const topics = await session.send('topics', FRACTIONS_PAGE);
    expect(choiceIds(topics)).toEqual(['/start fractions']);
    expect(texts(await session.send('help', SQL_PAGE))).toMatch(/`start sql-basics`/);
    expect(texts(await session.send('help', SQL_PAGE))).not.toMatch(/fractions/);
  });

  it('lists the packs it offers for a channel\'s menus, with the id that `start` takes', async () => {
    session = await startSession({ curriculumDir: BUNDLED });
    expect(session.ponder.tutor.topics(FRACTIONS_PAGE.offers)).toEqual([{ id: 'fractions', title: expect.stringMatching(/Fractions/), summary: expect.any(String) }]);
    const everything = session.ponder.tutor.topics().map((t) => t.id);
    expect(everything).toEqual(expect.arrayContaining(['fractions', 'sql-basics']));
    expect(everything.length).toBe(session.ponder.curriculum.packs.size);
  });

  it('answers a request for another pack with the ones it offers, and starts nothing', async () => {
    session = await startSession({ curriculumDir: BUNDLED });
    await session.send('hi', FRACTIONS_PAGE);
    for (const asked of ['start sql', '/start sql-basics', 'sql basics', 'learn SQL basics for analysts']) {
      const reply = await session.send(asked, FRACTIONS_PAGE);
      expect(moves(reply), asked).toEqual(['not-offered']);
      expect(texts(reply), asked).toBe(`**${SQL_TITLE}** isn't offered here. Here you can learn **Fractions**: which would you like?`);
      expect(choiceIds(reply), asked).toEqual(['/start fractions']);
      expect(reply.open, asked).toBeNull();
    }
    // A loose name still starts a pack that is on offer.
    expect(moves(await session.send('fract', FRACTIONS_PAGE))).toEqual(['placement-intro', 'pose']);
    expect(session.ponder.curriculum.packs.get('fractions')?.items.has(session.openItem()?.id ?? '')).toBe(true);
  });

  it('keeps progress in a pack it does not offer, never takes the learner there, and they carry on where it is offered', async () => {
    session = await startSession({ curriculumDir: BUNDLED });
    await session.send('hi');
    await session.send('start sql');
    await session.send('skip');
    const first = session.openItem();
    if (!first) throw new Error('no SQL question open');
    await session.send(correctAnswer(first));
    const sqlQuestion = session.openItem();
    const sqlMastery = session.last.mastery;
    expect(sqlQuestion).toBeDefined();
    expect(Object.values(sqlMastery).some((p) => p > 0.2)).toBe(true);

    const resumed = await session.send('/resume', FRACTIONS_PAGE);
    expect(moves(resumed)).toEqual(['topics']);
    expect(choiceIds(resumed)).toEqual(['/start fractions']);
    expect(resumed.open).toBeNull();
    expect(resumed.mastery).toEqual({});
    // The SQL question is not answered here, and progress lists nothing from elsewhere.
    expect(moves(await session.send(correctAnswer(sqlQuestion!), FRACTIONS_PAGE))).not.toContain('correct');
    expect(texts(await session.send('progress', FRACTIONS_PAGE))).toMatch(/No progress yet/);
    expect(await session.ponder.tutor.progress('test:learner', ['fractions'])).toEqual([]);
    expect((await session.ponder.tutor.progress('test:learner')).map((p) => p.id)).toEqual(['sql-basics']);

    // Starting fractions here does not cost the SQL place: the SQL page picks it up again.
    expect(moves(await session.send('start fractions', FRACTIONS_PAGE))).toEqual(['placement-intro', 'pose']);
    const back = await session.send('/resume', SQL_PAGE);
    expect(moves(back)).toEqual(['pose']);
    expect(back.open?.id).toBe(sqlQuestion?.id);
    expect(back.mastery).toEqual(sqlMastery);
    // And where every pack is offered, starting fractions again finds the placement check where it was.
    expect(moves(await session.send('start fractions'))).toEqual(['pose']);
    expect(session.last.open?.id).toBeDefined();
    expect((await session.ponder.tutor.progress('test:learner')).map((p) => p.id)).toEqual(['fractions', 'sql-basics']);
  });

  it('ignores pack ids the curriculum does not have, and offers every pack when it names none it has', async () => {
    session = await startSession({ curriculumDir: BUNDLED });
    expect(choiceIds(await session.send('hi', { offers: ['algebra', 'fractions'] }))).toEqual(['/start fractions']);
    expect(choiceIds(await session.send('topics', { offers: ['algebra'] }))).toEqual(['/start fractions', '/start sql-basics']);
  });
});
