import { ContainerError } from './errors';

/**
 * Turns the engine's words for a failed pull (an HTTP error body, or an in-band `error` line of the progress
 * stream) into an error the owner can act on. Registries phrase "no such image" and "not allowed" alike, so
 * both point at the job's image name and credentials.
 */
export function pullError(reference: string, engineMessage: string): ContainerError {
  const message = engineMessage.trim().slice(0, 500);
  if (/invalid reference format|repository name must be|invalid tag/i.test(message)) {
    return new ContainerError(
      'bad_reference',
      `The engine refused the image reference "${reference}": ${message}.`,
      'Ask the job author for a valid image name (lowercase, like "org/name:tag").',
    );
  }
  if (/unauthorized|authentication required|incorrect username or password|denied: requested access/i.test(message)) {
    return new ContainerError(
      'unauthorized',
      `The registry refused access to "${reference}": ${message}.`,
      'The job must carry valid registry credentials for this private image.',
    );
  }
  if (/manifest unknown|name unknown|not found|does not exist|pull access denied|no such image/i.test(message)) {
    return new ContainerError(
      'image_not_found',
      `The image "${reference}" was not found: ${message}.`,
      'Check the image name and tag in the job definition; private images need credentials in the job.',
    );
  }
  if (/no such host|connection refused|i\/o timeout|network is unreachable|TLS handshake|dial tcp/i.test(message)) {
    return new ContainerError(
      'pull_failed',
      `Could not reach the registry for "${reference}": ${message}.`,
      'Check this computer\'s internet connection (and any proxy) and that Docker can reach its registry.',
    );
  }
  if (/no space left on device/i.test(message)) {
    return new ContainerError(
      'pull_failed',
      `Pulling "${reference}" ran out of disk space.`,
      'Free disk space or lower the image cache budget in Settings > Containers.',
    );
  }
  return new ContainerError('pull_failed', `Pulling "${reference}" failed: ${message}.`, 'Try again; if it keeps failing, export a support bundle.');
}
