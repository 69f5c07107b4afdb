// Prompt templates: Markdown files in prompts/ with {{named}} slots, loaded and checked at start-up so that
// a typo in a slot stops Ponder with the file, the slot and the fix rather than sending a broken prompt.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const SLOTS = [
  'audience', 'pack_title', 'pack_summary', 'language', 'concepts',
  'move', 'why', 'name', 'difficulty', 'language_level', 'style', 'item_prompt', 'reveal', 'learner_text',
  'instructions', 'authored', 'strict',
  'note', 'misconception', 'hint_level', 'hint_count', 'concept', 'reason', 'missing', 'evidence',
  'points', 'reference', 'answer', 'known', 'candidate',
] as const;
export type Slot = (typeof SLOTS)[number];

/** Moves a language model words; every other move (menus, profile, progress) keeps the exact offline text. */
export const MODEL_MOVES = [
  'pose', 'correct', 'partial', 'unreadable', 'misconception', 'hint', 'explain', 'reveal', 'ask-why',
  'why-feedback', 'explain-request', 'mastered', 'diagnosis', 'question', 'follow-up', 'welcome', 'step', 'remediation',
] as const;
export type ModelMove = (typeof MODEL_MOVES)[number];

/** judge.md in its two parts, so the rules can be cached and only the question changes per call. */
export interface JudgeTemplate {
  /** The same for every judgement: no slots, so a provider can cache it. */
  rules: string;
  /** Per call: the question, its answer and the text judged. */
  ask: string;
}

export interface Prompts {
  system: string;
  pack: string;
  turn: string;
  grade: string;
  diagnose: string;
  judge: JudgeTemplate;
  moves: Record<ModelMove, string>;
}

export class PromptError extends Error {
  readonly code = 'PROMPTS_INVALID';
}

const SLOT_PATTERN = /\{\{\s*([a-zA-Z_]+)\s*\}\}/g;

/** The line in judge.md after which everything changes with each call. */
export const PER_CALL_MARKER = '<!-- per call -->';
const PER_CALL_LINE = /^[ \t]*<!--\s*per call\s*-->[ \t]*$/m;
// Without these the judge would be asked about nothing and could only ever answer "no": a guard wide open.
const JUDGE_REQUIRED: readonly Slot[] = ['answer', 'candidate'];

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function splitJudge(text: string, problems: string[], shown: string): JudgeTemplate {
  if (!text.trim()) return { rules: '', ask: '' };
  const marker = PER_CALL_LINE.exec(text);
  if (!marker) {
    problems.push(`  ${shown}: no "${PER_CALL_MARKER}" line. Fix: put it on its own line between the judge's fixed rules and the per-call question`);
    return { rules: '', ask: '' };
  }
  const rules = text.slice(0, marker.index);
  const ask = text.slice(marker.index + marker[0].length);
  for (const m of rules.matchAll(SLOT_PATTERN)) {
    problems.push(`  ${shown}:${lineOf(text, m.index)}  slot {{${m[1]}}} in the fixed rules: it would change the cached prefix on every call. Fix: move it below "${PER_CALL_MARKER}"`);
  }
  if (!rules.trim()) problems.push(`  ${shown}: the judge's rules above "${PER_CALL_MARKER}" are empty. Fix: write them, or restore the file from the repository`);
  const used = new Set([...ask.matchAll(SLOT_PATTERN)].map((m) => m[1]));
  for (const slot of JUDGE_REQUIRED) {
    if (!used.has(slot)) problems.push(`  ${shown}: no {{${slot}}} below "${PER_CALL_MARKER}", so the judge cannot see what it judges. Fix: add it to the per-call part`);
  }
  return { rules: rules.trim(), ask: ask.trim() };
}

function check(text: string, problems: string[], shown: string): void {
  for (const m of text.matchAll(SLOT_PATTERN)) {
    if (!(SLOTS as readonly string[]).includes(m[1] ?? '')) {
      const line = lineOf(text, m.index);
      problems.push(`  ${shown}:${line}  slot {{${m[1]}}}: not a slot Ponder fills. Fix: use one of ${SLOTS.join(', ')}`);
    }
  }
  if (!text.trim()) problems.push(`  ${shown}: the template is empty. Fix: write the prompt, or restore it from the repository`);
}

export function loadPrompts(dir: string): Prompts {
  const problems: string[] = [];
  const shownPath = (name: string): string => relative(process.cwd(), join(dir, name)) || join(dir, name);
  const read = (name: string): string => {
    const file = join(dir, name);
    const shown = shownPath(name);
    if (!existsSync(file)) {
      problems.push(`  ${shown}: missing. Fix: restore it from the repository; every move a model speaks needs a template`);
      return '';
    }
    const text = readFileSync(file, 'utf8');
    check(text, problems, shown);
    return text;
  };
  const prompts: Prompts = {
    system: read('system.md'),
    pack: read('pack.md'),
    turn: read('turn.md'),
    grade: read('grade.md'),
    diagnose: read('diagnose.md'),
    judge: splitJudge(read('judge.md'), problems, shownPath('judge.md')),
    moves: Object.fromEntries(MODEL_MOVES.map((m) => [m, read(join('moves', `${m}.md`))])) as Record<ModelMove, string>,
  };
  if (existsSync(join(dir, 'moves'))) {
    for (const name of readdirSync(join(dir, 'moves'))) {
      const move = name.replace(/\.md$/, '');
      if (!(MODEL_MOVES as readonly string[]).includes(move)) {
        problems.push(`  ${join(relative(process.cwd(), dir) || dir, 'moves', name)}: no move is called "${move}". Fix: name it after one of ${MODEL_MOVES.join(', ')}`);
      }
    }
  }
  if (problems.length > 0) throw new PromptError(`The prompt templates have problems:\n${problems.join('\n')}`);
  return prompts;
}

/** Fills a template's slots; a slot with no value becomes empty. */
export function render(template: string, values: Partial<Record<Slot, string | number>>): string {
  return template
    .replace(SLOT_PATTERN, (_, name: string) => String(values[name as Slot] ?? ''))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
