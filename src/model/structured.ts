// Structured model output for grading and diagnosis: tool definitions (JSON Schema for the provider) and the
// zod schemas that check what comes back, so that a malformed tool call is handled, never trusted.
import { z } from 'zod';
import { answerText } from '../curriculum/answers.ts';
import type { Item } from '../curriculum/pack.ts';
import { render, type Prompts } from './prompts.ts';
import { redact, type Redaction } from './redact.ts';

export interface ToolSpec {
  name: string;
  description: string;
  schema: Record<string, unknown>;
}

export const gradeSchema = z.object({
  points: z.array(z.object({ id: z.string(), met: z.boolean(), evidence: z.string() })),
  score: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
});

export const diagnosisSchema = z.object({
  label: z.string().trim().min(1).max(120),
  question: z.string().trim().min(1).max(600),
});

export const GRADE_TOOL: ToolSpec = {
  name: 'grade_answer',
  description: 'Record the grading of a free-text answer against its rubric of key points.',
  schema: z.toJSONSchema(gradeSchema) as Record<string, unknown>,
};

export const DIAGNOSIS_TOOL: ToolSpec = {
  name: 'diagnose_misconception',
  description: 'Record the likely misconception behind a wrong answer and a Socratic question aimed at it.',
  schema: z.toJSONSchema(diagnosisSchema) as Record<string, unknown>,
};

export function gradePrompt(prompts: Prompts, item: Item, answer: string, redactions: readonly Redaction[]): string {
  if (item.answer.type !== 'rubric') return '';
  return render(prompts.grade, {
    item_prompt: item.prompt,
    points: item.answer.points.map((p) => `- id "${p.id}": ${p.text}`).join('\n'),
    reference: item.answer.reference,
    learner_text: redact(answer, redactions).slice(0, 2000),
  });
}

export function diagnosisPrompt(prompts: Prompts, item: Item, answer: string, redactions: readonly Redaction[]): string {
  return render(prompts.diagnose, {
    item_prompt: item.prompt,
    answer: answerText(item.answer),
    known: item.misconceptions.map((m) => m.label).join('; ') || '(none)',
    learner_text: redact(answer, redactions).slice(0, 500),
  });
}
