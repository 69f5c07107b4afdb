// The content lint on authored text: a teacher's wording is read as a person reads it. Numbers inside other
// tokens, list markers and number words that count something else are not the answer; the answer in any plain
// form is, with a fix that fits the kind of answer. Packs here are written for these tests.
import { describe, it, expect, afterEach } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadPackWithProblems, type LoadResult } from '../../src/curriculum/load.ts';
import { answerInPrompt, authoredGiveaway } from '../../src/curriculum/lint-readings.ts';
import { answerSchema, type AnswerSpec } from '../../src/curriculum/schema.ts';
import type { CurriculumProblem } from '../../src/curriculum/problems.ts';

const spec = (raw: unknown): AnswerSpec => answerSchema.parse(raw);
const numeric = (value: number | string, extra: Record<string, unknown> = {}) => spec({ type: 'numeric', value, ...extra });

// ---------------------------------------------------------------------------------------------------------
// Packs on disk, so that problems name real files and lines.

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface ItemDraft {
  id: string;
  prompt: string;
  answer: unknown;
  hints?: string[];
  misconceptions?: unknown[];
  explanations?: Record<string, string>;
  why?: string;
}

const NEUTRAL_HINTS = ['What does the question ask you to find?', 'Which step comes first?', 'What do you do after that?'];
const NEUTRAL_EXPLANATIONS = {
  'step-by-step': 'Read the question, pick the step that fits, then check your result.',
  analogy: 'Like following a recipe: each step uses what the last one made.',
  concise: 'Work it out one step at a time.',
};
// Items that keep a concept at three difficulty levels without touching the answers under test.
const FILLERS: ItemDraft[] = [
  { id: 'filler-colour', prompt: 'Which colour do you get by mixing blue and yellow?', answer: { type: 'exact', answers: ['green'] } },
  { id: 'filler-capital', prompt: 'Which city is the capital of Peru?', answer: { type: 'choice', options: ['Quito', 'Lima', 'Bogota'], correct: 'Lima' } },
];

/** A pack "lintpack" with one concept "topic" holding `items` (and two fillers), written to a temporary folder. */
function lintPack(items: ItemDraft[], concept: { summary?: string; explanations?: Record<string, string> } = {}): LoadResult {
  const root = mkdtempSync(join(tmpdir(), 'ponder-lint-'));
  temps.push(root);
  const dir = join(root, 'lintpack');
  mkdirSync(join(dir, 'concepts'), { recursive: true });
  writeFileSync(
    join(dir, 'pack.yaml'),
    stringify({ id: 'lintpack', title: 'Lint pack', summary: 'A pack written for the lint tests.', audience: 'Tests', concepts: ['topic'] }),
  );
  const all = [...items, ...FILLERS];
  writeFileSync(
    join(dir, 'concepts', 'topic.yaml'),
    stringify({
      id: 'topic',
      title: 'A topic',
      summary: concept.summary ?? 'Work through each question one step at a time.',
      explanations: concept.explanations ?? NEUTRAL_EXPLANATIONS,
      items: all.map((item, i) => ({
        id: item.id,
        difficulty: (i % 3) + 1,
        prompt: item.prompt,
        answer: item.answer,
        hints: item.hints ?? NEUTRAL_HINTS,
        ...(item.misconceptions ? { misconceptions: item.misconceptions } : {}),
        ...(item.explanations ? { explanations: item.explanations } : {}),
        solution: 'Worked out in full, with the answer.',
        ...(item.why ? { why: item.why } : {}),
      })),
    }),
  );
  return loadPackWithProblems(dir, root);
}

const CONCEPT_FILE = join('lintpack', 'concepts', 'topic.yaml');

function only(problems: CurriculumProblem[], field: string): CurriculumProblem {
  const found = problems.filter((p) => p.field === field);
  expect(found, `one problem about ${field} in ${JSON.stringify(problems, null, 1)}`).toHaveLength(1);
  return found[0] as CurriculumProblem;
}

// ---------------------------------------------------------------------------------------------------------

describe('numbers that are not the answer', () => {
  it.each<[string, AnswerSpec, string, string]>([
    ['a decimal that holds the digits of 25 (0.125)', numeric(0.25), 'What is half of a half?', 'An eighth is 0.125; what is twice that?'],
    ['a decimal that holds the digits of a percentage', numeric(25, { unit: '%' }), 'What percent of 8 is 2?', 'Write one eighth as 0.125 first.'],
    ['a decimal near, but not equal to, the answer', numeric(0.25), 'What is half of a half?', 'Is 0.125 more or less than 0.2?'],
    ['numbered steps, one per line', numeric(1), 'How many rows does the query return?', '1. Find the condition.\n2. Test each row.\n3. Count the rows that pass.'],
    ['numbered steps in one line', numeric(2), 'How many rows does the query return?', '1. Find the condition. 2. Test each row. 3. Count what passes.'],
    ['"one" counting something else', numeric(1), 'How many rows does the query return?', 'An index works like one bookmark in a thick book.'],
    ['the article "a"', numeric(1), 'How many rows does the query return?', 'Picture a table with a header line.'],
    ['a commit hash', numeric(0), 'How many rows does the query return?', 'The change came in commit a1b0c3d.'],
    ['a version number', numeric(2), 'How many rows does the query return?', 'Since v2.0.1 the tool prints a row count.'],
    ['a time', numeric(30), 'How many pupils are in the class?', 'The lesson starts at 10:30.'],
    ['a date in figures', numeric(5), 'How many rows does the query return?', 'She was hired on 2024-05-01.'],
    ['a date in words', numeric(5), 'How many rows does the query return?', 'She was hired on May 5.'],
    ['an ordinal', numeric(3), 'How many rows does the query return?', 'Look at the 3rd row.'],
    ['a step label', numeric(2), 'How many rows does the query return?', 'Step 2: test each row.'],
    ['a table row\'s id', numeric(3), 'How many rows does the query return?', '`3  | Carla | Sales`'],
    ['a group already named', numeric(3), 'How many rows does the query return?', 'Which of the three tables holds the names?'],
    ['"one" as a pronoun', numeric(1), 'How many rows does the query return?', 'Pick one column and read it.'],
    ['"one" in a set phrase', numeric(1), 'How many rows does the query return?', 'Each customer has a one-to-many link to orders; check them one by one.'],
    ['the question\'s own division, still to do', numeric(4), 'What is 1/3 of 12?', 'What is 12 ÷ 3?'],
    ['the question\'s number used again', numeric(2), 'What is 6 - 4? Count on your 2 hands.', 'Hold up your 2 hands.'],
  ])('%s', (_name, answer, prompt, text) => {
    expect(authoredGiveaway(answer, text, prompt)).toBeUndefined();
  });
});

describe('numbers that state the answer', () => {
  const threeQuarters = numeric('3/4');
  const sum = 'What is 1/2 + 1/4?';
  it.each<[string, AnswerSpec, string, string, string]>([
    ['digits', threeQuarters, sum, 'So the answer is 3/4.', '3/4'],
    ['an equivalent fraction', threeQuarters, sum, 'Is it 6/8?', '6/8'],
    ['a decimal', threeQuarters, sum, 'That is 0.75 of the cake.', '0.75'],
    ['a percentage of the same value', threeQuarters, sum, 'You have eaten 75% of it.', '75%'],
    ['a percentage answer as a decimal', numeric(25, { unit: '%' }), 'What percentage of 40 pupils is 10 pupils?', 'So it is 0.25 of them.', '0.25'],
    ['a percentage answer as a fraction', numeric(25, { unit: '%' }), 'What percentage of 40 pupils is 10 pupils?', 'Think of 1/4.', '1/4'],
    ['number words', threeQuarters, sum, 'That makes three quarters of the cake.', 'three quarters'],
    ['a calculation worked out to it', threeQuarters, sum, '2/4 + 1/4 = 3/4', '3/4'],
    ['the fraction in two parts', threeQuarters, sum, 'The numerator is 3 and the denominator is 4.', '3 and 4'],
    ['a division called the answer', numeric(4), 'What is half of 8?', 'The answer is 12 ÷ 3.', '12 / 3'],
    ['a whole number stated', numeric(4), 'What is half of 8?', 'It is 4.', '4'],
    ['a rounding of a value with no short decimal', numeric('1/3'), 'What is 1 - 2/3?', 'That is about 0.33 of the whole.', '0.33'],
    ['another unit', numeric(15, { unit: 'cm' }), 'How long is the pencil?', 'It measures 0.15 m.', '0.15'],
    ['a number word counting what the question asks about', numeric(1), 'How many rows does the query return?', 'The query returns one row.', 'one'],
    ['a number word called the answer', numeric(1), 'How many rows does the query return?', 'The answer is one.', 'one'],
    ['a number word offered as the answer', numeric(1), 'How many rows does the query return?', 'Is it one?', 'one'],
    ['a number word as a result', numeric(3), 'How many rows does the query return?', 'You get three.', 'three'],
    ['a number after numbered steps', numeric(3), 'How many rows does the query return?', '1. Test each row. 2. You get 3.', '3'],
    ['a number after a colon, closing the sentence', numeric(4), 'How many rows does the query return?', 'Ana, Ben, Dev and Emma pass: 4 rows.', '4'],
    ['a number the question shows, set in bold', numeric(3), 'Loans:\n`1 | 12 days`\n`2 | 40 days`\n`3 | 35 days`\n`4 | 50 days`\nHow many loans last more than 30 days?', 'Only **3** loans pass the test.', '3 (in bold)'],
    ['the question\'s number stated as the answer', numeric(2), 'What is 6 - 4? Count on your 2 hands.', 'It is 2.', '2'],
  ])('%s', (_name, answer, prompt, text, form) => {
    expect(authoredGiveaway(answer, text, prompt)).toEqual({ form });
  });
});

describe('commands, texts, options and expressions', () => {
  const status = spec({ type: 'pattern', pattern: String.raw`^\s*git\s+status\s*$`, display: 'git status' });
  const query = spec({ type: 'pattern', pattern: String.raw`^\s*SELECT\s+title\s+FROM\s+books\s+WHERE\s+pages\s*>\s*300\s*;?\s*$`, display: 'SELECT title FROM books WHERE pages > 300;' });
  const askQuery = 'Write a query for the titles of books with more than 300 pages.';
  const term = spec({ type: 'exact', answers: ['foreign key'] });
  const keyword = spec({ type: 'exact', answers: ['DESC'] });
  const name = spec({ type: 'exact', answers: ['Olga'] });
  const tablePrompt = 'Here are the readers:\n`1 | Olga | 12`\n`2 | Piet | 30`\nWho borrowed fewer than 20 books?';
  const join = spec({ type: 'choice', options: ['INNER JOIN', 'LEFT JOIN', 'CROSS JOIN'], correct: 'LEFT JOIN' });
  const askJoin = 'Which join keeps the books nobody has borrowed?';
  const twoFifths = spec({ type: 'choice', options: ['1/6', '2/5', '1/5'], correct: '2/5' });
  const linear = spec({ type: 'expression', answer: '3y+6', variables: ['y'] });

  it.each<[string, AnswerSpec, string, string]>([
    ['a command in a sentence', status, 'Which command lists the files you changed?', 'Type git status and read the list.'],
    ['a command in a code span', status, 'Which command lists the files you changed?', 'Run `git status`.'],
    ['a query word for word', query, askQuery, 'SELECT title FROM books WHERE pages > 300'],
    ['nearly all of a query', query, askQuery, 'Begin with select title from books where pages > and add the number.'],
    ['an exact answer', term, 'What do we call a column that points at a row of another table?', 'A foreign key points at another table.'],
    ['a keyword', keyword, 'Which keyword sorts from high to low?', 'Put DESC after the column.'],
    ['a name from the table called the answer', name, tablePrompt, 'So it is Olga.'],
    ['a name from the table in bold', name, tablePrompt, 'Only **Olga** is below 20.'],
    ['the correct option stated where no other is named', join, askJoin, 'LEFT JOIN keeps every row of the left table.'],
    ['the correct option offered alone', join, askJoin, 'Is it LEFT JOIN?'],
    ['the correct letter called the answer', join, askJoin, 'The answer is b.'],
    ['the correct place called right', join, askJoin, 'The second option is correct.'],
    ['the correct option\'s value', twoFifths, 'Which is 1/2 × 4/5?', 'It is 0.4.'],
    ['an equivalent expression', linear, 'Simplify y + 2y + 6.', 'It is 3(y + 2).'],
    ['the expression worked out', linear, 'Simplify y + 2y + 6.', 'y + 2y + 6 = 3y + 6'],
  ])('reports %s', (_name, answer, prompt, text) => {
    expect(authoredGiveaway(answer, text, prompt)).toBeDefined();
  });

  it.each<[string, AnswerSpec, string, string]>([
    ['a hint that describes the command', status, 'Which command lists the files you changed?', 'Which git command reports the state of your working files?'],
    ['a commit hash near a command answer', status, 'Which command lists the files you changed?', 'The change came in commit a1b2c3d.'],
    ['a worked example on other values', query, askQuery, 'For example, SELECT title FROM books WHERE author = \'Orwell\' keeps Orwell\'s books.'],
    ['a longer word holding the keyword', keyword, 'Which keyword sorts from high to low?', 'What is the opposite of ascending? Read the description.'],
    ['a name the table shows, only mentioned', name, tablePrompt, 'Look at Olga\'s number first.'],
    ['the article "a" where the correct letter is a', spec({ type: 'choice', options: ['A single row', 'One row per group'], correct: 'A single row' }), 'What does COUNT(*) without GROUP BY return?', 'The answer is a number in a result.'],
    ['options compared side by side', join, askJoin, 'Compare INNER JOIN and LEFT JOIN: which one drops rows?'],
    ['all options named', twoFifths, 'Which is 1/2 × 4/5?', 'Compare 1/6, 2/5 and 1/5.'],
    ['the question\'s fraction, equal in value to the right option', spec({ type: 'choice', options: ['4/5', '6/8', '3/8'], correct: '6/8' }), 'Which fraction is equivalent to 3/4?', 'Start from 3/4: what can you multiply by?'],
    ['a step of the expression', linear, 'Simplify y + 2y + 6.', 'What is y + 2y?'],
    ['another expression worked out', linear, 'Simplify y + 2y + 6.', 'For example 2x + 4 = 2(x + 2).'],
  ])('does not report %s', (_name, answer, prompt, text) => {
    expect(authoredGiveaway(answer, text, prompt)).toBeUndefined();
  });
});

describe('the prompt that holds its own answer', () => {
  const status = spec({ type: 'pattern', pattern: String.raw`^\s*git\s+status\s*$`, display: 'git status' });
  const smaller = spec({ type: 'exact', answers: ['smaller'] });

  it('finds a command the prompt quotes, which the learner could copy', () => {
    expect(answerInPrompt(status, 'Type `git status` to see your changes. Which command lists the files you changed?')).toEqual({ form: 'git status', copyable: true });
    expect(answerInPrompt(status, 'Which command, like git status, lists the files you changed?')).toEqual({ form: 'git status', copyable: true });
    expect(answerInPrompt(status, 'Which command lists the files you changed?')).toBeUndefined();
  });

  it('finds an exact answer in the prose, but not one of the alternatives offered or a cell of a table', () => {
    expect(answerInPrompt(smaller, 'Halving makes a number smaller. Does halving make it bigger?')).toEqual({ form: 'smaller', copyable: false });
    expect(answerInPrompt(smaller, 'Is a third of 12 bigger or smaller than 12?')).toBeUndefined();
    expect(answerInPrompt(spec({ type: 'exact', answers: ['Olga'] }), 'Readers:\n`1 | Olga | 12`\n`2 | Piet | 30`\nWho borrowed fewer than 20?')).toBeUndefined();
  });
});

describe('lintPack', () => {
  it('reports none of the forms that only look like numbers', () => {
    const result = lintPack(
      [
        {
          id: 'count-rows',
          prompt: 'How many rows does `SELECT * FROM loans WHERE days > 30;` return?',
          answer: { type: 'numeric', value: 1 },
          hints: ['1. Find the condition.\n2. Test each row.\n3. Count the rows that pass.', 'An index works like one bookmark in a thick book: does this query need one?', 'Since v2.0.1 of the tool, loans made after 10:30 on 2024-05-01 carry the hash a1b0c3d. Which loans pass?'],
          misconceptions: [{ id: 'counts-all', label: 'counts every row', answers: [4], question: 'Does every loan in the table pass the condition, or only some?' }],
          explanations: { 'worked-example': 'Step 2: test each row. A table with a header line is still read row by row; pick one column at a time.' },
        },
        { id: 'eighth', prompt: 'What is half of a half?', answer: { type: 'numeric', value: 0.25 }, hints: ['An eighth is 0.125: is a half of a half bigger or smaller?', 'Is 0.125 more or less than 0.2?', 'Draw a square and halve it twice.'] },
      ],
      { summary: 'A query returns the rows that pass its condition: 1. read the condition, 2. test each row.' },
    );
    expect(result.pack).toBeDefined();
    expect(result.problems).toEqual([]);
  });

  it('reports a summary that states an item\'s answer, naming the concept file and the field summary', () => {
    const result = lintPack(
      [{ id: 'fk-name', prompt: 'What do we call a column that points at a row of another table?', answer: { type: 'exact', answers: ['foreign key'] } }],
      { summary: 'Tables are linked: a foreign key points at a row of another table.' },
    );
    const problem = only(result.problems, 'summary');
    // A warning: the tutor leaves the summary out when it poses that item, so the pack still works.
    expect(problem).toMatchObject({ severity: 'warning', file: CONCEPT_FILE, line: 3 });
    expect(problem.message).toContain('not shown with that item');
    expect(problem.message).toContain('fk-name');
    expect(problem.message).toContain('foreign key');
    expect(problem.fix).toContain('describe the step without writing the answer itself');
  });

  it('reports a summary that states every key point of a rubric item, with a fix about key points', () => {
    const result = lintPack(
      [
        {
          id: 'why-index',
          prompt: 'Why does an index make a lookup faster?',
          answer: {
            type: 'rubric',
            points: [
              { id: 'sorted', text: 'the index keeps the keys sorted', match: ['sorted', 'in order'] },
              { id: 'skip', text: 'the search skips most rows', match: ['skip', 'without reading every row'] },
            ],
            minPoints: 2,
            reference: 'The index keeps the keys sorted, so the search can skip most rows instead of reading every one.',
          },
        },
      ],
      { summary: 'An index keeps a column\'s values sorted, so a lookup can skip most of the table.' },
    );
    const problem = only(result.problems, 'summary');
    expect(problem.message).toContain('why-index');
    expect(problem.fix).toContain('key points');
  });

  it('does not lint why, which is shown only after a right answer', () => {
    const result = lintPack([{ id: 'halve', prompt: 'What is half of 10?', answer: { type: 'numeric', value: 5 }, why: 'Half of 10 is 5, because 5 + 5 = 10.' }]);
    expect(result.problems).toEqual([]);
  });

  it('gives a numeric give-away the fix "other example numbers", naming the answer', () => {
    const result = lintPack([{ id: 'add-quarters', prompt: 'What is 1/2 + 1/4?', answer: { type: 'numeric', value: '3/4' }, hints: ['What is a half in quarters?', 'Count the quarters.', 'So you get three quarters, right?'] }]);
    const problem = only(result.problems, 'items[0].hints[2]');
    expect(problem.severity).toBe('error');
    expect(problem.message).toContain('three quarters');
    expect(problem.fix).toContain('use other example numbers than the item\'s answer (3/4)');
    expect(problem.fix).toContain('without stating it');
  });

  it('gives a command give-away the fix "describe the step without writing the command"', () => {
    const result = lintPack([
      {
        id: 'status',
        prompt: 'Which command lists the files you changed?',
        answer: { type: 'pattern', pattern: String.raw`^\s*git\s+status\s*$`, display: 'git status' },
        misconceptions: [{ id: 'log', label: 'uses git log', answers: ['git log'], question: 'git log shows commits; git status shows what?' }],
      },
    ]);
    const problem = only(result.problems, 'items[0].misconceptions[0].question');
    expect(problem.fix).toContain('describe the step without writing the command itself');
    expect(problem.fix).not.toMatch(/numbers/);
  });

  it('gives a choice give-away the fix "do not name the correct option"', () => {
    const result = lintPack([
      {
        id: 'keep-unborrowed',
        prompt: 'Which join keeps the books nobody has borrowed?',
        answer: { type: 'choice', options: ['INNER JOIN', 'LEFT JOIN', 'CROSS JOIN'], correct: 'LEFT JOIN' },
        hints: ['Which join drops rows without a partner?', 'Which one keeps them?', 'The answer is b.'],
      },
    ]);
    const problem = only(result.problems, 'items[0].hints[2]');
    expect(problem.message).toContain('option b');
    expect(problem.fix).toContain('do not name the correct option');
  });

  it('gives an expression give-away the fix "use a different expression"', () => {
    const result = lintPack([
      { id: 'collect', prompt: 'Simplify y + 2y + 6.', answer: { type: 'expression', answer: '3y+6', variables: ['y'] }, explanations: { concise: 'Collect like terms: y + 2y + 6 becomes 3(y + 2).' } },
    ]);
    const problem = only(result.problems, 'items[0].explanations.concise');
    expect(problem.fix).toContain('use a different expression');
  });

  it('names the item that inherits a concept explanation that states its answer', () => {
    const result = lintPack([{ id: 'halve-14', prompt: 'What is half of 14?', answer: { type: 'numeric', value: 7 } }], {
      explanations: { ...NEUTRAL_EXPLANATIONS, concise: 'Halve it: half of 14 is 7.' },
    });
    const problem = only(result.problems, 'explanations.concise (inherited by item halve-14)');
    expect(problem.file).toBe(CONCEPT_FILE);
    expect(problem.fix).toContain('use other example numbers than the item\'s answer (7)');
    expect(problem.fix).toContain('its own concise explanation');
  });

  it('reports a pattern item whose prompt quotes its command as an error, and an exact item\'s as a warning', () => {
    const result = lintPack([
      { id: 'quoted', prompt: 'Type `git status` to see your changes. Which command lists the files you changed?', answer: { type: 'pattern', pattern: String.raw`^\s*git\s+status\s*$`, display: 'git status' } },
      { id: 'told', prompt: 'Halving makes a number smaller. Does halving make it bigger or not?', answer: { type: 'exact', answers: ['smaller'] } },
    ]);
    const command = only(result.problems, 'items[0].prompt');
    expect(command).toMatchObject({ severity: 'error', file: CONCEPT_FILE });
    expect(command.message).toContain('quoted');
    expect(command.fix).toContain('ask for the command without quoting it');
    const word = only(result.problems, 'items[1].prompt');
    expect(word.severity).toBe('warning');
  });
});
