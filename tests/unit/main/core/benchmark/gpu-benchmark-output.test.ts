import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchmarkLine, readBenchmarkOutput } from '../../../../../src/main/core/benchmark/gpu-benchmark-output';

const recorded = (name: string) => readFileSync(path.resolve(__dirname, '../../../../fixtures/benchmark', `${name}.jsonl`), 'utf8');

describe('GPU benchmark output', () => {
  it('reads a recorded single-GPU run', () => {
    const out = readBenchmarkOutput(recorded('rtx-3060'));
    expect(out.done).toBe(true);
    expect(out.errors).toEqual([]);
    expect(out.devices).toEqual([
      {
        index: 0,
        uuid: 'GPU-5f3c2a1e-8b7d-4c6e-9a21-3d4e5f607182',
        name: 'NVIDIA GeForce RTX 3060',
        computeCapability: '8.6',
        memMiB: 11909,
        impl: 'cublas',
        values: { fp16_tensor: [44.812, 45.307, 45.119], fp32: [10.421, 10.508, 10.477], bandwidth: [318.4, 320.1, 319.6] },
      },
    ]);
  });

  it('reads every GPU of a rig', () => {
    const out = readBenchmarkOutput(recorded('rig-3x-rtx-3090-1x-rtx-3060'));
    expect(out.devices.map((d) => [d.index, d.name, d.values.bandwidth.length])).toEqual([
      [0, 'NVIDIA GeForce RTX 3090', 3],
      [1, 'NVIDIA GeForce RTX 3090', 3],
      [2, 'NVIDIA GeForce RTX 3090', 3],
      [3, 'NVIDIA GeForce RTX 3060', 3],
    ]);
  });

  it('keeps the error lines and stray output of a run that failed mid-way', () => {
    const out = readBenchmarkOutput(recorded('failed-mid-run'));
    expect(out.done).toBe(false);
    expect(out.errors).toEqual(['GPU 0: fp32 gemm: an illegal memory access was encountered']);
    expect(out.strayLines).toEqual(['Segmentation fault (core dumped)']);
    expect(out.devices[0]?.values.fp32).toEqual([]);
  });

  it('rejects lines that are not well-formed benchmark messages', () => {
    expect(parseBenchmarkLine('{"event":"result","index":0,"test":"fp16_tensor","run":1,"value":-3}')).toBeNull();
    expect(parseBenchmarkLine('{"event":"result","index":0,"test":"int8","run":1,"value":3}')).toBeNull();
    expect(parseBenchmarkLine('{"event":"result", truncated')).toBeNull();
    expect(parseBenchmarkLine('not json')).toBeNull();
    expect(parseBenchmarkLine('{"event":"done"}')).toEqual({ event: 'done' });
  });

  it('ignores results for a GPU that was never announced', () => {
    const out = readBenchmarkOutput('{"event":"result","index":4,"test":"fp32","run":1,"value":9}\n{"event":"done"}\n');
    expect(out.devices).toEqual([]);
  });
});
