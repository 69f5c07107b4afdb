// Prompt templates: Markdown files in prompts/ with {{named}} slots, loaded and checked at start-up so that
// a typo in a slot stops Ponder with the file, the slot and the fix rather than sending a broken prompt.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const SLOTS = [
  'audience', 'pack_title', 'pack_summary', 'language', 'concepts',
  'move', 'why', 'name', 'difficulty', 'language_level', 'style', 'item_prompt', 'reveal', 'learner_text',
  'instructions', 'authored', 'strict',
  'note', 'misconception', 'hint_level', 'hint_count', 'concept', 'reason', 'missing', 'evidence',
  'points', 'reference', 'answer', 'known',
] as const;
export type Slot = (typeof SLOTS)[number];

/** Moves a language model words; every other move (menus, profile, progress) keeps the exact offline text. */
export const MODEL_MOVES = [
  'pose', 'correct', 'partial', 'unreadable', 'misconception', 'hint', 'explain', 'reveal', 'ask-why',
  'why-feedback', 'explain-request', 'mastered', 'diagnosis', 'question', 'follow-up', 'welcome',
] as const;
export type ModelMove = (typeof MODEL_MOVES)[number];

export interface Prompts {
  system: string;
  pack: string;
  turn: string;
  grade: string;
  diagnose: string;
  moves: Record<ModelMove, string>;
}

export class PromptError extends Error {
  readonly code = 'PROMPTS_INVALID';
}

const SLOT_PATTERN = /\{\{\s*([a-zA-Z_]+)\s*\}\}/g;

function check(text: string, problems: string[], shown: string): void {
  for (const m of text.matchAll(SLOT_PATTERN)) {
    if (!(SLOTS as readonly string[]).includes(m[1] ?? '')) {
      const line = text.slice(0, m.index).split('\n').length;
      problems.push(`  ${shown}:${line}  slot {{${m[1]}}}: not a slot Ponder fills. Fix: use one of ${SLOTS.join(', ')}`);
    }
  }
  if (!text.trim()) problems.push(`  ${shown}: the template is empty. Fix: write the prompt, or restore it from the repository`);
}

export function loadPrompts(dir: string): Prompts {
  const problems: string[] = [];
  const read = (name: string): string => {
    const file = join(dir, name);
    const shown = relative(process.cwd(), file) || file;
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
