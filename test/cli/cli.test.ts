// The real `ponder` command as a child process: what a person or a script at a terminal sees.
import { describe, it, expect, afterAll, inject } from 'vitest';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freshDatabase } from '../helpers/postgres.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = 'test/fixtures/curriculum';
const TMP = mkdtempSync(join(tmpdir(), 'ponder-cli-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

let dbCount = 0;
/** A fresh database path in the temporary folder. */
function tempDb(): string {
  dbCount += 1;
  return join(TMP, `ponder-${dbCount}.db`);
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/ponder.js ...args` from the repository root, with `input` on stdin. */
function ponder(args: string[], input = '', extraEnv: Record<string, string> = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, PONDER_LOG_LEVEL: 'error' };
  for (const name of ['PONDER_DB', 'PONDER_CURRICULUM', 'PONDER_MODEL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL']) delete env[name];
  Object.assign(env, extraEnv);
  const result = spawnSync(process.execPath, ['bin/ponder.js', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env,
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReply {
  text: string;
  why: string;
  move: string;
  choices?: Array<{ id: string; label: string }>;
}
interface JsonResult {
  replies: JsonReply[];
  item: { id: string; concept: string; difficulty: number } | null;
  mastery: Record<string, number>;
}
type JsonLine = JsonResult | { error: string };

function jsonLines(stdout: string): JsonLine[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JsonLine);
}

function isResult(line: JsonLine | undefined): line is JsonResult {
  return line !== undefined && 'replies' in line;
}

/** Checks the documented shape of one output line and returns it. */
function expectResult(line: JsonLine | undefined): JsonResult {
  expect(isResult(line), JSON.stringify(line)).toBe(true);
  const result = line as JsonResult;
  expect(Array.isArray(result.replies)).toBe(true);
  expect(result.replies.length).toBeGreaterThan(0);
  for (const reply of result.replies) {
    expect(typeof reply.text).toBe('string');
    expect(reply.text.length).toBeGreaterThan(0);
    expect(typeof reply.why).toBe('string');
    expect(reply.why.length).toBeGreaterThan(0);
    expect(typeof reply.move).toBe('string');
    for (const choice of reply.choices ?? []) {
      expect(typeof choice.id).toBe('string');
      expect(typeof choice.label).toBe('string');
    }
  }
  if (result.item !== null) {
    expect(typeof result.item.id).toBe('string');
    expect(typeof result.item.concept).toBe('string');
    expect(Number.isInteger(result.item.difficulty)).toBe(true);
  }
  expect(typeof result.mastery).toBe('object');
  for (const value of Object.values(result.mastery)) {
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
  }
  return result;
}

/** The answers to the fixture's halves items, where a session starts after skipping the check. */
const HALVES: Record<string, string> = { 'half-1': '4', 'half-2': '7', 'half-3': '18', 'half-4': '63', 'half-5': '679' };

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const turn = (body: Record<string, string>, seconds: number) => JSON.stringify({ ...body, at: T0 + seconds * 1000 });

/** A copy of the mini fixture with difficulty 7 on halves.yaml line 24, in its own curriculum folder. */
function brokenCurriculum(): string {
  const root = mkdtempSync(join(TMP, 'broken-'));
  cpSync(join(ROOT, FIXTURES, 'mini'), join(root, 'mini'), { recursive: true });
  const file = join(root, 'mini', 'concepts', 'halves.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('difficulty: 3', 'difficulty: 7'));
  return root;
}

describe('--help', { timeout: 90_000 }, () => {
  it('ponder --help lists the commands', () => {
    const run = ponder(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Usage: ponder/);
    for (const command of ['chat', 'curriculum', 'learners']) expect(run.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('ponder chat --help lists its options', () => {
    const run = ponder(['chat', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Usage: ponder chat/);
    for (const option of ['--jsonl', '--learner <id>', '--db <path>', '--curriculum <dir>']) expect(run.stdout).toContain(option);
  });

  it('ponder curriculum check --help names the path argument and --json', () => {
    const run = ponder(['curriculum', 'check', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Usage: ponder curriculum check \[options\] \[path\]/);
    expect(run.stdout).toContain('--json');
  });

  it('ponder learners export --help and delete --help name the id and --db', () => {
    for (const command of ['export', 'delete']) {
      const run = ponder(['learners', command, '--help']);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`Usage: ponder learners ${command} \\[options\\] <id>`));
      expect(run.stdout).toContain('--db <path>');
      expect(run.stdout).toMatch(/cli:sam/);
    }
  });

  it('an unknown command fails with a message and the usage', () => {
    const run = ponder(['frobnicate']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(run.stderr).toMatch(/Usage: ponder/);
  });

  it('a missing learner id fails with a message', () => {
    const run = ponder(['learners', 'export']);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/missing required argument 'id'/);
  });
});

describe('chat --jsonl, learners export and learners delete', { timeout: 90_000 }, () => {
  const db = tempDb();
  const chat = (input: string[]) =>
    ponder(['chat', '--jsonl', '--curriculum', FIXTURES, '--db', db, '--learner', 'sam'], `${input.join('\n')}\n`);
  let posed: JsonResult['item'] = null;

  it('answers every JSON line with one result line, and a malformed line with an error line', () => {
    const run = chat([
      turn({ text: 'hi' }, 0),
      turn({ choice: '/start mini' }, 20),
      'this is not json',
      '',
      turn({ text: 'skip' }, 40),
    ]);
    expect(run.status).toBe(0);
    const lines = jsonLines(run.stdout);
    // The blank line is skipped; every other line gets exactly one line back.
    expect(lines).toHaveLength(4);

    const hello = expectResult(lines[0]);
    expect(hello.item).toBeNull();
    const topics = hello.replies.flatMap((r) => r.choices ?? []);
    expect(topics.map((c) => c.id)).toContain('/start mini');

    const started = expectResult(lines[1]);
    expect(started.replies.flatMap((r) => r.choices ?? []).map((c) => c.id)).toContain('/skip');
    expect(Object.keys(started.mastery).sort()).toEqual(['adding', 'halves', 'multiplying']);

    const bad = lines[2] as { error?: unknown };
    expect(typeof bad.error).toBe('string');
    expect(bad.error).toMatch(/not a JSON turn/);
    expect(bad.error).toMatch(/"text"/);

    // The session went on after the bad line.
    const skipped = expectResult(lines[3]);
    expect(skipped.item).not.toBeNull();
    expect(skipped.item?.concept).toBe('halves');
    expect(HALVES[skipped.item?.id ?? '']).toBeDefined();
    expect(skipped.replies.map((r) => r.text).join('\n')).toMatch(/What is half of \d+/);
    posed = skipped.item;
  });

  it('keeps the session in the database: a later run answers the open question', () => {
    expect(posed).not.toBeNull();
    const answer = HALVES[posed?.id ?? ''] ?? '';
    const run = chat([turn({ text: answer }, 60), '[1, 2]', turn({ text: 'why' }, 80)]);
    expect(run.status).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(3);

    const graded = expectResult(lines[0]);
    expect(graded.replies[0]?.move).toBe('correct');
    expect(graded.replies[0]?.why).toMatch(/mastery/);
    // Answered 20 s after the question: a real answer, so mastery of halves goes up.
    expect(graded.mastery.halves).toBeGreaterThan(0.2);
    expect(graded.item?.concept).toBe('halves');
    expect(graded.item?.id).not.toBe(posed?.id);

    const notAnObject = lines[1] as { error?: unknown };
    expect(notAnObject.error).toMatch(/expected an object/);

    // "why" repeats the reason for the last move: choosing the next question.
    const why = expectResult(lines[2]);
    const lastReason = graded.replies.at(-1)?.why ?? '';
    expect(lastReason.length).toBeGreaterThan(0);
    expect(why.replies.map((r) => r.text).join('\n')).toContain(lastReason);
  });

  it('learners export prints everything stored about the learner as JSON, with the turns', () => {
    const run = ponder(['learners', 'export', 'cli:sam', '--db', db]);
    expect(run.status).toBe(0);
    const data = JSON.parse(run.stdout) as {
      learnerId: string;
      identities: string[];
      turns: Array<{ text: string; replies: JsonReply[] }>;
      attempts: Array<{ itemId: string; answer: string; verdict: string }>;
    };
    expect(data.identities).toContain('cli:sam');
    const texts = data.turns.map((t) => t.text);
    expect(texts).toContain('hi');
    expect(texts).toContain('skip');
    expect(texts).toContain('why');
    expect(texts).not.toContain('this is not json');
    expect(data.turns.every((t) => Array.isArray(t.replies) && t.replies.length > 0)).toBe(true);
    expect(data.attempts).toContainEqual(expect.objectContaining({ itemId: posed?.id, answer: HALVES[posed?.id ?? ''], verdict: 'correct' }));
    // The internal learner id works as well as the identity.
    const byId = ponder(['learners', 'export', data.learnerId, '--db', db]);
    expect(byId.status).toBe(0);
    expect((JSON.parse(byId.stdout) as { learnerId: string }).learnerId).toBe(data.learnerId);
  });

  it('learners export of someone unknown fails with a clear message', () => {
    const run = ponder(['learners', 'export', 'cli:nobody', '--db', db]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('No learner "cli:nobody"');
  });

  it('learners delete removes every row, and export then fails with a clear message', () => {
    const deleted = ponder(['learners', 'delete', 'cli:sam', '--db', db]);
    expect(deleted.status).toBe(0);
    expect(deleted.stdout).toMatch(/^Deleted learner .+: \d+ rows \(.*turns \d+.*\)\.$/m);

    const exported = ponder(['learners', 'export', 'cli:sam', '--db', db]);
    expect(exported.status).toBe(1);
    expect(exported.stdout).toBe('');
    expect(exported.stderr).toContain('No learner "cli:sam"');
    expect(exported.stderr).toContain(db);

    const again = ponder(['learners', 'delete', 'cli:sam', '--db', db]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('No learner "cli:sam"');
  });

  it('learners delete says plainly when another reader keeps copies of the deleted rows, and they go once it lets go', () => {
    const made = ponder(['chat', '--jsonl', '--curriculum', FIXTURES, '--db', db, '--learner', 'quentella'], `${turn({ text: 'my name is Quentella' }, 100)}\n`);
    expect(made.status).toBe(0);
    const inFiles = () => ['', '-wal'].some((suffix) => existsSync(db + suffix) && readFileSync(db + suffix).includes('Quentella'));
    expect(inFiles()).toBe(true);
    const reader = new Database(db, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM turns').get();
    const deleted = ponder(['learners', 'delete', 'cli:quentella', '--db', db, '--wait', '0.3']);
    reader.exec('COMMIT');
    reader.close();
    expect(deleted.status).toBe(3);
    expect(deleted.stdout).toMatch(/^Deleted learner/m);
    expect(deleted.stderr).toMatch(/still in .*-wal, because another connection is reading the database/);
    // Any command that opens the database afterwards finishes the erasure.
    expect(ponder(['learners', 'export', 'cli:quentella', '--db', db]).status).toBe(1);
    expect(inFiles()).toBe(false);
  });

  it('starts afresh for the same name after a delete', () => {
    const run = chat([turn({ text: 'hi' }, 200)]);
    expect(run.status).toBe(0);
    const hello = expectResult(jsonLines(run.stdout)[0]);
    expect(hello.replies[0]?.move).toBe('welcome');
    expect(hello.mastery).toEqual({});
  });
});

describe('chat --jsonl timing', { timeout: 90_000 }, () => {
  it('takes an ISO time in "at" as well as epoch milliseconds', () => {
    const db = tempDb();
    const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
    const first = ponder(
      ['chat', '--jsonl', '--curriculum', FIXTURES, '--db', db, '--learner', 'iso'],
      [{ text: 'hi', at: iso(0) }, { text: 'start mini', at: iso(20) }, { text: 'skip', at: iso(40) }].map((t) => JSON.stringify(t)).join('\n'),
    );
    const skipped = expectResult(jsonLines(first.stdout)[2]);
    const answer = HALVES[skipped.item?.id ?? ''] ?? '';
    const second = ponder(['chat', '--jsonl', '--curriculum', FIXTURES, '--db', db, '--learner', 'iso'], JSON.stringify({ text: answer, at: iso(60) }));
    const graded = expectResult(jsonLines(second.stdout)[0]);
    expect(graded.replies[0]?.move).toBe('correct');
    const exported = JSON.parse(ponder(['learners', 'export', 'cli:iso', '--db', db]).stdout) as { turns: Array<{ at: string }> };
    expect(exported.turns.map((t) => t.at)).toEqual([iso(0), iso(20), iso(40), iso(60)]);
  });
});

describe('curriculum check', { timeout: 90_000 }, () => {
  it('passes the fixture with pack counts as JSON', () => {
    const run = ponder(['curriculum', 'check', FIXTURES, '--json']);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; packs: Array<{ id: string; concepts: number; items: number }>; problems: unknown[] };
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.packs).toHaveLength(1);
    expect(report.packs[0]).toMatchObject({ id: 'mini', concepts: 3, items: 14 });
  });

  it('passes the fixture pack folder in human-readable form', () => {
    const run = ponder(['curriculum', 'check', `${FIXTURES}/mini`]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('mini: 3 concepts, 14 items');
    expect(run.stdout).toMatch(/^OK$/m);
  });

  it('fails a broken pack with a non-zero exit, naming file, line, field and fix', () => {
    const root = brokenCurriculum();
    const run = ponder(['curriculum', 'check', root]);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/halves\.yaml:24/);
    expect(run.stdout).toContain('items[2].difficulty');
    expect(run.stdout).toMatch(/Fix: .*1 to 5/);
    expect(run.stdout).toMatch(/1 error\(s\)/);
  });

  it('fails a broken pack in JSON too', () => {
    const root = brokenCurriculum();
    const run = ponder(['curriculum', 'check', root, '--json']);
    expect(run.status).not.toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; problems: Array<{ file: string; line?: number; field: string; fix: string }> };
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]?.file).toMatch(/mini[/\\]concepts[/\\]halves\.yaml$/);
    expect(report.problems[0]?.line).toBe(24);
    expect(report.problems[0]?.field).toBe('items[2].difficulty');
    expect(report.problems[0]?.fix).toBeTruthy();
  });

  it('fails a path with no pack', () => {
    const run = ponder(['curriculum', 'check', join(TMP, 'nowhere')]);
    expect(run.status).not.toBe(0);
    expect(run.stdout).toMatch(/no pack\.yaml/);
  });
});

describe('chat on a broken curriculum', { timeout: 90_000 }, () => {
  it('refuses to start with exit code 2, naming the file, the field and the fix', () => {
    const root = brokenCurriculum();
    const run = ponder(['chat', '--jsonl', '--curriculum', root, '--db', tempDb(), '--learner', 'sam'], '{"text":"hi"}\n');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/halves\.yaml:24/);
    expect(run.stderr).toContain('items[2].difficulty');
    expect(run.stderr).toMatch(/Fix: /);
    expect(run.stderr).toMatch(/ponder curriculum check/);
  });

  it('refuses the interactive chat the same way', () => {
    const root = brokenCurriculum();
    const run = ponder(['chat', '--curriculum', root, '--db', tempDb(), '--learner', 'sam'], 'hi\n');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/halves\.yaml:24/);
  });

  it('refuses a curriculum folder that does not exist, saying how to fix it', () => {
    const run = ponder(['chat', '--jsonl', '--curriculum', join(TMP, 'no-such-curriculum'), '--db', tempDb()], '');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/does not exist/);
    expect(run.stderr).toMatch(/--curriculum/);
  });
});

describe('interactive chat', { timeout: 90_000 }, () => {
  it('greets, answers each line and says goodbye at the end of input', () => {
    const db = tempDb();
    const run = ponder(['chat', '--curriculum', FIXTURES, '--db', db, '--learner', 'kim'], 'start mini\nskip\nhelp\n');
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/Type "help"/);
    expect(run.stderr).toContain(db);
    const out = run.stdout;
    expect(out).toMatch(/^Hi! I'm Ponder/);
    expect(out).toContain('Mini fractions');
    // The placement check's first question, then the first practice question after "skip".
    expect(out).toMatch(/Skip the check/);
    expect(out).toMatch(/What is half of \d+\?/);
    expect(out).toMatch(/What you can say/);
    // One prompt before each line read, and one after the last.
    expect(out.match(/\n> /g)).toHaveLength(4);
    expect(out.trimEnd().endsWith('Bye!')).toBe(true);
  });

  it('grades a typed answer in a later session', () => {
    const db = tempDb();
    // A hint first, so that however quickly the answer follows it is not taken for a rapid guess.
    const first = ponder(['chat', '--curriculum', FIXTURES, '--db', db, '--learner', 'kim'], 'start mini\nskip\nhint\n');
    expect(first.status).toBe(0);
    const question = [...first.stdout.matchAll(/What is half of (\d+)\?/g)].at(-1);
    expect(question).toBeDefined();
    const asked = Number(question?.[1]);
    const second = ponder(['chat', '--curriculum', FIXTURES, '--db', db, '--learner', 'kim'], `${asked / 2}\n`);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/correct|right|got there|paid off|well worked out/i);
    // A correct answer moves on to another question.
    const next = [...second.stdout.matchAll(/What is half of (\d+)\?/g)].map((m) => Number(m[1]));
    expect(next.length).toBeGreaterThan(0);
    expect(next.at(-1)).not.toBe(asked);
    expect(second.stdout.trimEnd().endsWith('Bye!')).toBe(true);
  });

  it('exits cleanly on empty input', () => {
    const run = ponder(['chat', '--curriculum', FIXTURES, '--db', tempDb(), '--learner', 'kim'], '');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Hi! I'm Ponder/);
    expect(run.stdout.trimEnd().endsWith('Bye!')).toBe(true);
  });
});

describe('found by the unit tests', () => {
  it('chat --jsonl answers a turn whose "at" is not a time with an error line', () => {
    const run = ponder(['chat', '--jsonl', '--curriculum', FIXTURES, '--db', tempDb(), '--learner', 'sam'], `${JSON.stringify({ text: 'hi', at: 'yesterday-ish' })}\n${turn({ text: 'hi' }, 20)}\n`);
    expect(run.status).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(2);
    expect((lines[0] as { error?: string }).error).toMatch(/at/);
    expectResult(lines[1]);
  }, 90_000);

  it('shows a returning learner the open question when the interactive chat starts again', () => {
    const db = tempDb();
    const first = ponder(['chat', '--curriculum', FIXTURES, '--db', db, '--learner', 'kim'], 'start mini\nskip\n');
    const question = [...first.stdout.matchAll(/What is half of \d+\?/g)].at(-1)?.[0];
    expect(question).toBeDefined();
    const second = ponder(['chat', '--curriculum', FIXTURES, '--db', db, '--learner', 'kim'], '');
    expect(second.status).toBe(0);
    expect(second.stdout).not.toMatch(/didn't catch anything/);
    expect(second.stdout).toContain(question ?? '');
  }, 90_000);
});

describe('the model in use', () => {
  it('says at start-up which model speaks: offline without a key', () => {
    const run = ponder(['chat', '--curriculum', FIXTURES, '--db', tempDb(), '--learner', 'lee'], 'help\n');
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/model offline/);
  }, 90_000);

  it('names the Anthropic model with a key, and still answers when the API cannot be reached', () => {
    const run = ponder(['chat', '--curriculum', FIXTURES, '--db', tempDb(), '--learner', 'lee'], 'help\n', {
      ANTHROPIC_API_KEY: 'test-key',
      PONDER_MODEL: 'anthropic:claude-test',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
      PONDER_MODEL_RETRIES: '0',
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/model anthropic:claude-test/);
    expect(run.stdout).toMatch(/I'm Ponder/);
  }, 90_000);

  it('refuses a malformed model setting at start-up, naming the variable and the fix', () => {
    const run = ponder(['chat', '--curriculum', FIXTURES, '--db', tempDb()], '', { PONDER_MODEL: 'gpt4' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/PONDER_MODEL="gpt4"/);
    expect(run.stderr).toMatch(/Fix: e\.g\. anthropic:/);
  }, 90_000);

  it('ponder stats says when nothing was recorded', () => {
    const run = ponder(['stats', '--db', tempDb()]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/No language-model calls recorded/);
  }, 90_000);
});

describe('learner data commands on a missing database', () => {
  it('say so and create no empty database', () => {
    const db = join(TMP, 'never-created.db');
    const run = ponder(['learners', 'export', 'cli:nobody', '--db', db]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/No database at .*never-created\.db/);
    expect(existsSync(db)).toBe(false);
  }, 90_000);
});

describe('guard evaluate', { timeout: 90_000 }, () => {
  // A made-up MRBench-format file: one dialogue with a reference solution, one without.
  const file = join(TMP, 'mrbench.json');
  const seen = join(TMP, 'seen.json');
  writeFileSync(file, JSON.stringify([
    {
      conversation_id: 'pens',
      Data: 'MathDial',
      conversation_history: 'Tutor: Please solve this. The question is: Ana has 3 boxes of 5 pens. How many pens does she have?\n Student: 3 + 5 = 8\n 8',
      Ground_Truth_Solution: '3 x 5 = 15\n 15',
      anno_llm_responses: { A: { response: 'How many boxes are there?', annotation: { Revealing_of_the_Answer: 'No' } } },
    },
    {
      conversation_id: 'words',
      Data: 'Bridge',
      conversation_history: 'Tutor: What is the sum of 7 and 9?\n Student: 15',
      Ground_Truth_Solution: 'Not Available',
      anno_llm_responses: { A: { response: 'Count on from 9.', annotation: { Revealing_of_the_Answer: 'No' } } },
    },
  ]));
  writeFileSync(seen, JSON.stringify({ seen: 'all', note: 'Made up for the test.' }));

  it('ponder guard evaluate --help names the file, --json and --seen', () => {
    const run = ponder(['guard', 'evaluate', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Usage: ponder guard evaluate \[options\] <file>/);
    for (const option of ['--json', '--seen <file>']) expect(run.stdout).toContain(option);
  });

  it('heads with runtime mode and states the provenance it was given', () => {
    const run = ponder(['guard', 'evaluate', file, '--seen', seen]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^runtime mode, the headline/m);
    expect(run.stdout).toMatch(/^provenance \(.*seen\.json\): rules were written from all 2 dialogues of this file, both halves; 0 not seen\. Made up for the test\.$/m);
    expect(run.stdout).toMatch(/goal .*not measurable here, no scored dialogue here is unseen/);
    expect(run.stdout).toMatch(/not scored, 1 of 1: no reference answer: Ground_Truth_Solution is "Not Available"/);
  });

  it('prints one JSON line with --json, and says when no provenance was given', () => {
    const run = ponder(['guard', 'evaluate', file, '--json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, mode: 'runtime', responses: 1, provenance: null, goal: { verdict: 'not measurable' } });
    expect(ponder(['guard', 'evaluate', file]).stdout).toMatch(/^provenance: not given \(--seen <file>\)/m);
  });
});

describe('ponder db migrate', { timeout: 90_000 }, () => {
  it('creates the schema of a new SQLite file, then says it is up to date', () => {
    const db = tempDb();
    const first = ponder(['db', 'migrate', '--db', db]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/migrated from version 0 to \d+/);
    expect(ponder(['db', 'migrate', '--db', db]).stdout).toMatch(/up to date \(version \d+\)/);
  });

  it('refuses a malformed PostgreSQL URL in PONDER_DB, naming the variable and the fix, never the password', () => {
    const run = ponder(['chat', '--jsonl'], '', { PONDER_DB: 'postgres://ponder:hunter22@' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/PONDER_DB/);
    expect(run.stderr).toMatch(/Fix:/);
    expect(run.stderr).not.toMatch(/hunter22/);
  });
});

describe.skipIf(inject('postgresUrl') === '')('the terminal tutor on PostgreSQL (PONDER_DB=postgres://…)', { timeout: 90_000 }, () => {
  it('migrates, chats with every piped line answered, and keeps the learner for the next run', async () => {
    const db = await freshDatabase(inject('postgresUrl'));
    try {
      const migrated = ponder(['db', 'migrate', '--db', db.url]);
      expect(migrated.stdout).toMatch(/migrated from version 0/);
      const env = { PONDER_DB: db.url };
      const run = ponder(['chat', '--learner', 'pg-sam', '--curriculum', FIXTURES], 'start mini\nhint\n', env);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toContain(new URL(db.url).pathname);
      // Each line got its answer: the lines piped in while the greeting was read from the database were not lost.
      expect(run.stdout).toMatch(/Bye!/);
      expect(run.stdout.split('\n> ').length).toBeGreaterThanOrEqual(3);
      const exported = ponder(['learners', 'export', 'cli:pg-sam'], '', env);
      expect(exported.status, exported.stderr).toBe(0);
      expect((JSON.parse(exported.stdout) as { turns: Array<{ text: string }> }).turns.map((t) => t.text)).toEqual(['/resume', 'start mini', 'hint']);
      const deleted = ponder(['learners', 'delete', 'cli:pg-sam'], '', env);
      expect(deleted.status, deleted.stderr).toBe(0);
      expect(ponder(['learners', 'export', 'cli:pg-sam'], '', env).status).toBe(1);
    } finally {
      await db.drop();
    }
  });
});
