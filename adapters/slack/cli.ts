// `ponder slack` (Slack alone) and the Slack channel that `ponder start` adds when its settings are present.
import type { Command } from 'commander';
import { createLogger, runChannelAlone, type CliExtension, type LiveChannel, type Ponder } from '../../src/index.ts';
import { readSlackConfig } from './config.ts';

/** Slack beside the other channels of one process, when SLACK_BOT_TOKEN is set; undefined when it is not. */
export async function startSlackIfConfigured(ponder: Ponder, env: Record<string, string | undefined> = process.env): Promise<LiveChannel | undefined> {
  const config = readSlackConfig(env);
  if (!config) return undefined;
  // Refused requests and failed Slack calls go to stderr, where the operator looks, at PONDER_LOG_LEVEL.
  const logger = createLogger(env);
  // Bolt is loaded only where Slack is configured: `ponder start` without it does not pay for it.
  const { createSlackAdapter } = await import('./app.ts');
  const adapter = await createSlackAdapter({ tutor: ponder.tutor, ...config, logger }, { port: config.port, host: '0.0.0.0' });
  return { name: 'Slack', where: adapter.url, close: () => adapter.close() };
}

export const slackCommands: CliExtension = (program: Command, { out, err }) => {
  program
    .command('slack')
    .description('Run the tutor in Slack alone (SLACK_BOT_TOKEN, and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET).')
    .option('--db <path>', 'SQLite database file or postgres:// URL (default: $PONDER_DB or ./data/ponder.db)')
    .option('--curriculum <dir>', 'folder of curriculum packs (default: the bundled curriculum/)')
    .action(async (options: { db?: string; curriculum?: string }) => {
      // Checked before anything opens: a missing setting is named with its fix.
      if (!readSlackConfig(process.env)) {
        err('Slack is not configured. Fix: set SLACK_BOT_TOKEN (xoxb-…) and SLACK_APP_TOKEN (xapp-…, Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode); see adapters/slack/README.md\n');
        process.exitCode = 2;
        return;
      }
      await runChannelAlone(options, (ponder) => startSlackIfConfigured(ponder), out);
    });
};
