// Loads curriculum packs from disk and validates them, collecting every problem rather than stopping at the first.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { conceptSchema, fieldNames, packSchema, type AnswerSpec, type ConceptSpec, type HintSpec, type PackSpec, type Style } from './schema.ts';
import { CALIBRATION_FILE, calibrationSchema, type Calibration } from './calibration.ts';
import { CurriculumError, fieldName, lineOf, problemsFromZod, type CurriculumProblem } from './problems.ts';
import { topologicalOrder } from './graph.ts';
import { grade, numericValue } from './answers.ts';
import { readNumber } from './numbers.ts';
import { parseExpression } from './math.ts';
import type { Concept, Curriculum, Item, Pack } from './pack.ts';
import { lintPack } from './lint.ts';

interface ParsedFile<T> {
  file: string;
  doc: Document;
  counter: LineCounter;
  value?: T;
}

// Walked once per schema, and only when a file has a problem to report.
const schemaFields = new WeakMap<object, Set<string>>();
function fieldsOf(schema: object): Set<string> {
  let fields = schemaFields.get(schema);
  if (!fields) schemaFields.set(schema, (fields = fieldNames(schema)));
  return fields;
}

function readYaml<T>(path: string, schema: z.ZodType<T>, problems: CurriculumProblem[], shown: string): ParsedFile<T> {
  const counter = new LineCounter();
  let source = '';
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push({ severity: 'error', file: shown, field: '', message: `cannot read the file (${(error as Error).message})`, fix: 'check that the file exists and is readable' });
  }
  const doc = parseDocument(source, { lineCounter: counter, prettyErrors: false });
  const parsed: ParsedFile<T> = { file: shown, doc, counter };
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      problems.push({
        severity: 'error',
        file: shown,
        line: counter.linePos(e.pos[0]).line,
        field: '',
        message: `not valid YAML (${e.message.split('\n')[0]})`,
        fix: 'check indentation, colons and quotes on that line',
      });
    }
    return parsed;
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) problems.push(...problemsFromZod(result.error, shown, doc, counter, fieldsOf(schema)));
  else parsed.value = result.data;
  return parsed;
}

function at(parsed: ParsedFile<unknown>, path: PropertyKey[], message: string, fix: string): CurriculumProblem {
  const line = lineOf(parsed.doc, parsed.counter, path);
  return { severity: 'error', file: parsed.file, ...(line !== undefined ? { line } : {}), field: fieldName(path), message, fix };
}

/** Checks that only the files themselves can tell: answers that parse, options that exist, ids that match. */
function checkConceptFile(parsed: ParsedFile<ConceptSpec>, expectedId: string, problems: CurriculumProblem[]): void {
  const concept = parsed.value;
  if (!concept) return;
  if (concept.id !== expectedId) {
    problems.push(at(parsed, ['id'], `the id "${concept.id}" differs from the file name`, `rename the file to ${concept.id}.yaml or set id: ${expectedId}`));
  }
  concept.items.forEach((item, i) => {
    const base: PropertyKey[] = ['items', i, 'answer'];
    const answer = item.answer;
    if (answer.type === 'choice' && !answer.options.includes(answer.correct)) {
      problems.push(at(parsed, [...base, 'correct'], `"${answer.correct}" is not one of the options`, 'copy the correct option\'s text exactly'));
    }
    if (answer.type === 'numeric') {
      try {
        numericValue(answer.value);
        const rest = typeof answer.value === 'string' ? readNumber(answer.value)?.rest : '';
        if (rest) {
          problems.push(at(parsed, [...base, 'value'], `"${answer.value}" has text after the number`, `write the number alone and put a unit in "unit:" (e.g. unit: ${rest.split(' ')[0]})`));
        }
      } catch (error) {
        problems.push(at(parsed, [...base, 'value'], (error as Error).message, 'write a number such as 0.75, a fraction "3/4" or a mixed number "1 1/2"'));
      }
    }
    if (answer.type === 'expression' && !parseExpression(answer.answer)) {
      problems.push(at(parsed, [...base, 'answer'], `"${answer.answer}" is not an expression mathjs can read`, 'write it as in a calculator, e.g. 2*x + 3'));
    }
    if (answer.type === 'pattern') {
      try {
        new RegExp(answer.pattern, answer.flags);
        const anywhere = { ...answer, match: 'anywhere' as const };
        if (answer.match === undefined && grade(answer, answer.display, item.prompt).verdict !== 'correct' && grade(anywhere, answer.display, item.prompt).verdict === 'correct') {
          // Written for the older rule (a match anywhere in the answer): keep it working, and say how to tighten it.
          answer.match = 'anywhere';
          problems.push({
            ...at(parsed, [...base, 'pattern'], 'the pattern matches only part of its display answer, so any answer containing that part is accepted', 'anchor it to the whole answer, as ^(your pattern)$, or write match: anywhere to keep this on purpose'),
            severity: 'warning',
          });
        } else if (grade(answer, answer.display, item.prompt).verdict !== 'correct') {
          problems.push(at(parsed, [...base, 'pattern'], 'the pattern does not match its own display answer', 'widen the pattern or correct display'));
        }
      } catch (error) {
        problems.push(at(parsed, [...base, 'pattern'], `not a valid regular expression (${(error as Error).message})`, 'escape special characters such as ( ) . * with a backslash'));
      }
    }
    if (answer.type === 'rubric' && answer.minPoints > answer.points.length) {
      problems.push(at(parsed, [...base, 'minPoints'], `asks for ${answer.minPoints} points but lists ${answer.points.length}`, 'lower minPoints or add points'));
    }
    item.misconceptions.forEach((m, j) => {
      const path: PropertyKey[] = ['items', i, 'misconceptions', j];
      if (m.pattern) {
        try {
          new RegExp(m.pattern, 'i');
        } catch {
          problems.push(at(parsed, [...path, 'pattern'], 'not a valid regular expression', 'escape special characters with a backslash'));
        }
      }
      for (const wrong of m.answers ?? []) {
        let verdict: string;
        try {
          verdict = grade(answer, String(wrong), item.prompt).verdict;
        } catch {
          continue; // the answer itself is unreadable: reported above, and no wrong answer can be checked against it
        }
        if (verdict === 'correct' || verdict === 'partial') {
          problems.push(at(parsed, [...path, 'answers'], `"${wrong}" is graded correct, so it cannot show a misconception`, 'list only wrong answers'));
        }
      }
    });
  });
}

/** A guiding question's own answer as a checker: a number is numeric, other text exact. */
function hintAnswer(hint: HintSpec): AnswerSpec | undefined {
  if (typeof hint === 'string') return undefined;
  const { answer } = hint;
  if (typeof answer === 'object') return answer;
  if (typeof answer === 'number' || readNumber(answer)?.rest === '') return { type: 'numeric', value: answer, tolerance: 1e-9, form: 'any' };
  return { type: 'exact', answers: [answer], caseSensitive: false };
}

function toItem(spec: ConceptSpec['items'][number], concept: ConceptSpec): Item {
  const explanations: Partial<Record<Style, string>> = { ...concept.explanations };
  for (const [style, text] of Object.entries(spec.explanations) as Array<[Style, string | null]>) {
    if (text === null) delete explanations[style];
    else explanations[style] = text;
  }
  const own = new Set(spec.misconceptions.map((m) => m.id));
  return {
    ...spec,
    conceptId: concept.id,
    hints: spec.hints.map((h) => (typeof h === 'string' ? h : h.ask)),
    hintAnswers: spec.hints.map(hintAnswer),
    misconceptions: [...spec.misconceptions, ...concept.misconceptions.filter((m) => !own.has(m.id))],
    explanations,
  };
}

/** Reads calibration.yaml when the pack has one; its concepts and items must be the pack's own. */
function readCalibration(dir: string, concepts: Map<string, Concept>, items: Map<string, Item>, problems: CurriculumProblem[], show: (path: string) => string): Calibration | undefined {
  const file = join(dir, CALIBRATION_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = readYaml<Calibration>(file, calibrationSchema, problems, show(file));
  const calibration = parsed.value;
  if (!calibration) return undefined;
  const rerun = `re-run ponder model calibrate --pack ${basename(dir)}, or delete ${CALIBRATION_FILE} to use the defaults`;
  for (const id of Object.keys(calibration.concepts)) {
    if (!concepts.has(id)) problems.push(at(parsed, ['concepts', id], `"${id}" is not a concept of this pack`, rerun));
  }
  for (const id of Object.keys(calibration.items)) {
    if (!items.has(id)) problems.push(at(parsed, ['items', id], `"${id}" is not an item of this pack`, rerun));
  }
  return calibration;
}

export interface LoadResult {
  pack?: Pack;
  problems: CurriculumProblem[];
}

/** Loads one pack folder; `problems` lists every error and lint finding (warnings included). */
export function loadPackWithProblems(dir: string, root = process.cwd()): LoadResult {
  const problems: CurriculumProblem[] = [];
  const show = (path: string) => relative(root, path) || path;
  const packFile = join(dir, 'pack.yaml');
  if (!existsSync(packFile)) {
    problems.push({ severity: 'error', file: show(packFile), field: '', message: 'the pack has no pack.yaml', fix: 'create pack.yaml as described in curriculum/README.md' });
    return { problems };
  }
  const packParsed = readYaml<PackSpec>(packFile, packSchema, problems, show(packFile));
  const spec = packParsed.value;
  if (!spec) return { problems };
  if (spec.id !== basename(dir)) {
    problems.push(at(packParsed, ['id'], `the id "${spec.id}" differs from the folder name "${basename(dir)}"`, `set id: ${basename(dir)} or rename the folder`));
  }
  const concepts = new Map<string, Concept>();
  const items = new Map<string, Item>();
  const parsedConcepts = new Map<string, ParsedFile<ConceptSpec>>();
  spec.concepts.forEach((conceptId, i) => {
    const file = join(dir, 'concepts', `${conceptId}.yaml`);
    if (!existsSync(file)) {
      problems.push(at(packParsed, ['concepts', i], `no file concepts/${conceptId}.yaml`, `create it, or remove "${conceptId}" from concepts`));
      return;
    }
    const parsed = readYaml<ConceptSpec>(file, conceptSchema, problems, show(file));
    checkConceptFile(parsed, conceptId, problems);
    if (!parsed.value) return;
    parsedConcepts.set(conceptId, parsed);
    const concept: Concept = { ...parsed.value, items: parsed.value.items.map((item) => toItem(item, parsed.value as ConceptSpec)) };
    concepts.set(conceptId, concept);
    concept.items.forEach((item, j) => {
      if (items.has(item.id)) {
        problems.push(at(parsed, ['items', j, 'id'], `item id "${item.id}" is used twice in the pack`, 'give every item a unique id'));
      }
      items.set(item.id, item);
    });
  });
  const conceptsDir = join(dir, 'concepts');
  if (existsSync(conceptsDir) && statSync(conceptsDir).isDirectory()) {
    for (const name of readdirSync(conceptsDir)) {
      const conceptId = name.replace(/\.ya?ml$/, '');
      if (name.match(/\.ya?ml$/) && !spec.concepts.includes(conceptId)) {
        problems.push({ severity: 'warning', file: show(join(conceptsDir, name)), field: '', message: 'this concept is not listed in pack.yaml, so it is never taught', fix: `add "${conceptId}" to concepts in pack.yaml` });
      }
    }
  }
  for (const [conceptId, concept] of concepts) {
    const parsed = parsedConcepts.get(conceptId);
    concept.prerequisites.forEach((p, i) => {
      if (!spec.concepts.includes(p) && parsed) {
        problems.push(at(parsed, ['prerequisites', i], `prerequisite "${p}" is not a concept of this pack`, `use one of: ${spec.concepts.join(', ')}`));
      }
    });
  }
  const { order, cycle } = topologicalOrder([...concepts.keys()], (id) => concepts.get(id)?.prerequisites ?? []);
  if (cycle) {
    const first = parsedConcepts.get(cycle[0] ?? '');
    const message = `the prerequisites form a cycle: ${cycle.join(' -> ')}`;
    const fix = 'remove one of these prerequisites so that some concept can be learned first';
    problems.push(first ? at(first, ['prerequisites'], message, fix) : { severity: 'error', file: show(packFile), field: 'prerequisites', message, fix });
  }
  const calibration = readCalibration(dir, concepts, items, problems, show);
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const pack: Pack = { id: spec.id, spec, dir, concepts, items, order, ...(calibration ? { calibration } : {}) };
  problems.push(...lintPack(pack, (conceptId, path) => {
    const parsed = parsedConcepts.get(conceptId);
    return parsed ? { file: parsed.file, line: lineOf(parsed.doc, parsed.counter, path) } : { file: show(packFile), line: undefined };
  }));
  return { pack, problems };
}

/** Loads every pack under `root`; throws a CurriculumError naming each problem when any pack has an error. */
export function loadCurriculum(root: string, cwd = process.cwd()): { curriculum: Curriculum; warnings: CurriculumProblem[] } {
  if (!existsSync(root)) {
    throw new CurriculumError([{ severity: 'error', file: root, field: '', message: 'the curriculum folder does not exist', fix: 'point PONDER_CURRICULUM or --curriculum at a folder of packs' }]);
  }
  const packs = new Map<string, Pack>();
  const problems: CurriculumProblem[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    const result = loadPackWithProblems(dir, cwd);
    problems.push(...result.problems);
    if (result.pack) packs.set(result.pack.id, result.pack);
  }
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new CurriculumError(errors);
  if (packs.size === 0) {
    throw new CurriculumError([{ severity: 'error', file: root, field: '', message: 'no pack found', fix: 'add a folder with a pack.yaml (see curriculum/README.md)' }]);
  }
  return { curriculum: { packs }, warnings: problems };
}
