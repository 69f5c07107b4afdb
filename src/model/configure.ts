// Which model speaks: PONDER_MODEL names one ("anthropic:<id>", "openai:<id>", "ollama:<id>", any provider
// LangChain knows, or "offline"); without it, Anthropic when ANTHROPIC_API_KEY is set, else offline.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Model } from './model.ts';
import { createOfflineModel } from './offline.ts';
import { loadPrompts } from './prompts.ts';
import { parseRedactions } from './redact.ts';

export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-4-6';
const PROMPTS_DIR = resolve(fileURLToPath(new URL('../../prompts', import.meta.url)));

export interface ModelSettings {
  model?: string;
  anthropicApiKey?: string;
  anthropicBaseUrl?: string;
  baseUrl?: string;
  timeoutMs: number;
  maxRetries: number;
  redact?: string;
  promptsDir?: string;
  /** Ask the model as a judge about replies the guard's rules cannot read (PONDER_GUARD_JUDGE=on). */
  guardJudge?: boolean;
}

export function modelSettingsFromEnv(env: Record<string, string | undefined> = process.env): ModelSettings {
  return {
    ...(env.PONDER_MODEL ? { model: env.PONDER_MODEL } : {}),
    ...(env.ANTHROPIC_API_KEY ? { anthropicApiKey: env.ANTHROPIC_API_KEY } : {}),
    ...(env.ANTHROPIC_BASE_URL ? { anthropicBaseUrl: env.ANTHROPIC_BASE_URL } : {}),
    ...(env.PONDER_MODEL_BASE_URL ? { baseUrl: env.PONDER_MODEL_BASE_URL } : {}),
    timeoutMs: Number(env.PONDER_MODEL_TIMEOUT_MS ?? 20_000),
    maxRetries: Number(env.PONDER_MODEL_RETRIES ?? 2),
    ...(env.PONDER_REDACT !== undefined ? { redact: env.PONDER_REDACT } : {}),
    ...(env.PONDER_PROMPTS ? { promptsDir: env.PONDER_PROMPTS } : {}),
    ...(env.PONDER_GUARD_JUDGE === 'on' ? { guardJudge: true } : {}),
  };
}

export async function createConfiguredModel(settings: ModelSettings): Promise<Model> {
  const name = settings.model ?? (settings.anthropicApiKey ? `anthropic:${DEFAULT_ANTHROPIC_MODEL}` : 'offline');
  if (name === 'offline') return createOfflineModel();
  const prompts = loadPrompts(settings.promptsDir ?? PROMPTS_DIR);
  const redactions = parseRedactions(settings.redact);
  const [provider, ...rest] = name.split(':');
  const id = rest.join(':');
  if (provider === 'anthropic') {
    if (!settings.anthropicApiKey) {
      throw Object.assign(new Error(`PONDER_MODEL=${name} needs ANTHROPIC_API_KEY. Fix: set it, or set PONDER_MODEL=offline`), { code: 'CONFIG_INVALID' });
    }
    // Each provider's SDK loads only when it is the one configured: an offline start pays for none of them.
    const { createAnthropicModel } = await import('./anthropic.ts');
    return createAnthropicModel({
      apiKey: settings.anthropicApiKey,
      ...(settings.anthropicBaseUrl ?? settings.baseUrl ? { baseURL: settings.anthropicBaseUrl ?? settings.baseUrl } : {}),
      model: id || DEFAULT_ANTHROPIC_MODEL,
      prompts,
      redactions,
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
    });
  }
  if (!provider || !id) {
    throw Object.assign(new Error(`PONDER_MODEL=${name} is not "<provider>:<model>". Fix: e.g. anthropic:${DEFAULT_ANTHROPIC_MODEL}, openai:gpt-4o-mini, ollama:llama3.1 or offline`), { code: 'CONFIG_INVALID' });
  }
  const providerOptions: Record<string, unknown> = settings.baseUrl
    ? provider === 'ollama'
      ? { baseUrl: settings.baseUrl }
      : { configuration: { baseURL: settings.baseUrl } }
    : {};
  const { createLangChainModel } = await import('./langchain.ts');
  return createLangChainModel({ model: name, prompts, redactions, timeoutMs: settings.timeoutMs, maxRetries: settings.maxRetries, providerOptions });
}
