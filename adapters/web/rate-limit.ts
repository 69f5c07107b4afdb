// A sliding-window counter per key (learner or address): enough to stop a runaway client or a flood,
// and bounded in memory.
export interface RateLimiter {
  /** Counts one request; returns the seconds to wait when the key is over its limit. */
  hit(key: string, now: number): number | undefined;
}

export function createRateLimiter(limit: number, windowMs: number, maxKeys = 50_000): RateLimiter {
  const hits = new Map<string, number[]>();
  return {
    hit(key, now) {
      const recent = (hits.get(key) ?? []).filter((t) => now - t < windowMs);
      if (recent.length >= limit) {
        hits.set(key, recent);
        return Math.max(1, Math.ceil(((recent[0] ?? now) + windowMs - now) / 1000));
      }
      recent.push(now);
      hits.delete(key);
      hits.set(key, recent);
      if (hits.size > maxKeys) hits.delete(hits.keys().next().value as string);
      return undefined;
    },
  };
}
