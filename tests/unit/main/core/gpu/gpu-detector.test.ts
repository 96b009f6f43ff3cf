import { describe, expect, it } from 'vitest';
import { GpuDetector } from '../../../../../src/main/core/gpu/gpu-detector';
import type { CommandOutcome, NvidiaSmi } from '../../../../../src/main/core/gpu/ports';

const ROW: Record<string, string> = {
  index: '0', uuid: 'GPU-1', name: 'NVIDIA GeForce RTX 3070', 'memory.total': '8192', driver_version: '470.256.02',
};

/** An nvidia-smi that knows only `known` fields and answers the query with ROW (or '[N/A]' for other fields). */
function scriptedSmi(known: (field: string) => boolean, calls: string[][]): NvidiaSmi {
  return {
    path: '/usr/bin/nvidia-smi',
    async run(args): Promise<CommandOutcome> {
      calls.push([...args]);
      if (args[0] === '-q') return { kind: 'exited', exitCode: 0, stdout: 'CUDA Version                              : 11.4\n', stderr: '' };
      const fields = args[0]!.replace('--query-gpu=', '').split(',');
      const bad = fields.find((f) => !known(f));
      if (bad) return { kind: 'exited', exitCode: 2, stdout: `Field "${bad}" is not a valid field to query.\n\n`, stderr: '' };
      return { kind: 'exited', exitCode: 0, stdout: `${fields.map((f) => ROW[f] ?? '[N/A]').join(', ')}\n`, stderr: '' };
    },
  };
}

describe('GpuDetector', () => {
  it('drops each unknown field, retries with a smaller set, and notes what was unknown', async () => {
    const calls: string[][] = [];
    const unknown = new Set(['compute_cap', 'clocks.max.mem']);
    const result = await new GpuDetector(scriptedSmi((f) => !unknown.has(f), calls)).detect();
    expect(result.nvidiaSmi).toMatchObject({ state: 'ok', unknownFields: ['compute_cap', 'clocks.max.mem'] });
    expect(result.gpus).toHaveLength(1);
    expect(result.gpus[0]).toMatchObject({ model: 'rtx-3070', cudaVersion: '11.4', powerDrawW: null, computeCapability: '8.6' });
    const queries = calls.filter((c) => c[0]!.startsWith('--query-gpu='));
    expect(queries).toHaveLength(3);
    expect(queries[2]![0]).not.toMatch(/compute_cap|clocks\.max\.mem/);
  });

  it('asks for the CUDA version once per driver version', async () => {
    const calls: string[][] = [];
    const detector = new GpuDetector(scriptedSmi(() => true, calls));
    await detector.detect();
    const second = await detector.detect();
    expect(second.gpus[0]?.cudaVersion).toBe('11.4');
    expect(calls.filter((c) => c[0] === '-q')).toHaveLength(1);
    expect(calls.filter((c) => c[0]!.startsWith('--query-gpu='))).toHaveLength(2);
  });

  it('remembers the fields the driver does not know: later detections ask only for the rest', async () => {
    const calls: string[][] = [];
    const detector = new GpuDetector(scriptedSmi((f) => f !== 'compute_cap', calls));
    await detector.detect();
    const queriesBefore = calls.filter((c) => c[0]!.startsWith('--query-gpu=')).length;
    const again = await detector.detect();
    expect(again.nvidiaSmi.unknownFields).toEqual(['compute_cap']);
    expect(calls.filter((c) => c[0]!.startsWith('--query-gpu=')).length - queriesBefore).toBe(1);
  });

  it('falls back to the required fields when the error names a field it did not ask for', async () => {
    const calls: string[][] = [];
    let first = true;
    const smi: NvidiaSmi = {
      path: 'nvidia-smi',
      async run(args) {
        calls.push([...args]);
        if (args[0] === '-q') return { kind: 'exited', exitCode: 2, stdout: '', stderr: '' };
        if (first) {
          first = false;
          return { kind: 'exited', exitCode: 2, stdout: 'Field "gpu_serial_x" is not a valid field to query.\n', stderr: '' };
        }
        const fields = args[0]!.replace('--query-gpu=', '').split(',');
        return { kind: 'exited', exitCode: 0, stdout: `${fields.map((f) => ROW[f] ?? '1').join(', ')}\n`, stderr: '' };
      },
    };
    const result = await new GpuDetector(smi).detect();
    expect(result.nvidiaSmi.unknownFields).toEqual(['gpu_serial_x']);
    expect(calls.filter((c) => c[0] !== '-q').at(-1)![0]).toBe('--query-gpu=index,uuid,name,memory.total,driver_version');
    expect(result.gpus[0]).toMatchObject({ cudaVersion: null, pcie: { generationCurrent: null } });
  });

  it('gives up with an actionable message when a required field is unknown', async () => {
    const result = await new GpuDetector(scriptedSmi((f) => f !== 'uuid', [])).detect();
    expect(result.gpus).toEqual([]);
    expect(result.nvidiaSmi.state).toBe('unreadable');
    expect(result.nvidiaSmi.fix).toMatch(/Update the NVIDIA driver/);
  });

  it('reports a missing nvidia-smi with where it looked', async () => {
    const smi: NvidiaSmi = { path: null, run: async () => ({ kind: 'not-found', searched: ['/usr/bin/nvidia-smi'] }) };
    const result = await new GpuDetector(smi).detect();
    expect(result.nvidiaSmi).toMatchObject({ state: 'not-found' });
    expect(result.nvidiaSmi.message).toContain('/usr/bin/nvidia-smi');
    expect(result.nvidiaSmi.fix).toMatch(/Install the current NVIDIA driver/);
  });

  it('reports a command that failed to start and an unexplained exit', async () => {
    const start: NvidiaSmi = { path: '/x', run: async () => ({ kind: 'failed-to-start', path: '/x', message: 'EACCES' }) };
    expect((await new GpuDetector(start).detect()).nvidiaSmi).toMatchObject({ state: 'failed', message: expect.stringContaining('EACCES') });
    const weird: NvidiaSmi = { path: '/x', run: async () => ({ kind: 'exited', exitCode: 12, stdout: "NVIDIA-SMI couldn't find libnvidia-ml.so library\n", stderr: '' }) };
    expect((await new GpuDetector(weird).detect()).nvidiaSmi).toMatchObject({ state: 'failed', message: expect.stringContaining('exit 12') });
  });
});
