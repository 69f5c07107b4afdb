// Bolt's own messages (a refused signature, a dropped socket, a failed Web API call) in Ponder's log, where the
// operator looks, instead of on the console; debug chatter is left out.
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../src/index.ts';

const text = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');

export function boltLogger(logger: Logger): SlackLogger {
  let level = LogLevel.INFO;
  return {
    debug() {},
    info: (...parts: unknown[]) => logger.info({ channel: 'slack' }, text(parts)),
    warn: (...parts: unknown[]) => logger.warn({ channel: 'slack' }, text(parts)),
    error: (...parts: unknown[]) => logger.error({ channel: 'slack' }, text(parts)),
    setLevel: (next: LogLevel) => void (level = next),
    getLevel: () => level,
    setName() {},
  };
}
