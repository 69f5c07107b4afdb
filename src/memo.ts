// Pure functions of a text that the answer guard calls again and again with the same texts: the tutor's own
// wordings recur turn after turn and learner after learner, and one reply is read once per item it protects.
import { LRUCache } from 'lru-cache';

/**
 * `fn` remembered for the `size` most recently used arguments. Only for pure functions whose results callers
 * never change (they are shared between calls).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- what lru-cache can hold: anything but null and undefined
export function memoized<R extends {}>(fn: (text: string) => R, size = 20_000): (text: string) => R {
  const cache = new LRUCache<string, R>({ max: size });
  return (text) => {
    let result = cache.get(text);
    if (result === undefined) {
      result = fn(text);
      cache.set(text, result);
    }
    return result;
  };
}
