// Generated response logs with a known truth, for tests that must not depend on third-party data: learners
// differ in ability, items in difficulty, and each skill is learned at some practice opportunity (BKT-style).
import { normal as standardNormal, seeded } from '../../src/random.ts';

export interface LogSpec {
  learners: number;
  skills: string[];
  /** Item ids per skill; by default three per skill. */
  items?: Record<string, string[]>;
  answersPerSkill: number;
  seed: number;
  /** Extra difficulty (in logits) of particular items. */
  harder?: Record<string, number>;
  firstLearner?: number;
  separator?: '\t' | ',';
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function generateLog(spec: LogSpec): string {
  const items = spec.items ?? Object.fromEntries(spec.skills.map((s) => [s, [0, 1, 2].map((i) => `${s}-item-${i}`)]));
  // Items are the same world for every log (only learners differ by seed), as with a real item bank.
  const world = seeded(0);
  const difficulty = new Map<string, number>();
  for (const list of Object.values(items)) for (const item of list) difficulty.set(item, standardNormal(world) * 0.8 + (spec.harder?.[item] ?? 0));
  const random = seeded(spec.seed);
  const normal = () => standardNormal(random);
  const sep = spec.separator ?? '\t';
  const lines = [['user_id', 'item_id', 'timestamp', 'correct', 'skill_id'].join(sep)];
  let time = 0;
  for (let u = 0; u < spec.learners; u++) {
    const user = `u${(spec.firstLearner ?? 0) + u}`;
    const ability = normal();
    for (const skill of spec.skills) {
      let known = random() < 0.3;
      const list = items[skill] ?? [];
      for (let k = 0; k < spec.answersPerSkill; k++) {
        const item = list[Math.floor(random() * list.length)]!;
        const p = sigmoid(ability - difficulty.get(item)! + (known ? 1.8 : -1.2));
        const correct = random() < p;
        lines.push([user, item, String(time++), correct ? '1' : '0', skill].join(sep));
        if (!known && random() < 0.2) known = true;
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
