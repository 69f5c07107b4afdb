// Loads curriculum packs from disk and validates them, collecting every problem rather than stopping at the first.
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { isAlias, LineCounter, parseDocument, visit, type Document } from 'yaml';
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
import { cachedLint, defaultLintCacheDir, lintKey, openParseCache, type ParseCache } from './lint-cache.ts';

interface ParsedFile<T> {
  file: string;
  source: string;
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

function readYaml<T>(path: string, schema: z.ZodType<T>, problems: CurriculumProblem[], shown: string, cache?: { files: ParseCache; kind: string }): ParsedFile<T> {
  let source = '';
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push({ severity: 'error', file: shown, field: '', message: `cannot read the file (${(error as Error).message})`, fix: 'check that the file exists and is readable' });
  }
  // The tree (for the line of a problem) is built only when a problem needs it, or the file is new.
  let tree: { doc: Document; counter: LineCounter } | undefined;
  const parse = () => {
    if (!tree) {
      const counter = new LineCounter();
      tree = { doc: parseDocument(source, { lineCounter: counter, prettyErrors: false }), counter };
    }
    return tree;
  };
  const parsed: ParsedFile<T> = {
    file: shown,
    source,
    get doc() {
      return parse().doc;
    },
    get counter() {
      return parse().counter;
    },
  };
  const key = cache?.files.key(cache.kind, source);
  const known = key ? cache?.files.get(key) : undefined;
  if (known !== undefined) {
    parsed.value = known as T;
    return parsed;
  }
  const { doc, counter } = parse();
  const before = problems.length;
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
  const data = plainData(doc, counter, shown, problems);
  if (!data) return parsed;
  const result = schema.safeParse(data.value);
  if (!result.success) problems.push(...problemsFromZod(result.error, shown, doc, counter, fieldsOf(schema)));
  else {
    parsed.value = result.data;
    // Only a file read without a word to say about it: a cached one would skip its warnings.
    if (key && problems.length === before) cache?.files.set(key, result.data);
  }
  return parsed;
}

/**
 * The document as plain data. Some YAML is only refused here, not by the parser: aliases that expand into a
 * huge value (an "alias bomb") or a value no plain data can hold. Reported like every other problem.
 */
function plainData(doc: Document, counter: LineCounter, file: string, problems: CurriculumProblem[]): { value: unknown } | undefined {
  try {
    return { value: doc.toJS() };
  } catch (error) {
    const message = (error as Error).message;
    const aliases = /alias/i.test(message);
    const line = aliases ? firstAliasLine(doc, counter) : undefined;
    problems.push({
      severity: 'error',
      file,
      ...(line !== undefined ? { line } : {}),
      field: '',
      message: aliases ? 'not valid YAML (its aliases expand to too much text; Ponder refuses that as a resource-exhaustion guard)' : `not valid YAML (${message.split('\n')[0]})`,
      fix: aliases ? 'write the repeated values out instead of using anchors (&name) and aliases (*name)' : 'check the anchors (&name), aliases (*name) and tags in the file',
    });
    return undefined;
  }
}

/** The line of the first alias (*name) in the document, where an author looks for an alias problem. */
function firstAliasLine(doc: Document, counter: LineCounter): number | undefined {
  let start: number | undefined;
  visit(doc, (_key, node) => {
    if (!isAlias(node)) return undefined;
    start = node.range?.[0];
    return visit.BREAK;
  });
  return start === undefined ? undefined : counter.linePos(start).line;
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
function readCalibration(dir: string, concepts: Map<string, Concept>, items: Map<string, Item>, problems: CurriculumProblem[], show: (path: string) => string): ParsedFile<Calibration> | undefined {
  const file = join(dir, CALIBRATION_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = readYaml<Calibration>(file, calibrationSchema, problems, show(file));
  const calibration = parsed.value;
  if (!calibration) return parsed;
  const rerun = `re-run ponder model calibrate --pack ${basename(dir)}, or delete ${CALIBRATION_FILE} to use the defaults`;
  for (const id of Object.keys(calibration.concepts)) {
    if (!concepts.has(id)) problems.push(at(parsed, ['concepts', id], `"${id}" is not a concept of this pack`, rerun));
  }
  for (const id of Object.keys(calibration.items)) {
    if (!items.has(id)) problems.push(at(parsed, ['items', id], `"${id}" is not an item of this pack`, rerun));
  }
  return parsed;
}

export interface LoadResult {
  pack?: Pack;
  problems: CurriculumProblem[];
}

export interface LoadOptions {
  /**
   * A folder where the content lint's findings are kept for files that have not changed (see lint-cache.ts),
   * or false to lint afresh. Start-up uses one; `ponder curriculum check` does not.
   */
  lintCache?: string | false;
  /** Files read and validated before (start-up only; see lint-cache.ts). */
  parseCache?: ParseCache;
}

/** Loads one pack folder; `problems` lists every error and lint finding (warnings included). */
export function loadPackWithProblems(dir: string, root = process.cwd(), options: LoadOptions = {}): LoadResult {
  const problems: CurriculumProblem[] = [];
  const show = (path: string) => relative(root, path) || path;
  const packFile = join(dir, 'pack.yaml');
  if (!existsSync(packFile)) {
    problems.push({ severity: 'error', file: show(packFile), field: '', message: 'the pack has no pack.yaml', fix: 'create pack.yaml as described in curriculum/README.md' });
    return { problems };
  }
  const cache = (kind: string) => (options.parseCache ? { files: options.parseCache, kind } : undefined);
  const packParsed = readYaml<PackSpec>(packFile, packSchema, problems, show(packFile), cache('pack'));
  const spec = packParsed.value;
  if (!spec) return { problems };
  if (spec.id !== basename(dir)) {
    problems.push(at(packParsed, ['id'], `the id "${spec.id}" differs from the folder name "${basename(dir)}"`, `set id: ${basename(dir)} or rename the folder`));
  }
  const concepts = new Map<string, Concept>();
  const items = new Map<string, Item>();
  const parsedConcepts = new Map<string, ParsedFile<ConceptSpec>>();
  spec.concepts.forEach((conceptId, i) => {
    if (spec.concepts.indexOf(conceptId) < i) {
      // Reported at the second entry, once: loading the file again would call each of its items a duplicate.
      problems.push(at(packParsed, ['concepts', i], `concept id "${conceptId}" is used twice in concepts`, `list each concept once: remove this "${conceptId}"`));
      return;
    }
    const file = join(dir, 'concepts', `${conceptId}.yaml`);
    if (!existsSync(file)) {
      problems.push(at(packParsed, ['concepts', i], `no file concepts/${conceptId}.yaml`, `create it, or remove "${conceptId}" from concepts`));
      return;
    }
    const parsed = readYaml<ConceptSpec>(file, conceptSchema, problems, show(file), cache('concept'));
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
  const calibrationFile = readCalibration(dir, concepts, items, problems, show);
  const calibration = calibrationFile?.value;
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const pack: Pack = { id: spec.id, spec, dir, concepts, items, order, ...(calibration ? { calibration } : {}) };
  const lint = () =>
    lintPack(pack, (conceptId, path) => {
      const parsed = parsedConcepts.get(conceptId);
      return parsed ? { file: parsed.file, line: lineOf(parsed.doc, parsed.counter, path) } : { file: show(packFile), line: undefined };
    });
  const files = [packParsed, ...parsedConcepts.values(), ...(calibrationFile ? [calibrationFile] : [])];
  problems.push(...(options.lintCache ? cachedLint(options.lintCache, lintKey(files), lint) : lint()));
  return { pack, problems };
}

/**
 * The folders directly under `root`, links followed, with a problem for each entry that cannot be opened. A
 * dangling link is an error, not skipped with a warning: like any broken pack it stops start-up, because a
 * site owner who links a pack in expects it taught, and a server that starts without it would quietly take a
 * course away from learners part-way through. Hidden entries (.git, an editor's .#lock link) are never
 * packs: a pack id cannot start with a dot.
 */
export function packFolders(root: string, cwd = process.cwd()): { dirs: string[]; problems: CurriculumProblem[] } {
  const dirs: string[] = [];
  const problems: CurriculumProblem[] = [];
  for (const name of readdirSync(root).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(root, name);
    const entry = openEntry(path, relative(cwd, path) || path);
    if ('problem' in entry) problems.push(entry.problem);
    else if (entry.stats.isDirectory()) dirs.push(path);
  }
  return { dirs, problems };
}

/** What an entry of the packs folder is, following links, or why it cannot be opened. */
function openEntry(path: string, shown: string): { stats: Stats } | { problem: CurriculumProblem } {
  try {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (stats) return { stats };
    // Listed by the folder but not there when followed: a link whose target is gone.
    const target = lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
    return {
      problem: {
        severity: 'error',
        file: shown,
        field: '',
        message: target ? `a link to ${target}, which does not exist` : 'the entry disappeared while the packs were read',
        fix: target ? `restore ${target}, point the link at the pack folder, or remove the link` : 'load the curriculum again',
      },
    };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { problem: { severity: 'error', file: shown, field: '', message: `cannot be opened (${e.code ?? e.message})`, fix: e.code === 'ELOOP' ? 'the link leads back to itself: point it at the pack folder, or remove it' : 'make it readable by the user Ponder runs as, or remove it' } };
  }
}

/** Loads every pack under `root`; throws a CurriculumError naming each problem when any pack has an error. */
export function loadCurriculum(root: string, cwd = process.cwd(), options: LoadOptions = { lintCache: defaultLintCacheDir() }): { curriculum: Curriculum; warnings: CurriculumProblem[] } {
  if (!existsSync(root)) {
    throw new CurriculumError([{ severity: 'error', file: root, field: '', message: 'the curriculum folder does not exist', fix: 'point PONDER_CURRICULUM or --curriculum at a folder of packs' }]);
  }
  const packs = new Map<string, Pack>();
  const { dirs, problems } = packFolders(root, cwd);
  const parseCache = options.lintCache ? openParseCache(options.lintCache) : undefined;
  for (const dir of dirs) {
    const result = loadPackWithProblems(dir, cwd, { ...options, ...(parseCache ? { parseCache } : {}) });
    problems.push(...result.problems);
    if (result.pack) packs.set(result.pack.id, result.pack);
  }
  parseCache?.save();
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new CurriculumError(errors);
  if (packs.size === 0) {
    throw new CurriculumError([{ severity: 'error', file: root, field: '', message: 'no pack found', fix: 'add a folder with a pack.yaml (see curriculum/README.md)' }]);
  }
  return { curriculum: { packs }, warnings: problems };
}
