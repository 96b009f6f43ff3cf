import type { OperationResults } from '@nosana/types';
import { jsonPath, type JobProblem } from './job-problem';

/** Bounds on what `results` may extract: a few matches per key, short values, a small map in all. */
export const RESULTS_LIMITS = { maxPatternChars: 512, maxMatchesPerKey: 16, maxValueChars: 1024, maxTotalChars: 16_384 } as const;

type Stream = 'stdout' | 'stderr';

/** Refuses a `results` regex that does not compile or is too long, with its path. */
export function checkResultPatterns(results: OperationResults | undefined, at: (string | number)[], problems: JobProblem[]): void {
  for (const [key, spec] of Object.entries(results ?? {})) {
    const pattern = typeof spec === 'string' ? spec : spec.regex;
    const where = jsonPath([...at, key, ...(typeof spec === 'string' ? [] : ['regex'])]);
    if (pattern.length > RESULTS_LIMITS.maxPatternChars) {
      problems.push({ path: where, code: 'absurd_resources', message: `${where}: the regex has ${pattern.length} characters; at most ${RESULTS_LIMITS.maxPatternChars}.` });
      continue;
    }
    try {
      new RegExp(pattern, 'g');
    } catch (err) {
      problems.push({ path: where, code: 'shape', message: `${where}: not a regular expression (${(err as Error).message}); fix it.` });
    }
  }
}

/**
 * What an op's `results` extract from its output: for each key, the matches of its regex in the lines of the
 * log types it names (a plain string reads stdout and stderr), the first capture group when there is one.
 * `stdin` and `nodeerr` (Nosana's node's own errors) have no lines here. Bounded by RESULTS_LIMITS.
 */
export function extractResults(results: OperationResults | undefined, lines: readonly { stream: Stream; text: string }[], budget: { chars: number }): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, spec] of Object.entries(results ?? {})) {
    const pattern = typeof spec === 'string' ? spec : spec.regex;
    const streams = new Set<string>(typeof spec === 'string' ? ['stdout', 'stderr'] : spec.logType);
    const regex = new RegExp(pattern, 'g');
    const values: string[] = [];
    for (const line of lines) {
      if (!streams.has(line.stream) || values.length >= RESULTS_LIMITS.maxMatchesPerKey) continue;
      for (const match of line.text.matchAll(regex)) {
        if (match[0] === '' || values.length >= RESULTS_LIMITS.maxMatchesPerKey) break;
        const value = (match[1] ?? match[0]).slice(0, RESULTS_LIMITS.maxValueChars);
        if (budget.chars < value.length) break;
        budget.chars -= value.length;
        values.push(value);
      }
    }
    out[key] = values;
  }
  return out;
}
