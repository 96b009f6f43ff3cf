import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../../src/main/cli/cli';
import { commands } from '../../../../src/main/cli/commands';
import { fakeNvidiaSmiEnv } from '../../../support/fake-nvidia-smi';
import { GRIDHOST_BIN } from '../../../support/headless-process';
import { dockerAvailable } from '../../../support/requirements';
import { buildBenchmarkStandIn } from '../../benchmark/stand-in-image';

/** The keys the issue promises in `gridhost detect --json`, checked with their types. */
function expectDetectJson(json: Record<string, unknown>): void {
  expect(Object.keys(json)).toEqual(expect.arrayContaining(['gpus', 'checks', 'eligible']));
  expect(typeof json.eligible).toBe('boolean');
  for (const gpu of json.gpus as Array<Record<string, unknown>>) {
    expect(gpu).toMatchObject({
      index: expect.any(Number), uuid: expect.any(String), name: expect.any(String), vramMiB: expect.any(Number),
      laptop: expect.any(Boolean), driverVersion: expect.any(String), supported: expect.any(Boolean),
    });
    expect(['model', 'market', 'reason'].every((k) => k in gpu)).toBe(true);
  }
  for (const check of json.checks as Array<Record<string, unknown>>) {
    expect(check).toMatchObject({ id: expect.any(String), status: expect.stringMatching(/^(pass|warn|fail)$/), message: expect.any(String) });
    expect('fix' in check).toBe(true);
  }
}

const hasDocker = await dockerAvailable();

describe('gridhost detect --json over every recorded nvidia-smi output', () => {
  let home: string;
  let probeImage = '';
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'gridhost-detect-'));
    // The readiness probe runs a local stand-in image (nothing can be pulled here).
    if (hasDocker) probeImage = await buildBenchmarkStandIn('rtx-3060');
  }, 120_000);
  afterAll(() => rm(home, { recursive: true, force: true }));

  async function detect(fixture: string, args: string[] = ['--json']) {
    let out = '';
    let err = '';
    const env = { ...fakeNvidiaSmiEnv(fixture), GRIDHOST_HOME: home, GRIDHOST_GPU_PROBE_IMAGE: probeImage || 'gridhost-test/none:0' };
    const code = await runCli(['detect', ...args], commands, { env, out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }

  it.each([
    ['rtx-3060', 'rtx-3060', 'nvidia-3060', false],
    ['rtx-3060-8gb', 'rtx-3060', 'nvidia-3060', false],
    ['rtx-3060-laptop', 'rtx-3060-laptop', 'nvidia-laptop', true],
    ['rtx-4070-laptop', 'rtx-4070-laptop', 'nvidia-laptop', true],
    ['rtx-3080-old-driver', 'rtx-3080', 'nvidia-3080', false],
    ['rtx-4060-ti-16gb', 'rtx-4060-ti', 'nvidia-4060', false],
    ['rtx-4090', 'rtx-4090', 'nvidia-4090', false],
    ['rtx-a6000', 'rtx-a6000', 'nvidia-a6000', false],
    ['a100-sxm4-80gb', 'a100-80gb', 'nvidia-a100', false],
    ['h100-pcie', 'h100', 'nvidia-h100', false],
    ['unknown-field-rtx-3070', 'rtx-3070', 'nvidia-3070', false],
    ['gtx-1080-ti', null, null, false],
  ])('%s -> model %s, market %s, laptop %s; exit 0', async (fixture, model, market, laptop) => {
    const { code, out } = await detect(fixture);
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, unknown>;
    expectDetectJson(json);
    const [gpu] = json.gpus as Array<Record<string, unknown>>;
    expect(gpu).toMatchObject({ index: 0, model, market, laptop, supported: model !== null });
    if (model === null) expect(gpu!.reason).toEqual(expect.stringContaining('not in GridHost'));
    // No GPU container here (no NVIDIA runtime), so nothing is eligible; the check says why.
    expect(json.eligible).toBe(false);
  });

  it('a multi-GPU rig lists every GPU', async () => {
    const json = JSON.parse((await detect('rig-3x-rtx-3090-1x-rtx-3060')).out) as { gpus: Array<{ market: string }> };
    expect(json.gpus.map((g) => g.market)).toEqual(['nvidia-3090', 'nvidia-3090', 'nvidia-3090', 'nvidia-3060']);
  });

  it.each(['driver-not-loaded', 'no-devices', 'garbage', 'libnvidia-ml-missing'])('%s: no GPUs, a failing driver check with its fix, exit 0', async (fixture) => {
    const { code, out } = await detect(fixture);
    expect(code).toBe(0);
    const json = JSON.parse(out) as { gpus: unknown[]; checks: Array<{ id: string; status: string; fix: string | null }>; eligible: boolean };
    expectDetectJson(json);
    expect(json.gpus).toEqual([]);
    expect(json.eligible).toBe(false);
    expect(json.checks.find((c) => c.id === 'nvidia-driver')).toMatchObject({ status: 'fail', fix: expect.any(String) });
  });

  it.skipIf(!hasDocker)('names the missing NVIDIA Container Toolkit, from a real probe container', async () => {
    const json = JSON.parse((await detect('rtx-3060')).out) as { checks: Array<{ id: string; status: string; fix: string | null }> };
    expect(json.checks.find((c) => c.id === 'gpu-container')).toMatchObject({ status: 'fail', fix: expect.stringContaining('nvidia-container-toolkit') });
  });

  it('prints a readable report without --json', async () => {
    const { code, out } = await detect('rtx-3060-laptop', []);
    expect(code).toBe(0);
    expect(out).toContain('#0 NVIDIA GeForce RTX 3060 Laptop GPU (rtx-3060-laptop, market nvidia-laptop) [laptop]');
    expect(out).toContain('power unknown of unknown');
    expect(out).toMatch(/\[FAIL\] GPU inside containers/);
  });

  it('exits 2 on a usage error', async () => {
    expect((await detect('rtx-3060', ['--jsn'])).code).toBe(2);
  });
});

describe('the built gridhost binary', () => {
  it('gridhost detect --json kills a hung nvidia-smi, prints one JSON object and exits 0', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'gridhost-detect-bin-'));
    try {
      const env = { ...fakeNvidiaSmiEnv('hang'), GRIDHOST_HOME: home, GRIDHOST_GPU_PROBE_IMAGE: 'gridhost-test/none:0' };
      const started = Date.now();
      const child = spawn(process.execPath, [GRIDHOST_BIN, 'detect', '--json'], { env });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
      // The real 10 s limit: killed, not waited for.
      expect(Date.now() - started).toBeGreaterThanOrEqual(9_500);
      expect(Date.now() - started).toBeLessThan(25_000);
      const json = JSON.parse(out) as Record<string, unknown>;
      expectDetectJson(json);
      expect(json).toMatchObject({ gpus: [], eligible: false, nvidiaSmi: { state: 'timed-out' } });
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }, 40_000);
});
