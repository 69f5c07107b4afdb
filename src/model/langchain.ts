// Any chat model LangChain knows, from a string such as "openai:gpt-4o-mini" or "ollama:llama3.1" (a local
// model, for schools whose data must not leave their servers), through langchain's universal initChatModel.
// Same prompts, the same structured grading and diagnosis (through tool calling where the provider has it),
// and the same one-word judge for the answer guard.
import { initChatModel } from 'langchain/chat_models/universal';
import { HumanMessage, SystemMessage, type AIMessageChunk, type BaseMessage, type MessageContent } from '@langchain/core/messages';
import type { Item } from '../curriculum/pack.ts';
import { buildPrompt, stableParts } from './llm-prompt.ts';
import type { Diagnosis, JudgeRequest, JudgeVerdict, Model, ModelGrade, ModelUsage, SayContext } from './model.ts';
import type { Prompts } from './prompts.ts';
import type { Redaction } from './redact.ts';
import { diagnosisPrompt, diagnosisSchema, gradePrompt, gradeSchema, JUDGE_MAX_CHARS, JUDGE_MAX_TOKENS, judgePrompt, judgeVerdict } from './structured.ts';

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

/** The reply's words; undefined when it holds anything else (a tool call, an image), which no verdict reads. */
function textOnly(content: MessageContent): string | undefined {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) {
    if (part.type !== 'text' || typeof part.text !== 'string') return undefined;
    text += part.text;
  }
  return text;
}

export async function createLangChainModel(options: LangChainModelOptions): Promise<Model> {
  const base = { maxRetries: options.maxRetries, timeout: options.timeoutMs, ...options.providerOptions };
  const chat = await initChatModel(options.model, base);
  // A second instance for the judge: a one-word answer, as repeatable as the provider allows. Ollama names
  // the output cap numPredict; the others maxTokens.
  const ollama = options.model.startsWith('ollama:');
  const judgeChat = await initChatModel(options.model, {
    ...base,
    temperature: 0,
    ...(ollama ? { numPredict: JUDGE_MAX_TOKENS } : { maxTokens: JUDGE_MAX_TOKENS }),
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
    /**
     * 'safe' only for a clear "no"; any other answer is 'leak'. An error, a timeout or an abort rejects, as the
     * other calls do, so that the caller (which fails closed) can log why the judge could not answer.
     * The system text is the one `say` sends, then the judge's rules: a provider's prefix cache serves both.
     */
    async judge(request: JudgeRequest, ctx: SayContext): Promise<JudgeVerdict> {
      if (request.text.length > JUDGE_MAX_CHARS) return 'leak';
      const { system, context } = stableParts(options.prompts, ctx.pack);
      const started = Date.now();
      const reply = await judgeChat.invoke(
        [new SystemMessage(`${system}\n\n${context}\n\n${options.prompts.judge.rules}`), new HumanMessage(judgePrompt(options.prompts, request))],
        ctx.signal ? { signal: ctx.signal } : {},
      );
      report(ctx, 'judge', usageOf(reply), started);
      if (reply.tool_calls?.length) return 'leak';
      const text = textOnly(reply.content);
      return text === undefined ? 'leak' : judgeVerdict(text);
    },
  };
}
