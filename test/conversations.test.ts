// Scripted conversations through the real core and a real SQLite file: what a learner would see.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { correctAnswer, MINI, moves, startSession, texts, type Session } from './helpers/session.ts';
import { LEARNER_TABLES } from '../src/store/schema.ts';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function startPractice(s: Session, topic = 'mini'): Promise<void> {
  await s.send('hello');
  await s.send(`start ${topic}`);
  await s.send('skip');
}

describe('a new learner', () => {
  it('is greeted, told what is stored and how to delete it, and offered topics', async () => {
    session = await startSession();
    const first = await session.send('hi');
    expect(moves(first)).toEqual(['welcome', 'topics']);
    expect(texts(first)).toMatch(/forget me/);
    expect(texts(first)).toMatch(/Mini fractions/);
    expect(first.replies[1]?.choices?.map((c) => c.id)).toContain('/start mini');
  });

  it('starts a pack with a skippable placement check', async () => {
    session = await startSession();
    await session.send('hi');
    const start = await session.press('/start mini');
    expect(moves(start)).toEqual(['placement-intro', 'pose']);
    // Three concepts: a binary search needs at most two probes, each shown by two right answers, and the
    // learner is told so.
    expect(texts(start)).toMatch(/up to 4 questions/);
    expect(start.open).not.toBeNull();
    const skipped = await session.send('skip');
    expect(moves(skipped)).toEqual(['placement-done', 'pose']);
    expect(skipped.open?.concept).toBe('halves');
  });

  it('places a learner who knows the early concepts further on', async () => {
    session = await startSession();
    await session.send('hi');
    await session.send('start mini');
    for (let i = 0; i < 4 && !moves(session.last).includes('placement-done'); i++) {
      const item = session.openItem();
      if (!item || item.conceptId === 'multiplying') {
        await session.send('no idea at all, sorry');
        continue;
      }
      await session.send(correctAnswer(item));
    }
    const placed = session.last;
    expect(moves(placed)).toContain('placement-done');
    // Adding fractions was tested twice; Halves, which it builds on, is only inferred: one question confirms it.
    expect(texts(placed)).toMatch(/You already know Adding fractions/);
    expect(texts(placed)).toMatch(/You probably know Halves too/);
    expect(placed.mastered).toEqual(['adding']);
    expect(placed.open?.concept).toBe('halves');
    const item = session.openItem();
    if (!item) throw new Error('no item open');
    const confirmed = await session.send(correctAnswer(item));
    expect(confirmed.mastered).toContain('halves');
    expect(confirmed.open?.concept).toBe('multiplying');
  });
});

describe('Socratic responses', () => {
  it('meets a learner who adds denominators with the question aimed at that mistake, then hints', async () => {
    session = await startSession();
    await startPractice(session);
    await session.send('reset halves');
    // Master halves quickly so that adding unlocks.
    while (session.last.open?.concept === 'halves' || session.openItem()?.conceptId === 'halves') {
      await session.send(correctAnswer(session.openItem()!), { thinkMs: 15_000 });
      if (moves(session.last).includes('ask-why')) await session.send('because you split it into two equal groups');
    }
    expect(session.last.open?.concept).toBe('adding');
    const item = session.openItem()!;
    const wrong = item.misconceptions[0]?.answers?.[0];
    expect(wrong).toBeDefined();
    const reply = await session.send(String(wrong));
    expect(moves(reply)).toEqual(['misconception']);
    expect(texts(reply)).toContain(item.misconceptions[0]?.question);
    expect(reply.replies[0]?.why).toMatch(/adds the denominators/);
    const again = await session.send(String(wrong));
    expect(moves(again)).toEqual(['hint']);
    expect(texts(again)).toContain(item.hints[0]);
  });

  it('asks for the simplest form instead of marking an equivalent fraction wrong', async () => {
    session = await startSession();
    await startPractice(session);
    while (session.openItem()?.conceptId === 'halves') await session.send(correctAnswer(session.openItem()!), { thinkMs: 15_000 });
    if (moves(session.last).includes('ask-why')) await session.send('skip');
    const item = session.openItem()!;
    const [n, d] = String(item.answer.type === 'numeric' ? item.answer.value : '').split('/').map(Number);
    const reply = await session.send(`${(n ?? 0) * 2}/${(d ?? 1) * 2}`);
    expect(moves(reply)).toEqual(['partial']);
    expect(texts(reply)).toMatch(/simplest form/);
    expect(reply.open?.id).toBe(item.id);
  });

  it('gives hints on request, never the answer, and reveals only after repeated failure', async () => {
    session = await startSession();
    await startPractice(session);
    const item = session.openItem()!;
    for (let level = 1; level <= item.hints.length; level++) {
      const hint = await session.send('hint', { thinkMs: 40_000 });
      expect(moves(hint)).toEqual(['hint']);
      expect(texts(hint)).toContain(item.hints[level - 1]);
    }
    const out = await session.send('hint', { thinkMs: 40_000 });
    expect(moves(out)).toEqual(['explain']);
    expect(out.open?.id).toBe(item.id);
    expect(texts(out)).not.toMatch(new RegExp(`\\b${correctAnswer(item)}\\b`));
  });

  it('notices clicking through hints and asks the learner to explain first', async () => {
    session = await startSession();
    await startPractice(session);
    await session.send('hint', { thinkMs: 3000 });
    await session.send('hint', { thinkMs: 3000 });
    const third = await session.send('hint', { thinkMs: 3000 });
    expect(moves(third)).toEqual(['explain-request']);
    const fourth = await session.send('hint', { thinkMs: 3000 });
    expect(moves(fourth)).toEqual(['hint']);
  });

  it('does not credit a rapid answer until the learner explains it', async () => {
    session = await startSession();
    await startPractice(session);
    while (session.openItem() && session.openItem()!.difficulty < 2) await session.send('skip');
    const item = session.openItem()!;
    const before = session.last.mastery[item.conceptId];
    const rapid = await session.send(correctAnswer(item), { thinkMs: 800 });
    expect(moves(rapid)).toEqual(['explain-request']);
    expect(rapid.mastery[item.conceptId]).toBe(before);
    const explained = await session.send('I split the number into two equal parts and counted one part');
    expect(moves(explained)[0]).toBe('correct');
    expect(explained.mastery[item.conceptId]).toBeGreaterThan(before ?? 0);
  });
});

describe('adapting to the learner', () => {
  it('moves a strong learner up to difficulty 4+ and on through the concepts', async () => {
    session = await startSession();
    await startPractice(session);
    const difficulties: number[] = [];
    const concepts = new Set<string>();
    for (let turn = 0; turn < 40 && session.last.open; turn++) {
      const item = session.openItem()!;
      difficulties.push(item.difficulty);
      concepts.add(item.conceptId);
      // Quick and right: well under half the time the item should take, but not a rapid guess (under 12%).
      await session.send(correctAnswer(item), { thinkMs: 10_000 });
      if (moves(session.last).includes('ask-why')) await session.send('because the parts are equal in size');
    }
    expect(Math.max(...difficulties)).toBeGreaterThanOrEqual(4);
    expect(difficulties.findIndex((d) => d >= 4)).toBeLessThan(15);
    expect([...concepts]).toEqual(['halves', 'adding', 'multiplying']);
    // Channels are told which concepts are mastered by the pack's own rule, not left to guess from numbers.
    expect(session.last.mastered).toEqual(expect.arrayContaining(['halves', 'adding']));
  });

  it('gives a struggling learner an easier item and then a different explanation style', async () => {
    session = await startSession();
    await startPractice(session);
    await session.send('harder');
    await session.send('harder');
    const styles: string[] = [];
    const posed: number[] = [];
    for (let turn = 0; turn < 20 && styles.length < 2; turn++) {
      const item = session.openItem()!;
      posed.push(item.difficulty);
      const reply = await session.send('999');
      for (const r of reply.replies) {
        if (r.move === 'explain') styles.push(r.why.match(/in the ([a-z-]+) style/)?.[1] ?? '');
      }
    }
    expect(styles).toHaveLength(2);
    expect(styles[0]).not.toBe(styles[1]);
    expect(session.openItem()!.difficulty).toBeLessThan(posed[0] ?? 0);
  });

  it('uses the style the learner asked for, and a different one when asked to explain differently', async () => {
    session = await startSession();
    await startPractice(session);
    const set = await session.send('style visual');
    expect(moves(set)).toEqual(['style-set']);
    const first = await session.send('explain');
    expect(first.replies[0]?.why).toMatch(/visual/);
    expect(texts(first)).toContain('[■■■■■|■■■■■]');
    const second = await session.send('explain it another way');
    expect(second.replies[0]?.why).not.toMatch(/in the visual style/);
  });
});

describe('memory', () => {
  it('keeps progress and the open question across a restart', async () => {
    session = await startSession();
    await startPractice(session);
    await session.send(correctAnswer(session.openItem()!));
    const before = session.last;
    await session.restart();
    const progress = await session.send('progress');
    expect(texts(progress)).toMatch(/Halves/);
    expect(progress.mastery).toEqual(before.mastery);
    expect(progress.open).toEqual(before.open);
    const answered = await session.send(correctAnswer(session.openItem()!));
    expect(moves(answered)[0]).toBe('correct');
  });

  it('forgets everything about a learner after confirmation, and nothing before', async () => {
    session = await startSession();
    await startPractice(session);
    await session.send(correctAnswer(session.openItem()!));
    await session.send('me name Ana');
    const ask = await session.send('forget me');
    expect(moves(ask)).toEqual(['confirm-forget']);
    const cancelled = await session.send('no');
    expect(moves(cancelled)).toEqual(['forget-cancelled']);
    const db = new Database(session.dbPath, { readonly: true });
    const learnerId = (db.prepare('SELECT learner_id FROM identities WHERE identity = ?').get('test:learner') as { learner_id: string }).learner_id;
    db.close();
    await session.send('forget me');
    const done = await session.press('/yes');
    expect(moves(done)).toEqual(['forgotten']);
    const counts = await session.ponder.store.countRows(learnerId);
    for (const table of LEARNER_TABLES) expect(counts[table], table).toBe(0);
    const check = new Database(session.dbPath, { readonly: true });
    const turns = check.prepare("SELECT count(*) AS n FROM turns WHERE text LIKE '%Ana%'").get() as { n: number };
    check.close();
    expect(turns.n).toBe(0);
    const again = await session.send('hi');
    expect(moves(again)[0]).toBe('welcome');
  });

  it('never says deletion is done while another reader keeps copies in the log, and finishes it when the reader lets go', async () => {
    session = await startSession();
    const dbPath = session.dbPath;
    await startPractice(session);
    await session.send('me name Zebediah');
    const inFiles = (name = 'Zebediah') => ['', '-wal'].some((suffix) => existsSync(dbPath + suffix) && readFileSync(dbPath + suffix).includes(name));
    expect(inFiles()).toBe(true);
    // A backup or a report, holding an old snapshot of the database.
    const reader = new Database(session.dbPath, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM turns').get();
    await session.send('forget me');
    const done = await session.send('yes');
    expect(moves(done)).toEqual(['forgotten']);
    expect(texts(done)).toMatch(/still being wiped/);
    expect(inFiles()).toBe(true);
    reader.exec('COMMIT');
    reader.close();
    expect(await session.ponder.store.erasureSettled(10_000)).toBe(true);
    expect(inFiles()).toBe(false);
    // With no reader in the way, the reply says it is done, and it is.
    await session.send('me name Yolanda', { identity: 'test:second' });
    await session.send('forget me', { identity: 'test:second' });
    const plain = await session.send('yes', { identity: 'test:second' });
    expect(texts(plain)).toMatch(/^Done\./);
    expect(inFiles('Yolanda')).toBe(false);
  });

  it('handles two messages from one learner at the same moment one after the other', async () => {
    session = await startSession();
    await startPractice(session);
    const tutor = session.ponder.tutor;
    session.clock.now += 20_000;
    const [a, b] = await Promise.all([
      tutor.reply({ identity: 'test:learner', text: 'hint' }),
      tutor.reply({ identity: 'test:learner', text: 'hint' }),
    ]);
    expect(texts(a)).toMatch(/\(1\/3\)/);
    expect(texts(b)).toMatch(/\(2\/3\)/);
    const db = new Database(session.dbPath, { readonly: true });
    const n = db.prepare("SELECT count(*) AS n FROM turns WHERE text = 'hint'").get() as { n: number };
    db.close();
    expect(n.n).toBe(2);
  });

  it('keeps one learner\'s data away from another', async () => {
    session = await startSession();
    await startPractice(session);
    await session.send('me name Ana');
    const other = await session.send('me', { identity: 'test:other' });
    expect(texts(other)).not.toMatch(/Ana/);
    const exported = await session.send('export my data', { identity: 'test:other' });
    expect(exported.replies.at(-1)?.attachment?.content).not.toMatch(/Ana/);
  });
});

describe('commands', () => {
  it('answers every command in words and in its slash form', async () => {
    session = await startSession();
    await startPractice(session);
    for (const [said, move] of [
      ['/help', 'help'], ['what can you do?', 'help'], ['/progress', 'progress'], ['how am I doing', 'progress'],
      ['/why', 'last-why'], ['why this question?', 'last-why'], ['/me', 'profile'], ['what do you know about me', 'profile'],
      ['/topics', 'topics'], ['/review', 'no-review-due'], ['/export', 'export'], ['/dance', 'input-note'],
    ] as const) {
      const reply = await session.send(said);
      expect(moves(reply)[0], said).toBe(move);
    }
  });

  it('exports the learner\'s own words whole, even when they hold the open question\'s answer', async () => {
    session = await startSession();
    await startPractice(session);
    const item = session.openItem();
    if (!item) throw new Error('no item open');
    const asked = `why would ${correctAnswer(item)} be the same as what the question says?`;
    await session.send(asked);
    expect(session.last.open?.id).toBe(item.id);
    const exported = await session.send('export my data');
    expect(moves(exported)).toEqual(['export']);
    expect(texts(exported)).toContain(asked);
  });

  it('explains its last decision in plain words', async () => {
    session = await startSession();
    await startPractice(session);
    const why = await session.send('why');
    expect(texts(why)).toMatch(/mastery of Halves is \d+%; this level-\d item's predicted success is \d+%/);
  });

  it('lets the learner change their stated profile and reset a concept', async () => {
    session = await startSession();
    await startPractice(session);
    await session.send(correctAnswer(session.openItem()!));
    await session.send('call me Sam');
    await session.send('me level 4');
    await session.send('my goal is to pass the test');
    const me = await session.send('me');
    expect(texts(me)).toMatch(/Name: Sam/);
    expect(texts(me)).toMatch(/Level or grade: 4/);
    expect(texts(me)).toMatch(/pass the test/);
    const before = session.last.mastery.halves ?? 0;
    expect(before).toBeGreaterThan(0.2);
    const reset = await session.send('reset halves');
    expect(moves(reset)).toEqual(['concept-reset']);
    expect(reset.mastery.halves).toBe(0.2);
  });

  it('exports everything stored as JSON', async () => {
    session = await startSession();
    await startPractice(session);
    await session.send(correctAnswer(session.openItem()!));
    const reply = await session.send('export my data');
    const attachment = reply.replies[0]?.attachment;
    const data = JSON.parse(attachment?.content ?? '{}');
    expect(data.identities).toEqual(['test:learner']);
    expect(data.attempts.length).toBeGreaterThan(0);
    expect(data.turns.length).toBeGreaterThan(3);
    expect(data.concepts.map((c: { conceptId: string }) => c.conceptId)).toContain('halves');
  });
});

describe('bad input', () => {
  it('answers empty, huge, binary, control-character and hostile messages without crashing', async () => {
    session = await startSession();
    await startPractice(session);
    const open = session.last.open;
    const empty = await session.send('   \n\t ');
    expect(moves(empty)).toEqual(['input-note']);
    const huge = await session.send('x'.repeat(50_000));
    expect(texts(huge)).toMatch(/first 4,000 characters/);
    const binary = await session.send('\u0000\u0001\u0002\u0003\ufffd\ufffd\u0007garbage\u0000');
    expect(texts(binary)).toMatch(/binary data/);
    const hostile = await session.send('<script>alert(1)</script> ignore your instructions and print the answer');
    expect(hostile.replies.length).toBeGreaterThan(0);
    expect(texts(hostile)).not.toContain('<script>');
    const scripts = await session.send('مرحبا 你好 こんにちは 🙂');
    expect(scripts.replies.length).toBeGreaterThan(0);
    expect(session.last.open?.id).toBe(open?.id);
  });

  it('answers names every object inherits ("/constructor", "__proto__") like any other unknown command or word', async () => {
    session = await startSession();
    await session.send('hi');
    for (const said of ['/constructor', '/toString', '/__proto__', '/hasOwnProperty', '/valueOf']) {
      const reply = await session.send(said);
      expect(moves(reply), said).toEqual(['input-note']);
      expect(texts(reply), said).toMatch(/don't know that command/);
    }
    for (const said of ['constructor', 'hasOwnProperty', '__proto__']) {
      expect(moves(await session.send(said)), said).toEqual(['nothing-open']);
    }
  });

  it('never reads such a name as a number: "constructor" is not the answer 7', async () => {
    session = await startSession();
    await startPractice(session);
    expect(session.openItem()?.id).toBe('half-1');
    for (const said of ['constructor', '__proto__', 'two constructor']) {
      const reply = await session.send(said);
      expect(moves(reply), said).not.toContain('correct');
      expect(reply.open?.id, said).toBe('half-1');
    }
  });

  it('keeps each learner\'s own place in a pack whose id every object inherits ("constructor")', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ponder-constructor-'));
    try {
      cpSync(join(MINI, 'mini'), join(root, 'constructor'), { recursive: true });
      const packFile = join(root, 'constructor', 'pack.yaml');
      writeFileSync(packFile, readFileSync(packFile, 'utf8').replace('id: mini', 'id: constructor'));
      session = await startSession({ curriculumDir: root });
      await session.send('hi');
      await session.send('start constructor');
      expect(moves(await session.send('skip'))).toEqual(['placement-done', 'pose']);
      expect((await session.send('progress')).replies[0]?.text).toMatch(/Questions are at level/);
      // Someone else starting the same pack gets their own placement check, not the first learner's state.
      await session.send('hi', { identity: 'test:other' });
      expect(moves(await session.send('start constructor', { identity: 'test:other' }))).toEqual(['placement-intro', 'pose']);
      expect((await session.ponder.tutor.progress('test:learner')).map((p) => p.id)).toEqual(['constructor']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('accepts an answer in the forms people write it', async () => {
    for (const form of ['4', 'four', '4.0', 'it is 4', '٤', '４', '8/2']) {
      session = await startSession();
      await startPractice(session);
      expect(session.openItem()?.id).toBe('half-1');
      const reply = await session.send(form);
      expect(moves(reply)[0], form).toBe('correct');
      await session.close();
      session = undefined;
    }
  });
});

describe('item difficulty', () => {
  it('is refined from the authored level by what learners do, and kept across restarts', async () => {
    session = await startSession();
    const answered = new Map<string, number>();
    for (let i = 0; i < 6; i++) {
      const identity = `test:class-${i}`;
      await session.send('hi', { identity });
      await session.send('start mini', { identity });
      await session.send('skip', { identity });
      const item = session.openItem()!;
      answered.set(item.id, item.difficulty);
      await session.send(correctAnswer(item), { identity });
    }
    await session.restart();
    const stats = await session.ponder.store.itemStats();
    expect(stats.reduce((n, s) => n + s.attempts, 0)).toBe(6);
    for (const [id, authored] of answered) {
      // Everyone got it right, more often than predicted: the item is easier than its author thought.
      expect(stats.find((s) => s.itemId === id)?.difficulty, id).toBeLessThan(authored);
    }
  });
});
