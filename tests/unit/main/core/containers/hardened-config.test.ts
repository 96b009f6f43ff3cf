import { describe, expect, it } from 'vitest';
import { containerName, hostIdOf, jobNetworkName, ownershipLabels } from '../../../../../src/main/core/containers/container-names';
import { hardenedCreateBody, shmSizeBytes } from '../../../../../src/main/core/containers/hardened-config';
import { portProxyCreateBody } from '../../../../../src/main/core/containers/port-proxy';
import { parseJobContainerSpec } from '../../../../../src/main/core/containers/job-container-spec';
import { defaultSettings } from '../../../../../src/shared/settings';

const settings = { ...defaultSettings().containers, memoryMiB: 8192, cpus: 2.5 };
const MIB = 1024 * 1024;
const labels = ownershipLabels('h1', 'j', 'o');

describe('hardenedCreateBody', () => {
  it('sets every hardening field whatever the job asks', () => {
    const spec = parseJobContainerSpec({ jobId: 'j', opId: 'o', image: 'x', env: { A: '1' }, cmd: ['run'] });
    const body = hardenedCreateBody(spec, 'sha256:abc', settings, { network: { name: 'unused', aliases: [] }, labels });
    expect(body).toMatchObject({
      Image: 'sha256:abc',
      Cmd: ['run'],
      Env: ['A=1', 'NVIDIA_VISIBLE_DEVICES=void'],
      Labels: { 'gridhost.managed': '1', 'gridhost.host': 'h1', 'gridhost.job': 'j', 'gridhost.op': 'o' },
      HostConfig: {
        Privileged: false,
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        ReadonlyRootfs: true,
        Memory: 8192 * MIB,
        MemorySwap: 8192 * MIB,
        NanoCpus: 2_500_000_000,
        ShmSize: 2048 * MIB,
        Init: true,
        Mounts: [],
        RestartPolicy: { Name: 'no' },
        NetworkMode: 'none',
        LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      },
    });
    expect(body.HostConfig.OomScoreAdj).toBeGreaterThan(0);
    expect(body.HostConfig.PidsLimit).toBeGreaterThan(0);
    expect(body.HostConfig.Tmpfs).toEqual({ '/tmp': 'rw,nosuid,nodev,size=2048m' });
    expect(body.HostConfig.PortBindings).toBeUndefined();
    expect(body.HostConfig.DeviceRequests).toBeUndefined();
  });

  it('keeps /dev/shm below the memory limit on small settings', () => {
    expect(shmSizeBytes(512)).toBe(128 * MIB);
    expect(shmSizeBytes(512)).toBeLessThan(512 * MIB);
  });

  it("puts an op with ports on its job's network and publishes nothing itself (its port proxy does)", () => {
    const spec = parseJobContainerSpec({ jobId: 'j', opId: 'o', image: 'x', expose: [8000, 9000] });
    const body = hardenedCreateBody(spec, 'img', settings, { network: { name: 'gridhost-jobnet-j', aliases: ['o'] }, labels });
    expect(body.HostConfig.NetworkMode).toBe('gridhost-jobnet-j');
    expect(body.NetworkingConfig).toEqual({ EndpointsConfig: { 'gridhost-jobnet-j': { Aliases: ['o'] } } });
    expect(body.ExposedPorts).toBeUndefined();
    expect(body.HostConfig.PortBindings).toBeUndefined();
  });

  it("puts an op with aliases, or one asked to join, on the job's network with its names; any other op gets none", () => {
    const network = { name: 'gridhost-jobnet-j', aliases: ['models', 'api'] };
    const named = hardenedCreateBody(parseJobContainerSpec({ jobId: 'j', opId: 'api', image: 'x', aliases: ['models'] }), 'i', settings, { network, labels });
    expect(named.HostConfig.NetworkMode).toBe('gridhost-jobnet-j');
    expect(named.NetworkingConfig).toEqual({ EndpointsConfig: { 'gridhost-jobnet-j': { Aliases: ['models', 'api'] } } });
    const client = hardenedCreateBody(parseJobContainerSpec({ jobId: 'j', opId: 'c', image: 'x', jobNetwork: true }), 'i', settings, { network, labels });
    expect(client.HostConfig.NetworkMode).toBe('gridhost-jobnet-j');
    // A network offered to an op that needs none is not used: the safest default stays.
    const alone = hardenedCreateBody(parseJobContainerSpec({ jobId: 'j', opId: 'c', image: 'x' }), 'i', settings, { network, labels });
    expect(alone.HostConfig.NetworkMode).toBe('none');
    expect(alone.NetworkingConfig).toBeUndefined();
  });

  it('the port proxy publishes every port on 127.0.0.1 with a random host port, relaying to the job', () => {
    const request = { jobId: 'j', opId: 'o', containerId: 'c1', jobNetwork: { id: 'n1', name: 'gridhost-jobnet-j' }, ports: [8000, 9000], image: 'sha256:bb', labels };
    const body = portProxyCreateBody(request, '10.0.0.2', 'gridhost-j-o-ports-net');
    expect(body.HostConfig.NetworkMode).toBe('gridhost-j-o-ports-net');
    expect(body.ExposedPorts).toEqual({ '8000/tcp': {}, '9000/tcp': {} });
    expect(body.HostConfig.PortBindings).toEqual({
      '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
      '9000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
    });
    expect(body.Entrypoint).toEqual(['sh']);
    expect(body.Cmd).toEqual(['-c', 'nc -ll -p 8000 -e nc 10.0.0.2 8000 & nc -ll -p 9000 -e nc 10.0.0.2 9000 & wait']);
    expect(body.HostConfig).toMatchObject({ Privileged: false, CapDrop: ['ALL'], ReadonlyRootfs: true, SecurityOpt: ['no-new-privileges'] });
    expect(() => portProxyCreateBody(request, '10.0.0.2; rm -rf /', 'n')).toThrow(/unexpected address/);
  });

  it('asks for all GPUs, or exactly the chosen UUIDs', () => {
    const all = hardenedCreateBody(parseJobContainerSpec({ jobId: 'j', opId: 'o', image: 'x', gpus: 'all' }), 'i', settings, { network: null, labels });
    expect(all.HostConfig.DeviceRequests).toEqual([{ Driver: 'nvidia', Count: -1, Capabilities: [['gpu']] }]);
    const uuid = 'GPU-5a2b9c1d-1234-5678-9abc-def012345678';
    const one = hardenedCreateBody(parseJobContainerSpec({ jobId: 'j', opId: 'o', image: 'x', gpus: [uuid] }), 'i', settings, { network: null, labels });
    expect(one.HostConfig.DeviceRequests).toEqual([{ Driver: 'nvidia', Count: 0, DeviceIDs: [uuid], Capabilities: [['gpu']] }]);
  });

  it('drops the variables that steer the container runtime from the job environment', () => {
    const env = {
      NVIDIA_VISIBLE_DEVICES: 'all',
      NVIDIA_DRIVER_CAPABILITIES: 'all',
      NVIDIA_REQUIRE_CUDA: 'cuda>=12',
      NVIDIA_DISABLE_REQUIRE: '1',
      NVIDIA_MIG_CONFIG_DEVICES: 'all',
      NVIDIA_IMEX_CHANNELS: '0',
      AMD_VISIBLE_DEVICES: 'all',
      CUDA_VISIBLE_DEVICES: '0',
      HF_HOME: '/models',
    };
    const none = hardenedCreateBody(parseJobContainerSpec({ jobId: 'j', opId: 'o', image: 'x', env }), 'i', settings, { network: null, labels });
    // No GPU asked for: the NVIDIA runtime, if it is the engine's default, is told to expose none (an image's own
    // ENV NVIDIA_VISIBLE_DEVICES=all, as CUDA base images have, is overridden).
    expect(none.Env).toEqual(['CUDA_VISIBLE_DEVICES=0', 'HF_HOME=/models', 'NVIDIA_VISIBLE_DEVICES=void']);
    const all = hardenedCreateBody(parseJobContainerSpec({ jobId: 'j', opId: 'o', image: 'x', env, gpus: 'all' }), 'i', settings, { network: null, labels });
    // GPUs come only through the device request.
    expect(all.Env).toEqual(['CUDA_VISIBLE_DEVICES=0', 'HF_HOME=/models']);
    expect(all.HostConfig.DeviceRequests).toHaveLength(1);
  });

  it('mounts model volumes read-only, by name', () => {
    const spec = parseJobContainerSpec({ jobId: 'j', opId: 'o', image: 'x', volumes: [{ name: 'llama', target: '/models' }] });
    expect(hardenedCreateBody(spec, 'i', settings, { network: null, labels }).HostConfig.Mounts).toEqual([
      { Type: 'volume', Source: 'llama', Target: '/models', ReadOnly: true },
    ]);
  });
});

describe('container names', () => {
  it('are deterministic and sanitised, and distinct ids stay distinct', () => {
    expect(containerName('job-1', 'run')).toBe('gridhost-job-1-run');
    expect(containerName('Job.A', 'x')).toBe(containerName('Job.A', 'x'));
    expect(containerName('Job.A', 'x')).toMatch(/^gridhost-job\.a-[0-9a-f]{8}-x$/);
    expect(containerName('Job.A', 'x')).not.toBe(containerName('job.a', 'x'));
    expect(containerName('a'.repeat(128), 'b')).toHaveLength('gridhost-'.length + 40 + 9 + 2);
    expect(jobNetworkName('j')).toBe('gridhost-jobnet-j');
    expect(jobNetworkName('Job.A')).toMatch(/^gridhost-jobnet-job\.a-[0-9a-f]{8}$/);
    expect(hostIdOf('/home/a/.config/GridHost')).toBe(hostIdOf('/home/a/.config/GridHost'));
    expect(hostIdOf('/home/a/.config/GridHost')).not.toBe(hostIdOf('/home/b/.config/GridHost'));
  });
});
