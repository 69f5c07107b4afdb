// Seedable randomness: the same seed gives the same fit, the same simulated learners and the same answers,
// so runs repeat exactly and two policies can meet identical classrooms.

export type Random = () => number;

/** mulberry32: small, fast and good enough for simulation (not for anything secret). */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for one part of the run (a learner, a pack), so that parts do not share a stream. */
export function deriveSeed(seed: number, ...parts: Array<number | string>): number {
  let h = seed >>> 0 || 0x9e3779b9;
  for (const part of parts) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ 0x5bd1e995, 0x27d4eb2d) >>> 0;
  }
  return h;
}

export function between(random: Random, [lo, hi]: readonly [number, number]): number {
  return lo + (hi - lo) * random();
}

export function pickOne<T>(random: Random, list: readonly T[]): T | undefined {
  return list.length === 0 ? undefined : list[Math.floor(random() * list.length)];
}

/** A standard normal draw (Box-Muller). */
export function normal(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
