// Whether dist/ may run in place of the TypeScript sources. The build records the modification time and size of
// every file it read, taken just before reading it; the bundle is fresh only while each still matches exactly.
// Exact equality rather than "not older than the build" also catches a file put back to an older version (a
// checkout keeping its time, cp -p) and a file deleted; a file edited while the build ran no longer matches what
// was recorded before it was read. Checking the ~120 inputs costs about a millisecond.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where the build puts the bundle, relative to the repository root. */
export const DIST_DIR = join('dist', 'cli');
export const ENTRY = 'ponder.js';
export const STAMP = 'stamp.json';
export const STAMP_VERSION = 1;

/** What the stamp records of a file: [mtimeMs, size], or undefined when there is no such file. */
export function fingerprint(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? [stat.mtimeMs, stat.size] : undefined;
}

/** Why the bundle in `dir` (default: the repository's) must not run, or undefined when it may. */
export function staleReason(root, dir = join(root, DIST_DIR)) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(dir, STAMP), 'utf8'));
  } catch {
    return 'no build';
  }
  if (stamp?.version !== STAMP_VERSION || typeof stamp.inputs !== 'object' || stamp.inputs === null) return 'a stamp from another version of the build';
  for (const [file, recorded] of Object.entries(stamp.inputs)) {
    const now = fingerprint(join(root, file));
    if (!now) return `${file} is gone`;
    if (!Array.isArray(recorded) || now[0] !== recorded[0] || now[1] !== recorded[1]) return `${file} changed since the build`;
  }
  return undefined;
}

/** The built entry point to run, or undefined when the sources must run instead. */
export function freshEntry(root, dir = join(root, DIST_DIR)) {
  return staleReason(root, dir) === undefined ? join(dir, ENTRY) : undefined;
}
