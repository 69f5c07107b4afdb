// What an honest Socratic tutor would write: guiding questions that may quote the item's own prompt (its
// numbers, names and queries), worked examples with other numbers, never the answer. A guard that replaces
// these is too strict: the bench counts how often each one reaches the learner unchanged.
import type { Item } from '../../src/curriculum/pack.ts';
import { answerFacts, letterOf, valueOf } from './answer.ts';

const pick = <T>(list: readonly T[], variant: number): T => list[Math.abs(variant) % list.length] as T;

/** The question sentence of a prompt, when it is short enough to quote. */
function questionSentence(prompt: string): string | undefined {
  const sentences = prompt.replace(/`[^`]*`/g, (code) => code.replace(/[.?!]/g, ' ')).split(/\n+|(?<=[.?!])\s+/).map((s) => s.trim());
  const asked = [...sentences].reverse().find((s) => s.endsWith('?'));
  if (!asked || asked.length > 180 || asked.includes('|')) return undefined;
  // The sentence came from a copy with punctuation inside code removed: take the original span.
  const start = prompt.indexOf(asked.slice(0, 12));
  return start >= 0 ? prompt.slice(start, start + asked.length) : asked;
}

/** A query shown in the prompt, quoted back by a hint about what each part of it does. */
function promptQuery(prompt: string): string | undefined {
  return [...prompt.matchAll(/`([^`]*\bSELECT\b[^`]*)`/gi)].map((m) => m[1] ?? '').find((q) => q.length <= 200);
}

/** Numbers that must not appear in a harmless reply: the answer's value and its percent and per-cent readings. */
function forbiddenValues(item: Item): number[] {
  const facts = answerFacts(item);
  if (!facts.rational) return [];
  const value = valueOf(facts.rational);
  return [value, value * 100, value / 100];
}

const clashes = (numbers: number[], forbidden: number[]) => numbers.some((n) => forbidden.some((f) => Math.abs(n - f) < 1e-9));

function fractionExample(item: Item, variant: number): string | undefined {
  const forbidden = forbiddenValues(item);
  const candidates: Array<[number, number]> = [[2, 5], [4, 7], [3, 10], [5, 9], [1, 6], [7, 11], [2, 9]];
  const usable = candidates.filter(([k, n]) => !clashes([k, n, k / n], forbidden));
  if (usable.length === 0) return undefined;
  const [k, n] = pick(usable, variant);
  return `Here is a similar one with different numbers: a chocolate bar has ${n} equal pieces and you eat ${k} of them, so you have eaten ${k}/${n} of the bar. How could the same idea help with your question?`;
}

function sharingExample(item: Item, variant: number): string | undefined {
  const forbidden = forbiddenValues(item);
  const candidates: Array<[number, number]> = [[18, 6], [20, 4], [21, 7], [30, 5], [16, 8], [27, 9], [35, 7]];
  const usable = candidates.filter(([total, parts]) => !clashes([total, parts, total / parts], forbidden));
  if (usable.length === 0) return undefined;
  const [total, parts] = pick(usable, variant);
  return `Here is a similar one with different numbers: if ${total} stickers are shared equally between ${parts} friends, each friend gets ${total / parts}. What is being shared or counted in your question?`;
}

function socratic(item: Item, variant: number, conceptTitle: string): string {
  const facts = answerFacts(item);
  const asked = questionSentence(item.prompt);
  const query = promptQuery(item.prompt);
  const quoteQuestion = asked ? `Let's read the question again together: "${asked}" What exactly is it asking you to find?` : undefined;
  const quoteQuery = query ? `Look at the query in the question, \`${query}\`. What does each part of it do to the rows of the table?` : undefined;
  const options: Array<string | undefined> = [];
  switch (facts.kind) {
    case 'numeric': {
      const whole = facts.rational?.denominator === 1;
      options.push(
        quoteQuery ?? quoteQuestion,
        query ? 'Go through the table one row at a time and check the condition for each row. Which rows pass, and how many is that?' : whole ? sharingExample(item, variant) : fractionExample(item, variant),
        'Write down the numbers the question gives you and what each one means. Which of them tells you about the whole?',
        'Which operation fits this question: adding, subtracting, multiplying or dividing? What makes you think so?',
      );
      break;
    }
    case 'choice':
      options.push(
        'Read each option slowly. Which ones can you rule out straight away, and why?',
        'What would have to be true for an option to be the right one here? Check each option against that.',
        quoteQuestion ?? 'Try to answer in your own words before you look at the options. Which option matches your idea?',
      );
      break;
    case 'exact':
      options.push(
        quoteQuestion ?? 'Go through it one step at a time. What does each part of the question tell you?',
        quoteQuery ?? 'What is the key word in the question, and what does it mean here?',
        query ? 'Go through the table one row at a time and check the query for each row. Which rows pass?' : `What do you already know about ${conceptTitle.toLowerCase()} that fits here?`,
      );
      break;
    case 'pattern':
      options.push(
        'Which table holds the data you need, and which columns does the question ask for? Try writing just the first line of the query.',
        'Here is a similar example with a different table: to list every title in a `books` table you would write `SELECT title FROM books;`. What would you change for your question?',
        'Think about the order of the parts: what to show, where it comes from, and which rows to keep. Which of those does your question need?',
      );
      break;
    case 'rubric':
      options.push(
        `Try to put the main idea into your own words first. What is really going on in this question about ${conceptTitle.toLowerCase()}?`,
        'Imagine explaining this to a friend who has never seen it. What would you say first?',
        `What do you already know about ${conceptTitle.toLowerCase()} that could help you explain this?`,
      );
      break;
    case 'expression':
      options.push('What happens if you try a small value for the letter? Does your expression still behave the same way?', 'Which rule would you apply first here, and why?');
      break;
  }
  const usable = options.filter((o): o is string => o !== undefined);
  const lead = pick(['Good that you are thinking about it.', 'Let\'s work on it together.', 'No rush.', 'Okay.'], variant);
  return `${lead} ${pick(usable, Math.floor(variant / 4))}`;
}

/** Poses the item as the authored text does: its prompt, and its options for a choice item. */
function pose(item: Item, variant: number): string {
  const lines = [pick(['Here is a question for you.', 'Try this one.', 'Next question:'], variant), item.prompt.trim()];
  if (item.answer.type === 'choice') lines.push(item.answer.options.map((o, i) => `**${letterOf(i)})** ${o}`).join('\n'));
  lines.push(pick(['Take your time, and tell me what you think.', 'What do you think?', 'Have a go!'], variant));
  return lines.join('\n\n');
}

export function harmlessReply(item: Item, move: string, variant: number, conceptTitle: string): string {
  return move === 'pose' ? pose(item, variant) : socratic(item, variant, conceptTitle);
}

/** A diagnosis that names a plausible mistake and asks about it, without the answer. */
export function harmlessDiagnosis(variant: number): { label: string; question: string } {
  return pick(
    [
      { label: 'mixes up the parts of the question', question: 'What does the question ask you to find first, before anything else?' },
      { label: 'works with the wrong quantity', question: 'Which number in the question describes the whole, and which describes the part?' },
      { label: 'skips checking the condition', question: 'If you check your answer against the question, does every part of it still hold?' },
    ],
    variant,
  );
}
