// The curriculum pack format, validated at load. docs: curriculum/README.md
import { z } from 'zod';

export const STYLES = ['worked-example', 'step-by-step', 'analogy', 'visual', 'concise'] as const;
export type Style = (typeof STYLES)[number];

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes, e.g. "adding-like-fractions"');
const text = z.string().trim().min(1, 'must not be empty');

const styleName = z.enum(STYLES);

export const explanationsSchema = z.partialRecord(styleName, text);

const choiceAnswer = z.strictObject({
  type: z.literal('choice'),
  options: z.array(text).min(2, 'give at least two options').max(6, 'give at most six options'),
  correct: text.describe('the text of the correct option, exactly as in options'),
});

function isRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

const regex = text.refine(isRegex, 'not a valid regular expression: escape special characters such as ( ) [ ] . * + ? with a backslash');
const feedback = text.describe('what the tutor says to a learner whose answer is this near miss, e.g. "Right columns: which table are they in?"');

/** A near miss an author foresaw, graded partial with its own feedback. */
const exactPartial = z
  .strictObject({
    answers: z.array(text).min(1, 'list at least one near-miss answer, or give "pattern" instead').optional(),
    pattern: regex.optional().describe('a regular expression the whole near-miss answer matches'),
    feedback,
  })
  .refine((p) => (p.answers === undefined) !== (p.pattern === undefined), {
    message: 'give either "answers" or "pattern" (not both) so the near miss can be recognised',
    path: ['answers'],
  });

const exactAnswer = z.strictObject({
  type: z.literal('exact'),
  answers: z.array(text).min(1, 'give at least one accepted answer'),
  caseSensitive: z.boolean().default(false),
  partial: z
    .array(exactPartial)
    .min(1, 'list at least one near miss, or leave "partial" out')
    .optional()
    .describe('near misses graded partial, each with feedback'),
});

const numericAnswer = z.strictObject({
  type: z.literal('numeric'),
  value: z.union([z.number(), text]).describe('a number, a fraction such as "5/6" or a mixed number such as "1 1/2"'),
  tolerance: z.number().nonnegative().default(1e-9),
  unit: text
    .optional()
    .describe('a unit mathjs knows ("cm", "kg": equivalent units are accepted), "%" for a percentage, or a currency ("£", "GBP", "$", "USD", "€", "EUR", "¥", "JPY", "₹", "INR")'),
  form: z
    .enum(
      ['any', 'fraction', 'simplest', 'decimal'],
      'form is one of any, fraction, simplest or decimal; leave it out to let the prompt decide (a prompt that asks to simplify wants simplest)',
    )
    .optional(),
  requireUnit: z
    .boolean()
    .optional()
    .describe('true: the answer must be in `unit` itself (a bare number counts as in it); the same amount in another unit is partial'),
});

const expressionAnswer = z.strictObject({
  type: z.literal('expression'),
  answer: text,
  variables: z.array(z.string().regex(/^[a-zA-Z]$/, 'one letter per variable')).default([]),
  form: z
    .enum(
      ['any', 'simplified', 'expanded', 'factorised'],
      'form is one of any, simplified, expanded or factorised; leave it out to let the prompt decide (a prompt that asks to simplify, expand or factorise wants that form)',
    )
    .optional(),
});

const patternAnswer = z.strictObject({
  type: z.literal('pattern'),
  pattern: text.describe('a regular expression that a correct answer matches'),
  flags: z.string().regex(/^[imsu]*$/, 'flags may be i, m, s and u').default('i'),
  display: text.describe('the answer as shown in the worked solution'),
  match: z
    .enum(['whole', 'anywhere'], 'match is "whole" (the pattern must match the whole answer; the default) or "anywhere" (a match inside the answer is enough)')
    .optional(),
  partial: z
    .array(
      z.strictObject({
        pattern: regex.describe('a regular expression a near-miss answer matches, with the item\'s flags and match'),
        feedback,
      }),
    )
    .min(1, 'list at least one near miss, or leave "partial" out')
    .optional()
    .describe('near misses graded partial, each with feedback'),
});

const rubricPoint = z.strictObject({
  id,
  text: text.describe('the key point in words'),
  match: z.array(text).min(1, 'give at least one word, phrase or /regex/ that shows the point'),
});

const rubricAnswer = z.strictObject({
  type: z.literal('rubric'),
  points: z.array(rubricPoint).min(1, 'give at least one key point'),
  minPoints: z.number().int().positive(),
  reference: text.describe('a model answer, shown in the worked solution'),
});

export const answerSchema = z.discriminatedUnion('type', [
  choiceAnswer,
  exactAnswer,
  numericAnswer,
  expressionAnswer,
  patternAnswer,
  rubricAnswer,
]);
export type AnswerSpec = z.infer<typeof answerSchema>;

export const misconceptionSchema = z
  .strictObject({
    id,
    label: text.describe('the misconception in a few words, e.g. "adds the denominators"'),
    answers: z.array(z.union([text, z.number()])).optional().describe('wrong answers that show it'),
    pattern: text.optional().describe('a regular expression over the wrong answer'),
    question: text.describe('a Socratic question that targets the misconception'),
    remediation: text
      .optional()
      .describe('an explanation aimed at the mistake, given when the learner shows it again after the question'),
  })
  .refine((m) => m.answers !== undefined || m.pattern !== undefined, {
    message: 'give "answers" or "pattern" so the misconception can be recognised',
    path: ['answers'],
  });
export type Misconception = z.infer<typeof misconceptionSchema>;

/** A guiding question may carry its own answer, so the tutor can tell a right reply to it from a wrong answer to the item. */
export const hintSchema = z.union([
  text,
  z.strictObject({
    ask: text.describe('the guiding question'),
    answer: z
      .union([z.number(), text, answerSchema])
      .describe('the answer to this question: a number, a text, or an answer like the item\'s (type: numeric, exact, ...)'),
  }),
]);
export type HintSpec = z.infer<typeof hintSchema>;

/** Item explanations: a style set to null drops the one the concept would lend the item. */
export const itemExplanationsSchema = z.partialRecord(styleName, text.nullable());

export const itemSchema = z.strictObject({
  id,
  difficulty: z.number().int().min(1, 'difficulty runs from 1 to 5').max(5, 'difficulty runs from 1 to 5'),
  prompt: text,
  answer: answerSchema,
  hints: z.array(hintSchema).min(3, 'write at least three guiding questions'),
  misconceptions: z.array(misconceptionSchema).default([]),
  explanations: itemExplanationsSchema.default({}),
  solution: text.describe('the worked solution: the bottom of the hint ladder'),
  why: text.optional().describe('what a good answer to "why does that work?" says'),
  expectedSeconds: z.number().positive().optional(),
});
export type ItemSpec = z.infer<typeof itemSchema>;

export const conceptSchema = z.strictObject({
  id,
  title: text,
  summary: text,
  prerequisites: z.array(id).default([]),
  /** Mistakes common to every item of the concept; an item's own misconception of the same id wins. */
  misconceptions: z.array(misconceptionSchema).default([]),
  explanations: explanationsSchema.refine((e) => Object.keys(e).length >= 3, {
    message: 'write explanations in at least three styles (worked-example, step-by-step, analogy, visual, concise)',
  }),
  items: z.array(itemSchema).min(1, 'a concept needs items'),
});
export type ConceptSpec = z.infer<typeof conceptSchema>;

export const packSchema = z.strictObject({
  id,
  title: text,
  summary: text,
  audience: text,
  language: z.string().default('en'),
  mastery: z
    .strictObject({
      threshold: z.number().gt(0.5).lt(1).default(0.95),
      minEvidence: z.number().int().min(1).default(3),
    })
    .default({ threshold: 0.95, minEvidence: 3 }),
  policy: z
    .strictObject({
      reveal: z.enum(['never', 'after-attempts']).default('after-attempts'),
      revealAfter: z.number().int().min(1).default(3),
    })
    .default({ reveal: 'after-attempts', revealAfter: 3 }),
  concepts: z.array(id).min(1, 'list the concept files of the pack, in teaching order'),
});
export type PackSpec = z.infer<typeof packSchema>;

interface SchemaInternals {
  _zod?: { def?: Record<string, unknown> };
}

/** Every field name a schema accepts, at any depth: the words a misspelt key is compared with. */
export function fieldNames(schema: unknown, out = new Set<string>(), seen = new Set<unknown>()): Set<string> {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return out;
  seen.add(schema);
  const def = (schema as SchemaInternals)._zod?.def ?? {};
  if (def.shape && typeof def.shape === 'object') {
    for (const [key, value] of Object.entries(def.shape)) {
      out.add(key);
      fieldNames(value, out, seen);
    }
  }
  for (const inner of ['innerType', 'element', 'in', 'out', 'valueType']) fieldNames(def[inner], out, seen);
  if (Array.isArray(def.options)) for (const option of def.options) fieldNames(option, out, seen);
  return out;
}
