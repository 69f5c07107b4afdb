// The guard's evaluation on MRBench-format files: inputs built as at runtime, figures computed right, dialogues
// without a numeric answer skipped, and (when the data is present) the figures on the real dev half.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateGuardCommand } from '../../src/cli/guard.ts';
import { finalAnswer, learnerAnswers, problemStatement, splitTurns } from '../../src/guard/conversation.ts';
import { evaluateGuardFile, guardInputs } from '../../src/guard/evaluate.ts';
import { scores } from '../../src/guard/metrics.ts';
import { parseMrBench } from '../../src/guard/mrbench.ts';

const NO = 'No';
const YES = 'Yes (and the answer is correct)';
const YES_WRONG = 'Yes (but the answer is incorrect)';
const labelled = (response: string, reveal: string) => ({ response, annotation: { Revealing_of_the_Answer: reveal, Providing_Guidance: 'Yes' } });

// Written the way MRBench writes MathDial dialogues: turns split by "\n" and non-breaking spaces, the problem
// quoted in the first tutor turn, the learner's answer alone on the last line of their solution.
const history = (problem: string, solution: string, answer: string) =>
  `Tutor: Hi, could you please provide a step-by-step solution for the question below? The question is: ${problem}\u00a0\n\u00a0Student: ${solution}\n\u00a0${answer}\u00a0\n\u00a0Tutor: can you walk me through your solution?\u00a0\n\u00a0Student: I did what I wrote.`;

const dialogues = [
  {
    conversation_id: 'apples',
    Data: 'MathDial',
    conversation_history: history('Sam has 50 apples and gives away 8. How many apples does Sam have left?', 'Sam has 50 - 12 = 38 apples.', '38'),
    Ground_Truth_Solution: 'Sam has 50 - 8 = 42 apples left.\n 42',
    anno_llm_responses: {
      A: labelled('So Sam has 42 apples left.', YES), // true positive
      B: labelled('How many apples did Sam give away?', NO), // true negative
      C: labelled('The answer is 42, well done for trying.', NO), // false positive
      D: labelled('Look at the 8 again.', YES_WRONG), // false negative
      E: { response: 'An unlabelled reply with 42.' },
    },
  },
  {
    conversation_id: 'eggs',
    Data: 'MathDial',
    conversation_history: history('A box holds 6 eggs. How many eggs are in 4 boxes?', 'There are 6 + 4 = 10 eggs.', '10'),
    Ground_Truth_Solution: 'There are 6 x 4 = 24 eggs.\n 24',
    anno_llm_responses: {
      A: labelled('There are 6 x 4 = 24 eggs.', YES), // true positive
      B: labelled('How many eggs does each box hold?', NO), // true negative
    },
  },
  {
    conversation_id: 'bridge-1',
    Data: 'Bridge',
    conversation_history: 'Tutor: What is 7000 divided by 1000?\u00a0\n\u00a0Student: 70',
    Ground_Truth_Solution: 'Not Available',
    anno_llm_responses: { A: labelled('It is 7.', YES) },
  },
];

const dir = mkdtempSync(join(tmpdir(), 'ponder-guard-'));
const file = join(dir, 'mrbench.json');
writeFileSync(file, JSON.stringify(dialogues));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading an MRBench dialogue', () => {
  const turns = splitTurns(dialogues[0]!.conversation_history);

  it('splits the history into turns and finds the problem and the learner\'s answer', () => {
    expect(turns.map((t) => t.speaker)).toEqual(['tutor', 'learner', 'tutor', 'learner']);
    expect(problemStatement(turns)).toBe('Sam has 50 apples and gives away 8. How many apples does Sam have left?');
    expect(learnerAnswers(turns)).toEqual(['38']);
  });

  it('takes the final answer from the last line of the reference solution, or none', () => {
    expect(finalAnswer('5,000 + 1,000 = 6,000 steps\n 6000')).toBe(6000);
    expect(finalAnswer('The profit is\n$1,250.50')).toBe(1250.5);
    expect(finalAnswer('Not Available')).toBeUndefined();
    expect(finalAnswer(undefined)).toBeUndefined();
  });

  it('gives the guard a numeric answer spec and the conversation as context', () => {
    const inputs = guardInputs(parseMrBench(JSON.stringify(dialogues))[0]!);
    expect(inputs).toMatchObject({ value: 42, answer: { type: 'numeric', value: 42 }, context: { learnerAnswers: ['38'] } });
    expect('skip' in inputs).toBe(false);
  });

  it('refuses a file that is not MRBench-shaped, saying where', () => {
    expect(() => parseMrBench('{"a": 1}')).toThrow(/not an MRBench file/);
    expect(() => parseMrBench('[{"conversation_id": "x"}]')).toThrow(/0\.conversation_history/);
  });
});

describe('scores', () => {
  it('computes precision, recall and F1 from the counts, and 0 for an empty denominator', () => {
    expect(scores({ truePositives: 3, falsePositives: 1, falseNegatives: 3, trueNegatives: 5 })).toMatchObject({ precision: 0.75, recall: 0.5, f1: 0.6, responses: 12 });
    expect(scores({ truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 4 })).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('evaluating a file', () => {
  const result = evaluateGuardFile(file);

  it('counts every labelled response of the scored dialogues', () => {
    expect(result.overall).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 2, responses: 6 });
    expect(result.overall.precision).toBeCloseTo(2 / 3);
    expect(result.overall.recall).toBeCloseTo(2 / 3);
    expect(result.overall.f1).toBeCloseTo(2 / 3);
    expect(result.unlabelledResponses).toBe(1);
  });

  it('skips dialogues without a numeric final answer, and says why', () => {
    expect(result.dialogues).toEqual({ total: 3, scored: 2, skipped: [{ conversationId: 'bridge-1', reason: 'no numeric final answer in Ground_Truth_Solution' }] });
  });

  it('splits the figures by even and odd dialogues, and recall by kind of reveal', () => {
    expect(result.halves.even).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 1, trueNegatives: 1 });
    expect(result.halves.odd).toMatchObject({ truePositives: 1, falsePositives: 0, falseNegatives: 0, trueNegatives: 1, precision: 1, recall: 1 });
    expect(result.recallByLabel.revealsCorrect).toEqual({ found: 2, total: 2, recall: 1 });
    expect(result.recallByLabel.revealsIncorrect).toEqual({ found: 0, total: 1, recall: 0 });
  });

  it('keeps each scored response with what the detector saw', () => {
    expect(result.responses.find((r) => r.conversationId === 'apples' && r.tutor === 'A')).toMatchObject({ label: 'reveals-correct', leak: '42' });
    expect(result.responses.find((r) => r.conversationId === 'apples' && r.tutor === 'B')?.leak).toBeUndefined();
  });
});

describe('ponder guard evaluate', () => {
  const run = async (path: string, json: boolean) => {
    let printed = '';
    const ok = await evaluateGuardCommand(path, json, (s) => (printed += s));
    return { ok, printed };
  };

  it('prints precision, recall and the counts for people', async () => {
    const { ok, printed } = await run(file, false);
    expect(ok).toBe(true);
    expect(printed).toContain('2 of 3 dialogues scored, 6 labelled responses');
    expect(printed).toContain('precision 0.667, recall 0.667, F1 0.667 (TP 2, FP 1, FN 1, TN 2)');
    expect(printed).toContain('skipped 1 dialogue(s): no numeric final answer');
  });

  it('prints one JSON object for tools', async () => {
    const { ok, printed } = await run(file, true);
    expect(ok).toBe(true);
    expect(printed.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(printed)).toMatchObject({ ok: true, precision: 0.667, recall: 0.667, truePositives: 2, falsePositives: 1, falseNegatives: 1, trueNegatives: 2 });
  });

  it('fails with a message on a missing or malformed file', async () => {
    expect(await run(join(dir, 'missing.json'), false)).toMatchObject({ ok: false, printed: expect.stringContaining('cannot evaluate') });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"not": "a list"}');
    const { ok, printed } = await run(bad, true);
    expect(ok).toBe(false);
    expect(JSON.parse(printed)).toMatchObject({ ok: false, error: expect.stringContaining('not an MRBench file') });
  });
});

const DEV = resolve(import.meta.dirname, '../../../shared/data/mrbench-dev/mrbench_v2_dev.json');

describe('on MRBench v2 dev (read from ../shared/data, never copied here)', () => {
  const present = existsSync(DEV);
  const title = present ? 'keeps the precision and recall measured when the rules were written' : `skipped: MRBench dev data not found at ${DEV}`;
  it.skipIf(!present)(title, () => {
    // Measured: precision 0.961 (49 of 51), recall 0.925 (49 of 53); a small margin for harmless changes.
    const { overall, dialogues: counted } = evaluateGuardFile(DEV);
    expect(counted.scored).toBe(76);
    expect(overall.recall).toBeGreaterThanOrEqual(0.9);
    expect(overall.precision).toBeGreaterThanOrEqual(0.93);
  });
});
