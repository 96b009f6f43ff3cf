import { ContainerError } from './errors';

/** A parsed `[registry/]path[:tag][@digest]` image reference. */
export interface ImageReference {
  /** Registry host (with port) when the reference names one, e.g. `ghcr.io` or `127.0.0.1:5000`. */
  registry: string | null;
  /** Repository including the registry, e.g. `ghcr.io/org/model`. */
  repository: string;
  tag: string | null;
  digest: string | null;
  /** What to pull: `repository:tag`, `repository@digest`, or `repository:latest` when neither was given. */
  canonical: string;
}

// The grammar of github.com/distribution/reference, written out piece by piece.
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const MAX_NAME = 255;

/**
 * Parses an image reference from a job definition. Throws `bad_reference` with the rule it breaks, so the
 * job is refused before the engine is asked anything.
 */
export function parseImageReference(input: string): ImageReference {
  const bad = (why: string) =>
    new ContainerError(
      'bad_reference',
      `The image reference "${input.slice(0, 300)}" is not valid: ${why}.`,
      'Ask the job author for an image like "registry.example.com/org/name:tag" (lowercase name).',
    );
  if (input.length === 0) throw bad('it is empty');
  if (/\s/.test(input)) throw bad('it contains white space');

  let rest = input;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad('the digest after "@" must look like sha256:<hex>');
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad('the tag must be letters, digits, "_", "." or "-" (at most 128)');
  }
  if (rest.length === 0) throw bad('it has no repository name');
  if (rest.length > MAX_NAME) throw bad(`the name is longer than ${MAX_NAME} characters`);

  const parts = rest.split('/');
  let registry: string | null = null;
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    if (!DOMAIN.test(first)) throw bad(`"${first}" is not a registry host name`);
    registry = first;
    parts.shift();
  }
  for (const part of parts) {
    if (!PATH_COMPONENT.test(part)) {
      throw bad(`"${part}" must be lowercase letters and digits, separated by ".", "_", "__" or "-"`);
    }
  }
  const canonical = digest ? `${rest}@${digest}` : `${rest}:${tag ?? 'latest'}`;
  return { registry, repository: rest, tag, digest, canonical };
}
