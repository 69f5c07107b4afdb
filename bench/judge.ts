// npm run bench:judge: what the answer guard's judge costs. 50 short candidate texts on the bundled fractions
// pack, judged with the real Anthropic SDK against a local fake of the Messages API that accounts prompt
// caching as the real service does (its default per-model minimums, not lowered). Prints tokens per judgement,
// the share served from cache after the first, and an estimate per 1,000 judgements at the prices below.
import { join } from 'node:path';
import { defaultMinCacheableTokens, startFakeAnthropic } from '../test/fakes/anthropic-server.ts';
import { defaultCurriculumDir } from '../src/app.ts';
import { answerText } from '../src/curriculum/answers.ts';
import { loadCurriculum } from '../src/curriculum/load.ts';
import type { Item } from '../src/curriculum/pack.ts';
import type { Move } from '../src/dialogue/moves.ts';
import { createAnthropicModel } from '../src/model/anthropic.ts';
import type { JudgeRequest, ModelUsage, SayContext } from '../src/model/model.ts';
import { loadPrompts } from '../src/model/prompts.ts';
import { REDACTIONS } from '../src/model/redact.ts';

// A small model, at list prices in US dollars per million tokens for prompts up to 100,000 tokens, as published
// when this was written. Assumptions: update them from the provider's pricing page before relying on a figure.
const MODEL = 'claude-haiku-5-5';
const PRICES = { input: 0.1, cacheWrite5m: 0.125, cacheRead: 0.01, output: 0.5 };
const JUDGEMENTS = 50;

const { curriculum } = loadCurriculum(defaultCurriculumDir());
const pack = curriculum.packs.get('fractions');
if (!pack) throw new Error('The bundled fractions pack is missing. Fix: restore curriculum/fractions');
const items = [...pack.items.values()];

// Short texts of the kind the rules cannot always verify: questions, nudges, and some that do give it away.
const TEMPLATES: Array<(answer: string) => string> = [
  () => 'What does the bottom number of a fraction tell you here?',
  () => 'Try drawing it first. How many equal parts are there in all?',
  (answer) => `Check again: could it be ${answer}?`,
  () => 'Good start. Which step would you take next, and why?',
  (answer) => `So the answer you want is ${answer}.`,
];
const candidates: JudgeRequest[] = Array.from({ length: JUDGEMENTS }, (_, i) => {
  const item = items[i % items.length] as Item;
  const answer = answerText(item.answer);
  return { itemPrompt: item.prompt, answer, text: (TEMPLATES[i % TEMPLATES.length] as (a: string) => string)(answer) };
});

const fake = await startFakeAnthropic({
  // The judge's verdict does not change its cost; a plausible one keeps the run honest to read.
  handler: (body) => {
    if (body.stream) return { text: 'How many equal parts is the whole cut into?' };
    const content = body.messages.at(-1)?.content;
    const user = typeof content === 'string' ? content : '';
    const text = user.slice(user.lastIndexOf('<text>'));
    const answer = /must never be shown to the learner: (.*)/.exec(user)?.[1] ?? '\u0000';
    return { text: text.includes(answer) ? 'Yes.' : 'No.' };
  },
});
const model = createAnthropicModel({
  apiKey: 'bench',
  baseURL: fake.url,
  model: MODEL,
  prompts: loadPrompts(join(import.meta.dirname, '..', 'prompts')),
  redactions: REDACTIONS,
  timeoutMs: 5000,
  maxRetries: 2,
});

const usage: ModelUsage[] = [];
const ctx: SayContext = { variant: 0, learnerText: '', pack, usage: (u) => usage.push(u) };
const verdicts: string[] = [];
for (const request of candidates) verdicts.push(await model.judge!(request, ctx));
const judged = usage.filter((u) => u.purpose === 'judge');
if (judged.length !== JUDGEMENTS) throw new Error(`expected ${JUDGEMENTS} judgements with usage, got ${judged.length}`);

// In a conversation the judge checks a reply the tutor has just worded: that call has already cached the
// tutor's system prompt and the pack, which the judge's prefix begins with.
fake.clearCache();
const first = items[0] as Item;
const hint = { kind: 'hint', item: first, level: 1, of: first.hints.length, text: first.hints[0] ?? '', why: 'bench', guardItem: first } as Move;
const afterSay: ModelUsage[] = [];
const sayCtx: SayContext = { ...ctx, usage: (u) => afterSay.push(u) };
let said = '';
for await (const chunk of model.say(hint, sayCtx)) said += chunk;
await model.judge!({ itemPrompt: first.prompt, answer: answerText(first.answer), text: said }, sayCtx);
await fake.close();

const cost = (u: ModelUsage): number =>
  ((u.inputTokens - u.cachedTokens - u.cacheWriteTokens) * PRICES.input +
    u.cacheWriteTokens * PRICES.cacheWrite5m +
    u.cachedTokens * PRICES.cacheRead +
    u.outputTokens * PRICES.output) / 1e6;
const sum = (list: ModelUsage[], pick: (u: ModelUsage) => number): number => list.reduce((n, u) => n + pick(u), 0);
const rest = judged.slice(1);
const cold = judged[0] as ModelUsage;
const sayJudge = afterSay.find((u) => u.purpose === 'judge');

const figures = {
  model: MODEL,
  minCacheableTokens: defaultMinCacheableTokens(MODEL),
  judgements: judged.length,
  leaks: verdicts.filter((v) => v === 'leak').length,
  inputTokensPerJudgement: Math.round(sum(judged, (u) => u.inputTokens) / judged.length),
  firstJudgement: { inputTokens: cold.inputTokens, cacheWriteTokens: cold.cacheWriteTokens, cachedTokens: cold.cachedTokens },
  cachedShareAfterFirst: Number((sum(rest, (u) => u.cachedTokens) / sum(rest, (u) => u.inputTokens)).toFixed(3)),
  outputTokensPerJudgement: Number((sum(judged, (u) => u.outputTokens) / judged.length).toFixed(2)),
  firstJudgementAfterATutorReply: sayJudge ? Number((sayJudge.cachedTokens / sayJudge.inputTokens).toFixed(3)) : null,
  pricesUsdPerMillion: PRICES,
  costPer1000Usd: {
    cached: Number(((sum(rest, cost) / rest.length) * 1000).toFixed(4)),
    uncachedFirst: Number((cost(cold) * 1000).toFixed(4)),
  },
};

console.log(`${figures.judgements} judgements with ${MODEL} on the fractions pack (cache minimum ${figures.minCacheableTokens} tokens); ${figures.leaks} judged leaks`);
console.log(`input tokens per judgement: ${figures.inputTokensPerJudgement}; the first wrote ${cold.cacheWriteTokens} to the cache and read ${cold.cachedTokens}`);
console.log(`share of input served from cache after the first: ${(figures.cachedShareAfterFirst * 100).toFixed(1)}%`);
console.log(`output tokens per judgement: ${figures.outputTokensPerJudgement}`);
if (sayJudge) console.log(`first judgement right after the tutor's own reply: ${(figures.firstJudgementAfterATutorReply! * 100).toFixed(1)}% of its input from cache (the reply's prefix)`);
console.log(`assumed prices per million tokens (US$, update them): input ${PRICES.input}, cache write ${PRICES.cacheWrite5m}, cache read ${PRICES.cacheRead}, output ${PRICES.output}`);
console.log(`cost per 1,000 judgements: $${figures.costPer1000Usd.cached} with the prefix cached; $${figures.costPer1000Usd.uncachedFirst} if every one paid the first judgement's cache write`);
console.log(JSON.stringify(figures));
