// Records keyed by ids that come from a curriculum or a learner (a pack called "constructor" is a valid id):
// only the record's own entries count, never what every object inherits from Object.prototype.

/** The record's own entry for `key`, or undefined. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
