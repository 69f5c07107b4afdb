// One rate limiter for every channel. A token bucket per key (a learner, an address, a workspace): `limit`
// requests at once, refilled at `limit` per window. Enough to stop a runaway client or a flood; one number pair
// per key, so a limit of thousands an hour costs no more memory than one of ten, and the number of keys is bounded.
export interface RateLimiter {
  /** Counts one request; returns the seconds to wait when the key is over its limit. */
  hit(key: string, now: number): number | undefined;
}

export function createRateLimiter(limit: number, windowMs: number, maxKeys = 50_000): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = limit / windowMs;
  return {
    hit(key, now) {
      const bucket = buckets.get(key) ?? { tokens: limit, at: now };
      bucket.tokens = Math.min(limit, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
      bucket.at = now;
      // Most recently used last, so that the size bound drops idle keys first.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
      if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
      bucket.tokens -= 1;
      return undefined;
    },
  };
}
