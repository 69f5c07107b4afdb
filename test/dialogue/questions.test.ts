// A learner's own question is answered from the passage of the pack that is about it: the concept that talks
// about what was asked, the passage that names its terms, the style preference only among passages that fit
// as well, an honest "not covered" when the pack does not talk about it, and never the open item's answer.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLeak } from '../../src/curriculum/leaks.ts';
import { loadPackWithProblems } from '../../src/curriculum/load.ts';
import type { Item, Pack } from '../../src/curriculum/pack.ts';
import type { Style } from '../../src/curriculum/schema.ts';
import { newDraft, type Draft } from '../../src/dialogue/draft.ts';
import type { Move } from '../../src/dialogue/moves.ts';
import { answerQuestion, isLearnerQuestion, rankPassages, retrieve } from '../../src/dialogue/questions.ts';
import { freshLearner, newOpenItem } from '../../src/dialogue/state.ts';
import { realizeOffline } from '../../src/model/offline.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/questions');
const NOW = Date.UTC(2026, 0, 5, 9, 0, 0);

function load(id: string): Pack {
  const { pack, problems } = loadPackWithProblems(resolve(FIXTURES, id), FIXTURES);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  if (!pack) throw new Error(`fixture pack ${id} did not load`);
  return pack;
}

const git = load('git-basics');
const sql = load('sql-mini');

const concept = (pack: Pack, id: string) => {
  const found = pack.concepts.get(id);
  if (!found) throw new Error(`no concept ${id}`);
  return found;
};
const item = (pack: Pack, id: string) => {
  const found = pack.items.get(id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};

function draftFor(pack: Pack, options: { style?: Style; open?: Item } = {}): Draft {
  const state = freshLearner('learner', NOW);
  state.conversation.packId = pack.id;
  if (options.style) state.profile.style = options.style;
  if (options.open) {
    const open = newOpenItem(pack.id, options.open, 'practice', NOW - 60_000);
    state.conversation.open = open;
  }
  const ctx = { curriculum: { packs: new Map([[pack.id, pack]]) }, items: { difficulty: (_packId: string, i: Item) => i.difficulty, attempts: () => 0 }, now: NOW };
  return newDraft(ctx, state);
}

type QuestionMove = Extract<Move, { kind: 'question' }>;

/** Asks the question and returns the one move the tutor makes. */
function ask(pack: Pack, currentId: string, question: string, options: { style?: Style; open?: Item } = {}): QuestionMove {
  const d = draftFor(pack, options);
  answerQuestion(d, pack, concept(pack, currentId), options.open, question);
  expect(d.moves.map((m) => m.kind)).toEqual(['question']);
  return d.moves[0] as QuestionMove;
}

const offline = (move: Move, learnerText: string) => realizeOffline(move, { variant: 0, learnerText });

describe('isLearnerQuestion', () => {
  it('reads questions, with or without a question mark', () => {
    for (const text of [
      'Why do we flip the second fraction when we divide?',
      'What is the difference between a commit and a push?',
      'why do we flip the second fraction',
      'how do I sort the results by date',
      "what's the point of GROUP BY here",
      'can you show me why HAVING comes after GROUP BY',
    ]) {
      expect(isLearnerQuestion(text), text).toBe(true);
    }
  });

  it('leaves answers as answers, even when they open like a question', () => {
    for (const text of [
      'how about 3/4',
      'is it 3/4 because you add them',
      'is it the one with the bigger bottom number',
      'where the rows are filtered before grouping happens',
      'WHERE filters rows before grouping and HAVING filters groups',
      'when you divide you flip the second one',
      'why it works is that the parts are equal',
      'do the tops first and then the bottoms',
      'what is left over is 3/8 of the pizza',
      'why do we add them because the bottoms match',
      'why?',
      '3/4',
    ]) {
      expect(isLearnerQuestion(text), text).toBe(false);
    }
  });
});

describe('answering a learner\'s own question from the passage about it', () => {
  it('answers from the concept whose text names the term, not from the concept at hand', () => {
    // The git log concept talks about commits all the time and mentions pushing once; pushing is the concept about it.
    const move = ask(git, 'history', 'What is the difference between a commit and a push?');
    expect(move.concept.id).toBe('pushing');
    expect(move.covered).toBe(true);
    expect(move.grounding.toLowerCase()).toContain('push');
    expect(Object.values(concept(git, 'history').explanations)).not.toContain(move.grounding);
    expect(move.why).toMatch(/about Sharing work with git push: answered from the [a-z-]+ explanation in Sharing work with git push, which mentions "push"/);

    // "group by" in lower case is the pack's GROUP BY; the aggregates concept (at hand) mentions it only in passing.
    const grouped = ask(sql, 'aggregates', 'why do we need group by?', { style: 'analogy' });
    expect(grouped.concept.id).toBe('grouping');
    expect(grouped.grounding).toMatch(/GROUP BY/);
    expect(grouped.why).toMatch(/in Grouping rows, which mentions "group by"/);
  });

  it('picks the passage that has the question\'s own term over a generic one in the preferred style', () => {
    const pushing = concept(git, 'pushing');
    const move = ask(git, 'pushing', 'Why was my push rejected?', { style: 'analogy' });
    expect(move.style).toBe('step-by-step');
    expect(move.grounding).toBe(pushing.explanations['step-by-step']);
    expect(move.grounding).not.toBe(pushing.explanations.analogy);
    expect(move.why).toMatch(/step-by-step explanation in Sharing work with git push, which mentions "rejected"/);
    expect(offline(move, 'Why was my push rejected?')).toContain(pushing.explanations['step-by-step']);
  });

  it('lets the preferred style choose among explanations that fit the question equally well', () => {
    const question = 'why do we need GROUP BY?';
    const found = retrieve(sql, question, { current: concept(sql, 'grouping') });
    const styles = found.similar.map((c) => c.passage.style);
    expect(styles.length).toBeGreaterThanOrEqual(2);
    for (const style of styles) {
      const move = ask(sql, 'grouping', question, { style });
      expect(move.style).toBe(style);
      expect(move.grounding).toMatch(/GROUP BY/);
      expect(move.why).toMatch(/explanations that fit the question about equally well/);
    }
    // A preferred style whose text does not name GROUP BY is not among them.
    expect(styles).not.toContain('analogy');
    expect(ask(sql, 'grouping', question, { style: 'analogy' }).style).not.toBe('analogy');
  });

  it('says honestly that the course does not cover what the pack never talks about', () => {
    const history = concept(git, 'history');
    const question = 'What is a merge conflict and how do I resolve it?';
    const move = ask(git, 'history', question);
    expect(move.covered).toBe(false);
    expect(move.concept.id).toBe('history');
    expect(move.grounding).toBe(history.summary);
    expect(move.why).toMatch(/"merge", "conflict" and "resolve", which nothing in this course talks about directly/);
    expect(move.why).toMatch(/offered the summary of the concept at hand, Reading history with git log/);
    const text = offline(move, question);
    expect(text).toMatch(/doesn't cover that directly/);
    expect(text).toContain(history.summary);

    // Words the pack knows (branch, main) do not make a question about rebasing covered; the closest concept is offered.
    const rebase = ask(git, 'commits', 'How do I rebase my branch onto main?');
    expect(rebase.covered).toBe(false);
    expect(rebase.grounding).toBe(rebase.concept.summary);
    expect(rebase.why).toMatch(/about "rebase", which nothing in this course talks about directly: said so honestly, and offered the summary of the closest concept, Reading history with git log, where the course mentions "main" and "branch"/);

    // A question the pack does talk about is covered, even with a word it never uses.
    expect(ask(sql, 'grouping', 'why do we need GROUP BY honestly?').covered).toBe(true);
  });

  it('never answers from the open item\'s solution, its why, or a passage that gives its answer away', () => {
    const open = item(git, 'push-first-time');
    const question = 'How do I make git remember the upstream for my branch?';
    // With nothing open, the best passage is the open item's own why: with the item open it is left out.
    expect(retrieve(git, question).passage).toMatchObject({ kind: 'why', item: { id: 'push-first-time' } });
    const move = ask(git, 'pushing', question, { open });
    expect(move.covered).toBe(true);
    expect(move.grounding).toBe(concept(git, 'pushing').explanations.concise);
    expect(move.guardItem?.id).toBe(open.id);
    expect(move.why).toMatch(/without solving the open question$/);
    const text = offline(move, question);
    for (const own of [open.solution, open.why ?? '', open.prompt, ...open.hints]) expect(text).not.toContain(own.trim());
    expect(findLeak(open.answer, text, { prompt: open.prompt })).toBeUndefined();

    // Another item's why that states this item's answer is the best match, and is still not used.
    const other = 'Once the first push has run, what does the branch remember?';
    const ranked = rankPassages(git, other, open);
    expect(ranked[0]?.passage).toMatchObject({ kind: 'why', item: { id: 'push-after-first' } });
    const answered = ask(git, 'pushing', other, { open });
    expect(answered.grounding).not.toBe(item(git, 'push-after-first').why);
    expect(findLeak(open.answer, offline(answered, other), { prompt: open.prompt })).toBeUndefined();
  });

  it('answers a question that names nothing specific from the concept at hand', () => {
    const move = ask(git, 'commits', 'why does that work?', { style: 'analogy' });
    expect(move.concept.id).toBe('commits');
    expect(move.covered).toBe(true);
    expect(move.grounding).toBe(concept(git, 'commits').explanations.analogy);
    expect(move.why).toMatch(/names nothing more specific/);
  });
});
