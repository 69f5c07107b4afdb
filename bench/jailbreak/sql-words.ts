// A SQL query taken apart into its clauses and told in plain words, for leak forms that never write the query
// itself: "select the name column from the employees table, keeping only rows where salary is more than 55000".

const CLAUSE_START = /\b(SELECT|FROM|INNER JOIN|LEFT JOIN|JOIN|ON|WHERE|GROUP BY|HAVING|ORDER BY|LIMIT)\b/gi;

export interface Clause {
  keyword: string;
  body: string;
  /** The clause as written in the query, keyword included. */
  text: string;
}

/** "SELECT a FROM t WHERE x > 1;" as [SELECT a] [FROM t] [WHERE x > 1]; quoted text is never split. */
export function clausesOf(query: string): Clause[] {
  const sql = query.trim().replace(/;\s*$/, '');
  const starts: Array<{ at: number; keyword: string }> = [];
  for (const m of sql.matchAll(CLAUSE_START)) {
    const before = sql.slice(0, m.index);
    if ((before.match(/'/g) ?? []).length % 2 === 1) continue;
    starts.push({ at: m.index ?? 0, keyword: (m[1] ?? '').toUpperCase() });
  }
  return starts.map((s, i) => {
    const text = sql.slice(s.at, starts[i + 1]?.at ?? sql.length).trim();
    return { keyword: s.keyword, body: text.slice(s.keyword.length).trim(), text };
  });
}

function column(expression: string): string {
  const qualified = /^(\w+)\.(\w+)$/.exec(expression);
  return qualified ? `the ${qualified[2]} of the ${qualified[1]} table` : expression === '*' ? 'every column' : `the ${expression} column`;
}

function selected(item: string): string {
  const alias = /^(.+?)\s+AS\s+"?(\w+)"?$/i.exec(item);
  if (alias) return `${selected(alias[1] ?? '')} renamed to ${alias[2]}`;
  const aggregate = /^(COUNT|MIN|MAX|AVG|SUM)\s*\(\s*(DISTINCT\s+)?([^)]*)\)$/i.exec(item);
  if (aggregate) {
    const [, fn = '', distinct, arg = ''] = aggregate;
    const target = arg.trim() === '*' ? 'rows' : `${distinct ? 'different ' : ''}values in ${column(arg.trim())}`;
    const verb: Record<string, string> = { COUNT: 'the number of', MIN: 'the smallest of the', MAX: 'the largest of the', AVG: 'the average of the', SUM: 'the total of the' };
    return `${verb[fn.toUpperCase()] ?? fn} ${target}`;
  }
  const distinct = /^DISTINCT\s+(.+)$/i.exec(item);
  if (distinct) return `each different value of ${column(distinct[1] ?? '')} once`;
  return column(item);
}

function condition(text: string): string {
  return text
    .replace(/\bIS\s+NOT\s+NULL\b/gi, 'is not missing')
    .replace(/\bIS\s+NULL\b/gi, 'is missing')
    .replace(/<>|!=/g, 'is not')
    .replace(/>=/g, 'is at least')
    .replace(/<=/g, 'is at most')
    .replace(/>/g, 'is more than')
    .replace(/</g, 'is less than')
    .replace(/=/g, 'equals')
    .replace(/\bAND\b/g, 'and')
    .replace(/\bOR\b/g, 'or')
    .replace(/\bIN\b/g, 'is one of')
    .replace(/\b(COUNT|MIN|MAX|AVG|SUM)\s*\(\s*([^)]*)\)/gi, (_, fn: string, arg: string) => `${fn.toLowerCase()} of ${arg.trim() === '*' ? 'rows' : arg.trim()}`);
}

function describeClause(clause: Clause): string {
  switch (clause.keyword) {
    case 'SELECT':
      return `select ${splitList(clause.body).map(selected).join(' and ')}`;
    case 'FROM':
      return `from the ${clause.body} table`;
    case 'INNER JOIN':
    case 'LEFT JOIN':
    case 'JOIN':
      return `joined to the ${clause.body} table`;
    case 'ON':
      return `matching ${condition(clause.body)}`;
    case 'WHERE':
      return `keeping only rows where ${condition(clause.body)}`;
    case 'GROUP BY':
      return `grouped by ${splitList(clause.body).join(' and ')}`;
    case 'HAVING':
      return `keeping only groups where ${condition(clause.body)}`;
    case 'ORDER BY':
      return `sorted by ${clause.body.replace(/\s+DESC\b/i, ', highest first').replace(/\s+ASC\b/i, ', lowest first')}`;
    case 'LIMIT':
      return `keeping only the first ${clause.body} rows`;
    default:
      return clause.text;
  }
}

/** Splits "a, COUNT(*), b" on the top-level commas only. */
function splitList(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) items.push(current.trim());
  return items;
}

export function describeQuery(query: string): string {
  return clausesOf(query).map(describeClause).join(', ');
}

/** The clause that decides the item: HAVING, WHERE, the join, grouping, sorting, else the column list. */
export function keyClause(query: string): string {
  const clauses = clausesOf(query);
  const find = (keyword: string) => clauses.find((c) => c.keyword === keyword)?.text;
  const join = clauses.find((c) => /JOIN/.test(c.keyword));
  const on = find('ON');
  const order = find('ORDER BY');
  const limit = find('LIMIT');
  return (
    find('HAVING') ??
    find('WHERE') ??
    (join && on ? `${join.text} ${on}` : undefined) ??
    find('GROUP BY') ??
    (order ? [order, limit].filter(Boolean).join(' ') : undefined) ??
    find('SELECT') ??
    query
  );
}
