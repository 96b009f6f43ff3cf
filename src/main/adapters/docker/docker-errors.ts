import { ContainerError } from '../../core/containers/errors';

const CONNECTION_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EACCES', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

/** The engine's own words for a failed request (docker-modem puts the JSON body on the error). */
export function engineMessage(err: unknown): string {
  const e = err as { json?: { message?: unknown } | string | null; reason?: string; message?: string };
  if (e.json && typeof e.json === 'object' && typeof e.json.message === 'string') return e.json.message;
  if (typeof e.json === 'string' && e.json.trim()) return e.json.trim();
  return e.message ?? String(err);
}

export function statusCodeOf(err: unknown): number | null {
  const code = (err as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' ? code : null;
}

/** True when the request never reached the engine (socket missing, refused, reset). */
export function isConnectionError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}

/**
 * Maps a dockerode error to a ContainerError: `what` names the operation ("create container x"). Connection
 * failures become `engine_unavailable`; 404 `not_found`; anything else `engine_error` with the engine's words.
 */
export function toContainerError(err: unknown, what: string): ContainerError {
  if (err instanceof ContainerError) return err;
  if (isConnectionError(err)) {
    return new ContainerError(
      'engine_unavailable',
      `The container engine is not answering (${(err as NodeJS.ErrnoException).code} while trying to ${what}).`,
      'Start Docker (or Podman); GridHost reconnects by itself when it is back.',
      { cause: err },
    );
  }
  const status = statusCodeOf(err);
  const message = engineMessage(err);
  if (status === 404) return new ContainerError('not_found', `Could not ${what}: ${message}.`, 'It may have been removed outside GridHost.', { cause: err });
  return new ContainerError('engine_error', `Could not ${what}: ${message}.`, engineErrorHint(what, message), { cause: err });
}

function engineErrorHint(what: string, message: string): string {
  if (what.startsWith('create network')) {
    return 'This engine cannot create bridge networks, so a job that publishes a port cannot run here; jobs without ports still can.';
  }
  if (/no space left on device/i.test(message)) return 'Free disk space or lower the image cache budget in Settings > Containers.';
  if (/could not select device driver "nvidia"|nvidia-container-cli/i.test(message)) {
    return 'Install the NVIDIA Container Toolkit and restart Docker (see the readiness checks).';
  }
  if (/cgroup|memory limit|swap limit/i.test(message)) return 'The engine cannot apply the memory limits; see the readiness checks.';
  return 'If it keeps happening, export a support bundle from the Support page.';
}
