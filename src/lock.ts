// One turn at a time per learner: the second of two simultaneous messages waits for the first, so no update
// is lost. In-process; a store shared by several processes must also lock in the database.
export function createKeyedLock() {
  const tails = new Map<string, Promise<void>>();
  return async function acquire(key: string): Promise<() => void> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    };
  };
}
