// Tests of the tutor with the real Anthropic SDK against the local fake: the fake's lifecycle, and what the tutor
// asked the model in one request.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startFakeAnthropic, type AnthropicRequestBody, type FakeAnthropic, type FakeAnthropicOptions } from '../fakes/anthropic-server.ts';
import { resolve } from 'node:path';
import type { Ponder } from '../../src/app.ts';
import { createAnthropicModel } from '../../src/model/anthropic.ts';
import { loadPrompts, type Prompts } from '../../src/model/prompts.ts';
import { REDACTIONS } from '../../src/model/redact.ts';
import type { Model } from '../../src/model/model.ts';

/** The text of a request's last user message. */
export function userText(body: AnthropicRequestBody): string {
  const content = body.messages.at(-1)?.content;
  return typeof content === 'string' ? content : (content ?? []).map((b) => ('text' in b ? String(b.text) : '')).join('');
}

/**
 * A local Anthropic fake for one test file, started before its tests and closed after them, and the tutors a
 * test opens against it, closed (with their temporary database) after each test.
 */
export function useFakeAnthropic(options: FakeAnthropicOptions = {}): {
  readonly fake: FakeAnthropic;
  keep(ponder: Ponder, cleanup: () => void): Ponder;
  close(ponder: Ponder): Promise<void>;
  /** The tutor's Anthropic model (the real SDK, the project's prompts) pointed at the fake, failing fast. */
  model(): Model;
} {
  let fake: FakeAnthropic | undefined;
  const open = new Map<Ponder, () => void>();
  const close = async (ponder: Ponder) => {
    const cleanup = open.get(ponder);
    if (!cleanup) return;
    open.delete(ponder);
    await ponder.close();
    cleanup();
  };
  beforeAll(async () => {
    fake = await startFakeAnthropic(options);
  });
  afterAll(async () => {
    await fake?.close();
  });
  afterEach(async () => {
    for (const ponder of [...open.keys()]) await close(ponder);
  });
  return {
    get fake() {
      if (!fake) throw new Error('the fake Anthropic API starts before the tests');
      return fake;
    },
    keep(ponder, cleanup) {
      open.set(ponder, cleanup);
      return ponder;
    },
    close,
    model() {
      prompts ??= loadPrompts(resolve(import.meta.dirname, '../../prompts'));
      return createAnthropicModel({ apiKey: 'test-key', baseURL: this.fake.url, model: 'claude-test', prompts, redactions: REDACTIONS, timeoutMs: 2000, maxRetries: 0 });
    },
  };
}

let prompts: Prompts | undefined;
