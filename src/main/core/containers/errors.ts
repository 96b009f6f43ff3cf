/** What went wrong with a container operation, in terms the host (and its user) can act on. */
export type ContainerErrorCode =
  /** The Docker (or Podman) engine does not answer. */
  | 'engine_unavailable'
  /** The image reference is not a valid `name[:tag][@digest]`. */
  | 'bad_reference'
  /** The registry has no such image (or hides it behind credentials we were not given). */
  | 'image_not_found'
  /** The registry refused the credentials. */
  | 'unauthorized'
  /** The pull started and failed part way (network, disk, digest mismatch). */
  | 'pull_failed'
  /** The job definition asks for something the supervisor never grants (a host path, the Docker socket...). */
  | 'forbidden'
  /** The job definition is malformed. */
  | 'invalid_spec'
  /** The container, volume or network is not there. */
  | 'not_found'
  /** The engine refused an operation (name in use, image in use, out of disk...). */
  | 'engine_error';

/**
 * An error from the container supervisor: `message` says what failed and why, `hint` what to do about it.
 * Adapters map the engine's low-level errors to these codes so that the core never parses HTTP bodies.
 */
export class ContainerError extends Error {
  constructor(
    readonly code: ContainerErrorCode,
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ContainerError';
  }

  /** The message and what to do, as one line for logs and the UI. */
  describe(): string {
    return `${this.message} ${this.hint}`.trim();
  }
}

export function isContainerError(err: unknown, code?: ContainerErrorCode): err is ContainerError {
  return err instanceof ContainerError && (code === undefined || err.code === code);
}

/**
 * Whose fault a container error is when a job's op could not start, the one place this is decided: `host` when
 * this machine cannot run containers now (no engine, no registry, the engine refused a spec the policy allowed,
 * e.g. no GPU runtime), `job` when the job asked for something wrong (a bad or unknown image, missing
 * credentials, a refused or malformed spec, a missing volume). Three host faults in a row stop the host loop.
 */
export const CONTAINER_ERROR_FAULT: Readonly<Record<ContainerErrorCode, 'host' | 'job'>> = {
  engine_unavailable: 'host',
  pull_failed: 'host',
  engine_error: 'host',
  bad_reference: 'job',
  image_not_found: 'job',
  unauthorized: 'job',
  forbidden: 'job',
  invalid_spec: 'job',
  not_found: 'job',
};
