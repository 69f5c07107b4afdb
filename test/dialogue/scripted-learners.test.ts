// Scripted learners of every kind on every bundled pack, on the outside-written packs the dialogue benchmark
// uses, and on this suite's own pack: the rules hold whatever the course (no false mastery, no solution before
// the policy allows it, no credit for copies, no praise for wrong reasons, no misrouted replies, bounded level
// moves that never go up without a right answer).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../src/curriculum/load.ts';
import type { Pack } from '../../src/curriculum/pack.ts';
import { runDialogueBench } from '../../src/simulate/dialogue-bench.ts';
import type { ScriptedRun } from '../../src/simulate/scripted.ts';

const folders = ['../../curriculum', '../../bench/dialogue-packs', '../fixtures/dialogue'].map((f) => resolve(import.meta.dirname, f));
const packs: Pack[] = folders.flatMap((f) => [...loadCurriculum(f).curriculum.packs.values()]);

describe.each(packs.map((p) => [p.id, p] as const))('scripted learners on %s', (_id, pack) => {
  let runs: ScriptedRun[] = [];
  const run = (kind: string) => {
    const found = runs.find((r) => r.learner === kind);
    if (!found) throw new Error(`no run for ${kind}`);
    return found;
  };

  it('keep every rule, for every kind of learner', async () => {
    runs = (await runDialogueBench([pack], undefined, 120)).runs;
    for (const r of runs) expect({ learner: r.learner, ...r.violations }).toEqual({ learner: r.learner, falseMastery: [], revealsBeforePolicy: [], creditedCopies: [], praisedWrongReasons: [], misroutedReplies: [], levelViolations: [], repeatedItems: [] });
  });

  it('a strong learner masters the whole pack, and so does one who answers within seconds', () => {
    expect(run('strong').mastered.sort()).toEqual([...pack.order].sort());
    expect(run('quick').mastered.sort()).toEqual([...pack.order].sort());
  });

  it('learners who know nothing master nothing, whatever they type', () => {
    for (const kind of ['dont-know', 'copier', 'guesser']) expect(run(kind).mastered, kind).toEqual([]);
  });

  it('the copier was shown solutions to copy from (the copy rule itself: test/dialogue/understanding.test.ts)', () => {
    expect(run('copier').reveals).toBeGreaterThan(0);
  });
});
