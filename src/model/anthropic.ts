// Anthropic through @anthropic-ai/sdk: streamed replies, prompt caching of the stable prefix, tool use for
// structured grading and diagnosis, and a one-word judge for the answer guard. Retries (429, 529, 5xx) are the
// SDK's, with backoff; whatever still fails is thrown, and the tutor words that move offline (or, for the
// judge, keeps the text from the learner).
import Anthropic from '@anthropic-ai/sdk';
import type { Item } from '../curriculum/pack.ts';
import { buildPrompt, stableParts } from './llm-prompt.ts';
import type { Diagnosis, JudgeRequest, JudgeVerdict, Model, ModelGrade, ModelUsage, SayContext } from './model.ts';
import type { Prompts } from './prompts.ts';
import type { Redaction } from './redact.ts';
import {
  diagnosisPrompt, diagnosisSchema, DIAGNOSIS_TOOL, gradePrompt, gradeSchema, GRADE_TOOL, JUDGE_MAX_CHARS, JUDGE_MAX_TOKENS,
  judgePrompt, judgeVerdict, type ToolSpec,
} from './structured.ts';

export interface AnthropicModelOptions {
  apiKey: string;
  baseURL?: string;
  /** Model id, e.g. "claude-sonnet-4-5". */
  model: string;
  prompts: Prompts;
  redactions: readonly Redaction[];
  /** Per request, in milliseconds. */
  timeoutMs: number;
  maxRetries: number;
  maxTokens?: number;
}

interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

export function createAnthropicModel(options: AnthropicModelOptions): Model {
  const client = new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
  const id = `anthropic:${options.model}`;

  const systemBlocks = (system: string, context: string): Anthropic.TextBlockParam[] => [
    { type: 'text', text: system },
    // The pack's texts are the long, stable part: cached once, read at a tenth of the price after.
    { type: 'text', text: context, cache_control: { type: 'ephemeral' } },
  ];

  const report = (ctx: SayContext, purpose: ModelUsage['purpose'], usage: AnthropicUsage, started: number) => {
    const cached = usage.cache_read_input_tokens ?? 0;
    const written = usage.cache_creation_input_tokens ?? 0;
    ctx.usage?.({
      model: id,
      purpose,
      inputTokens: usage.input_tokens + cached + written,
      cachedTokens: cached,
      cacheWriteTokens: written,
      outputTokens: usage.output_tokens,
      latencyMs: Date.now() - started,
    });
  };

  async function callTool<T>(tool: ToolSpec, user: string, ctx: SayContext, parse: (input: unknown) => T | undefined): Promise<T | undefined> {
    const { system, context } = stableParts(options.prompts, ctx.pack);
    const started = Date.now();
    const message = await client.messages.create(
      {
        model: options.model,
        max_tokens: 600,
        system: systemBlocks(system, context),
        tools: [{ name: tool.name, description: tool.description, input_schema: tool.schema as Anthropic.Tool.InputSchema }],
        tool_choice: { type: 'tool', name: tool.name },
        messages: [{ role: 'user', content: user }],
      },
      ctx.signal ? { signal: ctx.signal } : {},
    );
    report(ctx, tool.name === GRADE_TOOL.name ? 'grade' : 'diagnose', message.usage, started);
    const block = message.content.find((b) => b.type === 'tool_use' && b.name === tool.name);
    return block && block.type === 'tool_use' ? parse(block.input) : undefined;
  }

  return {
    id,
    async *say(move, ctx) {
      const { system, context, user } = buildPrompt(options.prompts, move, ctx, options.redactions);
      const started = Date.now();
      const stream = client.messages.stream(
        {
          model: options.model,
          max_tokens: options.maxTokens ?? 700,
          system: systemBlocks(system, context),
          messages: [{ role: 'user', content: user }],
        },
        ctx.signal ? { signal: ctx.signal } : {},
      );
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') yield event.delta.text;
      }
      const final = await stream.finalMessage();
      report(ctx, 'say', final.usage, started);
    },
    async grade(item: Item, answer: string, ctx: SayContext): Promise<ModelGrade | undefined> {
      if (item.answer.type !== 'rubric') return undefined;
      return callTool(GRADE_TOOL, gradePrompt(options.prompts, item, answer, options.redactions), ctx, (input) => {
        const parsed = gradeSchema.safeParse(input);
        return parsed.success ? parsed.data : undefined;
      });
    },
    async diagnose(item: Item, answer: string, ctx: SayContext): Promise<Diagnosis | undefined> {
      return callTool(DIAGNOSIS_TOOL, diagnosisPrompt(options.prompts, item, answer, options.redactions), ctx, (input) => {
        const parsed = diagnosisSchema.safeParse(input);
        return parsed.success ? parsed.data : undefined;
      });
    },
    /**
     * 'safe' only for a clear "no"; any other answer is 'leak'. An error, a timeout or an abort rejects, as the
     * other calls do, so that the caller (which fails closed) can log why the judge could not answer.
     * The tutor's prefix goes first exactly as `say` sends it, then the judge's rules with a breakpoint of
     * their own: the judge reads the cache entry that the reply it checks has just written.
     */
    async judge(request: JudgeRequest, ctx: SayContext): Promise<JudgeVerdict> {
      if (request.text.length > JUDGE_MAX_CHARS) return 'leak';
      const { system, context } = stableParts(options.prompts, ctx.pack);
      const started = Date.now();
      const message = await client.messages.create(
        {
          model: options.model,
          max_tokens: JUDGE_MAX_TOKENS,
          // Thinking counts against max_tokens: a model that thinks by default would spend the budget and never
          // answer. (No temperature: API version 2026-10-21, which SDK 1.x sends, rejects any sampling
          // parameter with a 400, so every judgement would fail.) A model that cannot stop thinking answers
          // this with a 400 too: every judgement then rejects, and the caller's log says why.
          thinking: { type: 'disabled' },
          system: [...systemBlocks(system, context), { type: 'text', text: options.prompts.judge.rules, cache_control: { type: 'ephemeral' } }],
          messages: [{ role: 'user', content: judgePrompt(options.prompts, request) }],
        },
        ctx.signal ? { signal: ctx.signal } : {},
      );
      report(ctx, 'judge', message.usage, started);
      // A refusal or a tool call is no clear "no", whatever text comes with it.
      if (message.stop_reason === 'refusal' || message.content.some((b) => b.type !== 'text')) return 'leak';
      return judgeVerdict(message.content.map((b) => (b.type === 'text' ? b.text : '')).join(''));
    },
  };
}
