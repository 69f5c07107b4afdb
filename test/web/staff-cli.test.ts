// `ponder class create|list` and `ponder staff add`, run as an operator would (in process): a class with a join
// code a learner can type, and a sign-in link that lets the staff member in once.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { staffCommands } from '../../adapters/web/staff-cli.ts';
import { openPonder } from '../../src/app.ts';
import { main } from '../../src/cli/main.ts';
import { MINI, tempDb } from '../helpers/session.ts';

const db = tempDb();
afterEach(() => {
  process.exitCode = undefined;
});
afterAll(() => db.cleanup());

async function ponder(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main([...args, '--db', db.dbPath, '--curriculum', MINI], [staffCommands], (s) => void (out += s), (s) => void (err += s));
  return { code, out, err };
}

describe('setting up classes and staff from the command line', () => {
  it('creates a class whose code a learner can join with, and prints a link that signs the staff member in once', async () => {
    const created = await ponder('class', 'create', 'Year 5 Maths');
    const code = /join ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(created.out)?.[1];
    expect(code).toBeDefined();
    const added = await ponder('staff', 'add', 'Ada@School.example', '--class', 'Year 5 Maths');
    const link = /(http:\/\/localhost:\d+\/teach\/sign-in\?token=[\w-]+)/.exec(added.out)?.[1];
    expect(link).toBeDefined();
    expect((await ponder('class', 'list')).out).toMatch(/Year 5 Maths\t[A-Z0-9]{4}-[A-Z0-9]{4}\t0 learners/);

    const p = openPonder({ curriculumDir: MINI, dbPath: db.dbPath });
    try {
      const joined = await p.tutor.reply({ identity: 'cli:ana', text: `join ${code}` });
      expect(joined.replies.map((r) => r.text).join('\n')).toMatch(/ada@school\.example can see your progress/);
      const token = new URL(link ?? 'http://x/').searchParams.get('token') ?? '';
      expect((await p.classroom.signIn(token))?.staff.email).toBe('ada@school.example');
      expect(await p.classroom.signIn(token)).toBeUndefined();
    } finally {
      await p.close();
    }
  });

  it('refuses an address that is not one, naming the fix, with the start-up error exit code', async () => {
    const result = await ponder('staff', 'add', 'not-an-address');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/"not-an-address" is not an e-mail address\. Fix:/);
  });
});
