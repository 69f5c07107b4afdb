// Slack's settings from the environment, checked at start-up: a wrong one stops Ponder naming the variable and
// the fix. Without SLACK_BOT_TOKEN there is no Slack channel, and nothing else is asked for.
import { ConfigError } from '../../src/index.ts';

export interface SlackConfig {
  botToken: string;
  /** HTTP mode: Slack posts events to this server, signed with this secret. */
  signingSecret?: string;
  /** Socket Mode (the default when set): the app connects out to Slack, no public address needed. */
  appToken?: string;
  apiUrl?: string;
  /** HTTP mode's port (events at /slack/events). */
  port: number;
}

export function readSlackConfig(env: Record<string, string | undefined> = process.env): SlackConfig | undefined {
  const botToken = env['SLACK_BOT_TOKEN']?.trim();
  if (!botToken) return undefined;
  const problems: string[] = [];
  const appToken = env['SLACK_APP_TOKEN']?.trim() || undefined;
  const signingSecret = env['SLACK_SIGNING_SECRET']?.trim() || undefined;
  const apiUrl = env['SLACK_API_URL']?.trim() || undefined;
  const port = Number(env['SLACK_PORT'] ?? 3001);
  if (!botToken.startsWith('xoxb-')) problems.push('  SLACK_BOT_TOKEN: not a bot token. Fix: copy the "Bot User OAuth Token" (xoxb-…) from the app\'s OAuth & Permissions page');
  if (appToken && !appToken.startsWith('xapp-')) problems.push('  SLACK_APP_TOKEN: not an app-level token. Fix: create one with the connections:write scope under Basic Information (xapp-…)');
  if (!appToken && !signingSecret) {
    problems.push('  SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: neither is set. Fix: set SLACK_APP_TOKEN for Socket Mode (no public URL needed), or SLACK_SIGNING_SECRET for HTTP mode');
  }
  if (apiUrl && !/^https?:\/\/[^\s]+\/$/.test(apiUrl)) problems.push(`  SLACK_API_URL=${JSON.stringify(apiUrl)}: not a base URL. Fix: e.g. https://slack.com/api/ (with the trailing slash)`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('  SLACK_PORT: not a port. Fix: a whole number from 0 to 65535');
  if (problems.length) throw new ConfigError(`The Slack configuration is invalid:\n${problems.join('\n')}`);
  return { botToken, port, ...(appToken ? { appToken } : {}), ...(signingSecret ? { signingSecret } : {}), ...(apiUrl ? { apiUrl } : {}) };
}
