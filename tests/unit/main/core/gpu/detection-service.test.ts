import { describe, expect, it } from 'vitest';
import { DetectionService } from '../../../../../src/main/core/gpu/detection-service';
import type { CommandOutcome, ContainerRuntimeProbe, NvidiaSmi, SystemProbe, WindowsPlatformProbe } from '../../../../../src/main/core/gpu/ports';
import { RecordingEvents } from '../../../../support/core-fakes';

const ROW = '0, GPU-1, NVIDIA GeForce RTX 3060, 12288, 560.94';

function countingSmi(): NvidiaSmi & { calls: number } {
  const smi = {
    calls: 0,
    path: 'nvidia-smi',
    async run(args: readonly string[]): Promise<CommandOutcome> {
      smi.calls += 1;
      await new Promise((r) => setTimeout(r, 20));
      if (args[0] === '-q') return { kind: 'exited', exitCode: 0, stdout: 'CUDA Version : 12.6\n', stderr: '' };
      const fields = args[0]!.replace('--query-gpu=', '').split(',');
      const values = ROW.split(', ');
      return { kind: 'exited', exitCode: 0, stdout: `${fields.map((_, i) => values[i] ?? '[N/A]').join(', ')}\n`, stderr: '' };
    },
  };
  return smi;
}

const engine: ContainerRuntimeProbe = {
  engineVersion: async () => ({ reachable: true, version: '27.3.1', endpoint: '//./pipe/docker_engine', product: 'Docker Desktop' }),
  gpuProbe: async () => ({ usable: true, output: 'NVIDIA GeForce RTX 3060, 560.94' }),
  toolkitVersion: async () => null,
};

const system = (ms: number): SystemProbe => ({
  snapshot: (dataDir) =>
    new Promise((resolve) => setTimeout(() => resolve({ cpu: null, ramBytes: 16e9, os: null, dataDir, diskFreeBytes: 100e9, laptop: true }), ms)),
});

const windows: WindowsPlatformProbe = {
  wsl2: async () => ({ installed: true, defaultVersion: 2, detail: 'Default Version: 2' }),
  virtualizationEnabled: async () => true,
};

function service(over: Partial<ConstructorParameters<typeof DetectionService>[0]> = {}) {
  return new DetectionService({
    nvidiaSmi: countingSmi(), system: system(0), containers: engine, windows, platform: 'win32', dataDir: 'C:\\ProgramData\\GridHost', clock: { now: () => Date.UTC(2026, 10, 25, 10) }, events: new RecordingEvents(),
    ...over,
  });
}

describe('DetectionService', () => {
  it('builds one report: GPUs, system, checks (with the Windows ones) and eligibility', async () => {
    const detection = service();
    expect(detection.lastReport()).toBeNull();
    const report = await detection.detect();
    expect(report.detectedAt).toBe('2026-11-25T10:00:00.000Z');
    expect(report.gpus[0]).toMatchObject({ model: 'rtx-3060', cudaVersion: '12.6' });
    expect(report.checks.map((c) => c.id)).toContain('wsl2');
    expect(report.checks.find((c) => c.id === 'container-toolkit')?.status).toBe('pass');
    expect(report.system.laptop).toBe(true);
    expect(report.eligible).toBe(true);
    expect(detection.lastReport()).toBe(report);
  });

  it('shares one run between callers asking at the same time', async () => {
    const smi = countingSmi();
    const detection = service({ nvidiaSmi: smi });
    const [a, b] = await Promise.all([detection.detect(), detection.detect()]);
    expect(a).toBe(b);
    expect(smi.calls).toBe(2);
    await detection.detect();
    expect(smi.calls).toBe(3);
  });

  it('reports the system as unknown when it is slower than the deadline, without waiting for it', async () => {
    const started = Date.now();
    const report = await service({ system: system(5_000), systemDeadlineMs: 50 }).detect();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(report.system).toEqual({ cpu: null, ramBytes: null, os: null, dataDir: 'C:\\ProgramData\\GridHost', diskFreeBytes: null, laptop: null });
    expect(report.checks.find((c) => c.id === 'disk-free')?.status).toBe('warn');
  });

  it('does not run the GPU probe when the engine does not answer', async () => {
    let probed = false;
    const down: ContainerRuntimeProbe = {
      engineVersion: async () => ({ reachable: false, endpoint: '//./pipe/docker_engine', reason: 'not-running', message: 'ENOENT' }),
      gpuProbe: async () => {
        probed = true;
        return { usable: true, output: '' };
      },
      toolkitVersion: async () => null,
    };
    const report = await service({ containers: down }).detect();
    expect(probed).toBe(false);
    expect(report.checks.find((c) => c.id === 'docker-engine')).toMatchObject({ status: 'fail', fix: expect.stringContaining('Start Docker Desktop') });
    expect(report.checks.find((c) => c.id === 'gpu-container')?.message).toMatch(/Docker is not reachable/);
    expect(report.eligible).toBe(false);
  });
});
