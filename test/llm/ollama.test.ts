// A local model for schools whose data must not leave their servers: "ollama:llama3.1" through LangChain,
// against a local fake of Ollama's /api/chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { startFakeOllama, type FakeOllama } from '../fakes/ollama-server.ts';
import { openPonder } from '../../src/app.ts';
import { createConfiguredModel } from '../../src/model/configure.ts';
import { tempDb } from '../helpers/session.ts';

let fake: FakeOllama;
beforeAll(async () => {
  fake = await startFakeOllama();
});
afterAll(async () => {
  await fake.close();
});

describe('an Ollama model', () => {
  it('is chosen by PONDER_MODEL and speaks the moves through the same guard', async () => {
    fake.setHandler(() => ({ text: 'Welcome! I will ask questions, and you will find the answers. The answer to your first question is 3/2.' }));
    const model = await createConfiguredModel({ model: 'ollama:llama3.1', baseUrl: fake.url, timeoutMs: 3000, maxRetries: 0 });
    expect(model.id).toBe('langchain:ollama:llama3.1');
    const db = tempDb();
    const clock = { now: Date.UTC(2026, 0, 5) };
    const ponder = openPonder({ curriculumDir: resolve(import.meta.dirname, '../fixtures/curriculum-llm'), dbPath: db.dbPath, model, now: () => clock.now });
    try {
      clock.now += 20_000;
      const hi = await ponder.tutor.reply({ identity: 'discord:42', text: 'hi' });
      expect(hi.replies[0]?.text).toMatch(/^Welcome! I will ask questions/);
      clock.now += 20_000;
      const started = await ponder.tutor.reply({ identity: 'discord:42', text: 'start llm' });
      // The open question's answer (3/2) never reaches the learner: the pose falls back to the authored text.
      const pose = started.replies.find((r) => r.move === 'pose');
      expect(pose?.text).toContain('What is 3/4 ÷ 1/2?');
      expect(pose?.text).not.toMatch(/3\/2/);
      expect(fake.requests.length).toBeGreaterThanOrEqual(3);
      expect(JSON.stringify(fake.requests.map((r) => r.body))).not.toContain('discord:42');
    } finally {
      await ponder.close();
      db.cleanup();
    }
  });
});
