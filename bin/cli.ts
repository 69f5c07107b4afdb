// The composition root: the core's commands plus those of the adapters. bin/ponder.js runs this file's bundle
// from dist/ when it is fresh, else this file through tsx; bin/build.js bundles it.
import { buildProgram, main, type CliExtension } from '../src/cli/main.ts';

export async function run(argv: string[]): Promise<number> {
  return main(argv, isCoreCommand(argv[0]) ? [] : await adapterCommands());
}

/**
 * The web adapter's code (Hono, the server, esbuild for the widget) is loaded only when the command may be one of
 * its own: it is about a tenth of `ponder chat`'s start-up. The adapters only add commands of their own (a test in
 * test/cli/build.test.ts holds them to it), so a core command runs the same without them.
 */
export function isCoreCommand(name: string | undefined): boolean {
  if (name === undefined) return false;
  const silent = () => undefined;
  return buildProgram(silent, silent).commands.some((command) => command.name() === name || command.aliases().includes(name));
}

export async function adapterCommands(): Promise<CliExtension[]> {
  const [{ webCommandsWith }, { staffCommands }, { slackCommands, startSlackIfConfigured }, { discordCommands, startDiscordIfConfigured }] = await Promise.all([
    import('../adapters/web/cli.ts'),
    import('../adapters/web/staff-cli.ts'),
    import('../adapters/slack/cli.ts'),
    import('../adapters/discord/cli.ts'),
  ]);
  // `ponder start` runs every channel whose settings are present: the web server, and Slack and Discord beside it.
  return [webCommandsWith([startSlackIfConfigured, startDiscordIfConfigured]), staffCommands, slackCommands, discordCommands];
}
