import { describe, expect, it } from 'vitest';
import { NvidiaSmiProcess } from '../../../src/main/adapters/nvidia-smi/nvidia-smi-process';
import { DetectionService } from '../../../src/main/core/gpu/detection-service';
import type { ContainerRuntimeProbe, SystemProbe } from '../../../src/main/core/gpu/ports';
import { DetectionReportSchema, type DetectionReport } from '../../../src/shared/contract/gpu';
import { fakeNvidiaSmiEnv } from '../../support/fake-nvidia-smi';
import { RecordingEvents } from '../../support/core-fakes';

// The real spawn path: NvidiaSmiProcess finds the fake nvidia-smi first on PATH and runs it as a child.
// The container engine and the system facts are port fakes here (their adapters have their own tests).
const readySystem: SystemProbe = {
  snapshot: async (dataDir) => ({ cpu: { model: 'x', cores: 8, physicalCores: 4 }, ramBytes: 32e9, os: null, dataDir, diskFreeBytes: 500e9, laptop: false }),
};
const readyEngine: ContainerRuntimeProbe = {
  engineVersion: async () => ({ reachable: true, version: '27.3.1', endpoint: '/var/run/docker.sock', product: 'Docker Engine' }),
  gpuProbe: async () => ({ usable: true, output: 'probe ok' }),
  toolkitVersion: async () => '1.17.8',
};

async function detect(fixture: string, timeoutMs = 10_000): Promise<DetectionReport> {
  const env = fakeNvidiaSmiEnv(fixture);
  const service = new DetectionService({
    nvidiaSmi: new NvidiaSmiProcess({ timeoutMs, host: { platform: 'linux', env } }),
    system: readySystem,
    containers: readyEngine,
    windows: null,
    platform: 'linux',
    dataDir: '/data',
    clock: { now: () => Date.UTC(2026, 10, 25) },
    events: new RecordingEvents(),
  });
  // What `gridhost detect --json` prints is this report: it must pass its own schema.
  return DetectionReportSchema.parse(await service.detect());
}

const check = (report: DetectionReport, id: string) => report.checks.find((c) => c.id === id);

describe('detection over recorded nvidia-smi output (fake nvidia-smi on PATH)', () => {
  it.each([
    ['rtx-3060', 'rtx-3060', 'nvidia-3060', false, 12288, 'pass'],
    ['rtx-3060-8gb', 'rtx-3060', 'nvidia-3060', false, 8192, 'warn'],
    ['rtx-3060-laptop', 'rtx-3060-laptop', 'nvidia-laptop', true, 6144, 'warn'],
    ['rtx-4070-laptop', 'rtx-4070-laptop', 'nvidia-laptop', true, 8188, 'pass'],
    ['rtx-4060-ti-16gb', 'rtx-4060-ti', 'nvidia-4060', false, 16380, 'pass'],
    ['rtx-4090', 'rtx-4090', 'nvidia-4090', false, 24564, 'pass'],
    ['rtx-a6000', 'rtx-a6000', 'nvidia-a6000', false, 49140, 'warn'],
    ['a100-sxm4-80gb', 'a100-80gb', 'nvidia-a100', false, 81920, 'warn'],
    ['h100-pcie', 'h100', 'nvidia-h100', false, 81559, 'pass'],
  ])('%s: a supported %s in %s', async (fixture, model, market, laptop, vramMiB, driverStatus) => {
    const report = await detect(fixture);
    expect(report.nvidiaSmi).toMatchObject({ state: 'ok', unknownFields: [] });
    expect(report.gpus).toHaveLength(1);
    expect(report.gpus[0]).toMatchObject({ index: 0, model, market, laptop, vramMiB, supported: true, reason: null });
    expect(report.gpus[0]!.uuid).toMatch(/^GPU-[0-9a-f-]{36}$/);
    expect(report.gpus[0]!.cudaVersion).toMatch(/^1[12]\.\d$/);
    expect(check(report, 'nvidia-driver')?.status).toBe(driverStatus);
    expect(report.eligible).toBe(true);
  });

  it('keeps laptop power figures unknown, never 0', async () => {
    const [g] = (await detect('rtx-3060-laptop')).gpus;
    expect(g).toMatchObject({ powerDrawW: null, powerLimitW: null, temperatureC: 44, pcie: { widthCurrent: 8, widthMax: 16 } });
    const [l] = (await detect('rtx-4070-laptop')).gpus;
    expect(l).toMatchObject({ powerDrawW: 3.21, powerLimitW: null });
  });

  it('takes bandwidth from the VRAM variant and reads throttle reasons', async () => {
    expect((await detect('rtx-3060-8gb')).gpus[0]!.expected?.memoryBandwidthGBs).toBe(240);
    expect((await detect('rtx-3060')).gpus[0]!.expected?.memoryBandwidthGBs).toBe(360);
    expect((await detect('rtx-4090')).gpus[0]).toMatchObject({ throttleReasons: ['sw_power_cap'], powerDrawW: 449.38, utilizationPercent: 100 });
  });

  it('reads every GPU of a multi-GPU rig, each in its market, with the x1 risers visible', async () => {
    const report = await detect('rig-3x-rtx-3090-1x-rtx-3060');
    expect(report.gpus.map((g) => [g.index, g.model, g.market])).toEqual([
      [0, 'rtx-3090', 'nvidia-3090'],
      [1, 'rtx-3090', 'nvidia-3090'],
      [2, 'rtx-3090', 'nvidia-3090'],
      [3, 'rtx-3060', 'nvidia-3060'],
    ]);
    expect(report.gpus.map((g) => g.pcie.widthCurrent)).toEqual([16, 16, 1, 1]);
    expect(new Set(report.gpus.map((g) => g.uuid)).size).toBe(4);
    expect(report.eligible).toBe(true);
  });

  it('reports an unsupported GPU as it is, with model null and a reason', async () => {
    const report = await detect('gtx-1080-ti');
    expect(report.gpus[0]).toMatchObject({ name: 'NVIDIA GeForce GTX 1080 Ti', model: null, market: null, supported: false, laptop: false });
    expect(report.gpus[0]!.reason).toMatch(/not in GridHost's supported list/);
    expect(check(report, 'gpu-supported')?.status).toBe('fail');
    expect(report.eligible).toBe(false);
  });

  it('matches an old driver\'s name without the NVIDIA prefix, drops the field it does not know, and fails the driver check', async () => {
    const report = await detect('rtx-3080-old-driver');
    expect(report.nvidiaSmi).toMatchObject({ state: 'ok', unknownFields: ['compute_cap'] });
    expect(report.gpus[0]).toMatchObject({ name: 'GeForce RTX 3080', model: 'rtx-3080', driverVersion: '460.91.03', cudaVersion: '11.2', computeCapability: '8.6' });
    expect(check(report, 'nvidia-driver')).toMatchObject({ status: 'fail', message: expect.stringContaining('460.91.03') });
    expect(report.eligible).toBe(false);
  });

  it('retries without an unknown query field (NVIDIA\'s "is not a valid field to query", exit 2)', async () => {
    const report = await detect('unknown-field-rtx-3070');
    expect(report.nvidiaSmi.unknownFields).toEqual(['compute_cap']);
    expect(report.gpus[0]).toMatchObject({ model: 'rtx-3070', throttleReasons: ['gpu_idle'] });
  });

  it.each([
    ['driver-not-loaded', 'driver-not-loaded', /cannot talk to the NVIDIA driver/, /Restart the computer/],
    ['no-devices', 'no-devices', /sees no GPU/, /BIOS/],
    ['garbage', 'unreadable', /cannot read/, /Reinstall the NVIDIA driver/],
    ['libnvidia-ml-missing', 'failed', /exit 12/, /reinstall the NVIDIA driver/],
  ])('%s: no GPU, state %s, and a driver check that says what to do', async (fixture, state, message, fix) => {
    const report = await detect(fixture);
    expect(report.gpus).toEqual([]);
    expect(report.nvidiaSmi.state).toBe(state);
    expect(check(report, 'nvidia-driver')).toMatchObject({ status: 'fail', message: expect.stringMatching(message), fix: expect.stringMatching(fix) });
    expect(report.eligible).toBe(false);
  });

  it('kills a hung nvidia-smi at the timeout and reports it', async () => {
    const started = Date.now();
    const report = await detect('hang', 1_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(report.nvidiaSmi.state).toBe('timed-out');
    expect(check(report, 'nvidia-driver')).toMatchObject({ status: 'fail', message: expect.stringContaining('did not answer within 1 s') });
  });

  it('reports nvidia-smi missing from PATH with where it looked', async () => {
    const service = new DetectionService({
      nvidiaSmi: new NvidiaSmiProcess({ host: { platform: 'linux', env: { PATH: '/nonexistent-gridhost-bin' } } }),
      system: readySystem, containers: readyEngine, windows: null, platform: 'linux', dataDir: '/data', clock: { now: () => 0 }, events: new RecordingEvents(),
    });
    const report = await service.detect();
    expect(report.nvidiaSmi.state).toBe('not-found');
    expect(check(report, 'nvidia-driver')?.message).toContain('/nonexistent-gridhost-bin/nvidia-smi');
  });
});
