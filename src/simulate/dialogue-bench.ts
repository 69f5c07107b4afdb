// Runs every scripted learner kind on each pack with a fresh tutor and store, and reports the rules kept.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Curriculum, Pack } from '../curriculum/pack.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { createTutor } from '../tutor.ts';
import { runScripted, SCRIPTED_KINDS, violationCount, type ScriptedKind, type ScriptedRun } from './scripted.ts';

export interface DialogueReport {
  runs: ScriptedRun[];
  totalViolations: number;
}

export async function runDialogueBench(packs: readonly Pack[], kinds: readonly ScriptedKind[] = SCRIPTED_KINDS, maxTurns = 160): Promise<DialogueReport> {
  const runs: ScriptedRun[] = [];
  for (const pack of packs) {
    // Each pack alone, as a school would install it: a learner's "start" finds this pack.
    const curriculum: Curriculum = { packs: new Map([[pack.id, pack]]) };
    const dir = mkdtempSync(join(tmpdir(), 'ponder-dialogue-'));
    const store = openSqliteStore(join(dir, 'dialogue.db'));
    let now = 0;
    const tutor = createTutor({ curriculum, store, now: () => now });
    try {
      for (const kind of kinds) {
        const run = await runScripted(tutor, pack, kind, { maxTurns });
        now = 0;
        runs.push(run);
      }
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { runs, totalViolations: runs.reduce((n, r) => n + violationCount(r.violations), 0) };
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);

function levelPath(path: readonly number[]): string {
  const changes: number[] = [];
  for (const x of path) if (changes.length === 0 || Math.abs((changes.at(-1) ?? 0) - x) >= 0.05) changes.push(x);
  const shown = changes.length > 8 ? [...changes.slice(0, 4), NaN, ...changes.slice(-3)] : changes;
  return shown.map((x) => (Number.isNaN(x) ? '…' : x.toFixed(1))).join('→');
}

export function formatDialogueReport(report: DialogueReport): string {
  const lines = [
    `${pad('pack', 22)}${pad('learner', 15)}${pad('turns', 7)}${pad('answers', 9)}${pad('mastered', 10)}${pad('ans/mastery', 12)}${pad('false', 7)}${pad('reveal<', 9)}${pad('credit', 7)}${pad('praise', 8)}${pad('misroute', 10)}${pad('level', 7)}${pad('repeat', 8)}${pad('steps', 7)}${pad('reveals', 9)}${pad('copies', 8)}level path`,
  ];
  for (const r of report.runs) {
    const counts = Object.values(r.answersToMastery);
    const perConcept = counts.length > 0 ? (counts.at(-1) ?? 0) / counts.length : NaN;
    const v = r.violations;
    lines.push(
      pad(r.pack, 22) + pad(r.learner, 15) + pad(r.turns, 7) + pad(r.answers, 9) + pad(r.mastered.length, 10) +
        pad(Number.isNaN(perConcept) ? '-' : perConcept.toFixed(1), 12) + pad(v.falseMastery.length, 7) + pad(v.revealsBeforePolicy.length, 9) +
        pad(v.creditedCopies.length, 7) + pad(v.praisedWrongReasons.length, 8) + pad(v.misroutedReplies.length, 10) + pad(v.levelViolations.length, 7) + pad(v.repeatedItems.length, 8) + pad(r.steps, 7) + pad(r.reveals, 9) + pad(r.copies, 8) + levelPath(r.levelPath),
    );
  }
  lines.push('', `violations: ${report.totalViolations}`);
  for (const r of report.runs) {
    for (const [rule, list] of Object.entries(r.violations)) for (const entry of list.slice(0, 3)) lines.push(`  ${r.pack} ${r.learner} ${rule}: ${entry}`);
  }
  return lines.join('\n');
}
