import { validateJobDefinition as validateNosanaShape } from '@nosana/types';
import type { JobDefinition } from './job-definition';
import type { JobProblem } from './job-problem';

/**
 * The shape check, by `@nosana/types` (Nosana's own validator): what Nosana's tooling accepts, GridHost reads.
 * Each problem keeps the package's JSON path (`$input.ops[0].args.image` becomes `ops[0].args.image`) and says
 * what the field should hold.
 */
export function checkNosanaShape(input: unknown): { ok: true; definition: JobDefinition } | { ok: false; problems: JobProblem[] } {
  const result = validateNosanaShape(input);
  if (result.success) return { ok: true, definition: result.data as JobDefinition };
  return {
    ok: false,
    problems: result.errors.slice(0, 50).map((error) => {
      const path = error.path.replace(/^\$input\.?/, '');
      const where = path || 'the definition';
      const unknownField = /is not defined in the object type/.test(error.description ?? '');
      const message = unknownField
        ? `${where} is not a field of Nosana's v0.1 job definition; remove it.`
        : `${where} must be ${/TagBase|__type/.test(error.expected) ? 'another value' : error.expected} (Nosana's v0.1 job definition); fix it and post again.`;
      return { path, code: 'shape' as const, message };
    }),
  };
}
