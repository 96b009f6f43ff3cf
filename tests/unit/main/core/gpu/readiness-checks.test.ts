import { describe, expect, it } from 'vitest';
import type { DetectedGpu, SystemSnapshot } from '../../../../../src/shared/contract/gpu';
import { describeGpu, type GpuDetection } from '../../../../../src/main/core/gpu/gpu-detector';
import type { QueryField } from '../../../../../src/main/core/gpu/nvidia-smi-query';
import { isEligible, readinessChecks, type ReadinessInputs } from '../../../../../src/main/core/gpu/readiness-checks';

function gpu(name: string, vramMiB: number, driver = '550.54.14'): DetectedGpu {
  const reading = new Map<QueryField, string | null>([
    ['index', '0'], ['uuid', 'GPU-1'], ['name', name], ['memory.total', String(vramMiB)], ['driver_version', driver],
  ]);
  return describeGpu(reading, '12.4');
}

const okDetection = (gpus: DetectedGpu[]): GpuDetection => ({
  nvidiaSmi: { state: 'ok', path: '/usr/bin/nvidia-smi', message: null, fix: null, unknownFields: [] },
  gpus,
});

const system: SystemSnapshot = {
  cpu: { model: 'Ryzen 5 5600X', cores: 12, physicalCores: 6 }, ramBytes: 32e9, os: null, dataDir: '/home/a/.gridhost', diskFreeBytes: 200e9, laptop: false,
};

function inputs(over: Partial<ReadinessInputs> = {}): ReadinessInputs {
  return {
    platform: 'linux',
    detection: okDetection([gpu('NVIDIA GeForce RTX 3060', 12288)]),
    system,
    engine: { reachable: true, version: '27.3.1', endpoint: 'unix:///var/run/docker.sock', product: 'Docker Engine - Community' },
    gpuContainer: { usable: true, output: 'NVIDIA GeForce RTX 3060, 550.54.14' },
    toolkitVersion: '1.17.8',
    windows: null,
    ...over,
  };
}

const byId = (checks: ReturnType<typeof readinessChecks>, id: string) => checks.find((c) => c.id === id)!;

describe('readiness checks', () => {
  it('all pass on a ready Linux machine, with no fix shown', () => {
    const checks = readinessChecks(inputs());
    expect(checks.map((c) => c.id)).toEqual(['nvidia-driver', 'gpu-supported', 'gpu-vram', 'docker-engine', 'gpu-container', 'container-toolkit', 'disk-free', 'ram']);
    expect(checks.every((c) => c.status === 'pass' && c.fix === null)).toBe(true);
    expect(isEligible(inputs().detection, checks)).toBe(true);
  });

  it('applies the driver thresholds per platform: fail below 525.60 / 527.41, warn below 550', () => {
    const at = (driver: string, platform: NodeJS.Platform) =>
      byId(readinessChecks(inputs({ platform, detection: okDetection([gpu('NVIDIA GeForce RTX 3060', 12288, driver)]) })), 'nvidia-driver').status;
    expect(at('525.53', 'linux')).toBe('fail');
    expect(at('525.60.13', 'linux')).toBe('warn');
    expect(at('527.37', 'win32')).toBe('fail');
    expect(at('527.41', 'win32')).toBe('warn');
    expect(at('550.54.14', 'linux')).toBe('pass');
    expect(at('560.94', 'win32')).toBe('pass');
  });

  it('fails an unsupported GPU with its reason and is then not eligible', () => {
    const detection = okDetection([gpu('NVIDIA GeForce GTX 1080 Ti', 11264)]);
    const checks = readinessChecks(inputs({ detection }));
    expect(byId(checks, 'gpu-supported')).toMatchObject({ status: 'fail', message: expect.stringContaining('GTX 1080 Ti') });
    expect(isEligible(detection, checks)).toBe(false);
  });

  it('explains a missing NVIDIA runtime with the exact toolkit commands', () => {
    const checks = readinessChecks(inputs({
      gpuContainer: { usable: false, reason: 'no-nvidia-runtime', message: 'could not select device driver "nvidia" with capabilities: [[gpu]]' },
      toolkitVersion: null,
    }));
    const probe = byId(checks, 'gpu-container');
    expect(probe.status).toBe('fail');
    expect(probe.message).toContain('NVIDIA Container Toolkit');
    expect(probe.fix).toContain('sudo apt-get install -y nvidia-container-toolkit');
    expect(probe.fix).toContain('sudo nvidia-ctk runtime configure --runtime=docker');
    // The commands are shown once, under the probe; the toolkit check points there.
    expect(byId(checks, 'container-toolkit')).toMatchObject({ status: 'warn', fix: expect.stringContaining('"GPU inside containers"') });
  });

  it('warns below toolkit 1.17.8 and tells how to upgrade', () => {
    const c = byId(readinessChecks(inputs({ toolkitVersion: '1.17.7' })), 'container-toolkit');
    expect(c).toMatchObject({ status: 'warn', fix: expect.stringContaining('--only-upgrade nvidia-container-toolkit') });
  });

  it('tells a user without Docker access to join the docker group', () => {
    const c = byId(readinessChecks(inputs({
      engine: { reachable: false, endpoint: 'unix:///var/run/docker.sock', reason: 'permission-denied', message: 'EACCES' },
      gpuContainer: null,
    })), 'docker-engine');
    expect(c).toMatchObject({ status: 'fail', fix: expect.stringContaining('usermod -aG docker') });
  });

  it('fails low disk and low RAM with amounts, and warns when they are unknown', () => {
    const low = readinessChecks(inputs({ system: { ...system, diskFreeBytes: 10e9, ramBytes: 4e9 } }));
    expect(byId(low, 'disk-free')).toMatchObject({ status: 'fail', message: expect.stringContaining('10.0 GB') });
    expect(byId(low, 'ram').status).toBe('fail');
    const unknown = readinessChecks(inputs({ system: { ...system, diskFreeBytes: null, ramBytes: null } }));
    expect([byId(unknown, 'disk-free').status, byId(unknown, 'ram').status]).toEqual(['warn', 'warn']);
  });

  it('accepts a 6 GB laptop part reporting a little under 6 GiB, and fails less', () => {
    expect(byId(readinessChecks(inputs({ detection: okDetection([gpu('NVIDIA GeForce RTX 3060 Laptop GPU', 6000)]) })), 'gpu-vram').status).toBe('pass');
    expect(byId(readinessChecks(inputs({ detection: okDetection([gpu('NVIDIA GeForce RTX 3060', 4096)]) })), 'gpu-vram').status).toBe('fail');
  });

  it('adds WSL 2 and virtualization checks on Windows', () => {
    const checks = readinessChecks(inputs({ platform: 'win32', windows: { wsl2: { installed: true, defaultVersion: 1, detail: '' }, virtualization: false } }));
    expect(byId(checks, 'wsl2')).toMatchObject({ status: 'fail', fix: expect.stringContaining('wsl --set-default-version 2') });
    expect(byId(checks, 'virtualization')).toMatchObject({ status: 'fail', fix: expect.stringContaining('BIOS') });
    expect(readinessChecks(inputs()).some((c) => c.id === 'wsl2')).toBe(false);
  });
});
