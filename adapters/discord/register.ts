// Registers `/ponder` with Discord: for one server (shown at once, for trying it out) or for every server the bot
// is in. Registering replaces the application's commands in that scope, so running it again is harmless.
import { OAuth2Scopes, PermissionFlagsBits, REST, Routes } from 'discord.js';
import { ponderCommand } from './commands.ts';
import type { DiscordConfig } from './config.ts';

/**
 * What the bot needs in a server, and no more: see channels and read the history of the message it replies to,
 * post, embed progress, and open a private (else public) thread per learner and talk in it. Files go to DMs.
 */
export const PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads;

/** The link a server owner opens to add the bot with those permissions and its slash commands. */
export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({ client_id: applicationId, scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '), permissions: PERMISSIONS.toString() });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}

export async function registerCommands(config: Pick<DiscordConfig, 'token' | 'applicationId' | 'apiUrl'>, guild?: string): Promise<void> {
  const rest = new REST({ version: '10', ...(config.apiUrl ? { api: config.apiUrl } : {}) }).setToken(config.token);
  const route = guild ? Routes.applicationGuildCommands(config.applicationId, guild) : Routes.applicationCommands(config.applicationId);
  await rest.put(route, { body: [ponderCommand()] });
}
