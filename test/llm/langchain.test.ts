// Any LangChain chat model behind the same port: the real universal initChatModel and OpenAI client against a
// local fake of the Chat Completions API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai-server.ts';
import { openPonder } from '../../src/app.ts';
import { createLangChainModel } from '../../src/model/langchain.ts';
import { loadPrompts } from '../../src/model/prompts.ts';
import { REDACTIONS } from '../../src/model/redact.ts';
import { tempDb } from '../helpers/session.ts';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});

describe('a LangChain model', () => {
  it('speaks the moves, diagnoses with structured output and records its tokens', async () => {
    fake.setHandler((body) => {
      const wantsSchema = JSON.stringify(body).includes('diagnose') || JSON.stringify(body).includes('misconception');
      return wantsSchema && JSON.stringify(body).includes('Known misconceptions')
        ? { text: JSON.stringify({ label: 'multiplies instead of dividing', question: 'Does dividing by a half make a number smaller or bigger?' }) }
        : { text: 'Let us work on it. What is the first step?' };
    });
    const model = await createLangChainModel({
      model: 'openai:gpt-4o-mini',
      prompts: loadPrompts(resolve(import.meta.dirname, '../../prompts')),
      redactions: REDACTIONS,
      timeoutMs: 3000,
      maxRetries: 0,
      providerOptions: { apiKey: 'test', configuration: { baseURL: fake.baseURL } },
    });
    const db = tempDb();
    const clock = { now: Date.UTC(2026, 0, 5) };
    const ponder = openPonder({ curriculumDir: resolve(import.meta.dirname, '../fixtures/curriculum-llm'), dbPath: db.dbPath, model, now: () => clock.now });
    const say = async (text: string) => {
      clock.now += 20_000;
      return ponder.tutor.reply({ identity: 'slack:T1/U1', text });
    };
    try {
      const hi = await say('hi');
      expect(hi.replies[0]?.text).toBe('Let us work on it. What is the first step?');
      await say('start llm');
      const wrong = await say('3/8');
      expect(wrong.replies.map((r) => r.move)).toEqual(['diagnosis']);
      expect(wrong.replies[0]?.why).toMatch(/multiplies instead of dividing/);
      const stats = await ponder.store.modelStats();
      expect(stats.map((s) => s.purpose).sort()).toEqual(['diagnose', 'say']);
      expect(stats.every((s) => s.model === 'langchain:openai:gpt-4o-mini')).toBe(true);
    } finally {
      await ponder.close();
      db.cleanup();
    }
  });
});
