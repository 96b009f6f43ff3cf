import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineRuntimeProbe } from '../../../src/main/core/gpu/container-runtime-probe';
import { gpuContainerCheck } from '../../../src/main/core/gpu/readiness-checks';
import { LABEL_JOB } from '../../../src/main/core/containers/container-names';
import { dockerAvailable } from '../../support/requirements';
import { buildBenchmarkStandIn } from '../benchmark/stand-in-image';
import { createHarness, type Harness } from '../containers/harness';

const hasDocker = await dockerAvailable();
const run = promisify(execFile);

describe.skipIf(!hasDocker)('the GPU container probe against the real Docker engine', () => {
  // The probe's container runs through the container supervisor, over the real engine.
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h?.close());
  const probeOf = (options: ConstructorParameters<typeof EngineRuntimeProbe>[2]) => new EngineRuntimeProbe(h.engine, h.supervisor, options);

  it('reads the engine version and endpoint', async () => {
    const probe = probeOf({ probeImage: 'unused', toolkitVersion: async () => null });
    const found = await probe.engineVersion();
    expect(found).toMatchObject({ reachable: true, version: expect.stringMatching(/^\d+\.\d+/) });
  });

  it('runs the probe container and reads what nvidia-smi says inside it', async () => {
    const image = await buildBenchmarkStandIn('rtx-3060');
    // The stand-in answers as the NVIDIA runtime's nvidia-smi would; no GPU is requested because there is none.
    const probe = probeOf({ probeImage: image, toolkitVersion: async () => null, requestGpus: false });
    expect(await probe.gpuProbe()).toEqual({ usable: true, output: 'NVIDIA GeForce RTX 3060, 550.54.14' });
    // Other test files run probes too (same label): theirs come and go; none may stay.
    await expect.poll(() => h.engine.listContainers({ [LABEL_JOB]: 'gridhost-gpu-probe' }), { timeout: 15_000 }).toEqual([]);
  });

  it('removes a stopped probe container left by an earlier run that died before its cleanup', async () => {
    const image = await buildBenchmarkStandIn('rtx-3060');
    const labels = ['--label', 'gridhost.managed=1', '--label', 'gridhost.job=gridhost-gpu-probe', '--label', 'gridhost.op=run'];
    const { stdout: leftover } = await run('docker', ['run', '-d', ...labels, '--network', 'none', image]);
    await run('docker', ['wait', leftover.trim()]);
    const probe = probeOf({ probeImage: image, toolkitVersion: async () => null, requestGpus: false });
    expect((await probe.gpuProbe()).usable).toBe(true);
    const left = await h.engine.listContainers({ [LABEL_JOB]: 'gridhost-gpu-probe' });
    expect(left.map((c) => c.id)).not.toContain(leftover.trim());
  });

  it('with the GPU device request on an engine without the NVIDIA runtime, says the toolkit is missing and how to install it', async () => {
    const { stdout } = await run('docker', ['info', '--format', '{{json .Runtimes}}']);
    const image = await buildBenchmarkStandIn('rtx-3060');
    const probe = probeOf({ probeImage: image, toolkitVersion: async () => null });
    const result = await probe.gpuProbe();
    if (stdout.includes('nvidia')) {
      // A machine with the NVIDIA runtime (a GPU CI runner): the probe must not claim the toolkit is missing.
      expect(result.usable || result.reason !== 'no-nvidia-runtime').toBe(true);
      return;
    }
    expect(result).toMatchObject({ usable: false, reason: 'no-nvidia-runtime', message: expect.stringContaining('could not select device driver') });
    const check = gpuContainerCheck({ gpuContainer: result, platform: 'linux' });
    expect(check.status).toBe('fail');
    expect(check.fix).toContain('sudo nvidia-ctk runtime configure --runtime=docker');
    // Other test files run probes too (same label): theirs come and go; none may stay.
    await expect.poll(() => h.engine.listContainers({ [LABEL_JOB]: 'gridhost-gpu-probe' }), { timeout: 15_000 }).toEqual([]);
  });

  it('reports an image that cannot be fetched', async () => {
    const probe = probeOf({ probeImage: 'gridhost-test/no-such-image:never', toolkitVersion: async () => null });
    expect(await probe.gpuProbe()).toMatchObject({ usable: false, reason: 'image-unavailable' });
  });

  it('reports an engine that does not answer', async () => {
    const gone = await createHarness({ connect: { env: { DOCKER_HOST: 'unix:///tmp/gridhost-no-such-docker.sock' } } });
    try {
      const probe = new EngineRuntimeProbe(gone.engine, gone.supervisor, { probeImage: 'x', toolkitVersion: async () => null });
      expect(await probe.engineVersion()).toMatchObject({ reachable: false, reason: 'not-installed' });
    } finally {
      await gone.close();
    }
  });
});
