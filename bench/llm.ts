// npm run bench:llm: a scripted 20-turn conversation with the real Anthropic SDK against a local fake of the
// Messages API that accounts prompt caching as the real service does (1,024-token minimum included).
// Prints input, cached and output tokens per turn and the share of input served from cache after turn 1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAnthropic } from '../test/fakes/anthropic-server.ts';
import { openPonder } from '../src/app.ts';
import { createAnthropicModel } from '../src/model/anthropic.ts';
import { loadPrompts } from '../src/model/prompts.ts';
import { REDACTIONS } from '../src/model/redact.ts';
import { rightAnswer, wrongAnswer, rng } from './simulated-learner.ts';

const fake = await startFakeAnthropic({
  handler: () => ({ text: 'Let us think about it together. What is the first step you would take?' }),
});
const dir = mkdtempSync(join(tmpdir(), 'ponder-bench-llm-'));
const model = createAnthropicModel({
  apiKey: 'bench',
  baseURL: fake.url,
  model: 'claude-sonnet-4-6',
  prompts: loadPrompts(join(import.meta.dirname, '..', 'prompts')),
  redactions: REDACTIONS,
  timeoutMs: 5000,
  maxRetries: 2,
});
const clock = { now: Date.UTC(2026, 0, 5, 9) };
const ponder = openPonder({ dbPath: join(dir, 'bench.db'), model, now: () => clock.now });
const random = rng(7);
const script = ['hi', 'start fractions', 'skip'];
const perTurn: Array<{ input: number; cached: number; output: number; calls: number }> = [];
let open: string | undefined;
for (let i = 0; i < 20; i++) {
  const item = open ? ponder.curriculum.packs.get('fractions')?.items.get(open) : undefined;
  const text = script[i] ?? (!item ? 'skip' : i % 5 === 0 ? 'hint' : random() < 0.7 ? rightAnswer(item) : wrongAnswer(item, random));
  clock.now += 25_000;
  const before = (await ponder.store.modelStats()).reduce((n, s) => n + s.calls, 0);
  const result = await ponder.tutor.reply({ identity: 'bench:llm', text });
  open = result.open?.id;
  const stats = await ponder.store.modelStats();
  const totals = stats.reduce((t, s) => ({ input: t.input + s.inputTokens, cached: t.cached + s.cachedTokens, output: t.output + s.outputTokens, calls: t.calls + s.calls }), { input: 0, cached: 0, output: 0, calls: 0 });
  const previous = perTurn.reduce((t, s) => ({ input: t.input + s.input, cached: t.cached + s.cached, output: t.output + s.output, calls: t.calls + s.calls }), { input: 0, cached: 0, output: 0, calls: 0 });
  perTurn.push({ input: totals.input - previous.input, cached: totals.cached - previous.cached, output: totals.output - previous.output, calls: totals.calls - before });
}
await ponder.close();
await fake.close();
rmSync(dir, { recursive: true, force: true });

for (const [i, t] of perTurn.entries()) {
  console.log(`turn ${String(i + 1).padStart(2)}: ${t.calls} calls, ${t.input} input tokens (${t.cached} from cache), ${t.output} output`);
}
const after = perTurn.slice(1);
const input = after.reduce((n, t) => n + t.input, 0);
const cached = after.reduce((n, t) => n + t.cached, 0);
const figures = {
  turns: perTurn.length,
  inputTokensPerTurn: Math.round(perTurn.reduce((n, t) => n + t.input, 0) / perTurn.length),
  outputTokensPerTurn: Math.round(perTurn.reduce((n, t) => n + t.output, 0) / perTurn.length),
  cachedShareAfterFirstTurn: Number((input ? cached / input : 0).toFixed(3)),
};
console.log(`input tokens per turn: ${figures.inputTokensPerTurn}; output tokens per turn: ${figures.outputTokensPerTurn}`);
console.log(`share of input tokens served from cache after the first turn: ${(figures.cachedShareAfterFirstTurn * 100).toFixed(1)}% (goal: at least 80%)`);
console.log(JSON.stringify(figures));
