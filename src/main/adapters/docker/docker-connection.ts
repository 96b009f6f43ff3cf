import { access, readFile } from 'node:fs/promises';
import { homedir as osHomedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { ContainerError } from '../../core/containers/errors';
import type { EngineInfo } from '../../core/containers/ports';

/** One place a Docker Engine API may answer. */
export type DockerEndpoint =
  | { kind: 'socket'; path: string; label: string }
  | { kind: 'tcp'; host: string; port: number; tls: boolean; certPath: string | null; label: string }
  | { kind: 'ssh'; host: string; port: number; username: string | null; label: string };

export interface EndpointResolution {
  /** `DOCKER_HOST` when the variable is set (only that endpoint is tried), else the platform defaults. */
  source: 'DOCKER_HOST' | 'platform-default';
  /** Tried in order; the first that answers wins. */
  candidates: DockerEndpoint[];
}

const WINDOWS_PIPE = '//./pipe/docker_engine';

/**
 * Where to look for the engine. With `DOCKER_HOST` set, only there (`unix://`, `npipe://`, `tcp://`,
 * `ssh://`; TLS when DOCKER_TLS_VERIFY=1 or port 2376). Otherwise, by platform: the system socket, Docker
 * Desktop's per-user sockets, and Podman's Docker-compatible socket; on Windows the named pipes. Pure: it
 * reads nothing but its arguments, so every platform's answer is testable anywhere.
 */
export function resolveDockerEndpoint(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  homedir: string,
): EndpointResolution {
  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) return { source: 'DOCKER_HOST', candidates: [parseDockerHost(dockerHost, env)] };

  const sock = (path: string, label: string): DockerEndpoint => ({ kind: 'socket', path, label });
  if (platform === 'win32') {
    return {
      source: 'platform-default',
      candidates: [
        sock(WINDOWS_PIPE, 'Docker Desktop (named pipe)'),
        sock('//./pipe/podman-machine-default', 'Podman machine (named pipe)'),
      ],
    };
  }
  const userDesktop = [
    sock(join(homedir, '.docker', 'run', 'docker.sock'), 'Docker Desktop (user socket)'),
    sock(join(homedir, '.docker', 'desktop', 'docker.sock'), 'Docker Desktop (desktop socket)'),
  ];
  const system = sock('/var/run/docker.sock', 'Docker (system socket)');
  const podman: DockerEndpoint[] = [];
  if (env.XDG_RUNTIME_DIR) podman.push(sock(join(env.XDG_RUNTIME_DIR, 'podman', 'podman.sock'), 'Podman (user socket)'));
  podman.push(sock('/run/podman/podman.sock', 'Podman (system socket)'));
  if (platform === 'darwin') {
    podman.push(sock(join(homedir, '.local', 'share', 'containers', 'podman', 'machine', 'podman.sock'), 'Podman machine (socket)'));
    // Docker Desktop on macOS answers on the user socket; /var/run/docker.sock is an optional symlink.
    return { source: 'platform-default', candidates: [...userDesktop, system, ...podman] };
  }
  return { source: 'platform-default', candidates: [system, ...userDesktop, ...podman] };
}

function parseDockerHost(value: string, env: Readonly<Record<string, string | undefined>>): DockerEndpoint {
  const invalid = () =>
    new ContainerError(
      'engine_unavailable',
      `DOCKER_HOST is set to "${value}", which is not an address GridHost understands.`,
      'Set DOCKER_HOST to unix:///path/to/docker.sock, npipe:////./pipe/docker_engine, tcp://host:2375 or ssh://user@host, or unset it to use the default.',
    );
  if (value.startsWith('unix://')) {
    const path = value.slice('unix://'.length);
    if (!path) throw invalid();
    return { kind: 'socket', path, label: 'DOCKER_HOST (socket)' };
  }
  if (value.startsWith('npipe://')) {
    const path = value.slice('npipe://'.length).replace(/\\/g, '/');
    return { kind: 'socket', path: path || WINDOWS_PIPE, label: 'DOCKER_HOST (named pipe)' };
  }
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `tcp://${value}`);
  } catch {
    throw invalid();
  }
  if (!url.hostname) throw invalid();
  if (url.protocol === 'ssh:') {
    return { kind: 'ssh', host: url.hostname, port: Number(url.port || 22), username: url.username || null, label: 'DOCKER_HOST (ssh)' };
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid();
  const port = Number(url.port || (url.protocol === 'https:' ? 2376 : 2375));
  const tls = env.DOCKER_TLS_VERIFY === '1' || port === 2376 || url.protocol === 'https:';
  return { kind: 'tcp', host: url.hostname, port, tls, certPath: env.DOCKER_CERT_PATH ?? null, label: 'DOCKER_HOST (tcp)' };
}

/** Where an endpoint is, as a person would write it. */
export function describeEndpoint(endpoint: DockerEndpoint): string {
  switch (endpoint.kind) {
    case 'socket':
      return endpoint.path;
    case 'tcp':
      return `${endpoint.tls ? 'https' : 'tcp'}://${endpoint.host}:${endpoint.port}`;
    case 'ssh':
      return `ssh://${endpoint.username ? `${endpoint.username}@` : ''}${endpoint.host}:${endpoint.port}`;
  }
}

export interface DockerConnection {
  docker: Docker;
  endpoint: DockerEndpoint;
  info: EngineInfo;
}

export interface ConnectOptions {
  env?: Readonly<Record<string, string | undefined>>;
  platform?: NodeJS.Platform;
  homedir?: string;
  /** How long one endpoint may take to answer the version request. */
  timeoutMs?: number;
}

/**
 * Connects to the first endpoint that answers a version request. Throws `engine_unavailable` listing each
 * place tried and why it failed, with what to do on this platform.
 */
export async function connectDocker(options: ConnectOptions = {}): Promise<DockerConnection> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const resolution = resolveDockerEndpoint(env, platform, options.homedir ?? osHomedir());
  const tried: string[] = [];
  let permissionDenied = false;
  for (const endpoint of resolution.candidates) {
    // Missing Unix sockets are skipped quickly; pipes cannot be checked this way on Windows.
    if (endpoint.kind === 'socket' && !endpoint.path.startsWith('//')) {
      const exists = await access(endpoint.path).then(() => true, () => false);
      if (!exists) {
        tried.push(`${endpoint.path}: not found`);
        continue;
      }
    }
    try {
      const docker = new Docker(await dockerOptions(endpoint));
      const info = await withDeadline(engineInfo(docker, endpoint), options.timeoutMs ?? 5000);
      return { docker, endpoint, info };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES') permissionDenied = true;
      tried.push(`${describeEndpoint(endpoint)}: ${code ?? (err as Error).message}`);
    }
  }
  throw new ContainerError(
    'engine_unavailable',
    `No container engine answered (tried ${tried.join('; ')}).`,
    engineHint(platform, resolution.source, permissionDenied),
  );
}

function engineHint(platform: NodeJS.Platform, source: EndpointResolution['source'], permissionDenied: boolean): string {
  if (permissionDenied) {
    return 'The Docker socket exists but this user may not use it: run "sudo usermod -aG docker $USER", then log out and back in.';
  }
  if (source === 'DOCKER_HOST') return 'Check that the engine at DOCKER_HOST is running, or unset DOCKER_HOST to use the default. GridHost reconnects by itself.';
  if (platform === 'win32' || platform === 'darwin') return 'Start Docker Desktop and wait until it says "Engine running"; GridHost reconnects by itself.';
  return 'Start the engine ("sudo systemctl start docker", or "systemctl --user start podman.socket" for Podman); GridHost reconnects by itself.';
}

async function dockerOptions(endpoint: DockerEndpoint): Promise<Docker.DockerOptions> {
  switch (endpoint.kind) {
    case 'socket':
      return { socketPath: endpoint.path };
    case 'ssh':
      return { protocol: 'ssh', host: endpoint.host, port: endpoint.port, ...(endpoint.username ? { username: endpoint.username } : {}) };
    case 'tcp': {
      if (!endpoint.tls) return { protocol: 'http', host: endpoint.host, port: endpoint.port };
      const tls: Docker.DockerOptions = { protocol: 'https', host: endpoint.host, port: endpoint.port };
      if (endpoint.certPath) {
        const dir = endpoint.certPath;
        [tls.ca, tls.cert, tls.key] = await Promise.all(['ca.pem', 'cert.pem', 'key.pem'].map((f) => readFile(join(dir, f))));
      }
      return tls;
    }
  }
}

async function engineInfo(docker: Docker, endpoint: DockerEndpoint): Promise<EngineInfo> {
  const version = (await docker.version()) as Docker.DockerVersion & { Components?: Array<{ Name?: string }> };
  const product = version.Components?.find((c) => c.Name && /engine/i.test(c.Name))?.Name ?? 'Docker Engine';
  return { product, version: version.Version, apiVersion: version.ApiVersion, endpoint: describeEndpoint(endpoint) };
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
