// `ponder curriculum check`: every problem of a pack (or a folder of packs), for people or for tools.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackWithProblems, packFolders } from '../curriculum/load.ts';
import { formatProblem, type CurriculumProblem } from '../curriculum/problems.ts';

/** The pack folders to check, and the entries that could not be opened (a dangling link, say). */
function packDirs(path: string): { dirs: string[]; problems: CurriculumProblem[] } {
  if (existsSync(join(path, 'pack.yaml'))) return { dirs: [path], problems: [] };
  if (!existsSync(path) || !statSync(path).isDirectory()) return { dirs: [], problems: [] };
  const { dirs, problems } = packFolders(path);
  return { dirs: dirs.filter((dir) => existsSync(join(dir, 'pack.yaml'))), problems };
}

/** Prints the report; returns false when there is any error. */
export function checkCurriculum(path: string, json: boolean, out: (s: string) => void): boolean {
  const { dirs, problems } = packDirs(path);
  const packs: Array<{ id: string; concepts: number; items: number; difficulties: Record<number, number> }> = [];
  if (dirs.length === 0 && problems.length === 0) {
    problems.push({ severity: 'error', file: path, field: '', message: 'no pack.yaml here or in any folder below', fix: 'point the check at a pack folder (curriculum/<pack>) or at curriculum/' });
  }
  for (const dir of dirs) {
    const result = loadPackWithProblems(dir);
    problems.push(...result.problems);
    if (result.pack) {
      const difficulties: Record<number, number> = {};
      for (const item of result.pack.items.values()) difficulties[item.difficulty] = (difficulties[item.difficulty] ?? 0) + 1;
      packs.push({ id: result.pack.id, concepts: result.pack.concepts.size, items: result.pack.items.size, difficulties });
    }
  }
  const errors = problems.filter((p) => p.severity === 'error');
  if (json) {
    out(`${JSON.stringify({ ok: errors.length === 0, packs, problems })}\n`);
    return errors.length === 0;
  }
  for (const p of problems) out(`${p.severity === 'error' ? 'error  ' : 'warning'}${formatProblem(p)}\n`);
  for (const p of packs) {
    const spread = Object.entries(p.difficulties).map(([d, n]) => `${n}×L${d}`).join(' ');
    out(`${p.id}: ${p.concepts} concepts, ${p.items} items (${spread})\n`);
  }
  const warnings = problems.length - errors.length;
  out(errors.length === 0 ? `OK${warnings ? ` with ${warnings} warning(s)` : ''}\n` : `${errors.length} error(s), ${warnings} warning(s)\n`);
  return errors.length === 0;
}
