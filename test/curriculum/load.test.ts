// Loading packs: every problem an author makes is reported with the file, the line, the field and a fix.
import { describe, it, expect, afterEach } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCurriculum, loadPackWithProblems } from '../../src/curriculum/load.ts';
import { CurriculumError, type CurriculumProblem } from '../../src/curriculum/problems.ts';
import { checkCurriculum } from '../../src/cli/check.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/curriculum');
const MINI = join(FIXTURES, 'mini');

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface TempPack {
  /** The folder holding the pack folder: a curriculum root. */
  root: string;
  /** The pack folder, root/mini. */
  dir: string;
  /** Replaces text in a file of the pack; fails the test if the text is not there. */
  edit(file: string, from: string | RegExp, to: string): void;
  /** The text of one line (1-based) of a file named as a problem names it (relative to root). */
  line(file: string, line: number | undefined): string;
}

/** A copy of the valid mini fixture in a temporary folder, ready to be broken. */
function tempPack(): TempPack {
  const root = mkdtempSync(join(tmpdir(), 'ponder-load-'));
  temps.push(root);
  const dir = join(root, 'mini');
  cpSync(MINI, dir, { recursive: true });
  return {
    root,
    dir,
    edit(file, from, to) {
      const path = join(dir, file);
      const before = readFileSync(path, 'utf8');
      const after = before.replace(from, to);
      expect(after, `edit of ${file}`).not.toBe(before);
      writeFileSync(path, after);
    },
    line(file, line) {
      expect(line, `a line number in ${file}`).toBeTypeOf('number');
      return readFileSync(join(root, file), 'utf8').split('\n')[(line ?? 0) - 1] ?? '';
    },
  };
}

function load(pack: TempPack) {
  return loadPackWithProblems(pack.dir, pack.root);
}

/** The CurriculumError loading the pack's folder throws (failing the test if it loads). */
function loadError(pack: TempPack): CurriculumError {
  try {
    loadCurriculum(pack.root, pack.root);
  } catch (error) {
    expect(error).toBeInstanceOf(CurriculumError);
    return error as CurriculumError;
  }
  throw new Error('the curriculum loaded, but an error was expected');
}

function errors(problems: CurriculumProblem[]): CurriculumProblem[] {
  return problems.filter((p) => p.severity === 'error');
}

/** The single problem about `field`. */
function about(problems: CurriculumProblem[], field: string): CurriculumProblem {
  const found = problems.filter((p) => p.field === field);
  expect(found, `problems about ${field} in ${JSON.stringify(problems, null, 1)}`).toHaveLength(1);
  return found[0] as CurriculumProblem;
}

describe('loadPackWithProblems on the valid fixture', () => {
  it('loads the mini pack with no problem at all', () => {
    const result = loadPackWithProblems(MINI, FIXTURES);
    expect(result.problems).toEqual([]);
    expect(result.pack?.id).toBe('mini');
    expect([...(result.pack?.concepts.keys() ?? [])]).toEqual(['halves', 'adding', 'multiplying']);
    expect(result.pack?.items.size).toBe(14);
  });

  it('gives every item the concept\'s explanations under its own', () => {
    const pack = loadPackWithProblems(MINI, FIXTURES).pack;
    const item = pack?.items.get('add-2');
    expect(item?.conceptId).toBe('adding');
    expect(item?.explanations.concise).toBe('Same denominator first, then add the tops.');
    expect(Object.keys(item?.explanations ?? {}).length).toBeGreaterThanOrEqual(3);
  });

  it('fills in the schema defaults', () => {
    const pack = loadPackWithProblems(MINI, FIXTURES).pack;
    expect(pack?.spec.mastery).toEqual({ threshold: 0.95, minEvidence: 3 });
    expect(pack?.spec.policy).toEqual({ reveal: 'after-attempts', revealAfter: 3 });
    expect(pack?.items.get('half-1')?.misconceptions).toEqual([]);
  });
});

describe('what authors can express', () => {
  it('lets an item drop a style the concept would lend it, share the concept\'s misconceptions and give a hint its answer', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'items:\n  - id: half-1', [
      'misconceptions:',
      '  - id: doubles',
      '    label: doubles instead of halving',
      '    pattern: "^(16|28|72)$"',
      '    question: Is half of a number bigger or smaller than the number?',
      '    remediation: Halving shares into two equal groups, so each group is smaller than the whole.',
      'items:',
      '  - id: half-1',
    ].join('\n'));
    pack.edit('concepts/halves.yaml', 'hints: ["How many equal groups?", "What is 14 split in two?", "What is 14 divided by 2?"]',
      'hints: [{ ask: "How many equal groups?", answer: 2 }, "What is 14 split in two?", "What is 14 divided by 2?"]\n    explanations: { analogy: null }');
    const result = load(pack);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const item = result.pack?.items.get('half-2');
    expect(item?.explanations.analogy).toBeUndefined();
    expect(item?.explanations.concise).toBe('Divide by two.');
    expect(item?.hints[0]).toBe('How many equal groups?');
    expect(item?.hintAnswers[0]).toMatchObject({ type: 'numeric', value: 2 });
    expect(item?.hintAnswers[1]).toBeUndefined();
    expect(result.pack?.items.get('half-3')?.misconceptions.map((m) => m.id)).toEqual(['doubles']);
  });
});

describe('loadPackWithProblems on broken packs', () => {
  it('reports invalid YAML with the file and the line', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'title: Halves', 'title: Halves: the basics');
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    const problem = errors(result.problems)[0];
    expect(problem).toBeDefined();
    expect(problem?.file).toBe(join('mini', 'concepts', 'halves.yaml'));
    expect(pack.line(problem?.file ?? '', problem?.line)).toContain('title: Halves: the basics');
    expect(problem?.message).toMatch(/not valid YAML/);
    expect(problem?.fix).toMatch(/indentation|colons|quotes/);
  });

  it('reports invalid YAML in pack.yaml and loads nothing else', () => {
    const pack = tempPack();
    pack.edit('pack.yaml', 'title: Mini fractions', 'title: "Mini fractions');
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    expect(result.problems.length).toBeGreaterThan(0);
    for (const p of result.problems) {
      expect(p.file).toBe(join('mini', 'pack.yaml'));
      expect(p.line).toBeTypeOf('number');
      expect(p.message).toMatch(/not valid YAML/);
    }
  });

  it('reports YAML whose aliases expand too far (an alias bomb) with the file, the alias\'s line and the fix', () => {
    const pack = tempPack();
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'];
    pack.edit('concepts/halves.yaml', 'id: halves\n', `id: halves\nbomb:\n${bomb.map((l) => `  ${l}`).join('\n')}\n`);
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    const [problem, ...others] = errors(result.problems);
    expect(others).toEqual([]);
    expect(problem?.file).toBe(join('mini', 'concepts', 'halves.yaml'));
    expect(pack.line(problem?.file ?? '', problem?.line)).toContain('*a');
    expect(problem?.message).toMatch(/not valid YAML.*aliases/);
    expect(problem?.fix).toMatch(/write the repeated values out/);
    // Start-up names it the same way instead of stopping on the parser's bare message.
    expect(() => loadCurriculum(pack.root, pack.root)).toThrow(/halves\.yaml:\d+.*aliases.*Fix: write the repeated values out/s);
  });

  it('reports a missing required field of an item, with the item\'s line and how to add it', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', '    solution: "14 / 2 = 7"\n', '');
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    const problem = about(result.problems, 'items[1].solution');
    expect(problem.severity).toBe('error');
    expect(problem.file).toBe(join('mini', 'concepts', 'halves.yaml'));
    expect(pack.line(problem.file, problem.line)).toContain('id: half-2');
    expect(problem.fix).toMatch(/add the field/);
  });

  it('reports a missing top-level field of pack.yaml', () => {
    const pack = tempPack();
    pack.edit('pack.yaml', 'audience: Tests\n', '');
    const problem = about(load(pack).problems, 'audience');
    expect(problem.file).toBe(join('mini', 'pack.yaml'));
    expect(problem.line).toBe(1);
    expect(problem.fix).toMatch(/add the field/);
  });

  it('reports a misspelled field as unrecognised, on its own line, suggesting the spelling', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', '    solution: "14 / 2 = 7"', '    soluton: "14 / 2 = 7"');
    const result = load(pack);
    const problem = about(result.problems, 'items[1].soluton');
    expect(problem.severity).toBe('error');
    expect(problem.file).toBe(join('mini', 'concepts', 'halves.yaml'));
    expect(pack.line(problem.file, problem.line)).toContain('soluton:');
    expect(problem.message).toMatch(/soluton/);
    expect(problem.fix).toMatch(/rename "soluton" to "solution"/);
    // The real field is then missing, and that is said too.
    expect(about(result.problems, 'items[1].solution').fix).toMatch(/add the field/);
  });

  it('reports a misspelled field in pack.yaml', () => {
    const pack = tempPack();
    pack.edit('pack.yaml', 'audience: Tests', 'audience: Tests\naudiance: Tests');
    const problem = about(load(pack).problems, 'audiance');
    expect(problem.file).toBe(join('mini', 'pack.yaml'));
    expect(pack.line(problem.file, problem.line)).toBe('audiance: Tests');
    expect(problem.fix).toMatch(/rename "audiance" to "audience"/);
  });

  it('keeps a pattern written to match part of its answer working, with a warning on how to tighten it', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', /answer: \{ type: numeric, value: 7 \}/, 'answer: { type: pattern, pattern: "7", display: "7 sweets" }');
    const result = load(pack);
    const problem = result.problems.find((p) => p.field.endsWith('answer.pattern'));
    expect(problem?.severity).toBe('warning');
    expect(problem?.fix).toMatch(/match: anywhere/);
    expect(result.pack).toBeDefined();
  });

  it('reports a hint answer that fits no form by the field it lacks, not as "invalid input"', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'hints: ["How many equal groups?", "What is 14 split in two?", "What is 14 divided by 2?"]',
      'hints: [{ ask: "How many equal groups?", answer: { type: pattern, pattern: "^two$" } }, "What is 14 split in two?", "What is 14 divided by 2?"]');
    const problem = about(load(pack).problems, 'items[1].hints[0].answer.display');
    expect(problem.fix).toMatch(/add the field/);
  });

  it('reports a misspelt policy key instead of silently using the default', () => {
    const pack = tempPack();
    pack.edit('pack.yaml', 'concepts:', 'policy:\n  revealafter: 1\nconcepts:');
    const problem = about(load(pack).problems, 'policy.revealafter');
    expect(problem.severity).toBe('error');
    expect(problem.fix).toMatch(/rename "revealafter" to "revealAfter"/);
  });

  it('says only to remove a key that is like no field at all', () => {
    const pack = tempPack();
    pack.edit('pack.yaml', 'audience: Tests', 'audience: Tests\ncolourScheme: blue');
    expect(about(load(pack).problems, 'colourScheme').fix).toMatch(/remove "colourScheme" or check the spelling/);
  });

  it('reports difficulty 7 on its line, with the allowed range', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'difficulty: 3', 'difficulty: 7');
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    const problem = about(result.problems, 'items[2].difficulty');
    expect(problem.severity).toBe('error');
    expect(problem.file).toBe(join('mini', 'concepts', 'halves.yaml'));
    expect(pack.line(problem.file, problem.line)).toContain('difficulty: 7');
    expect(problem.message).toMatch(/1 to 5/);
    expect(problem.fix).toMatch(/1 to 5/);
  });

  it('reports a difficulty that is not a number', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'difficulty: 3', 'difficulty: hard');
    const problem = about(load(pack).problems, 'items[2].difficulty');
    expect(pack.line(problem.file, problem.line)).toContain('difficulty: hard');
    expect(problem.fix).toMatch(/number/);
  });

  it('reports an item with only two hints', () => {
    const pack = tempPack();
    pack.edit(
      'concepts/halves.yaml',
      'hints: ["How many equal groups?", "What is 14 split in two?", "What is 14 divided by 2?"]',
      'hints: ["How many equal groups?", "What is 14 split in two?"]',
    );
    const problem = about(load(pack).problems, 'items[1].hints');
    expect(problem.severity).toBe('error');
    expect(problem.file).toBe(join('mini', 'concepts', 'halves.yaml'));
    expect(pack.line(problem.file, problem.line)).toContain('hints:');
    expect(`${problem.message} ${problem.fix}`).toMatch(/three/);
  });

  it('reports a choice whose correct answer is not among the options', () => {
    const pack = tempPack();
    pack.edit('concepts/multiplying.yaml', 'correct: "1/6"', 'correct: "1/7"');
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    const problem = about(result.problems, 'items[0].answer.correct');
    expect(problem.file).toBe(join('mini', 'concepts', 'multiplying.yaml'));
    expect(pack.line(problem.file, problem.line)).toContain('correct: "1/7"');
    expect(problem.message).toContain('"1/7"');
    expect(problem.fix).toMatch(/option/);
  });

  it('reports a prerequisite that does not exist, listing the ones that do', () => {
    const pack = tempPack();
    pack.edit('concepts/adding.yaml', 'prerequisites: [halves]', 'prerequisites: [halvs]');
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    const problem = about(result.problems, 'prerequisites[0]');
    expect(problem.file).toBe(join('mini', 'concepts', 'adding.yaml'));
    expect(pack.line(problem.file, problem.line)).toContain('prerequisites: [halvs]');
    expect(problem.message).toContain('"halvs"');
    expect(problem.fix).toContain('halves');
  });

  it('reports a prerequisite cycle, showing the cycle', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'summary: Half of a number splits it into two equal parts.\n', 'summary: Half of a number splits it into two equal parts.\nprerequisites: [multiplying]\n');
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    const cycles = result.problems.filter((p) => /cycle/.test(p.message));
    expect(cycles).toHaveLength(1);
    const problem = cycles[0] as CurriculumProblem;
    expect(problem.severity).toBe('error');
    expect(problem.file).toMatch(/^mini[/\\]concepts[/\\](halves|adding|multiplying)\.yaml$/);
    expect(problem.field).toBe('prerequisites');
    expect(problem.message).toContain('halves -> multiplying -> adding -> halves');
    expect(problem.fix).toMatch(/remove one of these prerequisites/);
  });

  it('reports a concept that lists itself as a prerequisite as a cycle', () => {
    const pack = tempPack();
    pack.edit('concepts/adding.yaml', 'prerequisites: [halves]', 'prerequisites: [halves, adding]');
    const problem = load(pack).problems.find((p) => /cycle/.test(p.message));
    expect(problem?.message).toContain('adding -> adding');
  });

  it('reports an item id used twice in the pack, at the second use', () => {
    const pack = tempPack();
    pack.edit('concepts/multiplying.yaml', 'id: mul-2', 'id: add-2');
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    const problem = about(result.problems, 'items[1].id');
    expect(problem.file).toBe(join('mini', 'concepts', 'multiplying.yaml'));
    expect(pack.line(problem.file, problem.line)).toContain('id: add-2');
    expect(problem.message).toMatch(/"add-2".*twice/);
    expect(problem.fix).toMatch(/unique/);
  });

  it('reports a concept listed twice in pack.yaml as its id used twice, at the second entry, not as each item\'s id', () => {
    const pack = tempPack();
    pack.edit('pack.yaml', 'concepts: [halves, adding, multiplying]', 'concepts: [halves, adding, multiplying, adding]');
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    expect(errors(result.problems)).toHaveLength(1);
    const problem = about(result.problems, 'concepts[3]');
    expect(problem.file).toBe(join('mini', 'pack.yaml'));
    expect(pack.line(problem.file, problem.line)).toContain('concepts: [halves, adding, multiplying, adding]');
    expect(problem.message).toBe('concept id "adding" is used twice in concepts');
    expect(problem.fix).toMatch(/list each concept once: remove this "adding"/);
  });

  it('reports a concept file that is missing, at its entry in pack.yaml', () => {
    const pack = tempPack();
    unlinkSync(join(pack.dir, 'concepts', 'multiplying.yaml'));
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    const problem = about(result.problems, 'concepts[2]');
    expect(problem.file).toBe(join('mini', 'pack.yaml'));
    expect(pack.line(problem.file, problem.line)).toContain('multiplying');
    expect(problem.message).toContain('concepts/multiplying.yaml');
    expect(problem.fix).toMatch(/create it, or remove "multiplying"/);
  });

  it('reports a pack folder with no pack.yaml', () => {
    const pack = tempPack();
    unlinkSync(join(pack.dir, 'pack.yaml'));
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.file).toBe(join('mini', 'pack.yaml'));
    expect(result.problems[0]?.fix).toMatch(/pack\.yaml/);
  });

  it('reports a misconception answer that is actually correct', () => {
    const pack = tempPack();
    pack.edit('concepts/adding.yaml', 'answers: ["2/6", "1/3"]', 'answers: ["2/6", "3/4"]');
    const result = load(pack);
    expect(result.pack).toBeUndefined();
    const problem = about(result.problems, 'items[1].misconceptions[0].answers');
    expect(problem.file).toBe(join('mini', 'concepts', 'adding.yaml'));
    expect(pack.line(problem.file, problem.line)).toContain('"3/4"');
    expect(problem.message).toMatch(/"3\/4" is graded correct/);
    expect(problem.fix).toMatch(/only wrong answers/);
  });

  it('also refuses a misconception answer that is only partially right (6/8 for 3/4 in simplest form)', () => {
    const pack = tempPack();
    pack.edit('concepts/adding.yaml', 'answers: ["2/6", "1/3"]', 'answers: ["2/6", "6/8"]');
    const problem = about(load(pack).problems, 'items[1].misconceptions[0].answers');
    expect(problem.message).toContain('"6/8"');
  });

  it('reports a hint that gives the answer away as a lint error on the hint\'s line', () => {
    const pack = tempPack();
    pack.edit('concepts/adding.yaml', '"Now count the quarters."', '"So the answer is 3/4, right?"');
    const result = load(pack);
    const problem = about(result.problems, 'items[1].hints[2]');
    expect(problem.severity).toBe('error');
    expect(problem.file).toBe(join('mini', 'concepts', 'adding.yaml'));
    expect(pack.line(problem.file, problem.line)).toContain('So the answer is 3/4, right?');
    expect(problem.message).toContain('add-2');
    expect(problem.message).toContain('3/4');
    expect(problem.fix).toMatch(/without stating it/);
  });

  it('reports a hint that gives an equivalent form of the answer away', () => {
    const pack = tempPack();
    pack.edit('concepts/adding.yaml', '"Now count the quarters."', '"Is it six eighths?"');
    const problem = about(load(pack).problems, 'items[1].hints[2]');
    expect(problem.severity).toBe('error');
    expect(problem.message).toMatch(/6\/8|six eighths/);
  });

  it('reports a misconception question that gives the answer away', () => {
    const pack = tempPack();
    pack.edit('concepts/adding.yaml', 'question: "Is a half plus a quarter really less than a half?"', 'question: "Is it 0.75 or 2/6?"');
    const problem = about(load(pack).problems, 'items[1].misconceptions[0].question');
    expect(problem.severity).toBe('error');
    expect(pack.line(problem.file, problem.line)).toContain('Is it 0.75 or 2/6?');
  });

  it('reports a concept explanation that gives away an item\'s answer, naming the item', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'concise: "Divide by two."', 'concise: "Half of 14 is 7."');
    const result = load(pack);
    // The item keeps other styles, so the tutor simply does not use this one for it: a warning.
    const leaks = result.problems.filter((p) => p.field.startsWith('explanations.concise'));
    expect(leaks).toHaveLength(1);
    expect(leaks[0]?.severity).toBe('warning');
    expect(leaks[0]?.message).toMatch(/not used for that item/);
    expect(leaks[0]?.message).toContain('half-2');
    expect(pack.line(leaks[0]?.file ?? '', leaks[0]?.line)).toContain('Half of 14 is 7.');
  });

  it('warns, without refusing the pack, about a concept with items at only one difficulty', () => {
    const pack = tempPack();
    pack.edit('concepts/multiplying.yaml', /difficulty: [35]/g, 'difficulty: 1');
    const result = load(pack);
    expect(result.pack).toBeDefined();
    expect(errors(result.problems)).toEqual([]);
    const problem = about(result.problems, 'items');
    expect(problem.severity).toBe('warning');
    expect(problem.file).toBe(join('mini', 'concepts', 'multiplying.yaml'));
    expect(problem.line).toBeTypeOf('number');
    expect(problem.message).toMatch(/only 1 difficulty level/);
    expect(problem.fix).toMatch(/other difficulties/);
  });

  it('warns about two difficulty levels too', () => {
    const pack = tempPack();
    pack.edit('concepts/multiplying.yaml', 'difficulty: 5', 'difficulty: 3');
    const problem = about(load(pack).problems, 'items');
    expect(problem.severity).toBe('warning');
    expect(problem.message).toMatch(/only 2 difficulty level/);
  });

  it('warns about a concept file not listed in pack.yaml', () => {
    const pack = tempPack();
    writeFileSync(join(pack.dir, 'concepts', 'extra.yaml'), readFileSync(join(pack.dir, 'concepts', 'halves.yaml'), 'utf8'));
    const result = load(pack);
    expect(result.pack).toBeDefined();
    const problem = result.problems.find((p) => p.file === join('mini', 'concepts', 'extra.yaml'));
    expect(problem?.severity).toBe('warning');
    expect(problem?.fix).toContain('"extra"');
  });

  it('reports a pack id that differs from its folder', () => {
    const pack = tempPack();
    pack.edit('pack.yaml', 'id: mini', 'id: maxi');
    const problem = about(load(pack).problems, 'id');
    expect(problem.file).toBe(join('mini', 'pack.yaml'));
    expect(problem.line).toBe(1);
    expect(problem.fix).toContain('mini');
  });

  it('reports a concept id that differs from its file name', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'id: halves', 'id: halfs');
    const problem = about(load(pack).problems, 'id');
    expect(problem.file).toBe(join('mini', 'concepts', 'halves.yaml'));
    expect(problem.line).toBe(1);
    expect(problem.fix).toContain('halfs.yaml');
  });

  it('reports a numeric answer that is not a number', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'value: 7 }', 'value: "lots" }');
    const problem = about(load(pack).problems, 'items[1].answer.value');
    expect(pack.line(problem.file, problem.line)).toContain('value: "lots"');
    expect(problem.fix).toMatch(/3\/4/);
  });

  it('collects problems from several files at once', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'difficulty: 3', 'difficulty: 7');
    pack.edit('concepts/multiplying.yaml', 'correct: "1/6"', 'correct: "1/7"');
    const files = new Set(errors(load(pack).problems).map((p) => p.file));
    expect(files).toEqual(new Set([join('mini', 'concepts', 'halves.yaml'), join('mini', 'concepts', 'multiplying.yaml')]));
  });
});

describe('loadCurriculum', () => {
  it('loads the fixture curriculum with its 3 concepts in prerequisite order', () => {
    const { curriculum, warnings } = loadCurriculum(FIXTURES, FIXTURES);
    expect(warnings).toEqual([]);
    expect([...curriculum.packs.keys()]).toEqual(['mini']);
    expect(curriculum.packs.get('mini')?.order).toEqual(['halves', 'adding', 'multiplying']);
  });

  it('puts prerequisites first even when pack.yaml lists them later', () => {
    const pack = tempPack();
    pack.edit('pack.yaml', 'concepts: [halves, adding, multiplying]', 'concepts: [multiplying, adding, halves]');
    const { curriculum } = loadCurriculum(pack.root, pack.root);
    expect(curriculum.packs.get('mini')?.order).toEqual(['halves', 'adding', 'multiplying']);
  });

  it('throws a CurriculumError listing every error, with file, line, field and fix in the message', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'difficulty: 3', 'difficulty: 7');
    pack.edit('concepts/multiplying.yaml', 'correct: "1/6"', 'correct: "1/7"');
    const thrown = loadError(pack);
    const error = thrown;
    expect(error.problems).toHaveLength(2);
    expect(error.problems.every((p) => p.severity === 'error')).toBe(true);
    const difficulty = about(error.problems, 'items[2].difficulty');
    expect(error.message).toContain(`${difficulty.file}:${difficulty.line}`);
    expect(error.message).toContain('items[2].difficulty');
    expect(error.message).toContain('Fix:');
    expect(error.message).toContain('2 problems');
    expect(error.message).toMatch(/ponder curriculum check/);
  });

  it('does not list warnings among the errors it throws', () => {
    const pack = tempPack();
    pack.edit('concepts/multiplying.yaml', /difficulty: [35]/g, 'difficulty: 1');
    pack.edit('concepts/halves.yaml', 'difficulty: 3', 'difficulty: 7');
    expect(() => loadCurriculum(pack.root, pack.root)).toThrow(CurriculumError);
    try {
      loadCurriculum(pack.root, pack.root);
    } catch (error) {
      expect((error as CurriculumError).problems.map((p) => p.severity)).toEqual(['error']);
    }
  });

  it('refuses a pack whose only error is a leaking hint', () => {
    const pack = tempPack();
    pack.edit('concepts/adding.yaml', '"Now count the quarters."', '"So the answer is 3/4, right?"');
    expect(() => loadCurriculum(pack.root, pack.root)).toThrow(/items\[1\]\.hints\[2\]/);
  });

  it('reuses the lint\'s findings while the files are unchanged, and lints again as soon as one changes', () => {
    const pack = tempPack();
    const cache = mkdtempSync(join(tmpdir(), 'ponder-lint-cache-'));
    temps.push(cache);
    const start = () => loadCurriculum(pack.root, pack.root, { lintCache: cache });
    pack.edit('concepts/multiplying.yaml', /difficulty: [35]/g, 'difficulty: 1');
    const first = start().warnings;
    expect(first).toHaveLength(1);
    expect(existsSync(join(cache, 'lint-cache.json'))).toBe(true);
    expect(start().warnings).toEqual(first);
    pack.edit('concepts/adding.yaml', '"Now count the quarters."', '"So the answer is 3/4, right?"');
    expect(start).toThrow(/items\[1\]\.hints\[2\]/);
    expect(start).toThrow(/items\[1\]\.hints\[2\]/);
    pack.edit('concepts/adding.yaml', '"So the answer is 3/4, right?"', '"Now count the quarters."');
    expect(start().warnings).toEqual(first);
  });

  it('reads a file again once it changes, and reports a problem in an unchanged file at the same line as a fresh read', () => {
    const pack = tempPack();
    const cache = mkdtempSync(join(tmpdir(), 'ponder-parse-cache-'));
    temps.push(cache);
    const start = () => loadCurriculum(pack.root, pack.root, { lintCache: cache });
    start();
    expect(existsSync(join(cache, 'parse-cache.json'))).toBe(true);
    pack.edit('concepts/adding.yaml', '"Now count the quarters."', '"Now count how many quarters there are."');
    expect(start().curriculum.packs.get('mini')?.items.get('add-2')?.hints).toContain('Now count how many quarters there are.');
    // adding.yaml is unchanged (and so read from the cache) while pack.yaml drops the concept it builds on.
    pack.edit('pack.yaml', 'concepts: [halves, adding, multiplying]', 'concepts: [adding, multiplying]');
    const cached = (() => {
      try {
        start();
      } catch (error) {
        return (error as Error).message;
      }
      return 'loaded';
    })();
    const fresh = (() => {
      try {
        loadCurriculum(pack.root, pack.root, { lintCache: false });
      } catch (error) {
        return (error as Error).message;
      }
      return 'loaded';
    })();
    expect(cached).toMatch(/adding\.yaml:\d+/);
    expect(cached).toBe(fresh);
  });

  it('starts as usual when the lint cache is corrupt or cannot be written', () => {
    const pack = tempPack();
    const cache = mkdtempSync(join(tmpdir(), 'ponder-lint-cache-'));
    temps.push(cache);
    writeFileSync(join(cache, 'lint-cache.json'), '{"not": "entries"');
    pack.edit('concepts/adding.yaml', '"Now count the quarters."', '"So the answer is 3/4, right?"');
    expect(() => loadCurriculum(pack.root, pack.root, { lintCache: cache })).toThrow(/items\[1\]\.hints\[2\]/);
    const notAFolder = join(cache, 'lint-cache.json');
    expect(() => loadCurriculum(pack.root, pack.root, { lintCache: notAFolder })).toThrow(/items\[1\]\.hints\[2\]/);
  });

  it('loads a pack with only warnings and returns them', () => {
    const pack = tempPack();
    pack.edit('concepts/multiplying.yaml', /difficulty: [35]/g, 'difficulty: 1');
    const { curriculum, warnings } = loadCurriculum(pack.root, pack.root);
    expect(curriculum.packs.has('mini')).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.severity).toBe('warning');
  });

  it('throws when the folder does not exist, saying how to point at one', () => {
    const missing = join(tmpdir(), 'ponder-no-such-folder-for-tests');
    expect(() => loadCurriculum(missing)).toThrow(CurriculumError);
    expect(() => loadCurriculum(missing)).toThrow(/does not exist.*--curriculum/s);
  });

  it('throws when the folder holds no pack', () => {
    const root = mkdtempSync(join(tmpdir(), 'ponder-empty-'));
    temps.push(root);
    writeFileSync(join(root, 'notes.txt'), 'not a pack');
    expect(() => loadCurriculum(root, root)).toThrow(/no pack found/);
  });

  it('stops at a dangling link among the packs, naming the link, where it points and the fix', () => {
    const pack = tempPack();
    const gone = join(pack.root, 'moved-away');
    symlinkSync(gone, join(pack.root, 'algebra'));
    const thrown = loadError(pack);
    const [problem, ...others] = thrown.problems;
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ severity: 'error', file: 'algebra', message: `a link to ${gone}, which does not exist` });
    expect(problem?.fix).toMatch(/restore .*moved-away.*or remove the link/);
  });

  it('ignores hidden entries next to the packs, such as .git or an editor\'s lock link', () => {
    const pack = tempPack();
    mkdirSync(join(pack.root, '.git'));
    symlinkSync('someone@host.1234:1700000000', join(pack.root, '.#README.md'));
    expect([...loadCurriculum(pack.root, pack.root).curriculum.packs.keys()]).toEqual(['mini']);
  });

  it('ignores plain files next to the packs', () => {
    const pack = tempPack();
    writeFileSync(join(pack.root, 'README.md'), '# packs');
    expect(loadCurriculum(pack.root, pack.root).curriculum.packs.size).toBe(1);
  });
});

describe('checkCurriculum (ponder curriculum check)', () => {
  function run(path: string, json: boolean): { ok: boolean; output: string } {
    let output = '';
    const ok = checkCurriculum(path, json, (s) => {
      output += s;
    });
    return { ok, output };
  }

  it('passes the valid fixture, with pack counts as JSON', () => {
    const { ok, output } = run(FIXTURES, true);
    expect(ok).toBe(true);
    expect(output.endsWith('\n')).toBe(true);
    const report = JSON.parse(output) as { ok: boolean; packs: Array<{ id: string; concepts: number; items: number; difficulties: Record<string, number> }>; problems: unknown[] };
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.packs).toEqual([{ id: 'mini', concepts: 3, items: 14, difficulties: { 1: 3, 2: 3, 3: 3, 4: 2, 5: 3 } }]);
  });

  it('accepts a single pack folder as well as a folder of packs', () => {
    const { ok, output } = run(MINI, false);
    expect(ok).toBe(true);
    expect(output).toContain('mini: 3 concepts, 14 items');
    expect(output).toMatch(/^OK$/m);
  });

  it('fails a broken pack, printing file:line, field, message and fix', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'difficulty: 3', 'difficulty: 7');
    const { ok, output } = run(pack.dir, false);
    expect(ok).toBe(false);
    expect(output).toMatch(/^error\s.*mini[/\\]concepts[/\\]halves\.yaml:24\s+items\[2\]\.difficulty: .*1 to 5.*Fix: /m);
    expect(output).toMatch(/1 error\(s\), 0 warning\(s\)/);
    expect(output).not.toMatch(/^OK/m);
  });

  it('fails a broken pack in JSON with every problem\'s parts', () => {
    const pack = tempPack();
    pack.edit('concepts/multiplying.yaml', 'correct: "1/6"', 'correct: "1/7"');
    const { ok, output } = run(pack.root, true);
    expect(ok).toBe(false);
    const report = JSON.parse(output) as { ok: boolean; packs: unknown[]; problems: CurriculumProblem[] };
    expect(report.ok).toBe(false);
    expect(report.packs).toEqual([]);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ severity: 'error', line: 14, field: 'items[0].answer.correct' });
    expect(report.problems[0]?.file).toMatch(/mini[/\\]concepts[/\\]multiplying\.yaml$/);
    expect(report.problems[0]?.fix).toBeTruthy();
  });

  it('passes a pack with only warnings, counting them', () => {
    const pack = tempPack();
    pack.edit('concepts/multiplying.yaml', /difficulty: [35]/g, 'difficulty: 1');
    const { ok, output } = run(pack.dir, false);
    expect(ok).toBe(true);
    expect(output).toMatch(/^warning.*multiplying\.yaml/m);
    expect(output).toMatch(/OK with 1 warning\(s\)/);
  });

  it('fails a folder with no pack in it', () => {
    const root = mkdtempSync(join(tmpdir(), 'ponder-check-empty-'));
    temps.push(root);
    mkdirSync(join(root, 'not-a-pack'));
    const { ok, output } = run(root, true);
    expect(ok).toBe(false);
    const report = JSON.parse(output) as { problems: CurriculumProblem[] };
    expect(report.problems[0]?.message).toMatch(/no pack\.yaml/);
    expect(report.problems[0]?.fix).toMatch(/pack folder/);
  });

  it('fails on a dangling link among the packs, still checking the others', () => {
    const pack = tempPack();
    symlinkSync(join(pack.root, 'moved-away'), join(pack.root, 'algebra'));
    const { ok, output } = run(pack.root, true);
    expect(ok).toBe(false);
    const report = JSON.parse(output) as { packs: Array<{ id: string }>; problems: CurriculumProblem[] };
    expect(report.packs.map((p) => p.id)).toEqual(['mini']);
    expect(report.problems).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/a link to .*moved-away, which does not exist/) })]);
    expect(report.problems[0]?.file).toMatch(/algebra$/);
  });

  it('checks every pack of a folder and reports each one', () => {
    const pack = tempPack();
    cpSync(pack.dir, join(pack.root, 'other'), { recursive: true });
    const { ok, output } = run(pack.root, true);
    // The copy's id "mini" differs from its folder "other".
    expect(ok).toBe(false);
    const report = JSON.parse(output) as { packs: Array<{ id: string }>; problems: CurriculumProblem[] };
    expect(report.packs.map((p) => p.id)).toEqual(['mini']);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]?.file).toMatch(/other[/\\]pack\.yaml$/);
    expect(report.problems[0]?.field).toBe('id');
  });
});

describe('problems found by the unit tests', () => {
  it('gives the line of a prerequisite cycle', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'summary: Half of a number splits it into two equal parts.\n', 'summary: Half of a number splits it into two equal parts.\nprerequisites: [multiplying]\n');
    const problem = load(pack).problems.find((p) => /cycle/.test(p.message));
    expect(problem).toBeDefined();
    expect(pack.line(problem?.file ?? '', problem?.line)).toContain('prerequisites:');
  });

  it('reports an unreadable numeric value on an item with misconceptions instead of crashing', () => {
    const pack = tempPack();
    pack.edit('concepts/adding.yaml', 'value: "3/4"', 'value: "lots"');
    const problem = about(load(pack).problems, 'items[1].answer.value');
    expect(pack.line(problem.file, problem.line)).toContain('value: "lots"');
  });

  it('refuses a numeric value with text after the number', () => {
    const pack = tempPack();
    pack.edit('concepts/halves.yaml', 'value: 7 }', 'value: "7 cm" }');
    const problem = about(load(pack).problems, 'items[1].answer.value');
    expect(pack.line(problem.file, problem.line)).toContain('7 cm');
  });
});
