import { z } from 'zod';
import { event } from './define';

/** Where a model resource of a running op stands: being fetched, ready (fetched or found in the cache), or failed. */
export const ResourceProgressSchema = z.object({
  jobId: z.string(),
  opId: z.string(),
  /** `HF owner/name@revision` or `S3 bucket/prefix`; never a token. */
  resource: z.string(),
  /** Where the op sees it, read-only. */
  target: z.string(),
  state: z.enum(['downloading', 'ready', 'failed']),
  receivedBytes: z.number().int().nonnegative(),
  /** Null while the size is not known (S3 files named without a listing). */
  totalBytes: z.number().int().nonnegative().nullable(),
  /** Why it failed. */
  message: z.string().nullable(),
});
export type ResourceProgress = z.infer<typeof ResourceProgressSchema>;

export const resourcesEvents = {
  'jobs.resource.progress': event("A model resource of the running job's op is being fetched into the model cache, is ready, or failed.", ResourceProgressSchema),
};
