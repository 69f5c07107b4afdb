// Types of freshness.js, which stays JavaScript because bin/ponder.js reads it before any TypeScript loader runs.
export const DIST_DIR: string;
export const ENTRY: string;
export const STAMP: string;
export const STAMP_VERSION: number;

export type Fingerprint = [mtimeMs: number, size: number];

/** The shape of dist/cli/stamp.json: each file the build read, by path relative to the root. */
export interface Stamp {
  version: number;
  inputs: Record<string, Fingerprint>;
}

export function fingerprint(path: string): Fingerprint | undefined;
export function staleReason(root: string, dir?: string): string | undefined;
export function freshEntry(root: string, dir?: string): string | undefined;
