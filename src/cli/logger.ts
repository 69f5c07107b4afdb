// Structured logs on stderr (pino), so that stdout stays clean for chat and JSON lines.
import { pino } from 'pino';
import type { Logger } from '../tutor.ts';

export function createLogger(env: Record<string, string | undefined> = process.env): Logger {
  return pino({ level: env['PONDER_LOG_LEVEL'] ?? 'warn' }, pino.destination(2));
}
