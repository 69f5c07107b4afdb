// Plain SQL over whichever store is open, for the features beside the turn (classes, staff, dashboards): each
// statement is written once, with `?` placeholders, in the SQL that SQLite and PostgreSQL both speak
// (`INSERT … ON CONFLICT DO NOTHING`, `count(*)`, `coalesce`), and the store runs it its own way.

export type SqlValue = string | number | null;

export interface Sql {
  /** The rows a query returns. */
  all<T extends object>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Statements run in order as one transaction, retried like the store's own writes; the rows each changed. */
  write(statements: ReadonlyArray<readonly [sql: string, params: readonly SqlValue[]]>): Promise<number[]>;
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (no statement of ours has a `?` inside a string literal). */
export function dollarPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
