// Starts one private PostgreSQL server for the whole run, so that every store test also runs on PostgreSQL.
// PONDER_TEST_POSTGRES names a server to use instead. Without either, the PostgreSQL tests are skipped, loudly,
// unless PONDER_REQUIRE_POSTGRES=1 (CI), which makes the run fail instead.
import type { TestProject } from 'vitest/node';
import { startPostgres } from './helpers/postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of a PostgreSQL server for the tests, or '' when none is available. */
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env['PONDER_TEST_POSTGRES'];
  if (given) {
    project.provide('postgresUrl', given);
    return async () => {};
  }
  const server = await startPostgres();
  if (!server) {
    if (process.env['PONDER_REQUIRE_POSTGRES'] === '1') {
      throw new Error('PostgreSQL is required (PONDER_REQUIRE_POSTGRES=1) but its server is not installed. Fix: apt-get install postgresql');
    }
    process.stderr.write('\nPostgreSQL server not installed: the PostgreSQL store tests are skipped. Install it (apt-get install postgresql) to run them.\n\n');
    project.provide('postgresUrl', '');
    return async () => {};
  }
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
