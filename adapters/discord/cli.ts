// `ponder discord` (Discord alone), `ponder discord register`, and the Discord channel that `ponder start` adds
// when its settings are present.
import type { Command } from 'commander';
import { createLogger, runChannelAlone, type CliExtension, type LiveChannel, type Ponder } from '../../src/index.ts';
import { readDiscordConfig } from './config.ts';

const NOT_CONFIGURED = 'Discord is not configured. Fix: set DISCORD_TOKEN and DISCORD_APPLICATION_ID; see adapters/discord/README.md\n';

/** Discord beside the other channels of one process, when DISCORD_TOKEN is set; undefined when it is not. */
export async function startDiscordIfConfigured(ponder: Ponder, env: Record<string, string | undefined> = process.env): Promise<LiveChannel | undefined> {
  const config = readDiscordConfig(env);
  if (!config) return undefined;
  // REST failures and refused threads go to stderr, where the operator looks, at PONDER_LOG_LEVEL.
  const logger = createLogger(env);
  // discord.js is loaded only where Discord is configured: `ponder start` without it does not pay for it.
  const { createDiscordAdapter } = await import('./app.ts');
  const adapter = await createDiscordAdapter({ tutor: ponder.tutor, logger, ...config });
  return { name: 'Discord', where: adapter.where, close: () => adapter.close() };
}

export const discordCommands: CliExtension = (program: Command, { out, err }) => {
  const discord = program
    .command('discord')
    .description('Run the tutor in Discord alone (DISCORD_TOKEN, DISCORD_APPLICATION_ID); `discord register` adds /ponder.')
    .option('--db <path>', 'SQLite database file or postgres:// URL (default: $PONDER_DB or ./data/ponder.db)')
    .option('--curriculum <dir>', 'folder of curriculum packs (default: the bundled curriculum/)')
    .action(async (options: { db?: string; curriculum?: string }) => {
      // Checked before anything opens: a missing setting is named with its fix.
      if (!readDiscordConfig(process.env)) {
        err(NOT_CONFIGURED);
        process.exitCode = 2;
        return;
      }
      await runChannelAlone(options, (ponder) => startDiscordIfConfigured(ponder), out);
    });

  discord
    .command('register')
    .description('Register the /ponder slash command: in one server with --guild (shown at once), else globally.')
    .option('--guild <id>', 'the server (guild) id: right-click the server with Developer Mode on → Copy Server ID')
    .action(async (options: { guild?: string }) => {
      const config = readDiscordConfig(process.env);
      if (!config) {
        err(NOT_CONFIGURED);
        process.exitCode = 2;
        return;
      }
      const { inviteUrl, registerCommands } = await import('./register.ts');
      if (options.guild !== undefined && !/^\d{17,20}$/.test(options.guild)) {
        err(`--guild ${JSON.stringify(options.guild)}: not a server id. Fix: turn on Developer Mode (User Settings → Advanced), right-click the server → Copy Server ID\n`);
        process.exitCode = 2;
        return;
      }
      try {
        await registerCommands(config, options.guild);
      } catch (error) {
        err(`Discord refused the commands: ${(error as Error).message}. Fix: check DISCORD_TOKEN and DISCORD_APPLICATION_ID belong to the same application${options.guild ? ', and that the bot is in that server' : ''}\n`);
        process.exitCode = 1;
        return;
      }
      out(options.guild ? `Registered /ponder in server ${options.guild}: it shows there at once.\n` : 'Registered /ponder globally: Discord can take a few minutes to show it in every server.\n');
      out(`Add the bot to a server with: ${inviteUrl(config.applicationId)}\n`);
    });
};
