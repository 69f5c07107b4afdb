// The database schema, described once as data and rendered for each store (SQLite, PostgreSQL), so that both
// always hold the same tables and a migration is written one time. A database at version n runs migrations n and
// after, in order, each in its own transaction.

/** Whole numbers are 64-bit in both stores (times are milliseconds since 1970); `real` is a double. */
export type ColumnType = 'text' | 'integer' | 'real';

export interface Column {
  name: string;
  type: ColumnType;
  notNull?: boolean;
  default?: number;
  /** A learner's row: deleting the learner deletes this row too. */
  learner?: boolean;
}

export type Step =
  | {
      kind: 'table';
      name: string;
      columns: Column[];
      /** Columns of the primary key; a table without one gets an `id` numbered by the database. */
      key?: string[];
      /** Rows are small and found by key: SQLite keeps them in the key's own b-tree (WITHOUT ROWID). */
      small?: boolean;
    }
  | { kind: 'index'; name: string; table: string; columns: string[] }
  | { kind: 'column'; table: string; column: Column };

export interface Migration {
  /** Why this version exists. */
  why: string;
  steps: Step[];
}

const text = (name: string, notNull = true): Column => ({ name, type: 'text', notNull });
const int = (name: string, notNull = true): Column => ({ name, type: 'integer', notNull });
const real = (name: string, notNull = true): Column => ({ name, type: 'real', notNull });
const learnerId: Column = { name: 'learner_id', type: 'text', notNull: true, learner: true };

export const MIGRATION_STEPS: readonly Migration[] = [
  {
    why: 'Learners, their identities on each channel, concept states, attempts, turns and item statistics.',
    steps: [
      { kind: 'table', name: 'learners', key: ['id'], columns: [text('id'), int('created_at'), int('updated_at'), text('profile'), text('packs'), text('styles'), text('conversation')] },
      { kind: 'table', name: 'identities', key: ['identity'], columns: [text('identity'), learnerId, int('created_at')] },
      { kind: 'index', name: 'identities_learner', table: 'identities', columns: ['learner_id'] },
      {
        kind: 'table',
        small: true, name: 'concept_states',
        key: ['learner_id', 'pack_id', 'concept_id'],
        columns: [learnerId, text('pack_id'), text('concept_id'), real('p_known'), int('evidence'), int('correct'), int('wrong'), int('hints'), int('last_practiced', false), int('mastered_at', false), text('review', false)],
      },
      {
        kind: 'table',
        name: 'attempts',
        columns: [learnerId, int('at'), text('pack_id'), text('item_id'), text('concept_id'), text('answer'), text('verdict'), int('hints_used'), int('response_ms'), int('counted'), text('misconception', false)],
      },
      { kind: 'index', name: 'attempts_learner', table: 'attempts', columns: ['learner_id', 'id'] },
      { kind: 'table', name: 'turns', columns: [learnerId, int('at'), text('text'), text('choice', false), text('model'), text('replies')] },
      { kind: 'index', name: 'turns_learner', table: 'turns', columns: ['learner_id', 'id'] },
      { kind: 'table', small: true, name: 'item_stats', key: ['pack_id', 'item_id'], columns: [text('pack_id'), text('item_id'), real('difficulty'), int('attempts')] },
    ],
  },
  {
    why: 'Tokens and latency of every language-model call.',
    steps: [
      {
        kind: 'table',
        name: 'model_calls',
        columns: [learnerId, int('turn_id'), int('at'), text('model'), text('purpose'), int('input_tokens'), int('cached_tokens'), int('cache_write_tokens'), int('output_tokens'), int('latency_ms')],
      },
      { kind: 'index', name: 'model_calls_learner', table: 'model_calls', columns: ['learner_id'] },
    ],
  },
  {
    why: "The learner model's recency features (learner/history.ts).",
    steps: [
      { kind: 'column', table: 'concept_states', column: real('recent', false) },
      { kind: 'column', table: 'concept_states', column: { ...int('streak'), default: 0 } },
    ],
  },
  {
    why: 'Mastery needs one right answer that could not be a lucky pick (learner/mastery.ts).',
    steps: [{ kind: 'column', table: 'concept_states', column: { ...int('free_correct'), default: 0 } }],
  },
  {
    why: 'One turn at a time per learner across every process on the database (lockLearner).',
    steps: [{ kind: 'table', small: true, name: 'learner_locks', key: ['identity'], columns: [text('identity'), text('holder'), int('expires')] }],
  },
  {
    why:
      "A channel's id for a turn (a client turn id, a platform's event id) and what the turn sent back, so that the same turn sent again is answered from here, after a restart or on another process, never run twice.",
    steps: [
      { kind: 'table', small: true, name: 'turn_keys', key: ['key'], columns: [text('key'), learnerId, int('at'), text('events')] },
      { kind: 'index', name: 'turn_keys_learner', table: 'turn_keys', columns: ['learner_id'] },
    ],
  },
  {
    why:
      "Tutoring threads a learner opened in a shared channel (a mention in Slack, a private thread in Discord): whose answers count there, remembered across restarts and processes.",
    steps: [
      { kind: 'table', small: true, name: 'threads', key: ['place'], columns: [text('place'), learnerId, int('at')] },
      { kind: 'index', name: 'threads_learner', table: 'threads', columns: ['learner_id'] },
    ],
  },
  {
    why:
      'Classes and the staff who teach them: members who joined with a code, one-time sign-in links and sessions for staff, overrides of the tutor a learner sees at their next turn, and an audit of every staff action (src/classes/).',
    steps: [
      { kind: 'table', name: 'classes', key: ['id'], columns: [text('id'), text('name'), text('join_code'), int('created_at'), text('settings')] },
      { kind: 'index', name: 'classes_join_code', table: 'classes', columns: ['join_code'] },
      { kind: 'table', name: 'staff', key: ['id'], columns: [text('id'), text('email'), int('created_at')] },
      { kind: 'index', name: 'staff_email', table: 'staff', columns: ['email'] },
      { kind: 'table', small: true, name: 'class_staff', key: ['class_id', 'staff_id'], columns: [text('class_id'), text('staff_id')] },
      { kind: 'table', small: true, name: 'class_members', key: ['class_id', 'learner_id'], columns: [text('class_id'), learnerId, int('joined_at')] },
      { kind: 'index', name: 'class_members_learner', table: 'class_members', columns: ['learner_id'] },
      { kind: 'table', name: 'staff_links', key: ['token_hash'], columns: [text('token_hash'), text('staff_id'), int('expires'), int('used_at', false)] },
      { kind: 'table', name: 'staff_sessions', key: ['id_hash'], columns: [text('id_hash'), text('staff_id'), int('expires'), text('csrf')] },
      {
        kind: 'table',
        name: 'overrides',
        columns: [learnerId, text('class_id'), text('staff_id'), int('at'), text('kind'), text('data'), text('reason'), int('applied_at', false), text('prior', false), int('reverted_at', false)],
      },
      { kind: 'index', name: 'overrides_learner', table: 'overrides', columns: ['learner_id', 'id'] },
      { kind: 'table', name: 'audit', columns: [int('at'), text('staff_id'), text('class_id'), text('action'), { ...learnerId, notNull: false }, text('detail')] },
      { kind: 'index', name: 'audit_class', table: 'audit', columns: ['class_id', 'id'] },
      { kind: 'index', name: 'audit_learner', table: 'audit', columns: ['learner_id'] },
    ],
  },
  {
    why: "A class's most common misconceptions of the week, counted without reading the attempts that have none (src/classes/classroom.ts).",
    steps: [{ kind: 'index', name: 'attempts_misconception', table: 'attempts', columns: ['misconception', 'at', 'learner_id'] }],
  },
  {
    why: "How often each misconception showed in a class, per day, counted as turns are stored: the class overview sums a week of it instead of reading the week's attempts (src/classes/turn.ts).",
    steps: [{ kind: 'table', small: true, name: 'class_misconceptions', key: ['class_id', 'day', 'misconception'], columns: [text('class_id'), int('day'), text('misconception'), int('n')] }],
  },
  {
    why: "Free-text answers a model graded with low confidence, queued for the learner's teacher to confirm or correct; the teacher's grade is kept as a labelled example of the item's rubric (src/classes/classroom.ts).",
    steps: [
      {
        kind: 'table',
        name: 'grade_reviews',
        columns: [learnerId, int('at'), text('pack_id'), text('item_id'), text('concept_id'), text('answer'), text('points'), real('confidence'), int('resolved_at', false), text('resolved_by', false), text('verdict', false)],
      },
      { kind: 'index', name: 'grade_reviews_learner', table: 'grade_reviews', columns: ['learner_id', 'resolved_at'] },
      { kind: 'table', name: 'rubric_examples', columns: [learnerId, int('at'), text('pack_id'), text('item_id'), text('answer'), text('verdict')] },
      { kind: 'index', name: 'rubric_examples_item', table: 'rubric_examples', columns: ['pack_id', 'item_id'] },
      { kind: 'index', name: 'rubric_examples_learner', table: 'rubric_examples', columns: ['learner_id'] },
    ],
  },
  {
    why: "A teacher's grade is found by the answer's words (case, spacing and punctuation aside) through an index, on the turn itself, instead of by reading the item's examples (src/classes/turn.ts). Examples kept before it have none and are no longer matched.",
    steps: [
      { kind: 'column', table: 'rubric_examples', column: text('words', false) },
      { kind: 'index', name: 'rubric_examples_words', table: 'rubric_examples', columns: ['pack_id', 'item_id', 'words'] },
    ],
  },
];

/** Every table that holds rows about one learner, the learners table first. */
export const LEARNER_TABLES = ['learners', 'identities', 'concept_states', 'attempts', 'turns', 'model_calls', 'turn_keys', 'threads', 'class_members', 'overrides', 'audit', 'grade_reviews', 'rubric_examples'] as const;

export type Dialect = 'sqlite' | 'postgres';

function columnType(type: ColumnType, dialect: Dialect): string {
  if (dialect === 'sqlite') return { text: 'TEXT', integer: 'INTEGER', real: 'REAL' }[type];
  return { text: 'TEXT', integer: 'BIGINT', real: 'DOUBLE PRECISION' }[type];
}

function columnSql(column: Column, dialect: Dialect): string {
  const parts = [column.name, columnType(column.type, dialect)];
  if (column.notNull) parts.push('NOT NULL');
  if (column.default !== undefined) parts.push(`DEFAULT ${column.default}`);
  if (column.learner) parts.push('REFERENCES learners(id) ON DELETE CASCADE');
  return parts.join(' ');
}

function stepSql(step: Step, dialect: Dialect): string {
  switch (step.kind) {
    case 'table': {
      const id = dialect === 'sqlite' ? 'id INTEGER PRIMARY KEY' : 'id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY';
      const lines = [...(step.key ? [] : [id]), ...step.columns.map((c) => columnSql(c, dialect))];
      if (step.key) lines.push(`PRIMARY KEY (${step.key.join(', ')})`);
      const suffix = dialect === 'sqlite' && step.small ? ' WITHOUT ROWID' : '';
      return `CREATE TABLE ${step.name} (\n  ${lines.join(',\n  ')}\n)${suffix};`;
    }
    case 'index':
      return `CREATE INDEX ${step.name} ON ${step.table}(${step.columns.join(', ')});`;
    case 'column':
      return `ALTER TABLE ${step.table} ADD COLUMN ${columnSql(step.column, dialect)};`;
  }
}

/** The SQL of each migration, in order, for one store. */
export function migrationsFor(dialect: Dialect): string[] {
  return MIGRATION_STEPS.map((m) => m.steps.map((s) => stepSql(s, dialect)).join('\n'));
}
