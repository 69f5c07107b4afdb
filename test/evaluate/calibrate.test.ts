import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadCurriculum } from '../../src/curriculum/load.ts';
import { generateLog } from '../helpers/response-log.ts';
import { MINI, startSession } from '../helpers/session.ts';

const items = {
  halves: ['half-1', 'half-2', 'half-3', 'half-4', 'half-5'],
  adding: ['add-1', 'add-2', 'add-3', 'add-4', 'add-5', 'add-6'],
  multiplying: ['mul-1', 'mul-2'],
};

let dir: string;
let logFile: string;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, [], (s) => void (out += s), (s) => void (err += s));
  return { code, out, err };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ponder-calibrate-'));
  cpSync(join(MINI, 'mini'), join(dir, 'mini'), { recursive: true });
  logFile = join(dir, 'history.csv');
  writeFileSync(logFile, generateLog({ learners: 150, skills: Object.keys(items), items, answersPerSkill: 8, seed: 5, harder: { 'add-2': 3 }, separator: ',' }));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ponder model calibrate', () => {
  it('fits the pack from a school\'s logs and writes calibration.yaml beside it, which the next load reads', async () => {
    const result = await run(['model', 'calibrate', '--logs', logFile, '--pack', 'mini', '--curriculum', dir]);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Read \d+ responses from 150 learners/);
    expect(result.out).toContain(`Wrote ${join(dir, 'mini', 'calibration.yaml')}`);
    expect(readFileSync(join(dir, 'mini', 'calibration.yaml'), 'utf8')).toMatch(/^# Learner-model parameters for the .* pack/);

    const pack = loadCurriculum(dir).curriculum.packs.get('mini')!;
    const calibration = pack.calibration!;
    expect(calibration.source.learners).toBe(150);
    expect(Object.keys(calibration.concepts).sort()).toEqual(['adding', 'halves', 'multiplying']);
    for (const concept of Object.values(calibration.concepts)) expect(concept.bkt).toBeDefined();
    // add-2 is authored at level 2 like add-6, but these learners found it far harder.
    expect(calibration.items['add-2']!.difficulty).toBeGreaterThan(calibration.items['add-6']!.difficulty + 1);
    expect(calibration.items['add-2']!.difficulty).toBeGreaterThan(3);
  });

  it('maps responses by item id when the skill column is not a concept id', async () => {
    const renamed = readFileSync(logFile, 'utf8').replace(/,(halves|adding|multiplying)$/gm, ',KC-$1');
    writeFileSync(logFile, renamed);
    const result = await run(['model', 'calibrate', '--logs', logFile, '--pack', 'mini', '--curriculum', dir, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as { used: number; skipped: number };
    expect(report.skipped).toBe(0);
    expect(report.used).toBeGreaterThan(3000);
  });

  it('refuses logs with nothing on the pack, and says why', async () => {
    writeFileSync(logFile, generateLog({ learners: 5, skills: ['algebra'], answersPerSkill: 3, seed: 1, separator: ',' }));
    const result = await run(['model', 'calibrate', '--logs', logFile, '--pack', 'mini', '--curriculum', dir]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/none of the 15 responses .* is on an item or concept of mini; check --columns/);
  });

  it('a damaged calibration file stops the start, naming the file, the field and the fix', async () => {
    await run(['model', 'calibrate', '--logs', logFile, '--pack', 'mini', '--curriculum', dir]);
    const file = join(dir, 'mini', 'calibration.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/pSlip: [\d.]+/, 'pSlip: 0.8'));
    expect(() => loadCurriculum(dir)).toThrow(/mini\/calibration\.yaml:\d+ +concepts\.\w+\.bkt\.pSlip: a slip above 0\.5 would mean knowing hurts/);
    writeFileSync(file, text.replace('  halves:', '  thirds:'));
    expect(() => loadCurriculum(dir)).toThrow(/concepts\.thirds: "thirds" is not a concept of this pack\. Fix: re-run ponder model calibrate --pack mini/);
  });
});

describe('the tutor with a calibrated pack', () => {
  const calibration = (halves: { pInit: number }, hardest: string) => `version: 1
fittedAt: "2026-11-01T00:00:00.000Z"
source: { file: history.csv, responses: 900, learners: 60 }
model:
  bias: 1.1
  weights: { ability: 1.3, mastery: 1.95, correct: 0, wrong: 0, totalCorrect: 0, totalWrong: 0, recent: 0, first: 0, last: 0, streak: 0, totalRecent: 0, totalLast: 0 }
concepts:
  halves: { bias: 0, correct: 0, wrong: 0, bkt: { pInit: ${halves.pInit}, pTransit: 0.1, pSlip: 0.1, pGuess: 0.2 }, responses: 600 }
items:
  ${hardest}: { difficulty: 5.5, responses: 80 }
`;

  it('starts learners from the calibrated mastery and picks items by the calibrated difficulties', async () => {
    const plain = await startSession({ curriculumDir: dir });
    await plain.send('hi');
    await plain.send('start mini');
    await plain.send('skip');
    const authoredChoice = plain.last.open!.id;
    expect(plain.last.mastery['halves']).toBeCloseTo(0.2, 5);
    await plain.close();

    writeFileSync(join(dir, 'mini', 'calibration.yaml'), calibration({ pInit: 0.45 }, authoredChoice));
    const calibrated = await startSession({ curriculumDir: dir });
    await calibrated.send('hi');
    await calibrated.send('start mini');
    await calibrated.send('skip');
    // The school's learners found that item far harder than authored, so a new learner gets another one.
    expect(calibrated.last.open!.concept).toBe('halves');
    expect(calibrated.last.open!.id).not.toBe(authoredChoice);
    expect(calibrated.last.mastery['halves']).toBeCloseTo(0.45, 5);
    await calibrated.close();
  });
});

describe('ponder model evaluate', () => {
  it('prints AUC, RMSE, accuracy, responses and time per update for a train and a test log', async () => {
    const train = join(dir, 'train.tsv');
    const test = join(dir, 'test.tsv');
    writeFileSync(train, generateLog({ learners: 120, skills: ['a', 'b'], answersPerSkill: 6, seed: 1 }));
    writeFileSync(test, generateLog({ learners: 40, skills: ['a', 'b'], answersPerSkill: 6, seed: 2, firstLearner: 500 }));
    const text = await run(['model', 'evaluate', '--train', train, '--test', test]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/responses +480\n +AUC +0\.\d{4}\n +RMSE +0\.\d{4}\n +accuracy +0\.\d{4}/);
    expect(text.out).toMatch(/per update [\d.]+ µs/);
    const json = await run(['model', 'evaluate', '--train', train, '--test', test, '--json', '--ablations']);
    const parsed = JSON.parse(json.out) as { responses: number; auc: number; ablations: Array<{ label: string }> };
    expect(parsed.responses).toBe(480);
    expect(parsed.auc).toBeGreaterThan(0.6);
    expect(parsed.ablations.map((a) => a.label)).toContain('without recency');
  });

  it('a bad log fails with the line to fix', async () => {
    const bad = join(dir, 'bad.tsv');
    writeFileSync(bad, 'user_id\titem_id\ttimestamp\tcorrect\tskill_id\nu\ti\t1\tyes\ts\nu\ti\t2\t?\ts\n');
    const result = await run(['model', 'evaluate', '--train', bad, '--test', bad]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/bad\.tsv:3: correct is "\?"/);
  });
});
