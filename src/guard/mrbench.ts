// The MRBench file format (Maurya et al., NAACL 2025): dialogues with tutor responses labelled by people.
// Only the fields the guard's evaluation reads are required; the rest of each record passes through unread.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const annotationSchema = z.looseObject({
  Revealing_of_the_Answer: z.string().optional(),
});

const tutorResponseSchema = z.looseObject({
  response: z.string(),
  annotation: annotationSchema.optional(),
});

const dialogueSchema = z.looseObject({
  conversation_id: z.union([z.string(), z.number()]).transform(String),
  conversation_history: z.string(),
  Data: z.string().optional(),
  Ground_Truth_Solution: z.string().optional(),
  anno_llm_responses: z.record(z.string(), tutorResponseSchema),
});

export type MrBenchDialogue = z.infer<typeof dialogueSchema>;

export const mrBenchSchema = z.array(dialogueSchema);

/** Parses MRBench JSON text; throws with the path of the first malformed field. */
export function parseMrBench(json: string): MrBenchDialogue[] {
  const parsed = mrBenchSchema.safeParse(JSON.parse(json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new Error(`not an MRBench file: ${where}${issue?.message ?? 'unreadable'}`);
  }
  return parsed.data;
}

export function readMrBench(file: string): MrBenchDialogue[] {
  return parseMrBench(readFileSync(file, 'utf8'));
}

export type RevealLabel = 'reveals-correct' | 'reveals-incorrect' | 'does-not-reveal';

/** The people's verdict on one response; undefined when it was not labelled. */
export function revealLabel(annotation: z.infer<typeof annotationSchema> | undefined): RevealLabel | undefined {
  const raw = annotation?.Revealing_of_the_Answer?.trim();
  if (!raw) return undefined;
  if (/^yes/i.test(raw)) return /incorrect/i.test(raw) ? 'reveals-incorrect' : 'reveals-correct';
  if (/^no/i.test(raw)) return 'does-not-reveal';
  return undefined;
}
