// `ponder start` (the tutor server) and `ponder token` (a signed learner token for testing a site).
import type { Command } from 'commander';
import { pino } from 'pino';
import { describeLocation, openFromCli, resolveLocation, type CliExtension, type Ponder } from '../../src/index.ts';
import { readWebConfig, type WebConfig } from './config.ts';
import { createWebAdapter, ListenError, type WebAdapter } from './server.ts';
import { signLearnerToken } from './tokens.ts';

/** A site offering a pack the curriculum does not have is a configuration mistake: named at start-up, with the fix. */
export function unknownSitePacks(sites: WebConfig['sites'], packs: ReadonlySet<string>): string | undefined {
  for (const [site, settings] of Object.entries(sites)) {
    const missing = (settings.packs ?? []).filter((p) => !packs.has(p));
    if (missing.length) {
      return `The configuration is invalid:\n  site "${site}" offers ${missing.map((m) => `"${m}"`).join(', ')}, which the curriculum does not have. Fix: use pack ids from ${[...packs].join(', ')}`;
    }
  }
  return undefined;
}

/** Another channel `ponder start` runs in the same process and database when its settings are present. */
export type ChannelStarter = (ponder: Ponder) => Promise<{ name: string; where: string; close(): Promise<void> } | undefined>;

export const webCommands: CliExtension = webCommandsWith([]);

/** `ponder start` and `ponder token`, with the other channels that `start` runs beside the web server. */
export function webCommandsWith(channels: readonly ChannelStarter[]): CliExtension {
  return (program: Command, io) => addWebCommands(program, io, channels);
}

function addWebCommands(program: Command, { out, err }: { out: (s: string) => void; err: (s: string) => void }, channels: readonly ChannelStarter[]): void {
  program
    .command('start')
    .description('Start the tutor server: the web API, the widget and a demo page (PORT, default 3000).')
    .option('--db <path>', 'SQLite database file or postgres:// URL (default: $PONDER_DB or ./data/ponder.db)')
    .option('--curriculum <dir>', 'folder of curriculum packs (default: the bundled curriculum/)')
    .option('--port <port>', 'port to listen on (default: $PORT or 3000)')
    .action(async (options: { db?: string; curriculum?: string; port?: string }) => {
      const config = readWebConfig(process.env, options.port !== undefined ? { port: options.port } : {});
      const ponder = await openFromCli(options);
      const unknown = unknownSitePacks(config.sites, new Set(ponder.curriculum.packs.keys()));
      if (unknown) {
        await ponder.close();
        err(`${unknown}\n`);
        process.exitCode = 2;
        return;
      }
      // Refused origins and failed requests go to stderr, where the operator looks, at PONDER_LOG_LEVEL.
      const logger = pino({ level: process.env.PONDER_LOG_LEVEL ?? 'warn' }, pino.destination(2));
      let web: WebAdapter;
      try {
        web = await createWebAdapter({ tutor: ponder.tutor, classroom: ponder.classroom, config, logger });
      } catch (error) {
        await ponder.close();
        if (!(error instanceof ListenError)) throw error;
        // An operator's mistake, not a crash: one line with the fix, and the start-up error exit code.
        err(`${error.message}\n`);
        process.exitCode = 2;
        return;
      }
      err(`Ponder: model ${ponder.tutor.modelId}, ${ponder.curriculum.packs.size} topics, data in ${describeLocation(resolveLocation(options.db ?? process.env.PONDER_DB ?? 'data/ponder.db'))}\n`);
      // Every channel whose settings are present, in this process over this database; a wrong setting stops here.
      const live: Array<{ name: string; where: string; close(): Promise<void> }> = [];
      try {
        for (const start of channels) {
          const channel = await start(ponder);
          if (channel) live.push(channel);
        }
      } catch (error) {
        for (const channel of live) await channel.close();
        await web.close();
        await ponder.close();
        throw error;
      }
      out(`Ponder is running. Demo page: ${web.url}/  (widget ${(web.widgetGzipBytes / 1024).toFixed(1)} KB gzipped; Ctrl-C to stop)\n`);
      out(`Channels live: web (${web.url})${live.map((c) => `, ${c.name} (${c.where})`).join('')}\n`);
      await new Promise<void>((resolveStop) => {
        const stop = () => resolveStop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      for (const channel of live) await channel.close();
      await web.close();
      await ponder.close();
    });

  program
    .command('token')
    .description('Print a signed learner token for a site (for testing a host site\'s integration).')
    .argument('<site>', 'site id, with its secret in PONDER_SITE_SECRETS or the config file')
    .argument('<user>', 'the user id on the host site')
    .option('--name <name>', 'first name to greet the learner with')
    .option('--hours <hours>', 'hours until it expires', '24')
    .option('--class <code>', "a class's join code: the learner joins it (and is told so) when the widget opens")
    .action((site: string, user: string, options: { name?: string; hours: string; class?: string }) => {
      const secret = readWebConfig().sites[site]?.secret;
      if (!secret) {
        err(`Site "${site}" has no secret. Fix: set PONDER_SITE_SECRETS="${site}=<at least 16 characters>".\n`);
        process.exitCode = 1;
        return;
      }
      const exp = Math.floor(Date.now() / 1000) + Math.round(Number(options.hours) * 3600);
      out(`${signLearnerToken({ site, sub: user, exp, ...(options.name ? { name: options.name } : {}), ...(options.class ? { class: options.class } : {}) }, secret)}\n`);
    });
}
