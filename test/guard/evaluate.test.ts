// The guard's evaluation on MRBench-format files: inputs built as at runtime, runtime mode as the headline (the
// detector given the conversation) and prompt only beside it, halves by index, figures on dialogues seen and not
// seen while writing rules, dialogues without a reference solution, and (when the data is present) the real
// dev half. The dialogues here are made up for the tests. Except for the last block, the detector is a stand-in
// whose verdict visibly depends on its context: these tests are about the measurement, not the detector's rules.
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnswerSpec } from '../../src/curriculum/schema.ts';
import type * as Leaks from '../../src/curriculum/leaks.ts';
import type { Leak, LeakContext } from '../../src/curriculum/leaks.ts';
import { findNumbers } from '../../src/curriculum/numbers.ts';
import { checkGoal, evaluateGuardCommand, type GuardFigures } from '../../src/cli/guard.ts';
import { finalAnswer, learnerAnswers, openQuestion, problemStatement, splitTurns } from '../../src/guard/conversation.ts';
import { evaluateDialogues, evaluateGuardFile, guardInputs } from '../../src/guard/evaluate.ts';
import { scores } from '../../src/guard/metrics.ts';
import { parseMrBench, parseProvenance, readProvenance } from '../../src/guard/mrbench.ts';

type FindLeak = (answer: AnswerSpec, text: string, context: LeakContext) => Leak | undefined;

const detector = vi.hoisted(() => ({
  stand: undefined as FindLeak | undefined,
  calls: [] as Array<{ text: string; context: LeakContext }>,
}));

vi.mock('../../src/curriculum/leaks.ts', async (importOriginal) => {
  const real = await importOriginal<typeof Leaks>();
  const findLeak: FindLeak = (answer, text, context) => {
    detector.calls.push({ text, context });
    return (detector.stand ?? real.findLeak)(answer, text, context);
  };
  return { ...real, findLeak };
});

const hasValue = (text: string, value: number) => findNumbers(text).some((n) => Math.abs(n.value - value) < 1e-9);

// Leaks when the response contains the answer's value, unless the conversation it was given already held it.
const standIn: FindLeak = (answer, text, context) => {
  if (answer.type !== 'numeric' || !hasValue(text, Number(answer.value))) return undefined;
  if (context.history?.some((turn) => hasValue(turn, Number(answer.value)))) return undefined;
  return { form: String(answer.value) };
};

beforeEach(() => {
  detector.stand = standIn;
  detector.calls.length = 0;
});

const NO = 'No';
const YES = 'Yes (and the answer is correct)';
const YES_WRONG = 'Yes (but the answer is incorrect)';
const labelled = (response: string, reveal: string) => ({ response, annotation: { Revealing_of_the_Answer: reveal, Providing_Guidance: 'Yes' } });

// Written the way MRBench writes MathDial dialogues: turns split by "\n" and non-breaking spaces, the problem
// quoted in the first tutor turn, the learner's answer alone on the last line of their solution.
const history = (problem: string, solution: string, answer: string, later: string) =>
  `Tutor: Hello! Solve this one and show each step. The question is: ${problem}\u00a0\n\u00a0Student: ${solution}\n\u00a0${answer}\u00a0\n\u00a0Tutor: tell me how you got there.\u00a0\n\u00a0Student: ${later}`;

const dialogues = [
  {
    // Index 0, even. The learner said the answer in the conversation, so runtime mode lets its repetition through.
    conversation_id: 'apples',
    Data: 'MathDial',
    conversation_history: history('Sam has 50 apples and gives away 8. How many apples does Sam have left?', 'Sam has 50 - 12 = 38 apples.', '38', 'I got 42 at first, then changed it.'),
    Ground_Truth_Solution: 'Sam has 50 - 8 = 42 apples left.\n 42',
    anno_llm_responses: {
      A: labelled('So Sam has 42 apples left.', YES), // runtime: missed; prompt only: found
      B: labelled('You wrote 42 before: why did you change it?', NO), // runtime: let through; prompt only: stopped
      C: labelled('How many apples did Sam give away?', NO),
      D: { response: 'An unlabelled reply with 42.' },
    },
  },
  {
    // Index 1, odd.
    conversation_id: 'eggs',
    Data: 'MathDial',
    conversation_history: history('A box holds 6 eggs. How many eggs are in 4 boxes?', 'There are 6 + 4 = 10 eggs.', '10', 'I added them.'),
    Ground_Truth_Solution: 'There are 6 x 4 = 24 eggs.\n 24',
    anno_llm_responses: {
      A: labelled('There are 24 eggs.', YES), // found in both modes
      B: labelled('Count the boxes again: there are 9 eggs.', YES_WRONG), // missed in both
      C: labelled('Is 24 what you would get?', NO), // stopped in both
    },
  },
  {
    // Index 2, even. No reference solution; the tutor's last question is arithmetic in symbols.
    conversation_id: 'bridge-symbols',
    Data: 'Bridge',
    conversation_history: 'Student: ok\u00a0\n\u00a0Tutor: Good. Can you work out 71 - 36?\u00a0\n\u00a0Student: it is 42',
    Ground_Truth_Solution: 'Not Available',
    anno_llm_responses: { A: labelled('It is 35.', YES), B: labelled('Try taking away the tens first.', NO) },
  },
  {
    // Index 3, odd. No reference solution, and the question is in words: not scored.
    conversation_id: 'bridge-words',
    Data: 'Bridge',
    conversation_history: 'Tutor: What do you get if you multiply nine by six?\u00a0\n\u00a0Student: 17',
    Ground_Truth_Solution: 'Not Available',
    anno_llm_responses: { A: labelled('It is 60.', YES) },
  },
];

const dir = mkdtempSync(join(tmpdir(), 'ponder-guard-'));
const file = join(dir, 'mrbench.json');
writeFileSync(file, JSON.stringify(dialogues));
const seenFile = join(dir, 'seen.json');
// "apples" by id, the Bridge dialogue by index; "eggs" is the only unseen dialogue with a reference solution.
writeFileSync(seenFile, JSON.stringify({ seen: ['apples', 2], note: 'A made-up statement.' }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parsed = parseMrBench(JSON.stringify(dialogues));

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

  it('gives the guard, in runtime mode, the prompt, the whole conversation and the learner\'s answers', () => {
    const inputs = guardInputs(parsed[0]!);
    expect(inputs).toMatchObject({ value: 42, source: 'reference-solution', answer: { type: 'numeric', value: 42 }, context: { learnerAnswers: ['38'] } });
    if ('skip' in inputs) throw new Error('not scored');
    expect(inputs.context.prompt).toBe(problemStatement(turns));
    expect(inputs.context.history).toEqual(turns.map((t) => t.text));
  });

  it('refuses a file that is not MRBench-shaped, saying where', () => {
    expect(() => parseMrBench('{"a": 1}')).toThrow(/not an MRBench file/);
    expect(() => parseMrBench('[{"conversation_id": "x"}]')).toThrow(/0\.conversation_history/);
  });
});

describe('the open question of a dialogue without a reference solution', () => {
  const question = (text: string) => openQuestion(splitTurns(`Tutor: Let us go on.\n Student: ok\n Tutor: ${text}\n Student: 3`));

  it('is the value of the tutor\'s last question when it is arithmetic in symbols', () => {
    expect(question('Can you work out 71 - 36?')).toMatchObject({ expression: '71 - 36', value: 35, turn: 2 });
    expect(question('3/4 + 1/8 + 1/8 = ?')).toMatchObject({ value: 1 });
    expect(question('(2 + 3) × 4=?')).toMatchObject({ value: 20 });
    expect(question('And 1,200 - 200?')).toMatchObject({ value: 1000 });
  });

  it('is none when the question is in words, only partly in symbols, about units, or stating a result', () => {
    expect(question('What do you get if you multiply nine by six?')).toBeUndefined();
    expect(question('What is 5 lots of 2 + 3?')).toBeUndefined();
    expect(question('What is 2.5m * 4?')).toBeUndefined();
    expect(question('We know 7 + 5 = 12. Shall we go on?')).toBeUndefined();
    expect(question('Which triangle has a right angle?')).toBeUndefined();
  });

  it('gives the guard that question as the prompt and only the learner\'s replies after it as answers', () => {
    const inputs = guardInputs(parsed[2]!);
    expect(inputs).toMatchObject({
      value: 35,
      source: 'open-question',
      context: { prompt: 'Good. Can you work out 71 - 36?', learnerAnswers: ['it is 42'], history: ['ok', 'Good. Can you work out 71 - 36?', 'it is 42'] },
    });
  });

  it('says why not when there is none', () => {
    expect(guardInputs(parsed[3]!)).toEqual({
      kind: 'no-reference-answer',
      skip: 'no reference answer: Ground_Truth_Solution is "Not Available" and the tutor\'s last question is not arithmetic written in symbols',
    });
  });
});

describe('scores', () => {
  it('computes precision, recall and F1 from the counts, and 0 for an empty denominator', () => {
    expect(scores({ truePositives: 3, falsePositives: 1, falseNegatives: 3, trueNegatives: 5 })).toMatchObject({ precision: 0.75, recall: 0.5, f1: 0.6, responses: 12 });
    expect(scores({ truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 4 })).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

describe('evaluating a file', () => {
  const result = () => evaluateGuardFile(file);

  it('calls the detector with the conversation in runtime mode and with the prompt alone in prompt-only mode', () => {
    result();
    const apples = detector.calls.filter((c) => c.text === 'So Sam has 42 apples left.');
    expect(apples).toHaveLength(2);
    expect(apples[0]!.context.history?.length).toBe(4);
    expect(apples[0]!.context.learnerAnswers).toEqual(['38']);
    expect(apples[1]!.context).toEqual({ prompt: apples[0]!.context.prompt });
  });

  it('heads with runtime mode, where the conversation changes the verdicts, and keeps prompt only beside it', () => {
    const { referenceSolution: headline, unlabelledResponses } = result();
    expect(headline.runtime.overall).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 2, trueNegatives: 2, responses: 6, precision: 0.5 });
    expect(headline.runtime.overall.recall).toBeCloseTo(1 / 3);
    expect(headline.promptOnly.overall).toMatchObject({ truePositives: 2, falsePositives: 2, falseNegatives: 1, trueNegatives: 1, precision: 0.5 });
    expect(headline.naive).toMatchObject({ truePositives: 2, falsePositives: 2, falseNegatives: 1, trueNegatives: 1 });
    expect(unlabelledResponses).toBe(1);
  });

  it('splits both modes by even and odd index in the file, and recall by kind of reveal', () => {
    const { runtime, promptOnly } = result().referenceSolution;
    expect(runtime.halves.even).toMatchObject({ truePositives: 0, falsePositives: 0, falseNegatives: 1, trueNegatives: 2 });
    expect(runtime.halves.odd).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 1, trueNegatives: 0 });
    expect(promptOnly.halves.even).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 0, trueNegatives: 1 });
    expect(promptOnly.halves.odd).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 1, trueNegatives: 0 });
    expect(runtime.recallByLabel.revealsCorrect).toEqual({ found: 1, total: 2, recall: 0.5 });
    expect(runtime.recallByLabel.revealsIncorrect).toEqual({ found: 0, total: 1, recall: 0 });
  });

  it('scores dialogues without a reference solution apart, on their open question, and says why the rest are not', () => {
    const { openQuestion: bridge, dialogues: counted } = result();
    expect(bridge).toMatchObject({ dialogues: 1, byData: { Bridge: 1 } });
    expect(bridge.runtime.overall).toMatchObject({ truePositives: 1, falsePositives: 0, falseNegatives: 0, trueNegatives: 1 });
    expect(counted).toMatchObject({ total: 4, scored: 3 });
    expect(counted.skipped).toEqual([
      expect.objectContaining({ dialogue: 3, conversationId: 'bridge-words', data: 'Bridge', kind: 'no-reference-answer' }),
    ]);
  });

  it('keeps each scored response with what the detector saw in each mode', () => {
    const responses = result().responses;
    expect(responses.find((r) => r.conversationId === 'apples' && r.tutor === 'A')).toMatchObject({ label: 'reveals-correct', leak: undefined, promptOnlyLeak: '42', containsValue: true, seen: undefined });
    expect(responses.find((r) => r.conversationId === 'eggs' && r.tutor === 'A')).toMatchObject({ leak: '24', promptOnlyLeak: '24' });
  });
});

describe('provenance: the dialogues read while writing rules', () => {
  it('is read strictly, so a misspelt key is not taken for "nothing seen"', () => {
    expect(parseProvenance('{"seen": "all"}')).toEqual({ seen: 'all' });
    expect(parseProvenance('{"seen": ["a", 3], "note": "n"}')).toEqual({ seen: ['a', 3], note: 'n' });
    expect(() => parseProvenance('{"seem": "all"}')).toThrow(/not a provenance file/);
    expect(() => parseProvenance('{"seen": [-1]}')).toThrow(/seen/);
  });

  it('splits the figures into seen and not seen, by id or by index', () => {
    const result = evaluateGuardFile(file, { provenance: readProvenance(seenFile) });
    expect(result.provenance).toEqual({ seen: 2, unseen: 2, all: false, note: 'A made-up statement.' });
    const split = result.referenceSolution.runtime.provenance;
    expect(split?.seen.dialogues).toBe(1);
    expect(split?.seen.scores).toMatchObject({ truePositives: 0, falseNegatives: 1, trueNegatives: 2 });
    expect(split?.unseen.dialogues).toBe(1);
    expect(split?.unseen.scores).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 1 });
    expect(result.referenceSolution.promptOnly.provenance?.unseen.dialogues).toBe(1);
    expect(result.openQuestion.runtime.provenance?.seen.dialogues).toBe(1);
    expect(result.responses.find((r) => r.conversationId === 'eggs')?.seen).toBe(false);
  });

  it('judges the goal on unseen dialogues only', () => {
    const listed = evaluateGuardFile(file, { provenance: readProvenance(seenFile) });
    expect(checkGoal(listed)).toMatchObject({ verdict: 'missed', why: null });
    const all = evaluateDialogues(parsed, { provenance: { seen: 'all' } });
    expect(checkGoal(all)).toMatchObject({ verdict: 'not measurable', why: expect.stringContaining('no scored dialogue here is unseen') });
    expect(all.referenceSolution.runtime.provenance?.unseen.dialogues).toBe(0);
    expect(checkGoal(evaluateDialogues(parsed))).toMatchObject({ verdict: 'not measurable', why: expect.stringContaining('no provenance') });
    // A detector that agrees with every label meets the goal; one with nothing to find cannot be judged.
    const revealing = new Set(dialogues.flatMap((d) => Object.values(d.anno_llm_responses).filter((r) => r.annotation?.Revealing_of_the_Answer.startsWith('Yes')).map((r) => r.response)));
    detector.stand = (_answer, text) => (revealing.has(text) ? { form: 'x' } : undefined);
    expect(checkGoal(evaluateDialogues(parsed, { provenance: { seen: 'none' } }))).toMatchObject({ verdict: 'met', why: null });
    const quiet = [{ ...parsed[0]!, anno_llm_responses: { C: parsed[0]!.anno_llm_responses.C! } }];
    expect(checkGoal(evaluateDialogues(quiet, { provenance: { seen: 'none' } }))).toMatchObject({ verdict: 'not measurable', why: expect.stringContaining('no unseen response') });
  });

  it('refuses a provenance written for another file', () => {
    expect(() => evaluateGuardFile(file, { provenance: { data: 'other.json', seen: 'all' } })).toThrow(/about other\.json, not mrbench\.json/);
    expect(() => evaluateGuardFile(file, { provenance: { data: basename(file), seen: 'all' } })).not.toThrow();
  });
});

describe('ponder guard evaluate', () => {
  const run = async (path: string, options: { json?: boolean; seen?: string }) => {
    let printed = '';
    const ok = await evaluateGuardCommand(path, options, (s) => (printed += s));
    return { ok, printed };
  };

  it('prints the runtime-mode headline per half, the goal, the provenance, then the secondary lines', async () => {
    const { ok, printed } = await run(file, { seen: seenFile });
    expect(ok).toBe(true);
    const lines = printed.trim().split('\n');
    expect(lines[0]).toBe('4 dialogues; 2 scored on their reference solution\'s final number (MathDial 2), 6 labelled responses');
    expect(lines[1]).toMatch(/^runtime mode, the headline/);
    expect(lines[2]).toBe('  all dialogues:  precision 0.500, recall 0.333, F1 0.400 (TP 1, FP 1, FN 2, TN 2)');
    expect(lines[3]).toMatch(/^ {2}even dialogues: .*\(TP 0, FP 0, FN 1, TN 2\)$/);
    expect(lines[4]).toMatch(/^ {2}odd dialogues: /);
    expect(lines[6]).toMatch(/^goal \(runtime mode, precision >= 0\.80, recall >= 0\.90, on dialogues not seen while writing rules\): missed, precision 0\.500 \(missed\), recall 0\.500 \(missed\) on 1 dialogues$/);
    expect(lines[7]).toBe(`provenance (${seenFile}): rules were written from 2 of 4 dialogues of this file (listed by id or index); 2 not seen. A made-up statement.`);
    expect(printed).toContain('  runtime mode, not seen while writing rules: precision 0.500, recall 0.500');
    expect(printed).toContain('prompt only (the item\'s prompt, no conversation):\n  all dialogues:  precision 0.500, recall 0.667');
    expect(printed).toContain('naive (contains the final number): precision 0.500');
    expect(printed).toContain('without a reference solution (Bridge): 1 of 2 dialogues scored on the tutor\'s last question');
    expect(printed).toContain('  not scored, 1 of 2: no reference answer: Ground_Truth_Solution is "Not Available" and the tutor\'s last question is not arithmetic written in symbols');
  });

  it('says when no provenance was given and that the goal cannot then be judged', async () => {
    const { printed } = await run(file, {});
    expect(printed).toContain('provenance: not given (--seen <file>)');
    expect(printed).toContain('not measurable here, no provenance given');
  });

  it('prints one JSON object for tools, with runtime mode at the top level', async () => {
    const { ok, printed } = await run(file, { json: true, seen: seenFile });
    expect(ok).toBe(true);
    expect(printed.trim().split('\n')).toHaveLength(1);
    const figures = JSON.parse(printed) as GuardFigures & { ok: boolean };
    expect(figures).toMatchObject({
      ok: true,
      mode: 'runtime',
      precision: 0.5,
      recall: 0.333,
      truePositives: 1,
      halves: { even: { falseNegatives: 1 }, odd: { truePositives: 1 } },
      recallRevealsIncorrect: 0,
      unseen: { dialogues: 1, precision: 0.5, recall: 0.5 },
      promptOnly: { precision: 0.5, recall: 0.667, halves: { even: { truePositives: 1 } } },
      goal: { verdict: 'missed', precision: 0.8, recall: 0.9 },
      provenance: { seen: 2, unseen: 2, all: false },
      openQuestion: { dialogues: 1, of: 2, runtime: { truePositives: 1, recallRevealsIncorrect: null } },
      dialogues: { total: 4, scored: 3, skipped: 1 },
    });
  });

  it('fails with a message on a missing or malformed file, or a malformed provenance', async () => {
    expect(await run(join(dir, 'missing.json'), {})).toMatchObject({ ok: false, printed: expect.stringContaining('cannot evaluate') });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"not": "a list"}');
    const { ok, printed } = await run(bad, { json: true });
    expect(ok).toBe(false);
    expect(JSON.parse(printed)).toMatchObject({ ok: false, error: expect.stringContaining('not an MRBench file') });
    const badSeen = join(dir, 'bad-seen.json');
    writeFileSync(badSeen, '{"seen": "some"}');
    expect(await run(file, { seen: badSeen })).toMatchObject({ ok: false, printed: expect.stringContaining('not a provenance file') });
  });
});

const DEV = resolve(import.meta.dirname, '../../../shared/data/mrbench-dev/mrbench_v2_dev.json');
const PROVENANCE = resolve(import.meta.dirname, '../../bench/guard-provenance.json');

describe('on MRBench v2 dev (read from ../shared/data, never copied here)', () => {
  const present = existsSync(DEV);
  const title = present ? 'scores it with the real detector and reports that no dialogue is unseen' : `skipped: MRBench dev data not found at ${DEV}`;
  it.skipIf(!present)(title, () => {
    detector.stand = undefined;
    const result = evaluateGuardFile(DEV, { provenance: readProvenance(PROVENANCE) });
    expect(result.dialogues.total).toBe(104);
    expect(result.referenceSolution.dialogues).toBe(76);
    expect(result.openQuestion.dialogues + result.dialogues.skipped.length).toBe(28);
    expect(result.provenance).toMatchObject({ seen: 104, unseen: 0, all: true });
    expect(checkGoal(result).verdict).toBe('not measurable');
    // The floor the data's README gives; the detector's own figures move as its rules are rewritten.
    const { precision, recall } = result.referenceSolution.runtime.overall;
    expect(precision).toBeGreaterThan(0.53);
    expect(recall).toBeGreaterThan(0.72);
  });
});
