import { describe, expect, it } from 'vitest';
import { ContainerError } from '../../../../../src/main/core/containers/errors';
import type { EngineConnection, ImageStore, UtilityRunOptions, UtilityRunResult } from '../../../../../src/main/core/containers/ports';
import { EngineRuntimeProbe } from '../../../../../src/main/core/gpu/container-runtime-probe';
import { FakeImageStore } from '../containers/fake-image-store';

/** The engine as the probe sees it: a ping and the probe image. */
class FakeProbeEngine extends FakeImageStore implements Pick<EngineConnection, 'ping'>, ImageStore {
  pingError: Error | null = null;
  async ping() {
    if (this.pingError) throw this.pingError;
    return { product: 'Docker Engine - Community', version: '27.1.1', apiVersion: '1.46', endpoint: '/var/run/docker.sock' };
  }
}

function probeWith(result: UtilityRunResult) {
  const engine = new FakeProbeEngine();
  engine.addImage('nvidia/cuda:12.4.1-base-ubuntu22.04', 1);
  const runs: UtilityRunOptions[] = [];
  const probe = new EngineRuntimeProbe(engine, { runUtility: async (options) => (runs.push(options), result) }, {
    probeImage: 'nvidia/cuda:12.4.1-base-ubuntu22.04',
    toolkitVersion: async () => '1.16.2',
  });
  return { engine, probe, runs };
}

describe('EngineRuntimeProbe', () => {
  it('runs nvidia-smi in a utility container with the GPUs and reads its first line', async () => {
    const { probe, runs } = probeWith({ kind: 'exited', exitCode: 0, output: '\nNVIDIA GeForce RTX 3060, 550.54.14\n' });
    expect(await probe.gpuProbe()).toEqual({ usable: true, output: 'NVIDIA GeForce RTX 3060, 550.54.14' });
    expect(runs).toEqual([expect.objectContaining({
      image: 'nvidia/cuda:12.4.1-base-ubuntu22.04', name: 'gridhost-gpu-probe', entrypoint: ['nvidia-smi'], requestGpus: true, timeoutMs: 60_000,
      env: ['NVIDIA_DRIVER_CAPABILITIES=utility'],
    })]);
  });

  it('tells a missing NVIDIA runtime, a driver error and an unreachable engine apart', async () => {
    const refused = (message: string, engineUnavailable = false) => probeWith({ kind: 'refused', message, engineUnavailable }).probe.gpuProbe();
    expect(await refused('could not select device driver "nvidia" with capabilities: [[gpu]]')).toMatchObject({ usable: false, reason: 'no-nvidia-runtime' });
    expect(await refused('nvidia-container-cli: initialization error: nvml error')).toMatchObject({ usable: false, reason: 'driver-error' });
    expect(await refused('connect ECONNREFUSED', true)).toMatchObject({ usable: false, reason: 'engine-unreachable' });
    expect(await probeWith({ kind: 'timed-out', output: '' }).probe.gpuProbe()).toMatchObject({ usable: false, reason: 'driver-error' });
    expect(await probeWith({ kind: 'exited', exitCode: 9, output: 'NVML: Driver/library version mismatch' }).probe.gpuProbe()).toEqual({
      usable: false, reason: 'driver-error', message: 'nvidia-smi in the container exited 9: NVML: Driver/library version mismatch',
    });
  });

  it('fetches a missing probe image first, and says so when it cannot', async () => {
    const { engine, probe, runs } = probeWith({ kind: 'exited', exitCode: 0, output: 'GPU' });
    engine.images = [];
    expect(await probe.gpuProbe()).toEqual({ usable: true, output: 'GPU' });
    expect(engine.pulls.map((p) => p.reference)).toEqual(['nvidia/cuda:12.4.1-base-ubuntu22.04']);
    expect(runs).toHaveLength(1);

    engine.up = false;
    expect(await probe.gpuProbe()).toMatchObject({ usable: false, reason: 'image-unavailable' });
  });

  it('reads the engine version, or why the engine cannot be reached', async () => {
    const { engine, probe } = probeWith({ kind: 'aborted', output: '' });
    expect(await probe.engineVersion()).toEqual({ reachable: true, version: '27.1.1', endpoint: '/var/run/docker.sock', product: 'Docker Engine - Community' });
    engine.pingError = new ContainerError('engine_unavailable', 'connect EACCES /var/run/docker.sock', 'Join the docker group.');
    expect(await probe.engineVersion()).toMatchObject({ reachable: false, reason: 'permission-denied' });
  });
});
