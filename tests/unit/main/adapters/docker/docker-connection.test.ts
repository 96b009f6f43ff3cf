import { describe, expect, it } from 'vitest';
import { describeEndpoint, resolveDockerEndpoint } from '../../../../../src/main/adapters/docker/docker-connection';
import { ContainerError } from '../../../../../src/main/core/containers/errors';

const paths = (env: Record<string, string>, platform: NodeJS.Platform, home = '/home/ada') =>
  resolveDockerEndpoint(env, platform, home).candidates.map(describeEndpoint);

describe('resolveDockerEndpoint', () => {
  it('on Linux tries the system socket, Docker Desktop\'s user sockets, then Podman\'s', () => {
    expect(paths({ XDG_RUNTIME_DIR: '/run/user/1000' }, 'linux')).toEqual([
      '/var/run/docker.sock',
      '/home/ada/.docker/run/docker.sock',
      '/home/ada/.docker/desktop/docker.sock',
      '/run/user/1000/podman/podman.sock',
      '/run/podman/podman.sock',
    ]);
  });

  it('on macOS tries Docker Desktop\'s user socket first', () => {
    const found = paths({}, 'darwin', '/Users/ada');
    expect(found[0]).toBe('/Users/ada/.docker/run/docker.sock');
    expect(found).toContain('/var/run/docker.sock');
    expect(found).not.toContain('/run/user/1000/podman/podman.sock');
  });

  it('on Windows uses the named pipes', () => {
    expect(paths({}, 'win32', 'C:\\Users\\ada')).toEqual(['//./pipe/docker_engine', '//./pipe/podman-machine-default']);
  });

  it('DOCKER_HOST wins and is the only endpoint tried', () => {
    expect(resolveDockerEndpoint({ DOCKER_HOST: 'unix:///tmp/d.sock' }, 'linux', '/h')).toEqual({
      source: 'DOCKER_HOST',
      candidates: [{ kind: 'socket', path: '/tmp/d.sock', label: 'DOCKER_HOST (socket)' }],
    });
    expect(paths({ DOCKER_HOST: 'npipe:////./pipe/custom' }, 'win32')).toEqual(['//./pipe/custom']);
    expect(paths({ DOCKER_HOST: 'tcp://10.0.0.5:2375' }, 'linux')).toEqual(['tcp://10.0.0.5:2375']);
    expect(paths({ DOCKER_HOST: 'tcp://10.0.0.5:2376' }, 'linux')).toEqual(['https://10.0.0.5:2376']);
    expect(paths({ DOCKER_HOST: 'tcp://10.0.0.5:2375', DOCKER_TLS_VERIFY: '1' }, 'linux')).toEqual(['https://10.0.0.5:2375']);
    expect(paths({ DOCKER_HOST: 'ssh://me@box' }, 'linux')).toEqual(['ssh://me@box:22']);
    expect(paths({ DOCKER_HOST: 'localhost:2375' }, 'linux')).toEqual(['tcp://localhost:2375']);
  });

  it('a DOCKER_HOST it cannot use is an error that says how to fix it', () => {
    for (const bad of ['unix://', 'ftp://x', 'tcp://']) {
      const err = (() => {
        try {
          resolveDockerEndpoint({ DOCKER_HOST: bad }, 'linux', '/h');
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(err).toBeInstanceOf(ContainerError);
      expect((err as ContainerError).code).toBe('engine_unavailable');
      expect((err as ContainerError).hint).toMatch(/unset it/);
    }
  });
});
