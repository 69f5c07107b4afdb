// Any chat model LangChain knows, from a string such as "openai:gpt-4o-mini" or "ollama:llama3.1" (a local
// model, for schools whose data must not leave their servers), through langchain's universal initChatModel.
// Same prompts and the same structured grading and diagnosis, through tool calling where the provider has it.
import { initChatModel } from 'langchain/chat_models/universal';
import { HumanMessage, SystemMessage, type AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { Item } from '../curriculum/pack.ts';
import { buildPrompt, stableParts } from './llm-prompt.ts';
import type { Diagnosis, Model, ModelGrade, ModelUsage, SayContext } from './model.ts';
import type { Prompts } from './prompts.ts';
import type { Redaction } from './redact.ts';
import { diagnosisPrompt, diagnosisSchema, gradePrompt, gradeSchema } from './structured.ts';

export interface LangChainModelOptions {
  /** "<provider>:<model>", e.g. "openai:gpt-4o-mini" or "ollama:llama3.1". */
  model: string;
  prompts: Prompts;
  redactions: readonly Redaction[];
  timeoutMs: number;
  maxRetries: number;
  /** Passed to the provider's chat model, e.g. { baseUrl } for Ollama or { configuration: { baseURL } }. */
  providerOptions?: Record<string, unknown>;
}

interface UsageMetadata {
  input_tokens?: number;
  output_tokens?: number;
  input_token_details?: { cache_read?: number; cache_creation?: number };
}

function usageOf(message: { usage_metadata?: UsageMetadata } | undefined): UsageMetadata {
  return message?.usage_metadata ?? {};
}

export async function createLangChainModel(options: LangChainModelOptions): Promise<Model> {
  const chat = await initChatModel(options.model, {
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
    ...options.providerOptions,
  });
  const id = `langchain:${options.model}`;

  const report = (ctx: SayContext, purpose: ModelUsage['purpose'], usage: UsageMetadata, started: number) =>
    ctx.usage?.({
      model: id,
      purpose,
      inputTokens: usage.input_tokens ?? 0,
      cachedTokens: usage.input_token_details?.cache_read ?? 0,
      cacheWriteTokens: usage.input_token_details?.cache_creation ?? 0,
      outputTokens: usage.output_tokens ?? 0,
      latencyMs: Date.now() - started,
    });

  const stable = (ctx: SayContext): BaseMessage => {
    const { system, context } = stableParts(options.prompts, ctx.pack);
    return new SystemMessage(`${system}\n\n${context}`);
  };

  async function structured<T>(schema: Parameters<typeof chat.withStructuredOutput>[0], user: string, ctx: SayContext, purpose: ModelUsage['purpose'], check: (value: unknown) => T | undefined): Promise<T | undefined> {
    const started = Date.now();
    const runnable = chat.withStructuredOutput(schema, { includeRaw: true });
    const result = (await runnable.invoke([stable(ctx), new HumanMessage(user)], ctx.signal ? { signal: ctx.signal } : {})) as {
      raw?: { usage_metadata?: UsageMetadata };
      parsed?: unknown;
    };
    report(ctx, purpose, usageOf(result.raw), started);
    return check(result.parsed);
  }

  return {
    id,
    async *say(move, ctx) {
      const { user } = buildPrompt(options.prompts, move, ctx, options.redactions);
      const started = Date.now();
      let last: AIMessageChunk | undefined;
      const stream = await chat.stream([stable(ctx), new HumanMessage(user)], ctx.signal ? { signal: ctx.signal } : {});
      for await (const chunk of stream) {
        last = chunk;
        if (typeof chunk.content === 'string') {
          if (chunk.content) yield chunk.content;
        } else {
          for (const part of chunk.content) if (part.type === 'text' && typeof part.text === 'string') yield part.text;
        }
      }
      report(ctx, 'say', usageOf(last), started);
    },
    async grade(item: Item, answer: string, ctx: SayContext): Promise<ModelGrade | undefined> {
      if (item.answer.type !== 'rubric') return undefined;
      return structured(gradeSchema, gradePrompt(options.prompts, item, answer, options.redactions), ctx, 'grade', (v) => {
        const parsed = gradeSchema.safeParse(v);
        return parsed.success ? parsed.data : undefined;
      });
    },
    async diagnose(item: Item, answer: string, ctx: SayContext): Promise<Diagnosis | undefined> {
      return structured(diagnosisSchema, diagnosisPrompt(options.prompts, item, answer, options.redactions), ctx, 'diagnose', (v) => {
        const parsed = diagnosisSchema.safeParse(v);
        return parsed.success ? parsed.data : undefined;
      });
    },
  };
}
