import { describe, expect, it } from 'vitest';
import { parseJobContainerSpec } from '../../../../../src/main/core/containers/job-container-spec';
import { ContainerError } from '../../../../../src/main/core/containers/errors';

const base = { jobId: 'job-1', opId: 'run', image: 'org/model:1' };

function refusal(input: unknown): ContainerError {
  try {
    parseJobContainerSpec(input);
  } catch (err) {
    if (err instanceof ContainerError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('parseJobContainerSpec', () => {
  it('fills defaults: no GPU, no ports, no volumes, no env, no network', () => {
    expect(parseJobContainerSpec(base)).toEqual({ ...base, env: {}, gpus: 'none', expose: [], volumes: [], aliases: [], jobNetwork: false });
  });

  it('takes host names as aliases, and refuses anything else (no DNS tricks, no more than 16)', () => {
    expect(parseJobContainerSpec({ ...base, aliases: ['models', 'db-1'] }).aliases).toEqual(['models', 'db-1']);
    for (const alias of ['Models', 'a.b', '-x', 'x-', 'a_b', '', 'a'.repeat(64)]) expect(refusal({ ...base, aliases: [alias] }).code).toBe('invalid_spec');
    expect(refusal({ ...base, aliases: Array.from({ length: 17 }, (_, i) => `a${i}`) }).code).toBe('invalid_spec');
  });

  it('accepts all GPUs or chosen UUIDs', () => {
    expect(parseJobContainerSpec({ ...base, gpus: 'all' }).gpus).toBe('all');
    const uuid = 'GPU-5a2b9c1d-1234-5678-9abc-def012345678';
    expect(parseJobContainerSpec({ ...base, gpus: [uuid] }).gpus).toEqual([uuid]);
    expect(refusal({ ...base, gpus: ['0'] }).code).toBe('invalid_spec');
  });

  it('refuses fields the job may not set (privileges, host config)', () => {
    for (const extra of [{ privileged: true }, { HostConfig: { Privileged: true } }, { network: 'host' }, { user: 'root' }]) {
      const err = refusal({ ...base, ...extra });
      expect(err.code).toBe('invalid_spec');
      expect(err.hint).toMatch(/refused/);
    }
  });

  it.each([
    [{ name: '/var/run/docker.sock', target: '/var/run/docker.sock' }, /engine socket/],
    [{ name: 'models', target: '/run/docker.sock' }, /engine socket/],
    [{ name: '//./pipe/docker_engine', target: '/x' }, /engine socket/],
    [{ name: '/home/owner', target: '/data' }, /named volumes/],
    [{ name: '../x', target: '/data' }, /named volumes/],
    [{ name: 'C:\\Users', target: '/data' }, /named volumes/],
    [{ name: 'models', target: 'relative' }, /absolute/],
    [{ name: 'models', target: '/models/../etc' }, /container system.*"\/etc"/],
    [{ name: 'models', target: '/' }, /container system/],
    [{ name: 'models', target: '/proc/sys' }, /container system/],
    [{ name: 'models', target: '/tmp' }, /container system/],
    // Spellings that name a system directory without looking like it: normalised before the check.
    [{ name: 'models', target: '//etc' }, /container system/],
    [{ name: 'models', target: '/./etc' }, /container system/],
    [{ name: 'models', target: '//proc' }, /container system/],
    [{ name: 'models', target: '//usr/lib' }, /container system/],
    [{ name: 'models', target: '/etc/' }, /container system/],
    [{ name: 'models', target: '/run' }, /container system/],
    [{ name: 'models', target: '/var/run/secrets' }, /container system/],
    [{ name: 'models', target: '/boot' }, /container system/],
    // A parent of a system directory would hide it too.
    [{ name: 'models', target: '/var' }, /container system/],
    [{ name: 'models', target: './models' }, /absolute/],
  ])('refuses the mount %j as forbidden', (volume, why) => {
    const err = refusal({ ...base, volumes: [volume] });
    expect(err.code).toBe('forbidden');
    expect(err.message).toMatch(why);
  });

  it('accepts a named model volume', () => {
    expect(parseJobContainerSpec({ ...base, volumes: [{ name: 'hf-llama', target: '/models' }] }).volumes).toEqual([
      { name: 'hf-llama', target: '/models' },
    ]);
  });

  it('mounts at the normalised path, so the engine sees what was checked', () => {
    expect(parseJobContainerSpec({ ...base, volumes: [{ name: 'm', target: '//models/./a//' }] }).volumes).toEqual([{ name: 'm', target: '/models/a' }]);
    expect(parseJobContainerSpec({ ...base, volumes: [{ name: 'm', target: '/tmp/cache' }] }).volumes).toEqual([{ name: 'm', target: '/tmp/cache' }]);
  });

  it('never puts a registry password in its error', () => {
    const err = refusal({ ...base, jobId: '', registryAuth: { username: 'u', password: 'hunter2-secret' } });
    expect(err.describe()).not.toContain('hunter2-secret');
  });

  it('refuses bad environment names and ids', () => {
    expect(refusal({ ...base, env: { 'A=B': 'x' } }).code).toBe('invalid_spec');
    expect(refusal({ ...base, jobId: '../escape' }).code).toBe('invalid_spec');
    expect(refusal({ ...base, expose: [70000] }).code).toBe('invalid_spec');
  });
});
