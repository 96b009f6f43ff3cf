import type { JobOp } from './job-definition';
import { jsonPath, type JobProblem } from './job-problem';

/** One op in the order the host runs them, with the ops it waits for. */
export interface PlannedOp {
  op: JobOp;
  /** Index in the definition's `ops`. */
  index: number;
  group: string;
  dependsOn: string[];
  stopIfDependentStops: boolean;
}

/**
 * The execution plan of a job (`execution` of each op): groups run one after the other, in the order they
 * first appear (an op without a group is a group of its own); inside a group an op starts once every op in its
 * `depends_on` has finished (a batch op) or is up (an op that exposes a service). `depends_on` is a graph:
 * an unknown id, an op of a later group, or a cycle is refused with its path.
 */
export function planOps(ops: readonly JobOp[], problems: JobProblem[]): PlannedOp[][] {
  const ids = new Map(ops.map((op, i) => [op.id, i]));
  const groupOf = (op: JobOp, i: number) => op.execution?.group ?? `#${i}:${op.id}`;
  const groupOrder: string[] = [];
  ops.forEach((op, i) => {
    const group = groupOf(op, i);
    if (!groupOrder.includes(group)) groupOrder.push(group);
  });
  const planned: PlannedOp[] = ops.map((op, i) => ({
    op,
    index: i,
    group: groupOf(op, i),
    dependsOn: op.execution?.depends_on ?? [],
    stopIfDependentStops: op.execution?.stop_if_dependent_stops ?? false,
  }));
  for (const p of planned) {
    p.dependsOn.forEach((dep, d) => {
      const where = jsonPath(['ops', p.index, 'execution', 'depends_on', d]);
      const target = ids.get(dep);
      if (target === undefined) {
        problems.push({ path: where, code: 'bad_dependency', message: `${where}: no op has the id "${dep}"; depend on the id of an op of this job.` });
      } else if (target === p.index) {
        problems.push({ path: where, code: 'bad_dependency', message: `${where}: an op cannot depend on itself; remove "${dep}".` });
      } else if (groupOrder.indexOf(planned[target]!.group) > groupOrder.indexOf(p.group)) {
        problems.push({ path: where, code: 'bad_dependency', message: `${where}: "${dep}" runs in a later group, so this op would wait forever; move it to an earlier or the same group.` });
      }
    });
  }
  const cycle = findCycle(planned, ids);
  if (cycle) {
    const where = jsonPath(['ops', cycle[0]!, 'execution', 'depends_on']);
    const names = cycle.map((i) => ops[i]!.id);
    problems.push({ path: where, code: 'bad_dependency', message: `${where}: the ops depend on each other in a cycle (${[...names, names[0]].join(' -> ')}); break the cycle.` });
  }
  return groupOrder.map((group) => planned.filter((p) => p.group === group));
}

/** A cycle in the depends_on graph, as op indices, or null. */
function findCycle(planned: PlannedOp[], ids: Map<string, number>): number[] | null {
  const state = new Array<0 | 1 | 2>(planned.length).fill(0);
  const stack: number[] = [];
  const visit = (i: number): number[] | null => {
    if (state[i] === 2) return null;
    if (state[i] === 1) return stack.slice(stack.indexOf(i));
    state[i] = 1;
    stack.push(i);
    for (const dep of planned[i]!.dependsOn) {
      const j = ids.get(dep);
      if (j === undefined || j === i) continue;
      const found = visit(j);
      if (found) return found;
    }
    stack.pop();
    state[i] = 2;
    return null;
  };
  for (let i = 0; i < planned.length; i++) {
    const found = visit(i);
    if (found) return found;
  }
  return null;
}
