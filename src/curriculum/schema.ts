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

const exactAnswer = z.strictObject({
  type: z.literal('exact'),
  answers: z.array(text).min(1, 'give at least one accepted answer'),
  caseSensitive: z.boolean().default(false),
});

const numericAnswer = z.strictObject({
  type: z.literal('numeric'),
  value: z.union([z.number(), text]).describe('a number, a fraction such as "5/6" or a mixed number such as "1 1/2"'),
  tolerance: z.number().nonnegative().default(1e-9),
  unit: text.optional().describe('a unit mathjs knows, e.g. "cm" or "kg"; equivalent units are accepted'),
  form: z.enum(['any', 'fraction', 'simplest']).default('any'),
});

const expressionAnswer = z.strictObject({
  type: z.literal('expression'),
  answer: text,
  variables: z.array(z.string().regex(/^[a-zA-Z]$/, 'one letter per variable')).default([]),
});

const patternAnswer = z.strictObject({
  type: z.literal('pattern'),
  pattern: text.describe('a regular expression that a correct answer matches'),
  flags: z.string().regex(/^[imsu]*$/, 'flags may be i, m, s and u').default('i'),
  display: text.describe('the answer as shown in the worked solution'),
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
  .object({
    id,
    label: text.describe('the misconception in a few words, e.g. "adds the denominators"'),
    answers: z.array(z.union([text, z.number()])).optional().describe('wrong answers that show it'),
    pattern: text.optional().describe('a regular expression over the wrong answer'),
    question: text.describe('a Socratic question that targets the misconception'),
  })
  .refine((m) => m.answers !== undefined || m.pattern !== undefined, {
    message: 'give "answers" or "pattern" so the misconception can be recognised',
    path: ['answers'],
  });
export type Misconception = z.infer<typeof misconceptionSchema>;

export const itemSchema = z.strictObject({
  id,
  difficulty: z.number().int().min(1, 'difficulty runs from 1 to 5').max(5, 'difficulty runs from 1 to 5'),
  prompt: text,
  answer: answerSchema,
  hints: z.array(text).min(3, 'write at least three guiding questions'),
  misconceptions: z.array(misconceptionSchema).default([]),
  explanations: explanationsSchema.default({}),
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
    .object({
      threshold: z.number().gt(0.5).lt(1).default(0.95),
      minEvidence: z.number().int().min(1).default(3),
    })
    .default({ threshold: 0.95, minEvidence: 3 }),
  policy: z
    .object({
      reveal: z.enum(['never', 'after-attempts']).default('after-attempts'),
      revealAfter: z.number().int().min(1).default(3),
    })
    .default({ reveal: 'after-attempts', revealAfter: 3 }),
  concepts: z.array(id).min(1, 'list the concept files of the pack, in teaching order'),
});
export type PackSpec = z.infer<typeof packSchema>;
