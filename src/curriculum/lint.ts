// Content lint: authored text that would give an answer away, and concepts too thin to adapt within.
import type { Pack } from './pack.ts';
import type { CurriculumProblem } from './problems.ts';
import { findLeak } from './leaks.ts';

type Locate = (conceptId: string, path: PropertyKey[]) => { file: string; line: number | undefined };

export function lintPack(pack: Pack, locate: Locate): CurriculumProblem[] {
  const problems: CurriculumProblem[] = [];
  const report = (
    severity: CurriculumProblem['severity'],
    conceptId: string,
    path: PropertyKey[],
    field: string,
    message: string,
    fix: string,
  ) => {
    const { file, line } = locate(conceptId, path);
    problems.push({ severity, file, ...(line !== undefined ? { line } : {}), field, message, fix });
  };
  for (const concept of pack.concepts.values()) {
    const levels = new Set(concept.items.map((i) => i.difficulty));
    if (levels.size < 3) {
      report('warning', concept.id, ['items'], 'items', `items at only ${levels.size} difficulty level(s): ${[...levels].sort().join(', ')}`, 'add items at other difficulties (1-5) so the tutor can step up and down');
    }
    concept.items.forEach((item, i) => {
      const context = { prompt: item.prompt };
      const check = (text: string, path: PropertyKey[], field: string, fix: string) => {
        const leak = findLeak(item.answer, text, context);
        if (leak) report('error', concept.id, path, field, `gives away the answer of item ${item.id} (as "${leak.form}")`, fix);
      };
      item.hints.forEach((hint, h) => check(hint, ['items', i, 'hints', h], `items[${i}].hints[${h}]`, 'ask a question that leads toward the answer without stating it'));
      item.misconceptions.forEach((m, j) => check(m.question, ['items', i, 'misconceptions', j, 'question'], `items[${i}].misconceptions[${j}].question`, 'target the mistake with a question that does not state the answer'));
      for (const [style, text] of Object.entries(item.explanations)) {
        const own = concept.explanations[style as keyof typeof concept.explanations] !== text;
        const path = own ? ['items', i, 'explanations', style] : ['explanations', style];
        const field = own ? `items[${i}].explanations.${style}` : `explanations.${style} (inherited by item ${item.id})`;
        check(text ?? '', path, field, own ? 'explain with different numbers than the item asks about' : 'use example numbers in the concept explanation that are not this item\'s answer, or give the item its own explanation');
      }
    });
  }
  return problems;
}
