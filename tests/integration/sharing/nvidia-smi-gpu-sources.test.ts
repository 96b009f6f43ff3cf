import { afterEach, describe, expect, it } from 'vitest';
import { NvidiaSmiGpuReader, nvidiaSmiProcessSource, nvidiaSmiTemperatureSource } from '../../../src/main/adapters/nvidia-smi/nvidia-smi-gpu-sources';
import { NvidiaSmiProcess } from '../../../src/main/adapters/nvidia-smi/nvidia-smi-process';
import type { CommandOutcome, NvidiaSmi } from '../../../src/main/core/gpu/ports';
import { FakeGpuState, fakeNvidiaSmiEnv } from '../../support/fake-nvidia-smi';

// The real spawn path: the fake nvidia-smi first on PATH, its process list changed by the test between reads.
let state: FakeGpuState | null = null;
afterEach(() => state?.remove());

function sources(env: NodeJS.ProcessEnv) {
  const reader = new NvidiaSmiGpuReader(new NvidiaSmiProcess({ host: { platform: 'linux', env } }));
  return { processes: nvidiaSmiProcessSource(reader), temperature: nvidiaSmiTemperatureSource(reader) };
}

describe('nvidia-smi as a sharing signal', () => {
  it('sees a game appear on the GPU and the temperature change', async () => {
    state = new FakeGpuState();
    const { processes, temperature } = sources(state.env('rtx-3060'));
    expect(await processes.read()).toEqual({ available: true, value: [] });
    expect(await temperature.read()).toEqual({ available: true, value: { celsius: 38 } });

    state.setProcesses([{ pid: 4242, type: 'G', process_name: '/opt/games/game.x86_64', used_memory: 3900 }]);
    state.setTemperature(86);
    await new Promise((r) => setTimeout(r, 600));
    expect(await processes.read()).toEqual({ available: true, value: [{ pid: 4242, kind: 'graphics', name: '/opt/games/game.x86_64', usedMemoryMiB: 3900 }] });
    expect(await temperature.read()).toEqual({ available: true, value: { celsius: 86 } });
  });

  it('runs nvidia-smi once for the processes and the temperature of one poll', async () => {
    const calls: string[][] = [];
    const real = new NvidiaSmiProcess({ host: { platform: 'linux', env: fakeNvidiaSmiEnv('rtx-3060') } });
    const counting: NvidiaSmi = { path: null, run: (args) => (calls.push([...args]), real.run(args)) };
    const reader = new NvidiaSmiGpuReader(counting);
    await Promise.all([nvidiaSmiProcessSource(reader).read(), nvidiaSmiTemperatureSource(reader).read()]);
    expect(calls).toEqual([['-q', '-x']]);
  });

  it('falls back to the compute-apps query when -q -x is not answered', async () => {
    state = new FakeGpuState();
    state.setProcesses([{ pid: 77, type: 'C', process_name: '/usr/bin/python3', used_memory: 1024 }]);
    const real = new NvidiaSmiProcess({ host: { platform: 'linux', env: state.env('rtx-3060') } });
    const noXml: NvidiaSmi = {
      path: null,
      run: (args): Promise<CommandOutcome> => (args.includes('-x') ? Promise.resolve({ kind: 'exited', exitCode: 2, stdout: '', stderr: 'Invalid combination' }) : real.run(args)),
    };
    const reader = new NvidiaSmiGpuReader(noXml);
    expect(await nvidiaSmiProcessSource(reader).read()).toEqual({ available: true, value: [{ pid: 77, kind: 'compute', name: '/usr/bin/python3', usedMemoryMiB: 1024 }] });
    expect(await nvidiaSmiTemperatureSource(reader).read()).toEqual({ available: true, value: { celsius: 38 } });
  });

  it('is unavailable, with the reason, without nvidia-smi or with a broken driver', async () => {
    const none = sources({ PATH: '/nonexistent' });
    expect(await none.processes.read()).toEqual({ available: false, why: 'nvidia-smi was not found (is the NVIDIA driver installed?)' });
    const broken = sources(fakeNvidiaSmiEnv('driver-not-loaded'));
    const reading = await broken.processes.read();
    expect(reading.available).toBe(false);
    expect(reading.available ? '' : reading.why).toMatch(/^nvidia-smi failed \(exit \d+\): .*NVIDIA/);
  });
});
