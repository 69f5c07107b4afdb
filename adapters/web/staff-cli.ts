// `ponder class create|list` and `ponder staff add`: how an operator sets up classes and lets staff in. A staff
// member gets a one-time sign-in link to the teachers' pages (no e-mail server needed: the operator passes it on).
import type { Command } from 'commander';
import { openFromCli, type CliExtension } from '../../src/index.ts';
import { readWebConfig } from './config.ts';

const dbOptions = (command: Command) =>
  command
    .option('--db <path>', 'SQLite database file or postgres:// URL (default: $PONDER_DB or ./data/ponder.db)')
    .option('--curriculum <dir>', 'folder of curriculum packs (default: the bundled curriculum/)');

/** Where staff reach the server: PONDER_PUBLIC_URL (or the config file's publicUrl), else this machine's port. */
function serverOrigin(): string {
  const config = readWebConfig(process.env);
  return config.publicOrigin ?? `http://localhost:${config.port}`;
}

export const staffCommands: CliExtension = (program: Command, { out, err }) => {
  const classes = program.command('class').description('Classes: learners join one with its code (`join <code>` in any channel)');
  dbOptions(classes.command('create <name>').description('Create a class (or show the one of that name) and print its join code')).action(
    async (name: string, options: { db?: string; curriculum?: string }) => {
      const ponder = await openFromCli(options);
      try {
        const cls = await ponder.classroom.createClass(name);
        out(`Class "${cls.name}": learners join with   join ${cls.joinCode.slice(0, 4)}-${cls.joinCode.slice(4)}\n`);
      } finally {
        await ponder.close();
      }
    },
  );
  dbOptions(classes.command('list').description('List the classes with their join codes and how many learners joined')).action(async (options: { db?: string; curriculum?: string }) => {
    const ponder = await openFromCli(options);
    try {
      const rows = await ponder.store.sql.all<{ name: string; join_code: string; learners: number }>(
        'SELECT c.name AS name, c.join_code AS join_code, (SELECT count(*) FROM class_members m WHERE m.class_id = c.id) AS learners FROM classes c ORDER BY c.name',
      );
      if (rows.length === 0) out('No classes yet: `ponder class create "Year 5 Maths"` makes one.\n');
      for (const r of rows) out(`${r.name}\t${r.join_code.slice(0, 4)}-${r.join_code.slice(4)}\t${r.learners} learner${Number(r.learners) === 1 ? '' : 's'}\n`);
    } finally {
      await ponder.close();
    }
  });

  const staff = program.command('staff').description('Staff who see classes on the teachers\' pages (/teach)');
  dbOptions(
    staff
      .command('add <email>')
      .description('Add a staff member (to a class with --class, created if new) and print a one-time sign-in link, valid 24 hours')
      .option('--class <name>', 'the class they teach or manage'),
  ).action(async (email: string, options: { db?: string; curriculum?: string; class?: string }) => {
    const ponder = await openFromCli(options);
    try {
      const added = await ponder.classroom.addStaff(email, options.class);
      out(`Sign-in link for ${email.trim().toLowerCase()}${options.class ? ` (${options.class})` : ''}, valid once within 24 hours:\n${serverOrigin()}/teach/sign-in?token=${added.token}\n`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'STAFF_EMAIL' && code !== 'CLASS_NAME') throw error;
      err(`${(error as Error).message}\n`);
      process.exitCode = 2;
    } finally {
      await ponder.close();
    }
  });
};
