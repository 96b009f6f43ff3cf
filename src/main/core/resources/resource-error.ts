import type { Fault } from '../grid/protocol';

/**
 * A model resource that could not be made ready, in the owner's words, and whose fault that is: `host` when this
 * machine could not reach the source (network down, disk full), `job` when the definition names something that
 * does not exist, is refused or does not fit the cache's budget.
 */
export class ResourceError extends Error {
  constructor(
    readonly fault: Fault,
    message: string,
  ) {
    super(message);
    this.name = 'ResourceError';
  }
}

export function isResourceError(err: unknown): err is ResourceError {
  return err instanceof ResourceError;
}
