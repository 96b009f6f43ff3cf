import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Job } from '../../src/main/core/grid/protocol';
import type { Coordinator } from './coordinator';
import type { GridDatabase } from './grid-database';

/** A posted job with what its poster needs to reach its services through the grid's relay. */
export interface PostedJob {
  job: Job;
  service: { path: string; token: string };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * Posts a job and issues its service token: the poster's key to `/v1/services/<jobId>/` (docs/grid-protocol.md,
 * "Service relay"). Only the token's hash is stored; the token is shown once, here.
 */
export function postJobWithServiceToken(coordinator: Coordinator, db: GridDatabase, input: Parameters<Coordinator['postJob']>[0]): PostedJob {
  const job = coordinator.postJob(input);
  const token = randomBytes(24).toString('base64url');
  db.prepare('INSERT INTO service_tokens (job_id, token_sha256) VALUES (?, ?)').run(job.id, sha256(token));
  return { job, service: { path: `/v1/services/${encodeURIComponent(job.id)}/`, token } };
}

/** True when `token` is the one issued with the job. */
export function serviceTokenMatches(db: GridDatabase, jobId: string, token: string): boolean {
  const row = db.prepare('SELECT token_sha256 FROM service_tokens WHERE job_id = ?').get(jobId) as { token_sha256: string } | undefined;
  if (!row) return false;
  return timingSafeEqual(Buffer.from(row.token_sha256, 'hex'), Buffer.from(sha256(token), 'hex'));
}
