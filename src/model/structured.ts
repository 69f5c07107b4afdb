// Structured model output for grading, diagnosis and judging: tool definitions (JSON Schema for the provider),
// the zod schemas that check what comes back, and the judge's one-word verdict, so that a malformed answer
// is handled, never trusted.
import { z } from 'zod';
import { answerText } from '../curriculum/answers.ts';
import type { Item } from '../curriculum/pack.ts';
import type { JudgeRequest, JudgeVerdict } from './model.ts';
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

/** The verdict reads one word; a tight cap keeps a judgement quick and its output nearly free. */
export const JUDGE_MAX_TOKENS = 5;

/**
 * Far beyond any reply a move produces. A longer text is not judged at all (so it is a leak): cutting it to
 * fit would let through whatever sat past the cut.
 */
export const JUDGE_MAX_CHARS = 8000;

// The candidate must not be able to close its own <text> tag and speak to the judge from outside it.
const DATA_TAG = /[<\uFF1C](\s*\/?\s*text\b)/gi;

/**
 * The per-call part of a judgement. The candidate is deliberately not redacted: the judge must read exactly
 * what the learner would, and a redaction could hide the very digits that give the answer away.
 */
export function judgePrompt(prompts: Prompts, request: JudgeRequest): string {
  return render(prompts.judge.ask, {
    item_prompt: request.itemPrompt,
    answer: request.answer,
    candidate: request.text.replace(DATA_TAG, '&lt;$1'),
  });
}

/** Strict on purpose: only a first word of "no" lets a text through; "nope", "**no**" or silence do not. */
export function judgeVerdict(reply: string): JudgeVerdict {
  const first = reply.trim().split(/\s+/)[0] ?? '';
  return /^no[.,!;:]*$/i.test(first) ? 'safe' : 'leak';
}
