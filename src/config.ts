// Configuration from the environment, validated at start-up: a wrong value stops Ponder with a message that
// names the variable and the fix, rather than failing later in the middle of a conversation.
import { z } from 'zod';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

function validPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}

/** A value as it may be printed: a database URL's password never is. */
function printable(name: string, value: string | undefined): string {
  if (name !== 'PONDER_DB' || value === undefined) return JSON.stringify(value);
  return JSON.stringify(value.replace(/^(\w+:\/\/[^:/@]*:)[^@]*@/, '$1***@'));
}

const envSchema = z.object({
  PONDER_DB: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .refine((v) => !/^postgres(ql)?:/i.test(v) || validPostgresUrl(v), 'not a PostgreSQL URL of the form postgres://user:password@host:5432/database')
    .optional(),
  PONDER_CURRICULUM: z.string().trim().min(1, 'must not be empty').optional(),
  PONDER_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  PONDER_MODEL: z.string().regex(/^(offline|[a-z-]+:.+)$/, 'expected "offline" or "<provider>:<model>"').optional(),
  PONDER_MODEL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  PONDER_MODEL_RETRIES: z.coerce.number().int().min(0).max(10).optional(),
  PONDER_GUARD_JUDGE: z.enum(['on', 'off']).optional(),
  PONDER_REDACT: z.string().regex(/^(none|((email|phone|card|ip|url)(,(email|phone|card|ip|url))*))?$/, 'expected "none" or a list of email, phone, card, ip, url').optional(),
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
    PONDER_MODEL: env.PONDER_MODEL,
    PONDER_MODEL_TIMEOUT_MS: env.PONDER_MODEL_TIMEOUT_MS,
    PONDER_MODEL_RETRIES: env.PONDER_MODEL_RETRIES,
    PONDER_REDACT: env.PONDER_REDACT,
    PONDER_GUARD_JUDGE: env.PONDER_GUARD_JUDGE,
  });
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const fixes: Record<string, string> = {
      PONDER_LOG_LEVEL: `use one of ${LOG_LEVELS.join(', ')}`,
      PONDER_MODEL: 'e.g. anthropic:claude-sonnet-4-6, openai:gpt-4o-mini, ollama:llama3.1 or offline',
      PONDER_MODEL_TIMEOUT_MS: 'milliseconds, e.g. 20000',
      PONDER_MODEL_RETRIES: 'a whole number from 0 to 10',
      PONDER_REDACT: 'e.g. email,phone or none',
      PONDER_GUARD_JUDGE: 'on or off',
      PONDER_DB: 'a SQLite file path, or postgres://user:password@host:5432/database',
    };
    const fix = fixes[name] ?? 'set it to a path, or unset it for the default';
    return `  environment variable ${name}=${printable(name, env[name])}: ${issue.message.replace(/^Invalid (input|option): /, '')}. Fix: ${fix}`;
  });
  throw new ConfigError(`The configuration is invalid:\n${lines.join('\n')}`);
}
