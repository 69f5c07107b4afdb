// "Forget me" checked the hard way: every table of the database scanned for anything that names the learner,
// not only the tables the store knows to be about learners.
import Database from 'better-sqlite3';

/** Rows, in any table of the SQLite file, with a text value containing any of `needles`. */
export function rowsMentioning(dbPath: string, needles: readonly string[]): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
    let found = 0;
    for (const { name } of tables) {
      const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all().map((c) => c.name);
      if (columns.length === 0 || needles.length === 0) continue;
      const where = needles.flatMap((_, i) => columns.map((c) => `instr(CAST("${c}" AS TEXT), @n${i}) > 0`)).join(' OR ');
      const params = Object.fromEntries(needles.map((n, i) => [`n${i}`, n]));
      found += db.prepare<Record<string, string>, { n: number }>(`SELECT count(*) AS n FROM "${name}" WHERE ${where}`).get(params)?.n ?? 0;
    }
    return found;
  } finally {
    db.close();
  }
}

/**
 * A scan for one learner that keeps working after they are forgotten: their id is looked up while it still
 * resolves, then remembered, so the scan after "forget me" looks for the same learner.
 */
export function learnerScanner(dbPath: string, learnerFor: (identity: string) => Promise<string | undefined>): (identity: string) => Promise<number> {
  const ids = new Map<string, string>();
  return async (identity) => {
    const id = (await learnerFor(identity)) ?? ids.get(identity);
    if (id) ids.set(identity, id);
    return rowsMentioning(dbPath, id ? [identity, id] : [identity]);
  };
}
