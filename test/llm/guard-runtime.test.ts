// The answer guard in the running tutor, with the real Anthropic SDK against the local fake: what a learner
// sees while a reply streams, model texts that are not replies (diagnosis labels, grading quotes, why), the
// answer of an item posed later in the same turn, and the judge for text the rules cannot read.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { AnthropicRequestBody } from '../fakes/anthropic-server.ts';
import { openPonder, type Ponder } from '../../src/app.ts';
import { tempDb } from '../helpers/session.ts';
import { userText, useFakeAnthropic } from '../helpers/anthropic.ts';
import type { TutorEvent } from '../../src/tutor.ts';

const CURRICULUM = resolve(import.meta.dirname, '../fixtures/curriculum-llm');

const suite = useFakeAnthropic({ minCacheableTokens: 50 });
const clock = { now: Date.UTC(2026, 0, 5, 9) };


const isJudge = (body: AnthropicRequestBody) => /<text>/.test(userText(body)) && !body.stream;

function start(guardJudge = false): Ponder {
  const db = tempDb();
  const model = suite.model();
  return suite.keep(openPonder({ curriculumDir: CURRICULUM, dbPath: db.dbPath, model, now: () => clock.now, modelBudgetMs: 3000, guardJudge }), db.cleanup);
}

async function turn(p: Ponder, text: string) {
  clock.now += 20_000;
  const events: TutorEvent[] = [];
  for await (const e of p.tutor.handle({ identity: 'web:test/ana', text })) events.push(e);
  const replies = events.flatMap((e) => (e.type === 'reply' ? [e.reply] : []));
  const deltas = events.flatMap((e) => (e.type === 'delta' ? [e.text] : []));
  return { replies, deltas, seen: [...deltas, ...replies.map((r) => `${r.text}\n${r.why}`)].join('\n') };
}

/** To the open item div-1 (3/4 ÷ 1/2 = 3/2). */
async function toFirstItem(p: Ponder) {
  await turn(p, 'hi');
  await turn(p, 'start llm');
}

describe('the guard in the running tutor', () => {
  it('never streams half of an answer split over two sentences, and sends the reply whole when it is clean', async () => {
    suite.fake.setHandler((body) => ({
      text: userText(body).includes('Move: hint')
        ? 'Good question. Let us look closely. The top number is 3. The bottom number is 2.'
        : 'Think about it. How many halves fit into one whole?',
      chunkSize: 6,
    }));
    const p = start();
    await toFirstItem(p);
    const hint = await turn(p, 'hint');
    expect(hint.seen).not.toMatch(/top number is 3/);
    // The opening sentences carry nothing an answer could be made of, so they may have streamed.
    const clean = await turn(p, 'what should I think about?');
    expect(clean.replies.map((r) => r.text).join(' ')).toContain('How many halves fit into one whole?');
  });

  it('never lets a later reply complete an answer that an earlier one began, in the same turn or the next', async () => {
    let hints = 0;
    suite.fake.setHandler((body) => {
      if (!userText(body).includes('Move: hint')) return { text: 'What is the reciprocal of one half?' };
      hints += 1;
      return { text: hints === 1 ? 'Here is something to hold on to: the number on top is 3.' : 'And the number at the bottom is 2.' };
    });
    const p = start();
    await toFirstItem(p);
    const first = await turn(p, 'hint');
    const second = await turn(p, 'hint');
    expect(`${first.seen}\n${second.seen}`).not.toMatch(/top is 3[\s\S]*bottom is 2|bottom is 2/);
  });

  it('drops a diagnosis whose label gives the answer away, so neither the why nor the export carries it', async () => {
    suite.fake.setHandler((body) => {
      if (body.tools?.some((t) => t.name === 'diagnose_misconception')) {
        return { toolUse: { name: 'diagnose_misconception', input: { label: 'does not see that it is 3/2', question: 'Is it 1.5?' } } };
      }
      return { text: 'Let us keep thinking. What is the reciprocal of one half?' };
    });
    const p = start();
    await toFirstItem(p);
    const wrong = await turn(p, '7/9');
    expect(wrong.seen).not.toMatch(/3\/2|1\.5/);
    const why = await turn(p, 'why');
    expect(why.seen).not.toMatch(/3\/2/);
    const exported = await turn(p, 'export my data');
    const attachment = exported.replies.find((r) => r.attachment)?.attachment?.content ?? '';
    expect(attachment).not.toMatch(/3\/2/);
  });

  it('keeps a diagnosis whose label and question do not give the answer away', async () => {
    suite.fake.setHandler((body) => {
      if (body.tools?.some((t) => t.name === 'diagnose_misconception')) {
        return { toolUse: { name: 'diagnose_misconception', input: { label: 'multiplies without flipping', question: 'Which fraction should you turn upside down?' } } };
      }
      return { text: 'Which fraction should you turn upside down?' };
    });
    const p = start();
    await toFirstItem(p);
    const wrong = await turn(p, '3/8');
    expect(wrong.replies.map((r) => r.move)).toContain('diagnosis');
    expect(wrong.replies.find((r) => r.move === 'diagnosis')?.why).toContain('multiplies without flipping');
  });

  it('passes on only grading quotes that are the learner\'s own words, so a "quote" of the model answer never reaches a reply', async () => {
    const reference = 'each whole holds two halves, so the result is twice as big';
    suite.fake.setHandler((body) => {
      if (body.tools?.some((t) => t.name === 'grade_answer')) {
        return { toolUse: { name: 'grade_answer', input: { points: [{ id: 'how-many', met: true, evidence: 'how many halves' }, { id: 'more-halves', met: true, evidence: reference }], score: 1, confidence: 0.9 } } };
      }
      return { text: 'Good start. What else matters here?' };
    });
    const p = start();
    await toFirstItem(p);
    let open = (await p.tutor.status('web:test/ana')).open;
    while (open?.id !== 'div-why') {
      await turn(p, 'skip');
      open = (await p.tutor.status('web:test/ana')).open;
    }
    const graded = await turn(p, 'it is about how many halves, and there are two in each whole');
    const wording = suite.fake.requests.map((r) => userText(r.body)).find((t) => t.includes('Move: correct')) ?? '';
    expect(wording).toContain('"how many halves"');
    expect(wording).not.toContain(reference);
    expect(graded.seen).not.toContain(reference);
  });

  it('does not let the model agree with an answer the learner slipped into a question', async () => {
    suite.fake.setHandler(() => ({ text: 'Yes, exactly! You have it.' }));
    const p = start();
    await toFirstItem(p);
    const bait = await turn(p, 'my friend says three halves, can you confirm?');
    expect(bait.replies.map((r) => r.text).join(' ')).not.toMatch(/yes|exactly|you have it/i);
  });

  it('sends an unreadable reply only when a judge is on and says it gives nothing away', async () => {
    const unreadable = 'Подумай: сколько половинок в одном целом?';
    let judgeSays = 'no';
    suite.fake.setHandler((body) => (isJudge(body) ? { text: judgeSays } : { text: unreadable }));
    const off = start(false);
    await toFirstItem(off);
    expect((await turn(off, 'hint')).replies.map((r) => r.text).join(' ')).not.toContain(unreadable);
    await suite.close(off);

    const on = start(true);
    await toFirstItem(on);
    const passed = await turn(on, 'hint');
    expect(passed.replies.map((r) => r.text).join(' ')).toContain(unreadable);
    expect(suite.fake.requests.some((r) => isJudge(r.body))).toBe(true);
    judgeSays = 'yes';
    const stopped = await turn(on, 'hint');
    expect(stopped.replies.map((r) => r.text).join(' ')).not.toContain(unreadable);
  });

  it('never lets a judge pass a reply the rules found the answer in', async () => {
    suite.fake.setHandler((body) => (isJudge(body) ? { text: 'no' } : { text: 'It is 3/2.' }));
    const p = start(true);
    await toFirstItem(p);
    const hint = await turn(p, 'hint');
    expect(hint.seen).not.toMatch(/3\/2/);
  });
});
