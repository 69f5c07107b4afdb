// Content lint: authored text that states an answer, prompts that already hold theirs, and concepts too thin
// to adapt within. Authored text is read by the lint's own reader (lint-readings.ts), which reads it as a
// person does; the answer guard (leaks.ts), which must also catch a model that hides an answer, stays stricter.
import type { Concept, Item, Pack } from './pack.ts';
import { fieldName, type CurriculumProblem } from './problems.ts';
import type { AnswerSpec } from './schema.ts';
import { answerText } from './answers.ts';
import { answerInPrompt, authoredGiveaway } from './lint-readings.ts';

type Locate = (conceptId: string, path: PropertyKey[]) => { file: string; line: number | undefined };

/** How to rewrite a text that states the answer, for the kind of answer it states. */
export function giveawayFix(spec: AnswerSpec): string {
  switch (spec.type) {
    case 'numeric':
      return `use other example numbers than the item's answer (${answerText(spec)})`;
    case 'exact':
      return `describe the step without writing the answer itself ("${answerText(spec)}")`;
    case 'pattern':
      return 'describe the step without writing the command itself';
    case 'choice':
      return `do not name the correct option ("${spec.correct}") or its letter as the answer`;
    case 'expression':
      return `use a different expression than the item's answer (${spec.answer})`;
    case 'rubric':
      return 'leave the key points of the model answer for the learner to state; ask about them instead';
  }
}

/** Misconceptions the concept shares with all its items sit in the concept file, not under the item. */
function misconceptionPath(concept: Concept, item: Item, i: number, j: number): PropertyKey[] {
  const shared: readonly unknown[] = 'misconceptions' in concept && Array.isArray(concept.misconceptions) ? concept.misconceptions : [];
  const k = shared.indexOf(item.misconceptions[j]);
  return k >= 0 ? ['misconceptions', k] : ['items', i, 'misconceptions', j];
}

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
      const fix = giveawayFix(item.answer);
      const check = (text: string | undefined, path: PropertyKey[], field: string, advice: string, severity: CurriculumProblem['severity'] = 'error', consequence = '') => {
        if (!text) return;
        const found = authoredGiveaway(item.answer, text, item.prompt);
        if (found) report(severity, concept.id, path, field, `gives away the answer of item ${item.id} (as "${found.form}")${consequence}`, `${fix}; ${advice}`);
      };

      const inPrompt = answerInPrompt(item.answer, item.prompt);
      if (inPrompt) {
        const command = item.answer.type === 'pattern';
        report(
          inPrompt.copyable && command ? 'error' : 'warning',
          concept.id,
          ['items', i, 'prompt'],
          `items[${i}].prompt`,
          `the prompt contains the answer of item ${item.id} ("${inPrompt.form}")${inPrompt.copyable ? ', so the learner can copy it' : ''}`,
          command
            ? 'ask for the command without quoting it (describe what it must do)'
            : 'ask for the answer without writing it in the question, or make it a choice item if the learner picks it from names the question shows',
        );
      }

      // The summary introduces the concept with its first question. The tutor leaves it out for a question whose
      // answer it states, so this is a warning: the pack works, the learner just misses the introduction.
      check(concept.summary, ['summary'], 'summary', 'keep the summary general: the tutor shows it with the first question of the concept', 'warning', `, so it is not shown with that item`);
      item.hints.forEach((hint, h) => check(hint, ['items', i, 'hints', h], `items[${i}].hints[${h}]`, 'ask a question that leads toward the answer without stating it'));
      item.misconceptions.forEach((m, j) => {
        const path = misconceptionPath(concept, item, i, j);
        const shared = path[0] === 'misconceptions';
        const whose = shared ? ` (shared with item ${item.id})` : '';
        check(m.question, [...path, 'question'], `${fieldName([...path, 'question'])}${whose}`, 'target the mistake with a question that does not state the answer');
        // An explanation aimed at the mistake, where the schema has one: shown before the answer, so linted too.
        const remediation = (m as { remediation?: unknown }).remediation;
        if (typeof remediation === 'string') check(remediation, [...path, 'remediation'], `${fieldName([...path, 'remediation'])}${whose}`, 'explain the mistake without stating the answer');
      });
      // An inherited explanation that states this item's answer is not used for it (the tutor picks another
      // style), so it is a warning while the item keeps at least one style that does not.
      const styles = Object.entries(item.explanations);
      const usable = styles.filter(([, text]) => !text || !authoredGiveaway(item.answer, text, item.prompt)).length;
      for (const [style, text] of styles) {
        const own = concept.explanations[style as keyof typeof concept.explanations] !== text;
        const path = own ? ['items', i, 'explanations', style] : ['explanations', style];
        const field = own ? `items[${i}].explanations.${style}` : `explanations.${style} (inherited by item ${item.id})`;
        const inheritedOnly = !own && usable > 0;
        check(
          text,
          path,
          field,
          own ? 'explain with an example whose result is not this item\'s answer' : `change the concept explanation, or give item ${item.id} its own ${style} explanation`,
          inheritedOnly ? 'warning' : 'error',
          inheritedOnly ? `, so this style is not used for that item` : '',
        );
      }
      // The worked solution may state the answer, and `why` is shown only after a correct answer: neither is linted.
    });
  }
  return problems;
}
