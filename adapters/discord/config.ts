// Discord's settings from the environment, checked at start-up: a wrong one stops Ponder naming the variable and
// the fix. Without DISCORD_TOKEN there is no Discord channel, and nothing else is asked for.
import { ConfigError } from '../../src/index.ts';

export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** REST's base URL without the version (`https://discord.com/api`); the gateway's address is asked of it. */
  apiUrl?: string;
  /** The privileged Message Content intent: plain messages in a learner's thread are read too. */
  messageContent: boolean;
}

const SNOWFLAKE = /^\d{17,20}$/;
// Three base64url parts: the bot's id, a timestamp and an HMAC.
const BOT_TOKEN = /^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/;

export function readDiscordConfig(env: Record<string, string | undefined> = process.env): DiscordConfig | undefined {
  const token = env['DISCORD_TOKEN']?.trim();
  if (!token) return undefined;
  const problems: string[] = [];
  const applicationId = env['DISCORD_APPLICATION_ID']?.trim() ?? '';
  const apiUrl = env['DISCORD_API_URL']?.trim().replace(/\/+$/, '') || undefined;
  const messageContent = (env['DISCORD_MESSAGE_CONTENT']?.trim().toLowerCase() ?? '') || 'off';
  if (/^bot\s/i.test(token)) problems.push('  DISCORD_TOKEN: starts with "Bot ". Fix: set the token alone, without the "Bot " prefix');
  else if (!BOT_TOKEN.test(token)) problems.push('  DISCORD_TOKEN: not a bot token. Fix: copy it from the Developer Portal (your application → Bot → Reset Token); it has three parts separated by dots');
  if (!applicationId) problems.push('  DISCORD_APPLICATION_ID: not set. Fix: copy the Application ID from the Developer Portal (your application → General Information)');
  else if (!SNOWFLAKE.test(applicationId)) problems.push(`  DISCORD_APPLICATION_ID=${JSON.stringify(applicationId)}: not an id. Fix: the Application ID is 17 to 20 digits (your application → General Information)`);
  if (apiUrl && !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(apiUrl)) problems.push(`  DISCORD_API_URL=${JSON.stringify(apiUrl)}: not a base URL. Fix: e.g. https://discord.com/api (without /v10), or unset it`);
  if (!['on', 'off', 'true', 'false', '1', '0'].includes(messageContent)) problems.push(`  DISCORD_MESSAGE_CONTENT=${JSON.stringify(messageContent)}: not on or off. Fix: on (and turn the intent on in the Developer Portal) or off`);
  if (problems.length) throw new ConfigError(`The Discord configuration is invalid:\n${problems.join('\n')}`);
  return { token, applicationId, messageContent: ['on', 'true', '1'].includes(messageContent), ...(apiUrl ? { apiUrl } : {}) };
}
