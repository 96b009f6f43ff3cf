import type { JobDefinition } from './job-definition';
import { jsonPath, type JobProblem } from './job-problem';

const LITERAL = /%%([^%]+)%%/g;

/**
 * Nosana's literals, `%%…%%` inside a string: `%%global.variables.NAME%%` is replaced by the job's own
 * variable when the definition is checked; `%%ops.ID.results.KEY%%` by what op ID's `results` extracted, when
 * the op that uses it starts (ID must be one of its `depends_on`, so that it has finished). Any other literal is
 * refused with the reason. Returns the definition with the global variables in place.
 */
export function resolveGlobalLiterals(definition: JobDefinition, problems: JobProblem[]): JobDefinition {
  const variables = definition.global?.variables ?? {};
  const walk = (value: unknown, at: (string | number)[], opIndex: number | null): unknown => {
    if (typeof value === 'string') return resolveString(value, at, opIndex);
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...at, i], opIndex));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...at, k], opIndex)]));
    }
    return value;
  };
  const resolveString = (text: string, at: (string | number)[], opIndex: number | null): string =>
    text.replace(LITERAL, (whole, name: string) => {
      const where = jsonPath(at);
      const parts = name.split('.');
      if (parts[0] === 'global' && parts[1] === 'variables' && parts.length === 3) {
        const value = variables[parts[2]!];
        if (value !== undefined) return value;
        problems.push({ path: where, code: 'bad_literal', message: `${where}: ${whole} names no variable; add "${parts[2]}" to global.variables.` });
        return whole;
      }
      if (parts[0] === 'ops' && parts[2] === 'results' && parts.length === 4 && opIndex !== null) {
        const op = definition.ops[opIndex]!;
        const source = definition.ops.find((o) => o.id === parts[1]);
        if (!op.execution?.depends_on?.includes(parts[1]!)) {
          problems.push({ path: where, code: 'bad_literal', message: `${where}: ${whole} reads op "${parts[1]}" before it has run; add "${parts[1]}" to this op's execution.depends_on.` });
        } else if (!source?.results || !(parts[3]! in source.results)) {
          problems.push({ path: where, code: 'bad_literal', message: `${where}: op "${parts[1]}" extracts no result "${parts[3]}"; add it to that op's results.` });
        }
        return whole;
      }
      problems.push({
        path: where,
        code: 'bad_literal',
        message: `${where}: GridHost resolves %%global.variables.NAME%% and %%ops.ID.results.KEY%% only, not ${whole}; write the value itself.`,
      });
      return whole;
    });
  return {
    ...definition,
    ...(definition.global ? { global: walk(definition.global, ['global'], null) as JobDefinition['global'] } : {}),
    ops: definition.ops.map((op, i) => ({ ...op, args: walk(op.args, ['ops', i, 'args'], i) })) as JobDefinition['ops'],
  };
}

/** `%%ops.ID.results.KEY%%` in an op's args replaced by what the earlier ops extracted (empty when nothing matched). */
export function resolveResultLiterals<T>(args: T, results: ReadonlyMap<string, Record<string, string>>): T {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      return value.replace(LITERAL, (whole, name: string) => {
        const parts = name.split('.');
        if (parts[0] !== 'ops' || parts[2] !== 'results' || parts.length !== 4) return whole;
        return results.get(parts[1]!)?.[parts[3]!] ?? '';
      });
    }
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(args) as T;
}
