// A guiding question as the model asked it: with a language model wording the hint, the learner's reply is read
// against the question they were actually asked, through the real Anthropic SDK and the local fake.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPonder, type Ponder } from '../../src/app.ts';
import { exampleAnswer } from '../../src/curriculum/answers.ts';
import { workedAnswer } from '../../src/dialogue/subquestion.ts';
import { userText, useFakeAnthropic } from '../helpers/anthropic.ts';
import { tempDb } from '../helpers/session.ts';

const CURRICULUM = resolve(import.meta.dirname, '../fixtures/dialogue');
const suite = useFakeAnthropic();
const clock = { now: Date.UTC(2026, 3, 1, 9) };

function start(): Ponder {
  const db = tempDb();
  const model = suite.model();
  return suite.keep(openPonder({ curriculumDir: CURRICULUM, dbPath: db.dbPath, model, now: () => clock.now, modelBudgetMs: 3000 }), db.cleanup);
}

async function send(p: Ponder, text: string) {
  clock.now += 30_000;
  return p.tutor.reply({ identity: 'web:test/sam', text });
}

/** Practice on the first concept, with the first hint of the open item and that hint's worked-out answer. */
async function atFirstHint(p: Ponder, hintWording: (authored: string) => string) {
  await send(p, 'hi');
  await send(p, 'start kitchen');
  const posed = await send(p, 'skip');
  const item = p.curriculum.packs.get('kitchen')?.items.get(posed.open?.id ?? '');
  if (!item) throw new Error('no item open');
  const authored = item.hints[0] ?? '';
  const spec = workedAnswer(authored);
  if (!spec) throw new Error(`the first hint of ${item.id} is not a calculation`);
  suite.fake.setHandler((body) => ({ text: userText(body).includes('Move: hint') ? hintWording(authored) : 'Let us keep going.' }));
  await send(p, 'can i have a hint');
  return { item, stepAnswer: exampleAnswer(spec) };
}

describe('guiding questions worded by a model', () => {
  it('reads a reply against the hint the model reworded, when it asks about the same numbers', async () => {
    const p = start();
    const { stepAnswer } = await atFirstHint(p, (authored) => `Good thinking so far. Let's go one step at a time: ${authored}`);
    const reply = await send(p, stepAnswer);
    expect(reply.verdict).toEqual({ on: 'step', result: 'right' });
  });

  it('does not check a reply against the course\'s hint when the model asked something else', async () => {
    const p = start();
    const { stepAnswer } = await atFirstHint(p, () => 'Look at the two units in the question. What do you notice about them?');
    const reply = await send(p, stepAnswer);
    // The learner was not asked the course's question, and the model's has no checkable answer: a number is
    // read as an answer to the item, never as a right step of a question nobody asked.
    expect(reply.verdict?.on).toBe('item');
    const said = await send(p, 'they are different units, one is bigger');
    expect(said.verdict?.result).not.toBe('wrong');
  });
});
