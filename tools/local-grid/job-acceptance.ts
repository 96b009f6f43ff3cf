import { readFile } from 'node:fs/promises';
import type { Job } from '../../src/main/core/grid/protocol';
import type { JobDefinition } from '../../src/main/core/jobs/job-definition';
import { validateJobDefinition, type JobProblem } from '../../src/main/core/jobs/job-policy';
import { GridHttpError } from './grid-http-error';

/** A job the grid refuses to post: every problem, each with its JSON path, as hosts would refuse it. */
export class JobRefusedError extends GridHttpError {
  constructor(readonly problems: JobProblem[]) {
    super(400, 'job_refused', `The job definition is refused:\n${problems.map((p) => `  ${p.path && !p.message.startsWith(p.path) ? `${p.path}: ` : ''}${p.message}`).join('\n')}`);
  }
}

/**
 * The grid's check of a job before it is posted: the same validation a host runs (src/main/core/jobs/job-policy.ts),
 * so that a job no host would run is refused at the door rather than failed on a node.
 */
export function acceptedDefinition(definition: unknown): JobDefinition {
  const result = validateJobDefinition(definition);
  if (!result.ok) throw new JobRefusedError(result.problems);
  return definition as JobDefinition;
}

/**
 * The operator's post (`post-job --file`): checked first, then posted. `Coordinator.postJob` itself stays
 * unchecked, as a grid's store: tests play a grid that sends what no honest grid would, to see hosts refuse it.
 */
export function postCheckedJob(post: (input: { market: string; definition: unknown }) => Job, input: { market: string; definition: unknown }): Job {
  acceptedDefinition(input.definition);
  return post(input);
}

/** Reads a job definition file for `post-job --file`: a message that says what is wrong when it cannot. */
export async function readJobFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read the job definition ${path}: ${(err as Error).message}. Check the path.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${path} is not JSON (${(err as Error).message}); a job definition is one JSON object.`);
  }
}
