// The prerequisite graph: a teaching order, and the cycles that make one impossible.

/** Orders ids so that each comes after its prerequisites, keeping the authored order where it is free. */
export function topologicalOrder(
  ids: readonly string[],
  prerequisites: (id: string) => readonly string[],
): { order: string[]; cycle?: string[] } {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const stack: string[] = [];
  let cycle: string[] | undefined;
  const visit = (id: string): void => {
    if (cycle) return;
    const seen = state.get(id);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      cycle = [...stack.slice(stack.indexOf(id)), id];
      return;
    }
    state.set(id, 'visiting');
    stack.push(id);
    for (const p of prerequisites(id)) if (ids.includes(p)) visit(p);
    stack.pop();
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of ids) visit(id);
  return cycle ? { order, cycle } : { order };
}
