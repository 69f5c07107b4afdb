// The MRBench file format (Maurya et al., NAACL 2025): dialogues with tutor responses labelled by people.
// Only the fields the guard's evaluation reads are required; the rest of each record passes through unread.
// Also the provenance file that says which of a file's dialogues were read while detection rules were written.
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

const provenanceSchema = z.strictObject({
  /** The file name of the data the statement is about, so one file's provenance is not applied to another. */
  data: z.string().optional(),
  /** "all", "none", or the dialogues read: conversation_id strings or 0-based indices in the file (numbers). */
  seen: z.union([z.literal('all'), z.literal('none'), z.array(z.union([z.string(), z.number().int().nonnegative()]))]),
  note: z.string().optional(),
});

/** Which dialogues of an MRBench file were read while detection rules were written. */
export type Provenance = z.infer<typeof provenanceSchema>;

// Strict, so a misspelt key fails loudly instead of quietly counting every dialogue as unseen.
export function parseProvenance(json: string): Provenance {
  const parsed = provenanceSchema.safeParse(JSON.parse(json));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new Error(`not a provenance file: ${where}${issue?.message ?? 'unreadable'}`);
  }
  return parsed.data;
}

export function readProvenance(file: string): Provenance {
  return parseProvenance(readFileSync(file, 'utf8'));
}

/** Whether the dialogue at `index` was read while rules were written; a listed id covers every copy of it. */
export function wasSeen(provenance: Provenance, dialogue: MrBenchDialogue, index: number): boolean {
  if (provenance.seen === 'all') return true;
  if (provenance.seen === 'none') return false;
  return provenance.seen.some((entry) => (typeof entry === 'number' ? entry === index : entry === dialogue.conversation_id));
}
