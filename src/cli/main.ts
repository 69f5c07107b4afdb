// The `ponder` command line.
import { Command, CommanderError } from 'commander';
import { resolve } from 'node:path';
import { defaultCurriculumDir, defaultDbPath, openPonder, type Ponder } from '../app.ts';
import { CurriculumError } from '../curriculum/problems.ts';
import { ConfigError, readEnvConfig } from '../config.ts';
import { databaseExists, describeLocation, migrateDatabase, openStore, resolveLocation } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import type { LiveChannel } from '../channel/live.ts';
import { createLogger } from './logger.ts';
import { createConfiguredModel, modelSettingsFromEnv } from '../model/configure.ts';
import { printStats } from './stats.ts';
import { PromptError } from '../model/prompts.ts';
import { runChat, runJsonl } from './chat.ts';
import { checkCurriculum } from './check.ts';
import { registerModelCommands } from './model.ts';
import { LogError } from '../evaluate/logs.ts';

/** Opens the tutor as the CLI configures it: curriculum, database, the model from the environment. */
export interface DbOptions {
  db?: string;
  curriculum?: string;
}

export async function openFromCli(options: DbOptions): Promise<Ponder> {
  const settings = modelSettingsFromEnv();
  const model = await createConfiguredModel(settings);
  const ponder = openPonder({
    dbPath: resolveLocation(options.db ?? defaultDbPath()),
    curriculumDir: resolve(options.curriculum ?? defaultCurriculumDir()),
    logger: createLogger(),
    model,
    modelBudgetMs: settings.timeoutMs,
    ...(settings.guardJudge ? { guardJudge: true } : {}),
  });
  // A database that cannot be reached or is too new stops start-up here, with its fix, not at the first turn.
  try {
    await ponder.store.ready();
  } catch (error) {
    await ponder.close().catch(() => undefined);
    throw error;
  }
  return ponder;
}

/**
 * `ponder slack`, `ponder discord`: one channel alone in this process until Ctrl-C or SIGTERM. The store is closed
 * however the channel's start-up ends.
 */
export async function runChannelAlone(options: DbOptions, start: (ponder: Ponder) => Promise<LiveChannel | undefined>, out: (text: string) => void): Promise<void> {
  const ponder = await openFromCli(options);
  let channel: LiveChannel | undefined;
  try {
    channel = await start(ponder);
  } catch (error) {
    await ponder.close();
    throw error;
  }
  out(`Ponder is running in ${channel?.name} (${channel?.where}). Ctrl-C to stop.\n`);
  await new Promise<void>((stop) => {
    process.once('SIGINT', () => stop());
    process.once('SIGTERM', () => stop());
  });
  await channel?.close();
  await ponder.close();
}

/** Opens the store a command names, failing plainly when it cannot be used. */
async function openReadyStore(db: string): Promise<Store> {
  const store = openStore(resolveLocation(db));
  try {
    await store.ready();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}

async function resolveLearner(db: string, id: string): Promise<{ learnerId: string | undefined; close: () => Promise<void>; store: Store }> {
  // Looking a learner up must not create an empty database where there was none.
  if (!databaseExists(resolveLocation(db))) throw Object.assign(new Error(`No database at ${resolveLocation(db)}. Fix: pass the --db the tutor uses, or set PONDER_DB`), { code: 'DB_NOT_FOUND' });
  const store = await openReadyStore(db);
  const learnerId = (await store.learnerFor(id)) ?? ((await store.load(id)) ? id : undefined);
  return { learnerId, store, close: () => store.close() };
}

const DB_HELP = 'SQLite database file or postgres:// URL (default: $PONDER_DB or ./data/ponder.db)';

/** Commands that live outside the core (the web server, the platform adapters) join the program here. */
export type CliExtension = (program: Command, io: { out: (s: string) => void; err: (s: string) => void }) => void;

export function buildProgram(out: (s: string) => void, err: (s: string) => void, extensions: readonly CliExtension[] = []): Command {
  const program = new Command('ponder')
    .description('A Socratic tutor: one dialogue core, a profile for every learner.')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError();

  program
    .command('chat')
    .description('Chat with the tutor in the terminal, on the bundled curriculum, with no API key.')
    .option('--jsonl', 'read one JSON turn per line ({"text": ...} or {"choice": ...}) and write one JSON result per line')
    .option('--learner <id>', 'who is chatting (default: your user name)')
    .option('--db <path>', DB_HELP)
    .option('--curriculum <dir>', 'folder of curriculum packs (default: the bundled curriculum/)')
    .action(async (options: DbOptions & { jsonl?: boolean; learner?: string }) => {
      const ponder = await openFromCli(options);
      try {
        const identity = `cli:${options.learner ?? process.env.USER ?? 'learner'}`;
        if (options.jsonl) await runJsonl(ponder.tutor, identity, process.stdin, out);
        else {
          err(`Ponder: model ${ponder.tutor.modelId}, ${ponder.curriculum.packs.size} topics, data in ${describeLocation(resolveLocation(options.db ?? defaultDbPath()))}. Type "help" for commands, Ctrl-D to leave.\n`);
          await runChat(ponder.tutor, identity, process.stdin, out, process.stdout.isTTY === true && !process.env.NO_COLOR);
        }
      } finally {
        await ponder.close();
      }
    });

  const curriculum = program.command('curriculum').description('Work with curriculum packs.');
  curriculum
    .command('check')
    .description('Validate packs: every error with file, line, field and fix, and content lint.')
    .argument('[path]', 'a pack folder or a folder of packs', defaultCurriculumDir())
    .option('--json', 'print one JSON object')
    .action((path: string, options: { json?: boolean }) => {
      const ok = checkCurriculum(resolve(path), options.json === true, out);
      if (!ok) process.exitCode = 1;
    });

  program
    .command('stats')
    .description('Language-model use: calls, tokens (input, cached, output) and latency, per model and purpose.')
    .option('--db <path>', DB_HELP, defaultDbPath())
    .option('--json', 'print one JSON object')
    .action(async (options: { db: string; json?: boolean }) => {
      const store = await openReadyStore(options.db);
      try {
        printStats(await store.modelStats(), options.json === true, out);
      } finally {
        await store.close();
      }
    });

  const guard = program.command('guard').description('The answer guard.');
  guard
    .command('evaluate')
    .description('Precision and recall of the leak detector on MRBench-format JSON (labelled tutor responses).')
    .argument('<file>', 'an MRBench-format JSON file')
    .option('--json', 'print one JSON object')
    .option('--seen <file>', 'provenance: JSON {"seen": "all" | "none" | [conversation ids or indices]} of the dialogues read while writing rules')
    .action(async (file: string, options: { json?: boolean; seen?: string }) => {
      // Imported here: only this command needs the guard's evaluation code.
      const { evaluateGuardCommand } = await import('./guard.ts');
      const ok = await evaluateGuardCommand(resolve(file), { json: options.json === true, ...(options.seen ? { seen: resolve(options.seen) } : {}) }, out);
      if (!ok) process.exitCode = 1;
    });

  registerModelCommands(program, out, err);

  for (const extend of extensions) extend(program, { out, err });

  const learners = program.command('learners').description('Export or delete one learner\'s data.');
  learners
    .command('export')
    .description('Print everything stored about a learner as JSON.')
    .argument('<id>', 'learner id or identity (e.g. cli:sam)')
    .option('--db <path>', DB_HELP, defaultDbPath())
    .action(async (id: string, options: { db: string }) => {
      const { learnerId, store, close } = await resolveLearner(options.db, id);
      try {
        const data = learnerId ? await store.exportLearner(learnerId) : undefined;
        if (!data) {
          err(`No learner "${id}" in ${describeLocation(options.db)}.\n`);
          process.exitCode = 1;
          return;
        }
        out(`${JSON.stringify(data, null, 2)}\n`);
      } finally {
        await close();
      }
    });
  learners
    .command('delete')
    .description('Delete every row about a learner.')
    .argument('<id>', 'learner id or identity (e.g. cli:sam)')
    .option('--db <path>', DB_HELP, defaultDbPath())
    .option('--wait <seconds>', 'how long to wait for another reader of the database to let the erasure finish', '30')
    .action(async (id: string, options: { db: string; wait: string }) => {
      const waitMs = Math.max(0, Number(options.wait) || 0) * 1000;
      const { learnerId, store, close } = await resolveLearner(options.db, id);
      try {
        if (!learnerId) {
          err(`No learner "${id}" in ${describeLocation(options.db)}.\n`);
          process.exitCode = 1;
          return;
        }
        const before = await store.countRows(learnerId);
        const result = await store.forget(learnerId);
        const total = Object.values(before).reduce((a, b) => a + b, 0);
        out(`Deleted learner ${learnerId}: ${total} rows (${Object.entries(before).map(([t, n]) => `${t} ${n}`).join(', ')}).\n`);
        // Another connection reading the database keeps old copies in its write-ahead log: wait for it, and say
        // so plainly if it does not let go, rather than report an erasure that has not happened.
        if (!result.complete && !(await store.erasureSettled(waitMs))) {
          if (isPostgres(options.db)) {
            err(`The rows are deleted, but PostgreSQL still keeps their old versions: another session holds a snapshot older than the deletion (a long report, a backup, a replica), or Ponder's role may not see other sessions (grant it pg_read_all_stats). Any Ponder process vacuums them away once that snapshot ends.\n`);
            process.exitCode = 3;
            return;
          }
          err(`Copies of the deleted rows are still in ${options.db}-wal, because another connection is reading the database (a backup, a report, a running server). They are erased as soon as it finishes and any Ponder command opens the database again (this one included).\n`);
          process.exitCode = 3;
        } else if (!result.complete) {
          out('The last copies in the write-ahead log were erased once another reader let go.\n');
        }
      } finally {
        await close();
      }
    });
  const db = program.command('db').description('The database.');
  db.command('migrate')
    .description('Bring the database schema up to date (every Ponder process also does this as it starts).')
    .option('--db <path>', DB_HELP, defaultDbPath())
    .action(async (options: { db: string }) => {
      const location = resolveLocation(options.db);
      const { from, to } = await migrateDatabase(location);
      out(from === to ? `${describeLocation(location)}: schema is up to date (version ${to}).\n` : `${describeLocation(location)}: schema migrated from version ${from} to ${to}.\n`);
    });
  return program;
}

const isPostgres = (db: string): boolean => /^postgres(ql)?:\/\//i.test(db);

export async function main(
  argv: string[],
  extensions: readonly CliExtension[] = [],
  out = (s: string) => void process.stdout.write(s),
  err = (s: string) => void process.stderr.write(s),
): Promise<number> {
  const program = buildProgram(out, err, extensions);
  try {
    readEnvConfig();
    await program.parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const startupError = error instanceof CurriculumError || error instanceof ConfigError || error instanceof PromptError || error instanceof LogError || ['CONFIG_INVALID', 'DB_UNREACHABLE', 'DB_TOO_NEW'].includes((error as { code?: string } | null)?.code ?? '');
    if (startupError) {
      err(`${(error as Error).message}\n`);
      return 2;
    }
    const e = error as Error & { code?: string };
    err(`ponder: ${e.message}${e.code ? ` (${e.code})` : ''}\n`);
    return 1;
  }
}
