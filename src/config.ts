// Configuration from the environment, validated at start-up: a wrong value stops Ponder with a message that
// names the variable and the fix, rather than failing later in the middle of a conversation.
import { z } from 'zod';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

const envSchema = z.object({
  PONDER_DB: z.string().trim().min(1, 'must not be empty').optional(),
  PONDER_CURRICULUM: z.string().trim().min(1, 'must not be empty').optional(),
  PONDER_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
});

export type EnvConfig = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export function readEnvConfig(env: Record<string, string | undefined> = process.env): EnvConfig {
  const result = envSchema.safeParse({
    PONDER_DB: env.PONDER_DB,
    PONDER_CURRICULUM: env.PONDER_CURRICULUM,
    PONDER_LOG_LEVEL: env.PONDER_LOG_LEVEL,
  });
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const fix = name === 'PONDER_LOG_LEVEL' ? `use one of ${LOG_LEVELS.join(', ')}` : 'set it to a path, or unset it for the default';
    return `  environment variable ${name}=${JSON.stringify(env[name])}: ${issue.message.replace(/^Invalid (input|option): /, '')}. Fix: ${fix}`;
  });
  throw new ConfigError(`The configuration is invalid:\n${lines.join('\n')}`);
}
