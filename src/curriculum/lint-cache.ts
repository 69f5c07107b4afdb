// The content lint reads every authored text as the answer guard would, and is most of a pack's load time.
// Its findings depend only on the pack's files and on the lint's own code, so start-up keeps them in a small
// cache file keyed by a hash of both, and lints again only when either changes. `ponder curriculum check`
// always lints afresh.
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CurriculumProblem } from './problems.ts';

const FILE = 'lint-cache.json';
/** Enough for every pack of a few curricula and their recent edits; older entries go first. */
const MOST_ENTRIES = 64;
const HERE = dirname(fileURLToPath(import.meta.url));
/** Everything the lint runs lives here: lint.ts and what it imports reach no other folder of the core. */
const LINT_CODE = [HERE, resolve(HERE, '../guard')];

type Entries = Record<string, CurriculumProblem[]>;

/** Where start-up keeps the cache: a folder of this user's own under the system's temporary folder. */
export function defaultLintCacheDir(): string {
  return join(tmpdir(), `ponder-${userName()}`);
}

/** A container may run Ponder as a user id with no name: then the id names the folder. */
function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'user');
  }
}

let codeHash: string | undefined;

/** A hash of the lint's source, so that a Ponder upgrade (or a local edit) never reuses old findings. */
function lintCodeHash(): string {
  if (codeHash) return codeHash;
  const hash = createHash('sha256');
  for (const dir of LINT_CODE) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts')).sort()) hash.update(`${name}\0${readFileSync(join(dir, name), 'utf8')}\0`);
  }
  codeHash = hash.digest('hex');
  return codeHash;
}

/** The cache key of a pack: its files (names as reported, and contents) and the lint's code. */
export function lintKey(files: ReadonlyArray<{ file: string; source: string }>): string {
  const hash = createHash('sha256').update(lintCodeHash());
  for (const { file, source } of files) hash.update(`\0${file}\0${source}`);
  return hash.digest('hex');
}

/** The findings stored under `key`, else those of `lint()`, stored for next time. A cache that cannot be read or written is skipped. */
export function cachedLint(dir: string, key: string, lint: () => CurriculumProblem[]): CurriculumProblem[] {
  const entries = readEntries(dir);
  const found = entries && Object.hasOwn(entries, key) ? entries[key] : undefined;
  if (found) return found;
  const problems = lint();
  if (entries) writeEntries(dir, { ...entries, [key]: problems });
  return problems;
}

/** Whether the folder may hold the caches: not a link, and this user's own (under a shared temporary folder, another user could have made it first). */
function usableDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const folder = lstatSync(dir);
    return folder.isDirectory() && !(process.getuid && folder.uid !== process.getuid());
  } catch {
    return false;
  }
}

/** The lint cache as this process last read or wrote it: a load of several packs reads the file once. */
const lintEntries = new Map<string, Entries | undefined>();

/** The cached entries; undefined when the folder is not safe to use. */
function readEntries(dir: string): Entries | undefined {
  if (lintEntries.has(dir)) return lintEntries.get(dir);
  const entries = readEntriesFromDisk(dir);
  lintEntries.set(dir, entries);
  return entries;
}

function readEntriesFromDisk(dir: string): Entries | undefined {
  if (!usableDir(dir)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, FILE), 'utf8'));
    return isEntries(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function isEntries(value: unknown): value is Entries {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(Array.isArray);
}

/**
 * Files read and validated before, by a hash of their text and of the loader's code: reading YAML is most of
 * what is left of a start once the lint is cached. Entries are plain JSON (the schemas have no transforms).
 */
export interface ParseCache {
  key(schema: string, source: string): string;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  /** Writes what was added, once, at the end of a load. */
  save(): void;
}

const PARSE_FILE = 'parse-cache.json';
/** The files of a few curricula and their recent edits. */
const MOST_FILES = 2_000;

export function openParseCache(dir: string): ParseCache {
  const safe = usableDir(dir);
  let entries: Record<string, unknown> = {};
  if (safe) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(dir, PARSE_FILE), 'utf8'));
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) entries = parsed as Record<string, unknown>;
    } catch {
      // None yet, or unreadable: every file is read afresh and the cache starts over.
    }
  }
  let added = false;
  return {
    key: (schema, source) => createHash('sha256').update(lintCodeHash()).update(`\0${schema}\0${source}`).digest('hex'),
    get: (key) => (Object.hasOwn(entries, key) ? entries[key] : undefined),
    set(key, value) {
      entries[key] = value;
      added = true;
    },
    save() {
      if (safe && added) writeJson(dir, PARSE_FILE, Object.fromEntries(Object.entries(entries).slice(-MOST_FILES)));
    },
  };
}

/** Written whole to a file of this process's own and renamed: processes starting together never see half a file. */
function writeEntries(dir: string, entries: Entries): void {
  const kept = Object.fromEntries(Object.entries(entries).slice(-MOST_ENTRIES));
  lintEntries.set(dir, kept);
  writeJson(dir, FILE, kept);
}

function writeJson(dir: string, file: string, kept: unknown): void {
  const partial = join(dir, `${file}.${process.pid}`);
  try {
    writeFileSync(partial, JSON.stringify(kept), { mode: 0o600 });
    renameSync(partial, join(dir, file));
  } catch {
    // A read-only or full disk costs only the time of linting again at the next start.
  }
}
